"""SQL-injection payloads through every filter, search, ordering and page parameter get nowhere.

Every parameter the API, the public site, the budget and the admin read (and
a few they do not, such as ``ordering`` and ``search``, which must simply be
ignored) is given each payload of ``payloads.SQL_PAYLOADS`` and each ORM
lookup of ``payloads.LOOKUP_PAYLOADS``.  Each answer must be

- a 4xx, or an ordinary 200 whose stories are among those the visitor sees
  without the parameter (an injected ``OR 1=1`` that widened a filter would
  show more, or show a draft to the public);
- free of anything from another table: no password hash, e-mail address,
  session key or API token, all planted as canaries;
- never a 5xx.

The suite runs on SQLite and again on PostgreSQL (``make test`` runs both),
whose errors differ: PostgreSQL refuses a NUL byte in text with an error, not
a miss.  ``newsbudget/site/tests/test_hostile_requests.py`` sends malformed
headers, huge and repeated parameters and non-UTF-8 bytes to the same URLs;
this suite adds what an attacker types into those parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.conf import Settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, TagFactory
from tests.hostile.payloads import LOOKUP_PAYLOADS, SQL_PAYLOADS

HOSTILE = SQL_PAYLOADS + LOOKUP_PAYLOADS
API_PARAMETERS = [
    "desk",
    "status",
    "budget_after",
    "budget_before",
    "tag",
    "page",
    "page_size",
    "ordering",
    "search",
    "q",
]
SITE_PARAMETERS = ["page", "ordering", "q"]
ADMIN_PARAMETERS = ["q", "o", "desk__id__exact", "status__exact", "budget_date__gte", "p"]
ADMIN_LOOKUPS = [
    "bylines__password__startswith=md5",
    "created_by__password__startswith=md5",
    "desk__staff__password__contains=$",
    "created_by__email__contains=@",
]


@dataclass
class Canaries:
    """Values from other tables that no response may contain."""

    values: list[str]

    def found_in(self, body: bytes) -> list[str]:
        text = body.decode(errors="replace")
        return [value for value in self.values if value in text]


@dataclass
class Newsroom:
    live: set[int]
    everything: set[int]
    secrets: Canaries
    """Password hashes, session keys, the API token: shown to nobody."""
    private: Canaries
    """Secrets, plus staff e-mail addresses and a draft's headline: never shown to the public."""
    editor: Client
    admin: Client
    token: Client

    def canaries_for(self, client: Client) -> Canaries:
        return self.secrets if client in (self.editor, self.admin, self.token) else self.private


@pytest.fixture
def newsroom(
    editor: User, newsroom_admin: User, desk: Desk, other_desk: Desk, settings: Settings
) -> Newsroom:
    settings.RATE_LIMITS = {}  # thousands of requests from one address are the point here
    tag = TagFactory(name="Council", slug="council")
    live = [
        StoryFactory(desk=desk, status=Status.LIVE, tags=[tag]),
        StoryFactory(desk=desk, status=Status.LIVE),
        StoryFactory(desk=other_desk, status=Status.LIVE),
    ]
    hidden = [StoryFactory(desk=desk, status=Status.DRAFT, headline="Secret draft plans")]
    editor_client, admin_client = Client(), Client()
    editor_client.force_login(editor)
    admin_client.force_login(newsroom_admin)
    token, _ = Token.objects.get_or_create(user=editor)
    token_client = Client(headers={"Authorization": f"Token {token.key}"})
    users = list(User.objects.all())
    secrets = [user.password for user in users] + [token.key]
    secrets += [session.session_key for session in Session.objects.all()]
    return Newsroom(
        live={story.pk for story in live},
        everything={story.pk for story in live + hidden},
        secrets=Canaries(secrets),
        private=Canaries([*secrets, *(user.email for user in users), "Secret draft plans"]),
        editor=editor_client,
        admin=admin_client,
        token=token_client,
    )


def story_ids(body: bytes) -> set[int]:
    return {story["id"] for story in json.loads(body)["results"]}


def with_query(path: str, parameter: str, value: str) -> str:
    return f"{path}?{urlencode({parameter: value})}"


def judge(room: Newsroom, client: Client, url: str, *, allowed: set[int]) -> list[str]:
    """What went wrong with a story list: a 5xx, a canary, or stories it should not show.

    ``allowed`` is the set of story ids the visitor may see through this list.
    """
    response = client.get(url)
    problems = []
    if response.status_code >= 500:
        problems.append(f"{response.status_code}")
    canaries = room.canaries_for(client)
    problems += [f"leaks {value[:30]!r}" for value in canaries.found_in(response.content)]
    if response.status_code == 200:
        shown = story_ids(response.content)
        if not shown <= allowed:
            problems.append(f"shows stories {sorted(shown - allowed)}")
    return [f"{url[:150]}: {problem}" for problem in problems]


def api_lists(room: Newsroom) -> Iterator[tuple[Client, str, set[int]]]:
    reader = Client()
    for parameter in API_PARAMETERS:
        for value in HOSTILE:
            url = with_query("/api/v1/stories/", parameter, value)
            yield reader, url, room.live
            yield room.token, url, room.everything


