"""The demo newsroom is indexed as it loads: words, facets and "near me" all find stories."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client

from newsbudget.search.models import StoryDocument
from newsbudget.stories.models import Story


def test_the_demo_is_searchable_with_facets_and_distance(client: Client, db: None) -> None:
    call_command("load_demo_data", verbosity=0)
    word = Story.objects.filter(status="live").first().headline.split()[0]  # type: ignore[union-attr]

    by_word = client.get("/api/v1/search/", {"q": word}).json()
    near_city_hall = client.get("/api/v1/search/", {"lat": "40.7127", "lon": "-74.006"}).json()

    assert StoryDocument.objects.count() == Story.objects.count()
    assert by_word["count"] > 0
    assert by_word["facets"]["desk"]
    assert near_city_hall["count"] > 0
    assert near_city_hall["facets"]["tag"]
    assert near_city_hall["results"][0]["distance_km"] < 1
