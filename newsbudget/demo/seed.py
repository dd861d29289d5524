"""A believable newsroom for a fresh install: desks, a dozen staff and a few hundred stories.

Stories are inserted in bulk with a workflow history that matches their
status, rather than walked through ``services.transition_story`` one by one:
seeding is not a newsroom action, and it must not email editors about three
hundred "filings" on first start.  Bodies still go through the same sanitiser
the model's ``save`` uses.  The generator is seeded, so every install gets the
same newsroom and the README's tour stays true.  The editorial pages (About,
Contact, Corrections, Ethics under a landing page) come from ``demo.pages``.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from waffle import get_waffle_flag_model

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import ADMIN, EDITOR, REPORTER, assign_role
from newsbudget.budget.events import LIVE_FLAG
from newsbudget.demo.pages import create_pages
from newsbudget.desks.models import Desk
from newsbudget.experiments.models import HeadlineTest, HeadlineVariant
from newsbudget.readership.models import StoryViews
from newsbudget.search.services import rebuild_index
from newsbudget.stories.models import Status, Story, StoryTransition, Tag
from newsbudget.stories.sanitize import sanitize_html
from newsbudget.stories.workflow import TRANSITIONS

DEMO_PASSWORD = "newsbudget-demo"  # noqa: S105 - published in the README, demo only
STORY_COUNT = 320
DAYS_BACK = 45
DEMO_VIEW_DAYS = datetime.timedelta(days=6)
DAYS_AHEAD = 10

DESKS = [
    ("News", "news", "City, state and national news."),
    ("Politics", "politics", "Council, legislature and elections."),
    ("Business", "business", "Companies, jobs and the local economy."),
    ("Sports", "sports", "Teams, games and the people who play them."),
    ("Culture", "culture", "Arts, music, film and food."),
    ("Opinion", "opinion", "Editorials, columns and letters."),
]


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: str
    desks: tuple[str, ...]


STAFF = [
    Person("admin", "Ada", "Admin", ADMIN, ()),
    Person("editor", "Edith", "Mercer", EDITOR, ("news", "politics", "business")),
    Person("sportsed", "Sam", "Okafor", EDITOR, ("sports",)),
    Person("artsed", "Ines", "Duarte", EDITOR, ("culture", "opinion")),
    Person("reporter", "Rui", "Tanaka", REPORTER, ("news",)),
    Person("mkhan", "Maya", "Khan", REPORTER, ("news", "politics")),
    Person("jlopez", "Jorge", "Lopez", REPORTER, ("politics",)),
    Person("apetrov", "Anya", "Petrova", REPORTER, ("business",)),
    Person("tbrooks", "Tom", "Brooks", REPORTER, ("sports",)),
    Person("lnguyen", "Linh", "Nguyen", REPORTER, ("sports", "news")),
    Person("cobrien", "Cara", "O'Brien", REPORTER, ("culture",)),
    Person("dsilva", "Dan", "Silva", REPORTER, ("opinion", "culture")),
]

PLACES = [
    ("City Hall", Decimal("40.71274"), Decimal("-74.00602")),
    ("Riverside Park", Decimal("40.80165"), Decimal("-73.97207")),
    ("Harbor District", Decimal("40.70033"), Decimal("-74.01257")),
    ("State Capitol", Decimal("42.65257"), Decimal("-73.75732")),
    ("Central Station", Decimal("40.75273"), Decimal("-73.97723")),
    ("Westfield Stadium", Decimal("40.82964"), Decimal("-73.92617")),
    ("Old Town Theatre", Decimal("40.75900"), Decimal("-73.98450")),
    ("University Campus", Decimal("40.80754"), Decimal("-73.96257")),
    ("Airport", Decimal("40.64131"), Decimal("-73.77814")),
    ("Market Square", Decimal("40.73506"), Decimal("-73.99097")),
]

SUBJECTS = {
    "news": ["Bridge repairs", "School board", "Water main", "Transit fares", "Library hours"],
    "politics": ["Council vote", "Mayor's budget", "Election turnout", "Zoning plan", "New bill"],
    "business": ["Factory hiring", "Rent prices", "Startup funding", "Port traffic", "Bakery"],
    "sports": ["City FC", "Marathon", "High school final", "Tennis open", "Hockey trade"],
    "culture": ["Jazz festival", "Museum wing", "Film premiere", "Street food fair", "Poetry"],
    "opinion": ["Our view on housing", "Letters", "Transit column", "Parks essay", "Guest op-ed"],
}
VERBS = ["draws", "delays", "splits", "surprises", "tests", "lifts", "faces", "wins over"]
OBJECTS = ["residents", "critics", "the council", "commuters", "families", "rivals", "fans"]
TAGS = ["Housing", "Transit", "Elections", "Schools", "Weather", "Economy", "Arts", "Youth"]

# Status by where the budget day falls: the past ran, the future is still being written.
PAST_STATUSES = [Status.LIVE] * 14 + [Status.ARCHIVED] * 3 + [Status.SPIKED]
TODAY_STATUSES = [Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED, Status.LIVE]
FUTURE_STATUSES = [Status.IDEA] * 3 + [Status.DRAFT] * 3 + [Status.EDITED] * 2 + [Status.SCHEDULED]

PATHS: dict[Status, list[str]] = {
    Status.IDEA: [],
    Status.DRAFT: ["draft"],
    Status.EDITED: ["draft", "file"],
    Status.SCHEDULED: ["draft", "file", "schedule"],
    Status.LIVE: ["draft", "file", "publish"],
    Status.ARCHIVED: ["draft", "file", "publish", "archive"],
    Status.SPIKED: ["draft", "spike"],
}


def enable_live_board() -> bool:
    """The live budget board on for staff (editors, admins), unless an admin set the flag already.

    Returns whether the flag was created.
    """
    _, created = get_waffle_flag_model().objects.get_or_create(
        name=LIVE_FLAG,
        defaults={"staff": True, "note": "Live budget board (docs/realtime.md)."},
    )
    return created


def demo_data_present() -> bool:
    return Desk.objects.exists()


@transaction.atomic
def load_demo_data(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Create the demo newsroom; returns how many of each thing it made."""
    now = now or timezone.now()
    rng = random.Random(2026)  # noqa: S311 - demo content, not security
    desks = create_desks()
    people = create_staff(desks)
    tags = [Tag.objects.create(name=name, slug=slugify(name)) for name in TAGS]
    stories = create_stories(rng, now, desks)
    add_bylines(rng, stories, people)
    editors = [people[person.username] for person in STAFF if person.role == EDITOR]
    create_histories(rng, now, stories, editors)
    attach_tags(rng, stories, tags)
    add_page_views(rng, now, stories)
    create_flags()
    create_headline_test(stories, people["editor"])
    pages = create_pages()
    # Bulk writes send no signals: index every story once they are all in place.
    rebuild_index()
    return {
        "desks": len(desks),
        "staff": len(people),
        "stories": len(stories),
        "pages": pages["pages"],
    }


