"""RSS 2.0 and Atom feeds of each desk's latest Live stories.

Built on Django's syndication framework: the feed classes only say where the
title, link, date, author and categories of an item come from.  Items come
from ``live_stories_on``, so a feed can carry nothing a reader could not open
on the site, and bylines and tags arrive prefetched (a fixed number of queries
per feed).  Authors are published by name only: staff email addresses never
leave the newsroom.

Headlines, summaries and desk descriptions are plain text, but an RSS
``<description>`` and an Atom ``type="html"`` summary hold HTML, and RSS
readers commonly render item titles as HTML too.  So those fields are escaped
once more (as Django's own ``Feed.item_title`` does) before the XML escaping:
a headline reading ``<script>`` reaches a reader as text, never as markup.
Atom titles are plain text by definition and go out as written.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from newsbudget.desks.models import Desk
from newsbudget.stories.models import Story
from newsbudget.stories.queries import live_stories_on

FEED_LENGTH = 20


class DeskRssFeed(Feed[Story, Desk]):
    """RSS 2.0: ``/desks/<slug>/feed.rss``."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, slug: str) -> Desk:
        return get_object_or_404(Desk, slug=slug)

    def title(self, desk: Desk) -> str:
        return desk.name

    def link(self, desk: Desk) -> str:
        return desk.get_absolute_url()

    def description(self, desk: Desk) -> str:
        return escape(desk.description or f"The latest stories from the {desk.name} desk.")

    def items(self, desk: Desk) -> QuerySet[Story]:
        return live_stories_on(desk)[:FEED_LENGTH]

    def item_title(self, story: Story) -> str:
        return escape(story.headline)

    def item_description(self, story: Story) -> str:
        return escape(story.summary)

    def item_pubdate(self, story: Story) -> datetime.datetime | None:
        return story.published_at

    def item_updateddate(self, story: Story) -> datetime.datetime:
        return story.updated_at

    def item_author_name(self, story: Story) -> str:
        return story.byline

    def item_categories(self, story: Story) -> list[str]:
        return [tag.name for tag in story.tags.all()]


class DeskAtomFeed(DeskRssFeed):
    """Atom 1.0: ``/desks/<slug>/feed.atom``; the same items, the desk's description as subtitle."""

    feed_type = Atom1Feed

    def subtitle(self, desk: Desk) -> str:
        return desk.description or f"The latest stories from the {desk.name} desk."

    def item_title(self, story: Story) -> str:
        return story.headline
