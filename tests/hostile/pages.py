"""Fetch a page and report everything unsafe in it: script that would run, or a server error.

HTML is judged by ``markup.unsafe_markup``, feeds by ``markup.unsafe_feed``;
JSON must be served as ``application/json`` with ``nosniff`` (so no browser
ever reads it as HTML, whatever strings it holds) and parse as JSON.
"""

from __future__ import annotations

import json

from django.test import Client

from tests.hostile.markup import unsafe_feed, unsafe_markup


def problems_on(client: Client, url: str) -> list[str]:
    """What is wrong with the page at ``url`` as ``client`` sees it; empty when nothing is."""
    response = client.get(url)
    if response.status_code != 200:
        return [f"{url}: status {response.status_code}"]
    content_type = response["Content-Type"].split(";")[0]
    body = response.content
    if content_type == "text/html":
        found = unsafe_markup(body.decode())
    elif content_type in ("application/rss+xml", "application/atom+xml"):
        found = unsafe_feed(body)
    elif content_type == "application/json":
        found = [] if response.get("X-Content-Type-Options") == "nosniff" else ["no nosniff"]
        try:
            json.loads(body)
        except ValueError:
            found.append("not JSON")
    else:
        found = [f"unexpected Content-Type {content_type}"]
    return [f"{url}: {problem}" for problem in found]


def problems_on_all(client: Client, urls: list[str]) -> list[str]:
    return [problem for url in urls for problem in problems_on(client, url)]
