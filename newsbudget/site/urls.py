"""Public URLs: the home page, desk fronts with their feeds, and story pages by slug.

Every public view is wrapped in ``public_page`` with the scopes it is made of
(``caching``): anonymous readers get ETags, 304s and the page cache; anyone
signed in gets a fresh, private page.
"""

from django.urls import path

from newsbudget.site import caching, feeds, views
from newsbudget.site.sitemaps import SITEMAPS, sitemap_xml
from ops.httpcache.decorators import public_page

app_name = "site"

urlpatterns = [
    path(
        "sitemap.xml",
        public_page(caching.sitemap_scopes)(sitemap_xml),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("", public_page(caching.home_scopes, params=caching.PAGINATED)(views.home), name="home"),
    path(
        "desks/<slug:slug>/",
        public_page(caching.desk_front_scopes, params=caching.PAGINATED)(views.desk_front),
        name="desk",
    ),
    path(
        "desks/<slug:slug>/feed.rss",
        public_page(caching.desk_scopes)(feeds.DeskRssFeed()),
        name="desk_rss",
    ),
    path(
        "desks/<slug:slug>/feed.atom",
        public_page(caching.desk_scopes)(feeds.DeskAtomFeed()),
        name="desk_atom",
    ),
    path(
        "stories/<slug:slug>/",
        public_page(caching.story_scopes)(views.story_page),
        name="story",
    ),
]
