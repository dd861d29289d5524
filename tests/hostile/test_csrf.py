"""A cross-site POST is refused on every state-changing form and session-authenticated API write.

Each write below is first attacked the ways a forging site can: no token at
all, a token that belongs to another visitor's session, a valid token sent
from a foreign ``Origin``, and (over HTTPS, where browsers send no Origin on
some requests) from a foreign ``Referer``.  Each attack gets a 403 and changes
nothing.  Then the same write with its own token, from our own origin,
succeeds, so the test would fail if the write were simply broken.

The clients enforce CSRF checks (``Client(enforce_csrf_checks=True)``), as a
browser-driven request meets them; Django's test client skips them otherwise.
API writes carrying ``Authorization: Token`` need no CSRF token: a browser
never attaches that header on its own, so a forging page cannot send it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import Settings
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.reports.models import DeskReport
from newsbudget.stories.models import Status, Story
from tests.factories import PASSWORD, StoryFactory

FOREIGN = "https://evil.example"
OURS = "https://testserver"
TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@dataclass
class Write:
    """One state-changing request, and what a successful one answers."""

    path: str
    data: dict[str, Any] = field(default_factory=dict)
    method: str = "post"
    json: bool = False
    succeeds_with: tuple[int, ...] = (302,)


@dataclass
class World:
    editor: User
    admin: User
    desk: Desk
    story: Story
    ready: Story


def story_form(desk: Desk, headline: str) -> dict[str, Any]:
    return {
        "headline": headline,
        "desk": desk.pk,
        "budget_date": timezone.localdate().isoformat(),
        "word_count": "500",
        "summary": "A summary.",
        "body": "<p>Text.</p>",
        "tags": "Council",
    }


WRITES: dict[str, Callable[[World], Write]] = {
    "login": lambda w: Write(
        "/accounts/login/",
        # Both Django's and allauth's field names: each form ignores the other's.
        {"username": w.editor.username, "login": w.editor.username, "password": PASSWORD},
    ),
    "logout": lambda w: Write("/accounts/logout/"),
    "story create": lambda w: Write("/newsroom/stories/new/", story_form(w.desk, "New bridge")),
    "story edit": lambda w: Write(
        f"/newsroom/stories/{w.story.pk}/edit/",
        {**story_form(w.desk, "Edited headline"), "bylines": [w.editor.pk]},
    ),
    "story transition": lambda w: Write(
        f"/newsroom/stories/{w.story.pk}/transition/", {"transition": "spike"}
    ),
    "budget move": lambda w: Write(
        f"/newsroom/budget/stories/{w.story.pk}/move/", {"budget_date": TOMORROW}
    ),
    "budget publish": lambda w: Write(
        f"/newsroom/stories/{w.ready.pk}/transition/",
        {"transition": "publish", "next": "/newsroom/budget/"},
    ),
    "desk report request": lambda w: Write(
        "/newsroom/reports/",
        {"desk": w.desk.pk, "start": TOMORROW, "end": TOMORROW, "file_format": "csv"},
    ),
    "admin change": lambda w: Write(
        f"/admin/desks/desk/{w.desk.pk}/change/",
        {"name": "News desk", "slug": w.desk.slug, "description": "", "position": "1"},
    ),
    "admin action": lambda w: Write(
        "/admin/stories/story/",
        {"action": "spike_selected", "_selected_action": [str(w.story.pk)], "index": "0"},
    ),
    "admin logout": lambda w: Write("/admin/logout/", succeeds_with=(200, 302)),
    "API create": lambda w: Write(
        "/api/v1/stories/",
        {"desk": w.desk.slug, "headline": "Filed through the API", "budget_date": TOMORROW},
        json=True,
        succeeds_with=(201,),
    ),
    "API replace": lambda w: Write(
        f"/api/v1/stories/{w.story.pk}/",
        {"desk": w.desk.slug, "headline": "Replaced", "budget_date": TOMORROW},
        method="put",
        json=True,
        succeeds_with=(200,),
    ),
    "API edit": lambda w: Write(
        f"/api/v1/stories/{w.story.pk}/",
        {"headline": "Patched"},
        method="patch",
        json=True,
        succeeds_with=(200,),
    ),
    "API transition": lambda w: Write(
        f"/api/v1/stories/{w.story.pk}/transitions/",
        {"transition": "spike"},
        json=True,
        succeeds_with=(200,),
    ),
}
SIGNED_OUT = {"login"}
AS_ADMIN = {"admin change", "admin action", "admin logout"}


@pytest.fixture
def world(editor: User, newsroom_admin: User, desk: Desk) -> World:
    return World(
        editor=editor,
        admin=newsroom_admin,
        desk=desk,
        story=StoryFactory(desk=desk, status=Status.DRAFT, bylines=[editor]),
        ready=StoryFactory(desk=desk, status=Status.EDITED, bylines=[editor]),
    )


def browser(user: User | None) -> Client:
    """A client that checks CSRF like a browser's request meets it, holding its CSRF cookie."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get("/accounts/login/" if user is None else "/newsroom/stories/new/")
    assert "csrftoken" in client.cookies, "no page handed out a CSRF cookie"
    return client


