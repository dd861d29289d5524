"""The ops dashboard: traffic, latency, errors, the task queue and the cache, as charts, for staff.

Only staff with the ``dashboard.view_minuterollup`` permission (editors and
admins) see it; like every signed-in page it is ``private, no-store``.  The
charts are SVG drawn on the server (ops.dashboard.charts): no script, no
third-party library, nothing the Content-Security-Policy has to allow.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from ops.dashboard.charts import Series, line_chart
from ops.dashboard.queries import RANGES, Bucket, Overview, overview


def charts_of(view: Overview) -> list[SafeString]:
    """The dashboard's charts, top to bottom."""

    def series(name: str, value: Callable[[Bucket], float | int | None]) -> Series:
        return Series(name=name, points=[(bucket.start, value(bucket)) for bucket in view.buckets])

    def chart(
        title: str, lines: list[Series], unit: str = "", y_max: float | None = None
    ) -> SafeString:
        return line_chart(
            title=title, series=lines, start=view.start, end=view.end, unit=unit, y_max=y_max
        )

    return [
        chart("Requests per minute", [series("requests/min", Bucket.per_minute)]),
        chart(
            "Latency",
            [
                series("p50", lambda bucket: bucket.latency_ms(0.50)),
                series("p95", lambda bucket: bucket.latency_ms(0.95)),
                series("p99", lambda bucket: bucket.latency_ms(0.99)),
            ],
            unit="ms",
        ),
        chart("Server errors (5xx)", [series("error rate", Bucket.error_rate)], unit="%"),
        chart("Task queue: tasks waiting", [series("waiting", lambda b: b.queue_ready)]),
        chart(
            "Task queue: oldest waiting task",
            [series("lag", lambda bucket: bucket.queue_lag_seconds)],
            unit="s",
        ),
        chart("Cache hit ratio", [series("hits", Bucket.cache_hit_ratio)], unit="%", y_max=100.0),
    ]


@login_required
@permission_required("dashboard.view_minuterollup", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("range", "hour")
    range_ = RANGES.get(name)
    if range_ is None:
        choices = ", ".join(RANGES)
        return HttpResponseBadRequest(
            f"Unknown range {escape(name[:40])!s}: choose one of {choices}.",
            content_type="text/plain",
        )
    view = overview(range_, timezone.now())
    return TemplateResponse(
        request,
        "ops/dashboard.html",
        {"view": view, "charts": charts_of(view), "ranges": RANGES.values()},
    )
