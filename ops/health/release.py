"""``X-Release`` on every response: which release of the code answered.

During a rolling deploy two releases serve side by side; the header lets a
load test (tests/system/test_rolling_deploy.py), a smoke check after a deploy
or a reader's bug report say which one answered.  It is the first middleware,
so probes, cached pages and error pages carry it too.  The revision is not a
secret: it names a commit, not what is in it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

RELEASE_HEADER = "X-Release"


class ReleaseHeaderMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.release = str(settings.RELEASE)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response[RELEASE_HEADER] = self.release
        return response
