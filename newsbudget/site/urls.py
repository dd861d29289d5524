"""Public URLs: the home page, desk fronts with their feeds, story pages by slug, and search.

Every public view is wrapped in ``public_page`` with the scopes it is made of
(``caching``): anonymous readers get ETags, 304s and the page cache; anyone
signed in gets a fresh, private page.  And in ``replica_reads``: when the page
is rendered for a reader, its queries may go to a read replica
(``ops.dbrouting``; no replica configured, no change).
"""

from django.urls import path
from django_permissions_policy.decorators import permissions_policy_override

from newsbudget.search.views import GEOLOCATION_ALLOWED, public_search
from newsbudget.site import caching, feeds, views
from newsbudget.site.sitemaps import SITEMAPS, sitemap_xml
from ops.dbrouting.decorators import replica_reads
from ops.httpcache.decorators import public_page

app_name = "site"

urlpatterns = [
    path(
        "sitemap.xml",
        replica_reads(public_page(caching.sitemap_scopes)(sitemap_xml)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "",
        replica_reads(public_page(caching.home_scopes, params=caching.PAGINATED)(views.home)),
        name="home",
    ),
    path(
        "desks/<slug:slug>/",
        replica_reads(
            public_page(caching.desk_front_scopes, params=caching.PAGINATED)(views.desk_front)
        ),
        name="desk",
    ),
    path(
        "desks/<slug:slug>/feed.rss",
        replica_reads(public_page(caching.desk_scopes)(feeds.DeskRssFeed())),
        name="desk_rss",
    ),
    path(
        "desks/<slug:slug>/feed.atom",
        replica_reads(public_page(caching.desk_scopes)(feeds.DeskAtomFeed())),
        name="desk_atom",
    ),
    path(
        "stories/<slug:slug>/",
        replica_reads(public_page(caching.story_scopes)(views.story_page)),
        name="story",
    ),
    # Search: never page-cached (any query string), its results cached briefly in the app;
    # the one page granted geolocation, for "near me" (newsbudget.search.views).
    path(
        "search/",
        replica_reads(permissions_policy_override(GEOLOCATION_ALLOWED)(public_search)),
        name="search",
    ),
]
