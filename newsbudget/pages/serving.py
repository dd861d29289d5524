"""Wagtail's page serving, mounted at /pages/ and cached like every other public page.

These are Wagtail's own front-end routes (``wagtail.urls``) with its serve
view wrapped in ``public_page``: anonymous readers get ETags, 304s and the
page cache under ``freshness.page_scopes``; anyone signed in (an editor
previewing) gets a private, fresh page.  The routes keep Wagtail's names,
un-namespaced, because Wagtail reverses ``wagtail_serve`` to build every page
URL.  Pages are served under a prefix rather than from the root so they can
never shadow a newsroom URL, and an unknown address stays the site's own 404
without a trip through the page tree.
"""

from django.http import HttpRequest, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.urls import URLPattern, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views

from newsbudget.pages.freshness import page_scopes
from ops.dbrouting.decorators import replica_reads
from ops.httpcache.decorators import public_page


def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """Wagtail's serve view, its template rendered now so the page cache can store the bytes."""
    response = wagtail_views.serve(request, path)
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    return response


urlpatterns: list[URLPattern] = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(
        wagtail_urls.serve_pattern,
        replica_reads(public_page(page_scopes)(serve)),
        name="wagtail_serve",
    ),
]