def create_desks() -> dict[str, Desk]:
    return {
        slug: Desk.objects.create(name=name, slug=slug, description=description, position=index)
        for index, (name, slug, description) in enumerate(DESKS)
    }


def create_staff(desks: dict[str, Desk]) -> dict[str, User]:
    """The staff, by username.

    The published demo password is hashed once and the hash given to everyone: a
    hash costs about a second of CPU by design, and twelve of them were half of
    the seeding time (every ``make run`` first start, every crawl and restore drill).
    Sharing one salt only tells that the demo logins share a password, which the
    README says anyway.
    """
    demo_hash = make_password(DEMO_PASSWORD)
    people = {}
    for person in STAFF:
        user = User.objects.create_user(
            username=person.username,
            email=f"{person.username}@newsbudget.test",
            password=None,
            first_name=person.first_name,
            last_name=person.last_name,
        )
        user.password = demo_hash
        user.is_superuser = person.role == ADMIN
        user.save(update_fields=["password", "is_superuser"])
        assign_role(user, person.role)
        for slug in person.desks:
            desks[slug].staff.add(user)
        people[person.username] = user
    return people


def create_stories(
    rng: random.Random, now: datetime.datetime, desks: dict[str, Desk]
) -> list[Story]:
    today = timezone.localdate(now)
    stories = []
    for number in range(STORY_COUNT):
        offset = rng.randint(-DAYS_BACK, DAYS_AHEAD)
        day = today + datetime.timedelta(days=offset)
        desk_slug = rng.choice(list(desks))
        status = rng.choice(statuses_for(offset))
        stories.append(build_story(rng, now, number, day, desks[desk_slug], status))
    stories.extend(due_soon_stories(now, desks["news"], start=len(stories)))
    Story.objects.bulk_create(stories)
    return stories


