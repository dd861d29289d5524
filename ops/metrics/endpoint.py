"""GET /metrics: the Prometheus text exposition of every process on this node.

Answered by a middleware at the top of the stack rather than a URL route, for
the same reasons as the health probes: a scraper addresses a node by its own
address (not an ``ALLOWED_HOSTS`` name), over plain HTTP inside the network
(no SSL redirect), every 15 seconds (no rate limit, no session, no request
line).  Access is restricted by ops.metrics.access; a refusal is a 403.

Each scrape builds a fresh registry: in multiprocess mode the merged value
files of all processes, otherwise this process's own instruments; plus the
collectors that read shared state at scrape time (task queue, release).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ops.metrics import multiprocess
from ops.metrics.access import may_read_metrics
from ops.metrics.collectors import ReleaseCollector, TaskQueueCollector

PATH = "/metrics"


class ThisProcess(Collector):
    """The default registry's metrics, for single-process mode."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    directory = multiprocess.directory()
    if directory is not None:
        MultiProcessCollector(registry, path=str(directory))
    else:
        registry.register(ThisProcess())
    registry.register(TaskQueueCollector())
    registry.register(ReleaseCollector())
    return registry


def metrics_response(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(
            "GET only\n", status=405, content_type="text/plain", headers={"Allow": "GET, HEAD"}
        )
    if not may_read_metrics(request):
        return HttpResponse(
            "Metrics are internal: send the bearer token or scrape from an allowed network.\n",
            status=403,
            content_type="text/plain",
        )
    response = HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


class MetricsEndpointMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path == PATH:
            return metrics_response(request)
        return self.get_response(request)
