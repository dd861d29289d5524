"""Every write to a story goes through here: create, edit, and move it along the workflow.

Views, API views, admin actions, tasks and commands call these functions, so
the rules (validation, permissions, the transition graph, side effects) live in
one place.  Each function is transactional: it either applies completely or
raises and leaves the database as it was.  Side effects that leave the
database (email, the live budget board's events) are enqueued or sent on
commit, so a rolled-back change never notifies anyone.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from newsbudget.accounts.models import User
from newsbudget.budget import events
from newsbudget.desks.models import Desk
from newsbudget.stories import policies
from newsbudget.stories.errors import IllegalTransition, NotPermitted
from newsbudget.stories.models import Status, Story, StoryTransition, Tag
from newsbudget.stories.workflow import TRANSITIONS, Transition

logger = logging.getLogger(__name__)

MAX_TAGS = 20
MAX_BYLINES = 10
EDITABLE_FIELDS = frozenset(
    {
        "headline",
        "summary",
        "body",
        "desk",
        "budget_date",
        "publish_at",
        "word_count",
        "location_name",
        "latitude",
        "longitude",
        "bylines",
        "tags",
    }
)


# --- Creating and editing -------------------------------------------------


def create_story(
    *,
    by: User,
    desk: Desk,
    headline: str,
    budget_date: datetime.date,
    summary: str = "",
    body: str = "",
    bylines: Sequence[User] | None = None,
    tags: Iterable[str] = (),
    publish_at: datetime.datetime | None = None,
    word_count: int = 0,
    location_name: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
) -> Story:
    """Start a story (status Idea) on ``desk``; ``by`` gets the byline unless others are named."""
    if not policies.may_create_on(by, desk):
        raise NotPermitted(f"You cannot file stories for the {desk} desk.")
    story = Story(
        headline=headline.strip(),
        summary=summary,
        body=body,
        desk=desk,
        budget_date=budget_date,
        publish_at=publish_at,
        word_count=word_count,
        location_name=location_name,
        latitude=latitude,
        longitude=longitude,
        created_by=by,
        status=Status.IDEA,
    )
    people = list(bylines) if bylines else [by]
    tag_names = clean_tag_names(tags)
    with transaction.atomic():
        validate_bylines(people)
        story.slug = unique_slug(story.headline)
        story.full_clean()
        save_new_with_unique_slug(story)
        story.bylines.set(people)
        story.tags.set(tags_named(tag_names))
        events.announce(story_id=story.pk, days=[story.budget_date], change="created")
    logger.info("Story %s created on %s by %s", story.pk, desk.slug, by.username)
    return story


def update_story(*, story: Story, by: User, **changes: Any) -> Story:
    """Edit a story's fields; only people who may edit it, and only onto desks they work."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if not policies.may_edit(by, story):
            raise NotPermitted("You cannot edit this story.")
        new_desk = changes.get("desk")
        if new_desk is not None and new_desk != story.desk:
            ensure_works_on(by, new_desk)
        bylines = changes.pop("bylines", None)
        tag_names = clean_tag_names(changes.pop("tags")) if "tags" in changes else None
        planned_for = story.budget_date
        for field, value in changes.items():
            setattr(story, field, value.strip() if field == "headline" else value)
        story.full_clean()
        if bylines is not None:
            validate_bylines(bylines)
        story.save()
        if bylines is not None:
            story.bylines.set(bylines)
        if tag_names is not None:
            story.tags.set(tags_named(tag_names))
        events.announce(story_id=story.pk, days=[planned_for, story.budget_date], change="edited")
    logger.info("Story %s edited by %s", story.pk, by.username)
    return story


def ensure_works_on(by: User, desk: Desk) -> None:
    if not policies.works_on_desk(by, desk):
        raise NotPermitted(f"You cannot move stories to the {desk} desk.")


def validate_bylines(people: Sequence[User]) -> None:
    if not people:
        raise ValidationError({"bylines": "A story needs at least one byline."})
    if len(people) > MAX_BYLINES:
        raise ValidationError({"bylines": f"At most {MAX_BYLINES} bylines."})
    inactive = [person.username for person in people if not person.is_active]
    if inactive:
        raise ValidationError({"bylines": f"Inactive staff cannot take a byline: {inactive}"})


def clean_tag_names(names: Iterable[str]) -> list[str]:
    """Trimmed, de-duplicated (case-insensitively) tag names, validated for length and count.

    >>> clean_tag_names([" Elections ", "elections", "City  Hall", ""])
    ['Elections', 'City Hall']
    """
    cleaned: dict[str, str] = {}
    for name in names:
        tidy = " ".join(str(name).split())
        if not tidy:
            continue
        if len(tidy) > Tag._meta.get_field("name").max_length:  # type: ignore[operator]
            raise ValidationError({"tags": f"Tag too long (50 characters at most): {tidy[:60]!r}"})
        if not slugify(tidy):
            raise ValidationError({"tags": f"Tag needs letters or digits: {tidy!r}"})
        cleaned.setdefault(tidy.lower(), tidy)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": f"At most {MAX_TAGS} tags."})
    return list(cleaned.values())


