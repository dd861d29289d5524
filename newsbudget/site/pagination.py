"""One page of a story list, chosen by the ``?page=`` query parameter.

Readers and crawlers type anything into ``?page=``.  A value that is not a
number falls back to the first page (the link most likely meant), and a number
past the last page is a 404 (there is nothing there, and crawlers should learn
so); neither can ever become a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest


def page_of[M: Model](request: HttpRequest, items: QuerySet[M]) -> Page[M]:
    """The page of ``items`` the request asks for, ``settings.PAGE_SIZE`` to a page."""
    paginator = Paginator(items, settings.PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as error:
        raise Http404("There is no such page.") from error
