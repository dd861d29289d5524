"""A page rendered with a feature flag decided for one reader (waffle's percentage flags) is theirs.

django-waffle records such a decision on the request (``request.waffles``) and
its middleware turns it into a ``dwf_*`` cookie after the view returns, too
late for ``public_page`` to see a cookie: the page must not be stored, or the
next reader would get this reader's decision.  A flag that was not decided per
reader leaves the page cacheable, and so do readers' own ``dwf_*`` cookies.
"""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from ops.httpcache.decorators import public_page


def page_scopes(request: HttpRequest) -> list[str]:
    return ["pages"]


@pytest.mark.parametrize("attribute", ["waffles", "waffle_tests"])
def test_a_page_with_a_per_reader_flag_decision_is_never_stored(
    rf: RequestFactory, attribute: str
) -> None:
    calls = []

    @public_page(page_scopes)
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        setattr(request, attribute, {"beta": [True, False]})
        return HttpResponse("beta on")

    first = view(rf.get("/"))
    view(rf.get("/"))

    assert calls == ["render", "render"]
    assert "private" in first["Cache-Control"]


def test_a_readers_flag_cookies_do_not_keep_them_from_the_cached_page(rf: RequestFactory) -> None:
    calls = []

    @public_page(page_scopes)
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse("news")

    view(rf.get("/"))
    request = rf.get("/")
    request.COOKIES["dwf_beta"] = "True"
    second = view(request)

    assert calls == ["render"]
    assert second["X-App-Cache"] == "hit"
    assert "public" in second["Cache-Control"]
