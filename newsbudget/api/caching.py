"""What each public API read is made of, in content-version scopes, and which parameters vary it.

Anonymous ``GET``s of the story list, a story and the desk list go through
``ops.httpcache.public_page`` (wired in ``urls``): strong ETags, 304s and the
page cache, exactly like the public site.  Token and session requests bypass
it and are answered privately, so a newsroom view of drafts is never shared.

Scopes (see ``newsbudget.stories.freshness``):

- the list is ``site`` + ``live`` (which Live stories, in which order, and the
  names around them);
- a story is ``site`` + ``story:<id>``, but only while that story is Live: any
  other id gets None, so its 404 is rendered and never cached;
- the desks are ``site``.

The cache key holds only the parameters declared here, in canonical form
(``page=007`` is page 7).  A value the response repeats (the page links carry
the filters and ``page_size``) is accepted only as the API itself writes it; a
canonicaliser returns None for any other spelling (``page_size=05``,
``budget_after=03/02/2026``, an unknown ``format``), and such a request is
answered normally but not stored, so nobody can fill the cache with variants.
Parameters not declared here are ignored by the API and left out of its page
links (``pagination``), so ``?utm_source=…`` shares the one cached copy.  An
``Accept`` header asking for indented JSON is served but not stored: the
cached bytes are the compact rendering everyone else gets.

DRF renders its ``Response`` after the view returns; the page cache stores
bytes, so ``public_api`` renders first.  Views and serializers know nothing
of any of this.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponseBase
from django.template.response import SimpleTemplateResponse

from newsbudget.api.pagination import MAX_PAGE_SIZE
from newsbudget.stories.freshness import LIVE, SITE, story_scope
from newsbudget.stories.models import Status, Story
from ops.httpcache import versions
from ops.httpcache.decorators import Canonicaliser, ScopesOf, View, public_page

LIVE_LOOKUP_TIMEOUT = 24 * 3600
MAX_SLUG_LENGTH = 80
MAX_PAGE_DIGITS = 6
CANONICAL_ID = re.compile(r"[1-9][0-9]{0,17}")
CANONICAL_NUMBER = re.compile(r"[1-9][0-9]*")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- Canonical parameter values ---------------------------------------------


def slug(value: str) -> str | None:
    """A desk or tag slug as given; text that cannot be a slug is not cached.

    >>> slug(""), slug("news"), slug("no such thing") is None
    ('', 'news', True)
    """
    if value == "" or (len(value) <= MAX_SLUG_LENGTH and slug_re.fullmatch(value)):
        return value
    return None


def status(value: str) -> str | None:
    """A status by its value, or nothing.

    >>> status("live"), status(""), status("Live") is None
    ('live', '', True)
    """
    return value if value == "" or value in Status.values else None


def iso_date(value: str) -> str | None:
    """A real date written YYYY-MM-DD; any other spelling the filter accepts is not cached.

    >>> iso_date("2026-03-02"), iso_date(""), iso_date("2026-02-30"), iso_date("03/02/2026")
    ('2026-03-02', '', None, None)
    """
    if value == "":
        return value
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def page(value: str) -> str | None:
    """The page the paginator will show: no number is page 1, ``last`` is the last page.

    Page links are built from the page shown, never from this text, so
    ``?page=007`` and ``?page=7`` are the same response.

    >>> page(""), page("1"), page("007"), page("last")
    ('1', '1', '7', 'last')
    >>> page("abc") is None, page("0") is None, page("9" * 40) is None
    (True, True, True)
    """
    if value in ("", "last"):
        return value or "1"
    if not value.isascii() or not value.isdigit() or len(value) > MAX_PAGE_DIGITS:
        return None
    number = int(value)
    return str(number) if number > 0 else None


def page_size(value: str) -> str | None:
    """A page size as the page links repeat it: 1 to 100, written plainly; nothing is the default.

    >>> page_size(""), page_size("5"), page_size("100")
    ('', '5', '100')
    >>> page_size("05") is None, page_size("101") is None, page_size("many") is None
    (True, True, True)
    """
    if value == "":
        return value
    if CANONICAL_NUMBER.fullmatch(value) and int(value) <= MAX_PAGE_SIZE:
        return value
    return None


def json_format(value: str) -> str | None:
    """DRF's ``?format=``: only JSON exists, so ``json`` is the same as nothing.

    >>> json_format(""), json_format("json"), json_format("api") is None
    ('', '', True)
    """
    return "" if value in ("", "json") else None


FORMAT: dict[str, Canonicaliser] = {"format": json_format}
LIST_PARAMETERS: dict[str, Canonicaliser] = {
    **FORMAT,
    "desk": slug,
    "status": status,
    "tag": slug,
    "budget_after": iso_date,
    "budget_before": iso_date,
    "page": page,
    "page_size": page_size,
}


# --- Scopes -----------------------------------------------------------------


def story_list_scopes(request: HttpRequest) -> list[str] | None:
    return [SITE, LIVE] if compact_json(request) else None


def story_detail_scopes(request: HttpRequest, id: str) -> list[str] | None:
    """A Live story's own version and the site around it; None for anything else."""
    if not compact_json(request) or not CANONICAL_ID.fullmatch(id):
        return None
    story_id = int(id)
    if not is_live(story_id):
        return None
    return [SITE, story_scope(story_id)]


def desk_list_scopes(request: HttpRequest) -> list[str] | None:
    return [SITE] if compact_json(request) else None


def compact_json(request: HttpRequest) -> bool:
    """Whether the response will be the compact JSON every reader gets (no ``indent`` asked for)."""
    return "indent" not in request.headers.get("Accept", "").lower()


def is_live(story_id: int) -> bool:
    """Whether the story is Live, from the cache when it can (a hit then costs no query).

    A "yes" is kept under the story's current version, which ``freshness``
    bumps whenever a Live story changes or stops being Live, so it is never
    read after an unpublish.  A "no" is not kept: it would need a version for
    every id anyone asks about, and it only leads to a 404, which is rendered
    anyway.  A "yes" stored just after an unpublish (the race between the
    query and the version read) only makes requests render the 404 themselves.
    """
    scope = story_scope(story_id)
    known = cache.get(versions.version_key(scope))
    if known is not None and cache.get(live_key(story_id, known)):
        return True
    if not Story.objects.filter(pk=story_id, status=Status.LIVE).exists():
        return False
    number = versions.current([scope])[scope]
    cache.set(live_key(story_id, number), True, LIVE_LOOKUP_TIMEOUT)
    return True


def live_key(story_id: int, version: int) -> str:
    return f"api:story-live:{story_id}:{version}"


# --- Wrapping the DRF views ---------------------------------------------------


def public_api(
    scopes: ScopesOf, *, params: Mapping[str, Canonicaliser] | None = None
) -> Callable[[View], View]:
    """``public_page`` for a DRF view: rendered before the page cache sees it."""

    def decorator(view: View) -> View:
        return public_page(scopes, params=params)(rendered(view))

    return decorator


def rendered(view: View) -> View:
    """``view`` with its response rendered, so its bytes and Content-Type can be stored."""

    @wraps(view)
    def render_now(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        return response

    return render_now


STORY_LIST = public_api(story_list_scopes, params=LIST_PARAMETERS)
STORY = public_api(story_detail_scopes, params=FORMAT)
DESK_LIST = public_api(desk_list_scopes, params=FORMAT)