def test_api_filters_pagination_and_ordering_refuse_or_ignore_injections(
    newsroom: Newsroom,
) -> None:
    problems = [
        problem
        for client, url, allowed in api_lists(newsroom)
        for problem in judge(newsroom, client, url, allowed=allowed)
    ]

    assert problems == []


def test_an_injected_filter_is_a_400_that_names_the_parameter(newsroom: Newsroom) -> None:
    reader = Client()
    for parameter in ["desk", "status", "budget_after", "budget_before", "tag"]:
        response = reader.get(with_query("/api/v1/stories/", parameter, "' OR 1=1--"))
        assert response.status_code == 400
        assert parameter in response.json()["error"]["fields"]


def test_unknown_parameters_such_as_ordering_are_ignored(newsroom: Newsroom) -> None:
    reader = Client()
    plain = story_ids(reader.get("/api/v1/stories/").content)
    for value in ["-password", "desk__staff__password", "id); DROP TABLE stories_story;--"]:
        response = reader.get(with_query("/api/v1/stories/", "ordering", value))
        assert response.status_code == 200
        assert story_ids(response.content) == plain
    assert Story.objects.count() == len(newsroom.everything)


def test_api_paths_refuse_injections(newsroom: Newsroom) -> None:
    problems = []
    for value in HOSTILE:
        segment = quote(value, safe="")
        for url in [
            f"/api/v1/stories/{segment}/",
            f"/api/v1/stories/{segment}/transitions/",
            f"/api/v1/budget/{segment}/",
            with_query("/api/v1/desks/", "ordering", value),
        ]:
            for client in (Client(), newsroom.token):
                response = client.get(url)
                leaks = newsroom.canaries_for(client).found_in(response.content)
                if response.status_code >= 500 or leaks:
                    problems.append(f"{url[:120]}: {response.status_code} {leaks}")
                if url.startswith("/api/v1/stories/") and response.status_code not in (404, 405):
                    problems.append(f"{url[:120]}: {response.status_code}, not 404")
    assert problems == []


def test_site_pages_feeds_and_slugs_refuse_injections(newsroom: Newsroom) -> None:
    reader = Client()
    problems = []
    for value in HOSTILE:
        segment = quote(value, safe="")
        urls = [
            with_query(path, name, value)
            for path in ("/", "/desks/news/")
            for name in SITE_PARAMETERS
        ]
        slugged = [
            f"/stories/{segment}/",
            f"/desks/{segment}/",
            f"/desks/{segment}/feed.rss",
            f"/desks/{segment}/feed.atom",
            f"/desks/news/feed.rss?{urlencode({'page': value})}",
        ]
        for url in urls + slugged:
            response = reader.get(url)
            if response.status_code >= 500 or newsroom.private.found_in(response.content):
                problems.append(f"{url[:120]}: {response.status_code}")
            if url in slugged[:4] and response.status_code != 404:
                problems.append(f"{url[:120]}: {response.status_code}, not 404")
    assert problems == []


def test_the_budget_refuses_injected_days(newsroom: Newsroom) -> None:
    problems = []
    for value in HOSTILE:
        for url in [
            with_query("/newsroom/budget/", "day", value),
            f"/newsroom/budget/{quote(value, safe='')}/",
        ]:
            response = newsroom.editor.get(url)
            if response.status_code not in (400, 404):
                problems.append(f"{url[:120]}: {response.status_code}")
            elif newsroom.secrets.found_in(response.content):
                problems.append(f"{url[:120]}: leaks")
    assert problems == []


def test_the_admin_search_filters_and_ordering_refuse_injections(newsroom: Newsroom) -> None:
    problems = []
    for value in HOSTILE[:12] + LOOKUP_PAYLOADS:
        for parameter in ADMIN_PARAMETERS:
            url = with_query("/admin/stories/story/", parameter, value)
            response = newsroom.admin.get(url)
            if response.status_code >= 500 or newsroom.secrets.found_in(response.content):
                problems.append(f"{url[:120]}: {response.status_code}")
    assert problems == []


@pytest.mark.parametrize("lookup", ADMIN_LOOKUPS)
def test_the_admin_refuses_lookups_into_other_tables(newsroom: Newsroom, lookup: str) -> None:
    for path in ["/admin/stories/story/", "/admin/desks/desk/", "/admin/accounts/user/"]:
        response = newsroom.admin.get(f"{path}?{lookup}")
        assert response.status_code in (302, 400), path  # 302: back to the list, "?e=1"
        assert not newsroom.secrets.found_in(response.content)
    assert newsroom.admin.get("/admin/accounts/user/?password__startswith=md5").status_code == 400


def test_nothing_was_dropped_or_changed(newsroom: Newsroom) -> None:
    reader = Client()
    for value in SQL_PAYLOADS:
        reader.get(with_query("/api/v1/stories/", "desk", value))
        reader.get(f"/stories/{quote(value, safe='')}/")
    assert Story.objects.count() == len(newsroom.everything)
    assert Story.objects.filter(status=Status.LIVE).count() == len(newsroom.live)
    assert timezone.now()  # the database still answers