def add_bylines(rng: random.Random, stories: list[Story], people: dict[str, User]) -> None:
    """One byline (sometimes two) from the desk's reporters and editors."""
    writers: dict[str, list[User]] = {}
    for person in STAFF:
        for slug in person.desks:
            writers.setdefault(slug, []).append(people[person.username])
    through = Story.bylines.through
    links = [
        through(story_id=story.pk, user_id=writer.pk)
        for story in stories
        for writer in rng.sample(writers[story.desk.slug], k=1 if rng.random() < 0.85 else 2)
    ]
    through.objects.bulk_create(links)


def add_page_views(rng: random.Random, now: datetime.datetime, stories: list[Story]) -> None:
    """Views per UTC day since publication (a week at most), so the most-read lists show."""
    today = now.astimezone(datetime.UTC).date()
    rows = []
    for story in stories:
        if story.status != Status.LIVE or story.published_at is None:
            continue
        popularity = rng.choice([5, 20, 80, 400])
        first = max(story.published_at.astimezone(datetime.UTC).date(), today - DEMO_VIEW_DAYS)
        day = first
        while day <= today:
            rows.append(StoryViews(story=story, day=day, count=rng.randint(1, popularity)))
            day += datetime.timedelta(days=1)
    StoryViews.objects.bulk_create(rows)


# A headline test on the newest Live News story, with the counts of a few hours of readers:
# (alternative headline, impressions, clicks); the first is the story's own headline.
DEMO_HEADLINE_TEST = [
    (None, 2400, 96),
    ("{headline}: what it means for you", 2380, 143),
    ("Explained: {headline}", 2410, 101),
]
DEMO_FLAGS: list[tuple[str, dict[str, object], str]] = [
    # (name, fields, note): docs/flags.md lists them.  budget_board_live is enable_live_board's.
    ("beta_readers", {"percent": 10}, "Demo percentage flag: one reader in ten; gates nothing."),
]


def create_flags() -> None:
    """A percentage flag beside the live board's staff-only one (docs/flags.md), to tour in the
    admin; a flag an admin already set is left as it is."""
    enable_live_board()
    flags = get_waffle_flag_model()
    for name, fields, note in DEMO_FLAGS:
        flags.objects.get_or_create(name=name, defaults={"note": note, **fields})


def create_headline_test(stories: list[Story], editor: User) -> HeadlineTest:
    """A running test of the newest Live News story's headline, with counts on every variant."""
    story = max(
        (s for s in stories if s.status == Status.LIVE and s.desk.slug == "news"),
        key=lambda s: (s.published_at, s.pk),
    )
    test = HeadlineTest.objects.create(story=story, started_by=editor)
    HeadlineVariant.objects.bulk_create(
        HeadlineVariant(
            test=test,
            position=position,
            headline=story.headline if text is None else text.format(headline=story.headline),
            impressions=impressions,
            clicks=clicks,
        )
        for position, (text, impressions, clicks) in enumerate(DEMO_HEADLINE_TEST)
    )
    return test


