"""API v1 URLs, mounted at /api/v1/: stories, the budget, desks, the schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.routers import SimpleRouter

from newsbudget.api import views

app_name = "api"

router = SimpleRouter()
router.register("stories", views.StoryViewSet, basename="story")

urlpatterns = [
    *router.urls,
    re_path(
        r"^budget/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", views.BudgetView.as_view(), name="budget"
    ),
    path("desks/", views.DeskListView.as_view(), name="desks"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    # Last: every other URL ending in a slash gets a 404 in the API's own format.
    re_path(r"^(?:.*/)?$", views.NoSuchEndpoint.as_view(), name="no-such-endpoint"),
]
