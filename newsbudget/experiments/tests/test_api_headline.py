"""Partners reading the API get the story's real headline while a test runs, never a variant."""

from __future__ import annotations

from django.test import Client

from newsbudget.experiments.models import HeadlineTest
from newsbudget.experiments.tests.conftest import ALTERNATIVES, ORIGINAL, as_reader, reader_in


def test_the_api_shows_the_real_headline(running_test: HeadlineTest) -> None:
    reader = as_reader(Client(), reader_in(running_test, 1))

    detail = reader.get(f"/api/v1/stories/{running_test.story_id}/")
    listing = reader.get("/api/v1/stories/")

    assert detail.status_code == 200
    assert listing.status_code == 200
    assert detail.json()["headline"] == ORIGINAL
    assert ORIGINAL in listing.content.decode()
    assert not any(text in listing.content.decode() for text in ALTERNATIVES)
