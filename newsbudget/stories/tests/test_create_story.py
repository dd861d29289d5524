"""Filing a new story: validated completely, on desks the author works, or not at all."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Status, Story, Tag
from tests.factories import StoryFactory


def file_story(by: User, desk: Desk, **fields: object) -> Story:
    values: dict[str, object] = {
        "headline": "Ferry service returns",
        "budget_date": timezone.localdate(),
        **fields,
    }
    return services.create_story(by=by, desk=desk, **values)  # type: ignore[arg-type]


def test_it_creates_an_idea_bylined_to_its_author(desk: Desk, reporter: User) -> None:
    story = file_story(reporter, desk, tags=["Transit", "transit ", "Harbour"])

    assert story.status == Status.IDEA
    assert story.slug == "ferry-service-returns"
    assert list(story.bylines.all()) == [reporter]
    assert sorted(story.tags.values_list("name", flat=True)) == ["Harbour", "Transit"]
    assert story.created_by == reporter


def test_it_gives_each_story_its_own_slug(desk: Desk, reporter: User) -> None:
    first = file_story(reporter, desk)
    second = file_story(reporter, desk)
    assert (first.slug, second.slug) == ("ferry-service-returns", "ferry-service-returns-2")


def test_it_slugs_headlines_without_latin_letters(desk: Desk, reporter: User) -> None:
    story = file_story(reporter, desk, headline="东京新闻")
    assert story.slug.startswith("story-")


def test_it_reuses_existing_tags(desk: Desk, reporter: User) -> None:
    file_story(reporter, desk, tags=["Transit"])
    file_story(reporter, desk, tags=["TRANSIT"])
    assert Tag.objects.count() == 1


def test_it_cleans_the_body_on_save(desk: Desk, reporter: User) -> None:
    story = file_story(reporter, desk, body='<p onmouseover="steal()">Hi<script>x()</script></p>')
    story.refresh_from_db()
    assert story.body == "<p>Hi</p>"


def test_it_refuses_a_desk_the_author_does_not_work(other_desk: Desk, reporter: User) -> None:
    with pytest.raises(NotPermitted):
        file_story(reporter, other_desk)
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"headline": ""}, "headline"),
        ({"headline": "x" * 201}, "headline"),
        ({"word_count": 50_001}, "word_count"),
        ({"latitude": Decimal("91"), "longitude": Decimal("0")}, "latitude"),
        ({"latitude": Decimal("10"), "longitude": Decimal("-181")}, "longitude"),
        ({"latitude": Decimal("10")}, "__all__"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"tags": [f"tag {n}" for n in range(21)]}, "tags"),
        ({"tags": ["!!!"]}, "tags"),
    ],
)
def test_it_refuses_invalid_data_and_writes_nothing(
    fields: dict[str, object], field_in_error: str, desk: Desk, reporter: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        file_story(reporter, desk, **fields)
    assert field_in_error in refused.value.message_dict
    assert not Story.objects.exists()
    assert not Tag.objects.exists()


def test_it_refuses_inactive_bylines(desk: Desk, reporter: User, editor: User) -> None:
    editor.is_active = False
    editor.save()
    with pytest.raises(ValidationError, match="Inactive"):
        file_story(reporter, desk, bylines=[reporter, editor])
    assert not Story.objects.exists()


def test_it_accepts_a_complete_location(desk: Desk, reporter: User) -> None:
    story = file_story(
        reporter,
        desk,
        location_name="City Hall",
        latitude=Decimal("40.71274"),
        longitude=Decimal("-74.00602"),
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    story.refresh_from_db()
    assert story.has_location
    assert story.latitude == Decimal("40.71274")


def test_headline_collisions_with_existing_rows_get_suffixes(desk: Desk, reporter: User) -> None:
    StoryFactory(desk=desk, slug="ferry-service-returns-2")
    StoryFactory(desk=desk, slug="ferry-service-returns")
    assert file_story(reporter, desk).slug == "ferry-service-returns-3"
