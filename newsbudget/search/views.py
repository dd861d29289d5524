"""The search pages: the public one (mounted by the site as ``site:search``) and the staff one.

Both parse the query string with ``SearchForm`` and call ``search_stories``;
a bad parameter re-renders the form with the message and status 400, and an
empty form shows no results (nothing was asked).  The public page alone
offers "near me", so only it is granted the browser's geolocation feature
(``GEOLOCATION_ALLOWED``, applied where the site mounts it); the browser
still asks the reader, and the script sends nothing unless they agree.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from newsbudget.search.forms import DEFAULT_RADIUS_KM, SearchForm
from newsbudget.search.queries import search_stories
from newsbudget.stories.views import staff_page

GEOLOCATION_ALLOWED: dict[str, str | list[str] | tuple[str]] = {
    **settings.PERMISSIONS_POLICY,
    "geolocation": ["self"],
}
"""The site's Permissions-Policy with geolocation granted to our own origin (the public page)."""

RADII_KM = [5, 10, 50, 100, 250]


def search_page(request: HttpRequest, *, staff: bool) -> HttpResponse:
    form = SearchForm(request.GET)
    context = {"form": form, "staff": staff, "radii": RADII_KM, "default_radius": DEFAULT_RADIUS_KM}
    if not form.is_valid():
        context["error"] = form.error_message()
        return render(request, "search/search.html", context, status=400)
    params = form.params()
    context["params"] = params
    if params.has_criteria:
        context["results"] = search_stories(params, staff=staff)
    return render(request, "search/search.html", context)


def public_search(request: HttpRequest) -> HttpResponse:
    """Live stories only, whoever asks."""
    return search_page(request, staff=False)


@staff_page
def newsroom_search(request: HttpRequest) -> HttpResponse:
    """Every story in every status, for the newsroom; results link to the staff pages."""
    return search_page(request, staff=True)
