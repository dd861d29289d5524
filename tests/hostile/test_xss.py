"""XSS payloads typed into every field that is shown again come back as text, on every page.

Each payload of ``payloads.XSS_PAYLOADS`` goes in through the real entry
points, the way a hostile (or careless, or compromised) account would type it:

- the Django admin: a desk's name and description, a staff member's first and
  last name (shown as bylines), a tag's name;
- the staff story form: headline, summary, body, tags and place name;
- the API (token-authenticated): the same fields, as JSON;
- the editorial pages (Wagtail): a landing page whose title, standfirst and
  every kind of block hold each payload, listing the desk whose stories hold
  them, and an About page whose rich text holds them all.

Then every page that shows those values is fetched and parsed: the public
home page, desk fronts, story pages and both feeds, the editorial pages; the staff story page, the
edit form and the budget; the API's JSON; the admin's lists and change forms.
None may contain an element or attribute that runs script (see ``markup``),
and story bodies keep only nh3's allowlist (no event handlers, no
``javascript:`` links).  Payloads with a NUL byte are refused with a 400 by
every form and the API.

Accounts here have two-factor authentication enrolled (the factories' default),
as every staff account must before it can open a staff page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.conf import Settings
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import REPORTER, assign_role
from newsbudget.desks.models import Desk
from newsbudget.site import feeds
from newsbudget.stories.models import Status, Story, Tag
from newsbudget.stories.sanitize import sanitize_html
from tests.factories import UserFactory
from tests.hostile.forms import form_values
from tests.hostile.markup import unsafe_markup
from tests.hostile.pages import problems_on_all
from tests.hostile.payloads import NUL_PAYLOADS, TAG_PAYLOADS, XSS_PAYLOADS


@dataclass
class Newsroom:
    """What the payloads were typed into, and the clients that look at it."""

    admin: Client
    editor: Client
    reader: Client
    desks: list[Desk] = field(default_factory=list)
    people: list[User] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def typed_in_the_form(self) -> list[Story]:
        """One story per payload (the API's store the same strings; lists and JSON show them)."""
        return self.stories[: len(XSS_PAYLOADS)]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_saves(
    client: Client, url: str, changes: dict[str, str], *, form_id: str | None = None
) -> list[str]:
    """Submit the admin form at ``url``: ``changes`` over what it holds (if ``form_id`` is given).

    Problems if the admin refused it.
    """
    held = form_values(client.get(url).content.decode(), form_id) if form_id else {}
    response = client.post(url, {**held, **changes})
    if response.status_code != 302:
        return [f"admin refused {changes!r} at {url} ({response.status_code})"]
    return []


def type_into_the_admin(room: Newsroom, editor: User) -> None:
    """One desk and one staff member per payload, named by it; one tag per short payload."""
    for number, payload in enumerate(XSS_PAYLOADS):
        room.problems += admin_saves(
            room.admin,
            "/admin/desks/desk/add/",
            {"name": payload[:80], "slug": f"desk-{number}", "description": payload[:300],
             "position": str(number)},
        )  # fmt: skip
        person = UserFactory(username=f"person-{number}")
        room.problems += admin_saves(
            room.admin,
            f"/admin/accounts/user/{person.pk}/change/",
            {"first_name": payload[:150], "last_name": payload[:150]},
            form_id="user_form",
        )
        room.people.append(User.objects.get(pk=person.pk))
    for number, payload in enumerate(TAG_PAYLOADS):
        room.problems += admin_saves(
            room.admin, "/admin/stories/tag/add/", {"name": payload, "slug": f"admin-tag-{number}"}
        )
    room.desks = list(Desk.objects.filter(slug__startswith="desk-").order_by("position"))
    for desk in room.desks:
        desk.staff.add(editor)
    for person in room.people:
        assign_role(person, REPORTER)  # so the story form offers them as bylines


def type_into_the_story_form(room: Newsroom) -> None:
    for number, payload in enumerate(XSS_PAYLOADS):
        response = room.editor.post(
            "/newsroom/stories/new/",
            {
                "headline": payload[:200],
                "desk": room.desks[number].pk,
                "bylines": [room.people[number].pk],
                "tags": payload if payload in TAG_PAYLOADS else "Safe tag",
                "budget_date": timezone.localdate().isoformat(),
                "word_count": "400",
                "summary": payload,
                "body": payload,
                "location_name": payload[:200],
            },
        )
        if response.status_code != 302:
            room.problems.append(f"the story form refused {payload!r} ({response.status_code})")
            continue
        # The page after the redirect shows the headline in a message too.
        room.problems += problems_on_all(room.editor, [response["Location"]])


def type_into_the_api(room: Newsroom, editor: User) -> None:
    token, _ = Token.objects.get_or_create(user=editor)
    api = Client(headers={"Authorization": f"Token {token.key}"})
    for number, payload in enumerate(XSS_PAYLOADS):
        response = api.post(
            "/api/v1/stories/",
            {
                "desk": room.desks[number].slug,
                "headline": payload[:200],
                "budget_date": timezone.localdate().isoformat(),
                "summary": payload,
                "body": payload,
                "tags": [payload] if payload in TAG_PAYLOADS else ["Safe tag"],
                "bylines": [room.people[number].username],
                "location": {"name": payload[:200], "latitude": 51.5, "longitude": -0.1},
            },
            content_type="application/json",
        )
        if response.status_code != 201:
            room.problems.append(f"the API refused {payload!r}: {response.content[:200]!r}")


def type_into_pages(room: Newsroom) -> None:
    """A landing page whose blocks carry each payload, and an About page full of them."""
    from newsbudget.demo.pages import create_pages
    from newsbudget.pages.models import LandingPage, StandardPage

    create_pages()
    landing = LandingPage.objects.get(slug="pages")
    desk_slug = room.typed_in_the_form[0].desk.slug
    for number, payload in enumerate(XSS_PAYLOADS):
        page = LandingPage(title=payload[:200], slug=f"hostile-{number}", standfirst=payload[:300])
        page.body = [  # type: ignore[assignment]
            {"type": "heading", "value": {"text": payload[:200], "level": "h2"}},
            {"type": "text", "value": payload},
            {"type": "quote", "value": {"quote": payload, "attribution": payload[:200]}},
            {"type": "latest_stories", "value": {"desk": desk_slug, "count": 20, "title": ""}},
            {
                "type": "call_to_action",
                "value": {"text": payload, "button_label": payload[:60], "url": ""},
            },
        ]
        landing.add_child(instance=page)
        page.save_revision().publish()
    about = StandardPage.objects.get(slug="about")
    about.body = "".join(XSS_PAYLOADS)
    about.save_revision().publish()


def editorial_pages() -> list[str]:
    from newsbudget.pages.queries import public_pages as live_pages

    return [page.url for page in live_pages()]


def go_live(room: Newsroom) -> None:
    """Put every story on the public site (the workflow itself is tested elsewhere)."""
    now = timezone.now()
    Story.objects.update(status=Status.LIVE, published_at=now - datetime.timedelta(minutes=5))
    room.stories = list(Story.objects.order_by("pk"))


@pytest.fixture
def room(
    editor: User, newsroom_admin: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Newsroom:
    settings.PAGE_SIZE = 200  # every story on the first page of each list
    settings.RATE_LIMITS = {}  # one account typing hundreds of values is the point here
    monkeypatch.setattr(feeds, "FEED_LENGTH", 500)
    room = Newsroom(admin=signed_in(newsroom_admin), editor=signed_in(editor), reader=Client())
    type_into_the_admin(room, editor)
    type_into_the_story_form(room)
    type_into_the_api(room, editor)
    go_live(room)
    type_into_pages(room)
    return room


def public_pages(room: Newsroom) -> list[str]:
    """Home, every desk front and feed, every story page: as a reader, then (fresh) signed in."""
    urls = ["/"]
    for desk in room.desks:
        urls += [f"/desks/{desk.slug}/", f"/desks/{desk.slug}/feed.rss"]
        urls += [f"/desks/{desk.slug}/feed.atom"]
    urls += [story.get_absolute_url() for story in room.typed_in_the_form]
    urls += editorial_pages()
    signed_in_sample = ["/", *urls[1:4], room.stories[0].get_absolute_url(), "/pages/"]
    return problems_on_all(room.reader, urls) + problems_on_all(room.editor, signed_in_sample)


def staff_pages(room: Newsroom) -> list[str]:
    today = timezone.localdate().isoformat()
    urls = [f"/newsroom/budget/{today}/", "/newsroom/budget/"]
    for story in room.typed_in_the_form:
        urls += [f"/newsroom/stories/{story.pk}/", f"/newsroom/stories/{story.pk}/edit/"]
    return problems_on_all(room.editor, urls)


def api_responses(room: Newsroom) -> list[str]:
    today = timezone.localdate().isoformat()
    urls = ["/api/v1/stories/?page_size=100", "/api/v1/desks/", f"/api/v1/budget/{today}/"]
    urls += [f"/api/v1/stories/{story.pk}/" for story in room.stories]
    return problems_on_all(room.editor, urls) + problems_on_all(room.reader, urls[:2])


def admin_pages(room: Newsroom) -> list[str]:
    urls = [
        "/admin/",
        "/admin/stories/story/",
        "/admin/stories/story/?q=script",
        "/admin/stories/tag/",
        "/admin/desks/desk/",
        "/admin/accounts/user/",
    ]
    urls += [f"/admin/stories/story/{story.pk}/change/" for story in room.stories[::13]]
    urls += [f"/admin/desks/desk/{desk.pk}/change/" for desk in room.desks[::13]]
    urls += [f"/admin/accounts/user/{person.pk}/change/" for person in room.people[::13]]
    return problems_on_all(room.admin, urls)


def stored_bodies(room: Newsroom) -> list[str]:
    """Bodies keep nh3's allowlist only, and cleaning them again changes nothing."""
    return [
        f"story {story.pk}: {problem}"
        for story in room.stories
        for problem in [
            *unsafe_markup(story.body),
            *([] if sanitize_html(story.body) == story.body else ["not stable under cleaning"]),
        ]
    ]


def test_no_payload_runs_or_shows_as_markup_anywhere(room: Newsroom) -> None:
    assert len(room.stories) == 2 * len(XSS_PAYLOADS)
    assert Tag.objects.filter(slug__startswith="admin-tag-").count() == len(TAG_PAYLOADS)

    found = {
        "typing them in": room.problems,
        "public pages and feeds": public_pages(room),
        "staff pages": staff_pages(room),
        "API": api_responses(room),
        "admin": admin_pages(room),
        "stored bodies": stored_bodies(room),
    }

    assert {where: problems for where, problems in found.items() if problems} == {}


@pytest.mark.parametrize("payload", NUL_PAYLOADS)
def test_a_nul_byte_is_refused_by_every_entry_point(
    editor: User, newsroom_admin: User, desk: Desk, payload: str
) -> None:
    desk.staff.add(editor)
    staff, admin = signed_in(editor), signed_in(newsroom_admin)
    token, _ = Token.objects.get_or_create(user=editor)
    api = Client(headers={"Authorization": f"Token {token.key}"})
    before = Story.objects.count(), Desk.objects.count()

    form = staff.post(
        "/newsroom/stories/new/",
        {"headline": payload, "desk": desk.pk, "budget_date": "2026-01-01", "summary": payload},
    )
    json_ = api.post(
        "/api/v1/stories/",
        {"desk": desk.slug, "headline": payload, "budget_date": "2026-01-01"},
        content_type="application/json",
    )
    admin_form = admin.post(
        "/admin/desks/desk/add/", {"name": payload, "slug": "nul", "position": "1"}
    )

    assert (form.status_code, json_.status_code, admin_form.status_code) == (400, 400, 200)
    assert b"Null characters are not allowed" in admin_form.content
    assert (Story.objects.count(), Desk.objects.count()) == before


def test_a_username_cannot_hold_markup(newsroom_admin: User) -> None:
    admin = signed_in(newsroom_admin)
    before = User.objects.count()

    response = admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "<script>alert(1)</script>",
            "usable_password": "true",  # pragma: allowlist secret
            "password1": "tram-harbour-ledger-42",  # pragma: allowlist secret
            "password2": "tram-harbour-ledger-42",  # pragma: allowlist secret
        },
    )

    assert response.status_code == 200
    assert b"Enter a valid username" in response.content
    assert User.objects.count() == before