def token_of(client: Client) -> str:
    return client.cookies["csrftoken"].value


def send(
    client: Client, write: Write, token: str | None, *, secure: bool = False, **headers: str
) -> tuple[int, dict[str, Any]]:
    """Make ``write`` with ``token`` (or none); its status and the rows afterwards."""
    extra: dict[str, Any] = {"headers": headers, "secure": secure}
    if write.json:
        if token is not None:
            headers["X-CSRFToken"] = token
        body: Any = json.dumps(write.data)
        extra["content_type"] = "application/json"
    else:
        body = {**write.data, **({"csrfmiddlewaretoken": token} if token is not None else {})}
    response = getattr(client, write.method)(write.path, body, **extra)
    return response.status_code, snapshot()


def snapshot() -> dict[str, Any]:
    return {
        "stories": sorted(Story.objects.values_list("pk", "headline", "status", "budget_date")),
        "desks": sorted(Desk.objects.values_list("pk", "name")),
        "reports": sorted(DeskReport.objects.values_list("pk", "status")),
    }


@pytest.mark.parametrize("name", list(WRITES))
def test_it_refuses_a_forged_post_and_accepts_the_real_one(world: World, name: str) -> None:
    write = WRITES[name](world)
    user = None if name in SIGNED_OUT else world.admin if name in AS_ADMIN else world.editor
    client = browser(user)
    stranger = browser(None)
    before = snapshot()

    attacks = {
        "no token": send(client, write, None),
        "another session's token": send(client, write, token_of(stranger)),
        "a foreign Origin": send(client, write, token_of(client), Origin=FOREIGN),
        "a foreign Origin over HTTPS": send(
            client, write, token_of(client), secure=True, Origin=FOREIGN
        ),
        "a foreign Referer over HTTPS": send(
            client, write, token_of(client), secure=True, Referer=f"{FOREIGN}/page"
        ),
        "no Origin or Referer over HTTPS": send(client, write, token_of(client), secure=True),
    }

    assert {attack: status for attack, (status, _) in attacks.items()} == dict.fromkeys(
        attacks, 403
    )
    assert all(after == before for _, after in attacks.values())
    status, _ = send(client, write, token_of(client), secure=True, Origin=OURS)
    assert status in write.succeeds_with


def test_a_trusted_origin_may_post(world: World, settings: Settings, editor: User) -> None:
    settings.CSRF_TRUSTED_ORIGINS = ["https://newsroom.example.org"]
    client = browser(editor)
    write = WRITES["story transition"](world)
    token = token_of(client)

    assert send(client, write, token, secure=True, Origin="https://evil.example.org")[0] == 403
    assert send(client, write, token, secure=True, Origin="https://newsroom.example.org")[0] == 302


def test_token_authenticated_api_writes_need_no_csrf_token(world: World, editor: User) -> None:
    token, _ = Token.objects.get_or_create(user=editor)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Token {token.key}"})

    response = client.post(
        "/api/v1/stories/",
        {"desk": world.desk.slug, "headline": "By token", "budget_date": TOMORROW},
        content_type="application/json",
        headers={"Origin": FOREIGN},
    )

    assert response.status_code == 201


def test_the_csrf_cookie_is_same_site_lax_and_http_only(world: World) -> None:
    client = Client()
    client.force_login(world.editor)

    response = client.get("/newsroom/stories/new/")

    cookie = response.cookies["csrftoken"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
