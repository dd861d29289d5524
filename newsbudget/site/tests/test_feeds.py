"""Each desk's RSS 2.0 and Atom feeds: its latest Live stories, as a feed reader sees them."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from tests.factories import DeskFactory, TagFactory, UserFactory

RSS = "/desks/news/feed.rss"
ATOM = "/desks/news/feed.atom"
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

ReadFeed = Callable[[Client], list[ET.Element]]


def parse(xml: bytes) -> ET.Element:
    """Parse a feed this site just generated (trusted input, so the stdlib parser is fine)."""
    return ET.fromstring(xml)  # noqa: S314


def rss_items(client: Client, url: str = RSS) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return parse(response.content).findall("./channel/item")


def atom_entries(client: Client, url: str = ATOM) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return parse(response.content).findall("atom:entry", ATOM_NS)


def test_they_live_beside_the_desk_front(desk: Desk) -> None:
    assert reverse("site:desk_rss", kwargs={"slug": "news"}) == RSS
    assert reverse("site:desk_atom", kwargs={"slug": "news"}) == ATOM


def test_the_rss_feed_describes_the_desk(client: Client, db: None) -> None:
    DeskFactory(name="News", slug="news", description="Local news, every day.")

    channel = parse(client.get(RSS).content).find("channel")

    assert channel is not None
    assert channel.findtext("title") == "News"
    assert channel.findtext("link") == "http://testserver/desks/news/"
    assert channel.findtext("description") == "Local news, every day."


def test_the_rss_feed_carries_each_storys_link_date_author_and_tags(
    client: Client, desk: Desk, publish: Publish
) -> None:
    story = publish(
        desk,
        slug="bridge-reopens",
        headline="Bridge reopens after repairs",
        summary="Traffic returns to the river crossing.",
        bylines=[UserFactory(first_name="Ada", last_name="Reyes", email="ada@newsroom.test")],
        tags=[TagFactory(name="Council"), TagFactory(name="Transport")],
    )

    [item] = rss_items(client)

    assert item.findtext("title") == "Bridge reopens after repairs"
    assert item.findtext("link") == "http://testserver/stories/bridge-reopens/"
    assert item.findtext("description") == "Traffic returns to the river crossing."
    pubdate = item.findtext("pubDate")
    assert pubdate is not None
    assert parsedate_to_datetime(pubdate) == story.published_at
    assert item.findtext(DC_CREATOR) == "Ada Reyes"
    assert [c.text for c in item.findall("category")] == ["Council", "Transport"]
    assert b"ada@newsroom.test" not in client.get(RSS).content


def test_the_atom_feed_carries_each_storys_link_date_author_and_tags(
    client: Client, desk: Desk, publish: Publish
) -> None:
    story = publish(
        desk,
        slug="bridge-reopens",
        headline="Bridge reopens after repairs",
        bylines=[UserFactory(first_name="Ada", last_name="Reyes", email="ada@newsroom.test")],
        tags=[TagFactory(name="Council"), TagFactory(name="Transport")],
    )

    [entry] = atom_entries(client)

    assert entry.findtext("atom:title", namespaces=ATOM_NS) == "Bridge reopens after repairs"
    link = entry.find("atom:link", ATOM_NS)
    assert link is not None
    assert link.get("href") == "http://testserver/stories/bridge-reopens/"
    published = entry.findtext("atom:published", namespaces=ATOM_NS)
    assert published is not None
    assert datetime.datetime.fromisoformat(published) == story.published_at
    assert entry.findtext("atom:author/atom:name", namespaces=ATOM_NS) == "Ada Reyes"
    assert [c.get("term") for c in entry.findall("atom:category", ATOM_NS)] == [
        "Council",
        "Transport",
    ]
    assert b"ada@newsroom.test" not in client.get(ATOM).content


@pytest.mark.parametrize("items", [rss_items, atom_entries])
def test_they_carry_the_latest_twenty_stories_of_the_desk_newest_first(
    client: Client, desk: Desk, other_desk: Desk, publish: Publish, items: ReadFeed
) -> None:
    for hour in range(1, 26):
        publish(desk, headline=f"Story from {hour} hours ago", hours_ago=hour)
    publish(other_desk, headline="Match report from the other desk", hours_ago=0.5)

    titles = [entry.findtext("{*}title") for entry in items(client)]

    assert titles == [f"Story from {hour} hours ago" for hour in range(1, 21)]


@pytest.mark.parametrize("url", ["/desks/no-such-desk/feed.rss", "/desks/no-such-desk/feed.atom"])
def test_they_are_not_found_for_an_unknown_desk(client: Client, desk: Desk, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()
