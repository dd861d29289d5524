"""The public page and the API find Live stories only, for everyone; the newsroom finds all."""

from __future__ import annotations

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.search.tests.conftest import MakeStory
from newsbudget.stories.models import Status

HIDDEN = [status for status in Status if status != Status.LIVE]


@pytest.fixture
def every_status(desk: Desk, story: MakeStory) -> None:
    for status in Status:
        story(desk, status=status, headline=f"Lighthouse story {status}")


@pytest.mark.parametrize("viewer", ["anonymous", "reporter", "editor"])
def test_public_search_finds_only_live_stories(
    client: Client, every_status: None, viewer: str, request: pytest.FixtureRequest
) -> None:
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    page = client.get("/search/", {"q": "lighthouse"}).content.decode()
    api = client.get("/api/v1/search/", {"q": "lighthouse"}).json()

    assert [hit["headline_html"] for hit in api["results"]] == [
        "<mark>Lighthouse</mark> story live"
    ]
    assert api["facets"]["desk"][0]["count"] == 1
    assert "story live" in page
    for status in HIDDEN:
        assert f"story {status}" not in page


def test_staff_search_finds_every_status(client: Client, every_status: None, editor: User) -> None:
    client.force_login(editor)

    response = client.get("/newsroom/search/", {"q": "lighthouse"})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{len(Status)} stories" in page
    for status in Status:
        assert f"story {status}" in page
    assert "/newsroom/stories/" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_staff_search_needs_signing_in(client: Client, db: None) -> None:
    response = client.get("/newsroom/search/", {"q": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
