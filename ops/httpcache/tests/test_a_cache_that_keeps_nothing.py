"""With ``CACHE_URL=dummy://``, a cache that keeps nothing, public pages render every time."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from ops.httpcache import versions
from ops.httpcache.decorators import public_page

DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def page_scopes(request: HttpRequest) -> list[str]:
    return ["pages"]


@override_settings(CACHES=DUMMY)
def test_it_gives_every_scope_a_number_when_the_cache_keeps_none() -> None:
    numbers = versions.current(["site", "story:1"])

    assert sorted(numbers) == ["site", "story:1"]
    assert all(number > 0 for number in numbers.values())


@override_settings(CACHES=DUMMY)
def test_it_renders_the_page_on_every_request(rf: RequestFactory) -> None:
    renders: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        renders.append("render")
        return HttpResponse("<p>news</p>")

    page = public_page(page_scopes)(view)
    first, second = page(rf.get("/")), page(rf.get("/"))

    assert (first.status_code, second.status_code) == (200, 200)
    assert renders == ["render", "render"]
    assert first["ETag"] != second["ETag"]
