"""Private unless said otherwise: every response without a Cache-Control of its own is uncacheable.

Staff pages, the budget, login, the admin, API writes, error pages: none of
them may be kept by a browser or a proxy, and forgetting a ``never_cache`` on
one new view must not leak it.  So the default is ``private, no-store`` and a
public page opts in (``public_page`` sets its own Cache-Control).  Responses
that set a cookie are made private whatever they said, because a shared cache
would hand that cookie to the next reader.  Static files never reach this
middleware: WhiteNoise answers them first, with its own far-future headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivateByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.cookies and "Cache-Control" in response:
            del response["Cache-Control"]
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
