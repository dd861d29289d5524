"""A site made of a dict, for the crawler's unit tests: served by httpx.MockTransport, no server.

Each path maps to a ``Reply`` or to a function of the request that returns
one; unknown paths answer 404, like any site.  Every request is recorded, so a
test can say what the crawler asked for as well as what it concluded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.smoke.crawler import Bounds, Crawler, Report

BASE = "http://site.test/"


@dataclass
class Reply:
    """What the fake site answers for one path."""

    body: str = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Reply | Callable[[httpx.Request], Reply]


def html(title: str | None, body: str = "") -> str:
    head = "" if title is None else f"<title>{title}</title>"
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


@dataclass
class FakeSite:
    routes: dict[str, Route]
    requests: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.raw_path.decode().split("?")[0]
        route = self.routes.get(path, Reply("<title>Not found</title>", status=404))
        reply = route(request) if callable(route) else route
        if reply.delay:
            time.sleep(reply.delay)
        headers = {"content-type": reply.content_type, **reply.headers}
        return httpx.Response(reply.status, headers=headers, text=reply.body)

    def crawl(self, **bounds: Any) -> Report:
        client = httpx.Client(transport=httpx.MockTransport(self.handle))
        return Crawler(BASE, Bounds(**bounds), client).run()

    def paths(self, method: str = "GET") -> list[str]:
        return [r.url.raw_path.decode() for r in self.requests if r.method == method]


def site(routes: dict[str, Route]) -> FakeSite:
    """A fake site with an empty sitemap and robots.txt unless ``routes`` gives them."""
    defaults: dict[str, Route] = {
        "/sitemap.xml": Reply("<urlset></urlset>", content_type="application/xml"),
        "/robots.txt": Reply("User-agent: *\n", content_type="text/plain"),
    }
    return FakeSite({**defaults, **routes})
