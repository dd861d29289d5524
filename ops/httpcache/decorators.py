"""``public_page``: conditional GET, a page cache and shared-cache headers for anonymous readers.

The decorated view says which content scopes the page is made of (see
``versions``) and which query parameters change it.  For an anonymous GET:

1. the ETag and Last-Modified are computed from the scopes' versions — one
   cache read, no database, no rendering;
2. a matching If-None-Match (or, without one, a fresh enough
   If-Modified-Since) gets 304 with no body;
3. otherwise a page rendered earlier for the same versions is served from the
   cache (``X-App-Cache: hit``), or the view renders it and, if it is a plain
   200 that sets no cookie, it is stored (``miss``).

The cache key holds only the path, the declared parameters in canonical form
and the versions, so a client cannot fill the cache with variants by adding
junk parameters or headers.  Anyone with a session, a messages cookie or an
Authorization header is "personal": their request goes straight to the view
and the response is marked private and uncacheable (``bypass``), so an editor
never gets, or leaves behind, a shared copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeIs

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from ops.dbrouting.state import primary_reads
from ops.httpcache import versions

CACHE_STATUS_HEADER = "X-App-Cache"
PAGE_KEY_PREFIX = "httpcache:page:"
PERSONAL_COOKIES = ("messages",)
PER_READER_DECISIONS = ("waffles", "waffle_tests")
"""Request attributes where django-waffle records a decision made for this one reader (a
percentage flag, a testing flag): a page rendered with one is that reader's, and is not stored."""

View = Callable[..., HttpResponseBase]
ScopesOf = Callable[..., Sequence[str] | None]
Canonicaliser = Callable[[str], str | None]


@dataclass(frozen=True)
class Freshness:
    """How long shared caches and browsers may keep a public page (seconds)."""

    max_age: int
    s_maxage: int
    stale_while_revalidate: int

    @classmethod
    def from_settings(cls) -> Freshness:
        return cls(
            max_age=settings.HTTPCACHE_MAX_AGE,
            s_maxage=settings.HTTPCACHE_S_MAXAGE,
            stale_while_revalidate=settings.HTTPCACHE_STALE_WHILE_REVALIDATE,
        )


def is_personal(request: HttpRequest) -> bool:
    """Whether the request may get a page made for this person (checked without a query)."""
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    return any(
        name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    )


def page_number(value: str) -> str | None:
    """Canonical form of a ``?page=`` value: what the paginator will show.

    >>> page_number("007"), page_number("abc"), page_number("")
    ('7', '1', '1')
    >>> page_number("9" * 40) is None
    True

    Only decimal digits count, as for ``int()``: "²" is a digit to
    ``str.isdigit`` but not a number, and the paginator shows page 1 for it.

    >>> page_number("²"), page_number("٣")
    ('1', '3')
    """
    if not value.isdecimal():
        return "1"
    if len(value) > 6:
        return None
    return str(int(value))


def canonical_variant(
    request: HttpRequest, params: Mapping[str, Canonicaliser]
) -> tuple[tuple[str, str], ...] | None:
    """The declared parameters in canonical form; None when the request should not be cached."""
    variant = []
    for name, canonical in sorted(params.items()):
        value = canonical(request.GET.get(name, ""))
        if value is None:
            return None
        variant.append((name, value))
    return tuple(variant)


def etag_for(location: str, variant: Sequence[tuple[str, str]], numbers: Mapping[str, int]) -> str:
    """A strong ETag for this page as of these versions (and this release of the code)."""
    parts = [settings.RELEASE, location, repr(list(variant)), repr(sorted(numbers.items()))]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def mark_public(response: HttpResponseBase, etag: str, last_modified: int) -> None:
    freshness = Freshness.from_settings()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(versions.as_datetime(last_modified).timestamp())
    patch_cache_control(
        response,
        public=True,
        max_age=freshness.max_age,
        s_maxage=freshness.s_maxage,
        stale_while_revalidate=freshness.stale_while_revalidate,
    )
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])


def mark_private(response: HttpResponseBase) -> None:
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])


def storable(response: HttpResponseBase, request: HttpRequest) -> TypeIs[HttpResponse]:
    """A plain, complete 200 that hands nobody a cookie or a CSRF token, made for no one reader."""
    # The CSRF middleware sets its cookie after the view returns; a page that
    # used the token is personal even though the cookie is not on it yet.  The same goes for
    # a feature flag decided per reader (waffle's middleware sets its dwf_* cookie later).
    return (
        not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(getattr(request, name, None) for name in PER_READER_DECISIONS)
        and isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def public_page(
    scopes: ScopesOf, *, params: Mapping[str, Canonicaliser] | None = None
) -> Callable[[View], View]:
    """Serve ``view`` to anonymous readers with conditional GET and the page cache.

    ``scopes(request, **view_kwargs)`` names the content versions the page is
    made of, or returns None when it cannot tell (the page is then rendered and
    not cached).  ``params`` maps each query parameter the view reads to a
    function giving its canonical form (or None: do not cache this request).
    """
    declared = dict(params or {})

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD") or is_personal(request):
                return bypass(view, request, *args, **kwargs)
            names = scopes(request, *args, **kwargs)
            variant = canonical_variant(request, declared)
            if names is None or variant is None:
                return bypass(view, request, *args, **kwargs)
            numbers = versions.current(names)
            # Scheme and host too: feeds and API links are absolute URLs.
            etag = etag_for(request.build_absolute_uri(request.path), variant, numbers)
            last_modified = max(numbers.values())
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=last_modified // 1_000_000_000
            )
            if not_modified is not None:
                mark_public(not_modified, etag, last_modified)
                return not_modified
            with primary_reads() if changed_lately(last_modified) else contextlib.nullcontext():
                response = cached_or_rendered(view, request, etag, *args, **kwargs)
            if response.status_code == 200 and CACHE_STATUS_HEADER in response:
                mark_public(response, etag, last_modified)
            else:
                mark_private(response)
            return response

        return wrapper

    return decorator


def changed_lately(newest_version: int) -> bool:
    """True if the page's content changed within a read replica's allowed lag.

    Such a page is rendered from the primary (``ops.dbrouting``): it is about to
    be stored, and its ETag handed out, under the new version, which a replica
    that has not replayed the change yet would pair with the old content.
    """
    window = float(getattr(settings, "DATABASE_REPLICA_MAX_LAG_SECONDS", 0))
    return time.time_ns() - newest_version < window * 1_000_000_000


def bypass(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    response = view(request, *args, **kwargs)
    mark_private(response)
    response[CACHE_STATUS_HEADER] = "bypass"
    return response


def cached_or_rendered(
    view: View, request: HttpRequest, etag: str, *args: Any, **kwargs: Any
) -> HttpResponseBase:
    key = PAGE_KEY_PREFIX + etag.strip('"')
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        hit = HttpResponse(content, content_type=content_type)
        hit[CACHE_STATUS_HEADER] = "hit"
        return hit
    response = view(request, *args, **kwargs)
    if storable(response, request):
        cache.set(key, (response.content, response["Content-Type"]), settings.HTTPCACHE_TIMEOUT)
        response[CACHE_STATUS_HEADER] = "miss"
    return response
