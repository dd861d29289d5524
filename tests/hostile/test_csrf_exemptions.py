"""No view escapes CSRF protection unless it authenticates by something a browser never sends.

Django protects every view unless it is marked ``csrf_exempt``.  DRF marks all
its views exempt and checks CSRF itself inside ``SessionAuthentication``, so a
DRF view is safe exactly when every way it accepts a session still runs that
check, and every other way reads a credential from a header a forging page
cannot make a browser send.  This walks the whole URL map, so a view added
later (a webhook, a new API endpoint, an allauth page) is judged too.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import authentication as drf
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

from newsbudget.api.authentication import TokenAuthentication
from ops.apikeys.authentication import APIKeyAuthentication

HEADER_ONLY_AUTHENTICATION = {
    TokenAuthentication: "Authorization: Token …, which a browser never attaches by itself",
    drf.TokenAuthentication: "the same, DRF's own (the schema and docs views use the defaults)",
    APIKeyAuthentication: "Authorization: Api-Key …, which a browser never attaches by itself",
}
"""Authentication classes that never look at cookies, with the reason CSRF cannot reach them."""

EXEMPT_VIEWS: dict[str, str] = {
    "story-view": (
        "the page-view beacon: reads no credential and its one effect (counting a view) is "
        "open to anyone without a cookie; rate-limited, cross-site beacons refused"
    ),
    "impressions": (
        "the fronts' headline-test beacon: reads no credential (the session only to leave "
        "signed-in staff out; the nb_reader bucket cookie is no credential and SameSite=Lax), "
        "and its effects (a bucket, an impression) are open to anyone; rate-limited, "
        "cross-site beacons refused"
    ),
    "click": (
        "the fronts' headline-test click beacon: as the impressions beacon; counting a click "
        "is open to anyone; rate-limited, cross-site beacons refused"
    ),
}
"""Non-DRF views allowed to skip CSRF (URL name → why)."""


def routes(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def exempt_routes() -> list[tuple[str, URLPattern]]:
    return [
        (route, pattern)
        for route, pattern in routes(get_resolver().url_patterns)
        if getattr(pattern.callback, "csrf_exempt", False)
    ]


def test_it_finds_the_exempt_api_views() -> None:
    names = {pattern.name for _, pattern in exempt_routes()}
    assert {"story-list", "story-transition", "budget"} <= names


def test_every_exempt_view_checks_csrf_for_sessions_or_takes_no_cookies() -> None:
    problems = []
    for route, pattern in exempt_routes():
        view_class = getattr(pattern.callback, "cls", None)
        if view_class is None or not issubclass(view_class, APIView):
            if pattern.name not in EXEMPT_VIEWS:
                problems.append(f"{route}: a non-API view is csrf_exempt")
            continue
        for authentication in view_class.authentication_classes:
            if issubclass(authentication, SessionAuthentication):
                if authentication.enforce_csrf is not SessionAuthentication.enforce_csrf:
                    problems.append(f"{route}: {authentication.__name__} changes the CSRF check")
            elif authentication not in HEADER_ONLY_AUTHENTICATION:
                problems.append(
                    f"{route}: {authentication.__name__} is neither session authentication "
                    "(which checks CSRF) nor known to read only headers"
                )
    assert problems == []
