"""Test-only pages that show a feature behind a flag: a private page and a cached public one."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from ops.httpcache.decorators import public_page

FEATURE = engines["django"].from_string(
    '{% load waffle_tags %}{% flag "beta_feature" %}<p>beta on</p>{% else %}<p>beta off</p>'
    "{% endflag %}"
)


def feature(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FEATURE.render({}, request))


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>no flag here</p>")


def scopes(request: HttpRequest) -> list[str]:
    return ["flags-test"]


urlpatterns = [
    path("feature/", feature),
    path("public-feature/", public_page(scopes)(feature)),
    path("public-plain/", public_page(scopes)(plain)),
]