def statuses_for(day_offset: int) -> list[Status]:
    if day_offset < 0:
        return PAST_STATUSES
    if day_offset == 0:
        return TODAY_STATUSES
    return FUTURE_STATUSES


def build_story(
    rng: random.Random,
    now: datetime.datetime,
    number: int,
    day: datetime.date,
    desk: Desk,
    status: Status,
) -> Story:
    subject = rng.choice(SUBJECTS[desk.slug])
    headline = f"{subject} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    place = rng.choice(PLACES) if rng.random() < 0.6 else None
    has_text = status != Status.IDEA
    return Story(
        headline=headline,
        slug=f"{slugify(headline)}-{number + 1}",
        summary=f"{subject}: what happened and what comes next.",
        body=sanitize_html(demo_body(rng, subject)) if has_text else "",
        desk=desk,
        status=status,
        budget_date=day,
        publish_at=noon if status == Status.SCHEDULED else None,
        published_at=min(noon, now) if status in (Status.LIVE, Status.ARCHIVED) else None,
        word_count=rng.choice([300, 450, 600, 800, 1200, 1800]),
        location_name=place[0] if place else "",
        latitude=place[1] if place else None,
        longitude=place[2] if place else None,
    )


def due_soon_stories(now: datetime.datetime, desk: Desk, *, start: int) -> list[Story]:
    """Two scheduled stories due in the first minutes, so `make run` shows the scheduler working."""
    stories = []
    for index, minutes in enumerate((1, 3)):
        headline = f"Scheduled briefing goes live {minutes} minute(s) after start"
        stories.append(
            Story(
                headline=headline,
                slug=f"{slugify(headline)}-{start + index + 1}",
                summary="A scheduled story the demo scheduler publishes.",
                body=sanitize_html("<p>This story was scheduled and published on time.</p>"),
                desk=desk,
                status=Status.SCHEDULED,
                budget_date=timezone.localdate(now),
                publish_at=now + datetime.timedelta(minutes=minutes),
                word_count=250,
            )
        )
    return stories


def demo_body(rng: random.Random, subject: str) -> str:
    paragraphs = [
        f"<p><strong>{subject}</strong> was the talk of the city this week.</p>",
        "<p>Officials said more details would follow, and residents lined up to be heard.</p>",
        "<p>“We have to get this right,” one said. Others were less sure.</p>",
        "<p>The next step is a public meeting; the date has not been set.</p>",
    ]
    return "".join(paragraphs[: rng.randint(2, 4)])


def create_histories(
    rng: random.Random, now: datetime.datetime, stories: list[Story], editors: list[User]
) -> None:
    rows = []
    for story in stories:
        moment = timezone.make_aware(
            datetime.datetime.combine(story.budget_date, datetime.time(8))
        ) - datetime.timedelta(days=2)
        status = Status.IDEA
        for name in PATHS[Status(story.status)]:
            transition = TRANSITIONS[name]
            moment = min(moment + datetime.timedelta(hours=rng.randint(1, 12)), now)
            actor = None if name == "publish" and story.publish_at else rng.choice(editors)
            rows.append(
                StoryTransition(
                    story=story,
                    name=name,
                    from_status=status,
                    to_status=transition.target,
                    by=actor,
                    at=moment,
                )
            )
            status = transition.target
    StoryTransition.objects.bulk_create(rows)


def attach_tags(rng: random.Random, stories: list[Story], tags: list[Tag]) -> None:
    through = Story.tags.through
    links = [
        through(story_id=story.pk, tag_id=tag.pk)
        for story in stories
        for tag in rng.sample(tags, k=rng.randint(0, 2))
    ]
    through.objects.bulk_create(links)
