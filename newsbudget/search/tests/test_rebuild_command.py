"""`manage.py rebuild_search_index` rebuilds the index from the stories, showing progress."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client

from newsbudget.desks.models import Desk
from newsbudget.search.models import StoryDocument
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


def test_it_indexes_stories_written_without_signals(client: Client, desk: Desk) -> None:
    Story.objects.bulk_create(
        [
            StoryFactory.build(desk=desk, status=Status.LIVE, headline=f"Beaver dam {n}")
            for n in range(5)
        ]
    )
    assert client.get("/api/v1/search/", {"q": "beaver"}).json()["count"] == 0
    output = StringIO()

    call_command("rebuild_search_index", batch_size=2, stdout=output)

    assert output.getvalue().splitlines() == [
        "Indexed 2/5 stories",
        "Indexed 4/5 stories",
        "Indexed 5/5 stories",
        "Search index rebuilt: 5 stories.",
    ]
    assert client.get("/api/v1/search/", {"q": "beaver"}).json()["count"] == 5


def test_it_repairs_a_drifted_index(client: Client, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, headline="Otter holt")
    StoryDocument.objects.create(story=story, headline="Stale words")

    call_command("rebuild_search_index", stdout=StringIO())

    assert StoryDocument.objects.get().headline == "Otter holt"
    assert client.get("/api/v1/search/", {"q": "stale"}).json()["count"] == 0
    assert client.get("/api/v1/search/", {"q": "otter"}).json()["count"] == 1
