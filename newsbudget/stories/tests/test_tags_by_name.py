"""A tag typed on a story is the tag of that name, even when an admin gave it its own slug."""

from __future__ import annotations

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Tag
from tests.factories import StoryFactory


def test_it_reuses_a_tag_whose_slug_is_not_its_names(editor: User, desk: Desk) -> None:
    existing = Tag.objects.create(name="City Hall", slug="local-government")
    story = StoryFactory(desk=desk, bylines=[editor])

    services.update_story(story=story, by=editor, tags=["City Hall"])

    assert list(story.tags.all()) == [existing]
    assert Tag.objects.count() == 1


def test_it_still_matches_by_slug_and_creates_new_tags(editor: User, desk: Desk) -> None:
    existing = Tag.objects.create(name="Elections", slug="elections")
    story = StoryFactory(desk=desk, bylines=[editor])

    services.update_story(story=story, by=editor, tags=["ELECTIONS", "Budget"])

    assert sorted(tag.name for tag in story.tags.all()) == ["Budget", "Elections"]
    assert story.tags.get(name="Elections") == existing
