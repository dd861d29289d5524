"""API v1 URLs, mounted at /api/v1/: stories, search, the budget, desks, the schema and its docs.

The public reads (the story list, a story, the desks) are wrapped here in the
page cache for anonymous readers (``caching``); the router's views stay as DRF
made them, so the schema and every other method are unchanged.
"""

from collections.abc import Callable

from django.urls import URLPattern, URLResolver, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from newsbudget.api import caching, docs, search, usage, views
from ops.httpcache.decorators import View

app_name = "api"

router = SimpleRouter()
router.register("stories", views.StoryViewSet, basename="story")

PUBLIC_READS: dict[str, Callable[[View], View]] = {
    "story-list": caching.STORY_LIST,
    "story-detail": caching.STORY,
}
"""Router routes (by name) whose GETs anonymous readers share, with their page-cache wrapper."""


def for_anonymous_readers(route: URLPattern | URLResolver) -> URLPattern | URLResolver:
    """``route`` with its view behind the page cache, if it is one of ``PUBLIC_READS``."""
    if not isinstance(route, URLPattern) or route.name not in PUBLIC_READS:
        return route
    cached = PUBLIC_READS[route.name](route.callback)
    return URLPattern(route.pattern, cached, route.default_args, route.name)


urlpatterns = [
    *(for_anonymous_readers(route) for route in router.urls),
    re_path(
        r"^budget/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", views.BudgetView.as_view(), name="budget"
    ),
    path("desks/", caching.DESK_LIST(views.DeskListView.as_view()), name="desks"),
    path("usage/", usage.UsageView.as_view(), name="usage"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", docs.RedocView.as_view(url_name="api:schema"), name="redoc"),
    # Last: every other URL ending in a slash gets a 404 in the API's own format.
    re_path(r"^(?:.*/)?$", views.NoSuchEndpoint.as_view(), name="no-such-endpoint"),
]
