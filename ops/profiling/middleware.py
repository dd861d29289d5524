"""Profile one request: staff add ``?profile=1`` to any page and get pyinstrument's report instead.

The report shows where the time of *this* request went, in production, on
real data, without a deploy or a debugger — which is when slowness shows.
Only signed-in staff (``is_staff``, with two-factor authentication, like every
session) can ask; for anyone else the parameter is ignored and the page is
served as usual, so the parameter is no way to make the site do extra work.

``?profile=1`` returns pyinstrument's interactive HTML report; ``?profile=text``
a plain-text call tree.  The HTML report is a page of inline script and
style, so its response carries its own Content-Security-Policy allowing
exactly that and nothing from elsewhere.  Both are ``private, no-store``.
The request runs in full (writes included): profile a POST only if you mean
to make it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.csp import CSP
from pyinstrument import Profiler

PARAMETER = "profile"
REPORT_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.UNSAFE_INLINE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["data:"],
    "font-src": ["data:"],
}


def wants_profile(request: HttpRequest) -> str | None:
    """The report format asked for, if this request may have one."""
    asked = request.GET.get(PARAMETER)
    if asked is None or not settings.PROFILING_ENABLED:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    return "text" if asked == "text" else "html"


class StaffProfilingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        report = wants_profile(request)
        if report is None:
            return self.get_response(request)
        profiler = Profiler(interval=settings.PROFILING_INTERVAL_SECONDS, async_mode="disabled")
        with profiler:
            self.get_response(request)
        if report == "text":
            response = HttpResponse(profiler.output_text(unicode=True), content_type="text/plain")
        else:
            response = HttpResponse(profiler.output_html())
            response._csp_config = REPORT_CSP  # type: ignore[attr-defined]
        response["Cache-Control"] = "private, no-store"
        return response
