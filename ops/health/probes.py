"""GET /healthz (liveness) and GET /readyz (readiness), answered before anything else runs.

- **/healthz** says the process is alive and answering: no database, no
  cache, no disk, no template — it stays fast and green whatever else is
  down, so a supervisor restarts only a process that is truly stuck.
- **/readyz** says whether this node should receive traffic: the checks in
  ops.health.checks, 200 when all pass, 503 when a critical one fails or when
  the node is draining.  The *advisory* checks (the shared cache, the task
  queue's lag) answer 200 with status ``degraded``: every node shares those
  dependencies, the site serves without them (the cache is bypassed, tasks
  wait), and a balancer that took every node out for them would turn a
  degraded site into a down one.  The JSON body lists each check.  Who fails and why (the
  ``detail`` and timings) is shown only to the same internal clients that
  may read /metrics; anyone else sees only which checks pass.

Both are answered by the first middleware, so they skip ``ALLOWED_HOSTS``
(a balancer probes a node by its address), the SSL redirect (probes are
plain HTTP inside the network), sessions, rate limits and the request log
(a probe every second per balancer would drown it).  Neither is cached.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

from ops.health.checks import ADVISORY_CHECKS, CheckResult, run_checks
from ops.health.drain import is_draining
from ops.metrics.access import may_read_metrics

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
NO_STORE = "no-store"


def liveness() -> HttpResponse:
    response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = NO_STORE
    return response


def readiness_status(results: list[CheckResult], *, draining: bool) -> str:
    """``draining``; ``unready`` if a critical check fails; ``degraded`` if an advisory one."""
    if draining:
        return "draining"
    failing = {result.name for result in results if not result.ok}
    if failing - ADVISORY_CHECKS:
        return "unready"
    return "degraded" if failing else "ready"


def readiness(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    status = readiness_status(results, draining=is_draining())
    with_detail = may_read_metrics(request)
    body = {
        "status": status,
        "release": settings.RELEASE,
        "checks": {result.name: result.as_dict(with_detail=with_detail) for result in results},
    }
    response = JsonResponse(body, status=200 if status in ("ready", "degraded") else 503)
    response["Cache-Control"] = NO_STORE
    return response


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path == LIVENESS_PATH:
            return liveness()
        if request.path == READINESS_PATH:
            return readiness(request)
        return self.get_response(request)
