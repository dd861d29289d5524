"""public_page stores only what is the same for every anonymous reader."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from ops.httpcache import versions
from ops.httpcache.decorators import public_page

Scopes = Callable[..., list[str]]


def page_scopes(request: HttpRequest) -> list[str]:
    return ["pages"]


def serve(view: Callable[[HttpRequest], HttpResponse], request: HttpRequest) -> HttpResponse:
    return public_page(page_scopes)(view)(request)  # type: ignore[return-value]


@pytest.fixture
def calls() -> list[str]:
    return []


def test_it_renders_once_and_then_serves_the_stored_page(
    rf: RequestFactory, calls: list[str]
) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse("<p>news</p>")

    first = serve(view, rf.get("/"))
    second = serve(view, rf.get("/"))

    assert calls == ["render"]
    assert (first["X-App-Cache"], second["X-App-Cache"]) == ("miss", "hit")
    assert second.content == b"<p>news</p>"


def test_a_bump_makes_the_next_request_render_again(rf: RequestFactory, calls: list[str]) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse(f"render {len(calls)}")

    first = serve(view, rf.get("/"))
    versions.bump(["pages"])
    second = serve(view, rf.get("/"))

    assert second.content == b"render 2"
    assert second["ETag"] != first["ETag"]


def test_a_response_that_sets_a_cookie_is_never_stored(
    rf: RequestFactory, calls: list[str]
) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        response = HttpResponse("hello")
        response.set_cookie("tracking", "you")
        return response

    serve(view, rf.get("/"))
    second = serve(view, rf.get("/"))

    assert calls == ["render", "render"]
    assert "private" in second["Cache-Control"]


def test_a_page_that_used_the_csrf_token_is_never_stored(
    rf: RequestFactory, calls: list[str]
) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    serve(view, rf.get("/"))
    serve(view, rf.get("/"))

    assert calls == ["render", "render"]


@pytest.mark.parametrize("status", [301, 404, 500])
def test_only_plain_200s_are_stored(rf: RequestFactory, calls: list[str], status: int) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse("x", status=status)

    serve(view, rf.get("/"))
    response = serve(view, rf.get("/"))

    assert calls == ["render", "render"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "personal",
    [
        {"HTTP_AUTHORIZATION": "Token abc"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
    ],
)
def test_personal_requests_go_to_the_view_and_are_not_stored(
    rf: RequestFactory, calls: list[str], personal: dict[str, str]
) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse("yours")

    response = serve(view, rf.get("/", **personal))
    anonymous = serve(view, rf.get("/"))

    assert response["X-App-Cache"] == "bypass"
    assert "no-store" in response["Cache-Control"]
    assert anonymous["X-App-Cache"] == "miss"


def test_writes_are_never_cached(rf: RequestFactory, calls: list[str]) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request.method or "")
        return HttpResponse("ok")

    serve(view, rf.post("/"))
    response = serve(view, rf.post("/"))

    assert calls == ["POST", "POST"]
    assert response["X-App-Cache"] == "bypass"


def test_head_shares_the_get_entry(rf: RequestFactory, calls: list[str]) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse("body")

    serve(view, rf.get("/"))
    response = serve(view, rf.head("/"))

    assert calls == ["render"]
    assert response["X-App-Cache"] == "hit"


@pytest.mark.parametrize("other", [{"HTTP_HOST": "www.example.org"}, {"wsgi.url_scheme": "https"}])
def test_each_host_and_scheme_has_its_own_copy(
    rf: RequestFactory, calls: list[str], settings: object, other: dict[str, str]
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]  # type: ignore[attr-defined]

    def view(request: HttpRequest) -> HttpResponse:
        calls.append("render")
        return HttpResponse(request.build_absolute_uri("/feed"))

    first = serve(view, rf.get("/"))
    second = serve(view, rf.get("/", **other))

    assert calls == ["render", "render"]
    assert first["ETag"] != second["ETag"]
    assert second.content != first.content