def tags_named(names: list[str]) -> list[Tag]:
    """Existing tags matched by name or slug, new ones created.

    An admin may have given a tag a slug of their own, so a tag's name and the
    slug of that name can belong to different rows: matching by name as well
    keeps a typed name from creating a second tag of that (unique) name.
    """
    tags = []
    for name in names:
        slug = slugify(name)
        tag = Tag.objects.filter(Q(name=name) | Q(slug=slug)).order_by("pk").first()
        if tag is None:
            tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def unique_slug(headline: str) -> str:
    """A URL slug from the headline that no story uses yet.

    Non-Latin headlines slugify to nothing; they get a random slug instead.
    """
    max_length = 200
    base = slugify(headline)[:max_length].strip("-") or f"story-{get_random_string(8).lower()}"
    candidate, number = base, 2
    while Story.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def save_new_with_unique_slug(story: Story) -> None:
    """Insert ``story``; if another request took its slug meanwhile, add a random suffix once."""
    try:
        with transaction.atomic():
            story.save()
    except IntegrityError:
        story.slug = f"{story.slug[:200]}-{get_random_string(6).lower()}"
        story.save()


# --- The workflow ---------------------------------------------------------


def transition_story(*, story: Story, name: str, by: User) -> Story:
    """Make workflow move ``name`` on ``story`` as ``by``, recording it.

    Raises ``ValidationError`` for an unknown move or an unmet precondition,
    ``NotPermitted`` when ``by``'s role or desks do not allow it, and
    ``IllegalTransition`` when the story's current status does not allow it.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(
            {"transition": f"Unknown transition {name!r}; valid: {', '.join(TRANSITIONS)}."}
        )
    with transaction.atomic():
        locked = Story.objects.select_for_update().select_related("desk").get(pk=story.pk)
        if not policies.may_transition(by, locked, transition):
            raise NotPermitted(f"You cannot {transition.label.lower()} this story.")
        return apply_transition(locked, transition, by=by)


def apply_transition(story: Story, transition: Transition, *, by: User | None) -> Story:
    """Apply a permitted move to a row locked by the caller; ``by=None`` is the scheduler."""
    if story.status not in transition.sources:
        raise IllegalTransition(
            f"Cannot {transition.label.lower()} a story that is "
            f"{Status(story.status).label.lower()}."
        )
    check_preconditions(story, transition)
    from_status = story.status
    story.status = transition.target
    if transition.target == Status.LIVE and story.published_at is None:
        story.published_at = timezone.now()
    story.save(update_fields=["status", "published_at", "updated_at"])
    StoryTransition.objects.create(
        story=story,
        name=transition.name,
        from_status=from_status,
        to_status=transition.target,
        by=by,
    )
    events.announce(story_id=story.pk, days=[story.budget_date], change=transition.name)
    actor = by.username if by else "scheduler"
    logger.info("Story %s: %s → %s by %s", story.pk, from_status, transition.target, actor)
    if transition.name == "file":
        transaction.on_commit(partial(enqueue_filing_notice, story.pk))
    return story


def check_preconditions(story: Story, transition: Transition) -> None:
    if transition.target in (Status.SCHEDULED, Status.LIVE) and not story.body.strip():
        raise ValidationError({"body": f"Write the story before you {transition.label.lower()}."})
    if transition.target == Status.SCHEDULED and story.publish_at is None:
        raise ValidationError({"publish_at": "Set a publish time before scheduling."})


def enqueue_filing_notice(story_id: int) -> None:
    from newsbudget.stories.tasks import notify_editors_of_filing

    notify_editors_of_filing.enqueue(story_id=story_id)


def publish_due_stories(*, now: datetime.datetime | None = None) -> list[int]:
    """Publish every Scheduled story whose publish_at has passed; return their ids.

    Each story is published in its own transaction, locking its row and
    skipping rows another scheduler run holds, so one bad story cannot stop the
    rest and two runs never publish the same story twice.
    """
    now = now or timezone.now()
    due = Story.objects.filter(status=Status.SCHEDULED, publish_at__lte=now)
    published = []
    for story_id in due.order_by("publish_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            story = (
                Story.objects.select_for_update(skip_locked=True)
                .filter(pk=story_id, status=Status.SCHEDULED)
                .first()
            )
            if story is None:
                continue
            try:
                apply_transition(story, TRANSITIONS["publish"], by=None)
            except ValidationError as error:
                logger.warning("Story %s is due but cannot go live: %s", story_id, error)
                continue
        published.append(story_id)
    return published
