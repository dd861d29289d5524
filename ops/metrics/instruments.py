"""The Prometheus instruments, and the sinks that feed them from request and task records.

Labels are kept to bounded sets, because every label value is a new time
series in Prometheus: the route is the URL *name* (``site:story``), never the
path; the status is the code; the task is its function name; a partner is
the public prefix of its API key.  Nothing here is per user or per address.

Under gunicorn each worker process counts on its own; ``prometheus_client``'s
multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, see ops.metrics.multiprocess)
keeps each process's values in a memory-mapped file that the /metrics view
adds up, so a scrape sees the whole node, workers and task runners alike.
"""

from __future__ import annotations

from django.conf import settings
from prometheus_client import Counter, Histogram

from ops.telemetry.records import RequestRecord, TaskRecord

NAMESPACE = getattr(settings, "METRICS_NAMESPACE", "newsbudget")
REQUEST_SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
TASK_SECONDS_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0)

http_requests = Counter(
    "http_requests",
    "Requests answered, by route name, method and status code.",
    ["route", "method", "status"],
    namespace=NAMESPACE,
)
http_request_seconds = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by route name and status code.",
    ["route", "status"],
    namespace=NAMESPACE,
    buckets=REQUEST_SECONDS_BUCKETS,
)
db_queries = Counter(
    "db_queries",
    "Database queries made while answering requests or running tasks, by route or task.",
    ["source"],
    namespace=NAMESPACE,
)
db_query_seconds = Counter(
    "db_query_seconds",
    "Time spent in database queries, by route or task.",
    ["source"],
    namespace=NAMESPACE,
)
cache_lookups = Counter(
    "cache_lookups",
    "Cache lookups, by result (hit or miss).",
    ["result"],
    namespace=NAMESPACE,
)
task_runs = Counter(
    "task_runs",
    "Task runs finished, by task name and outcome (successful, failed).",
    ["task", "outcome"],
    namespace=NAMESPACE,
)
task_seconds = Histogram(
    "task_duration_seconds",
    "Time a task run took, by task name.",
    ["task"],
    namespace=NAMESPACE,
    buckets=TASK_SECONDS_BUCKETS,
)
protection_blocks = Counter(
    "protection_blocks",
    "Requests refused by rate limits, bot blocking and API-key limits, by reason.",
    ["reason"],
    namespace=NAMESPACE,
)
api_key_requests = Counter(
    "api_key_requests",
    "API requests made with a partner key, by the key's public prefix and status code.",
    ["key", "status"],
    namespace=NAMESPACE,
)
db_replica_fallbacks = Counter(
    "db_replica_fallbacks",
    "Requests that read from the primary although a replica was allowed, by replica and reason "
    "(unreachable, lagging, failed mid-request).",
    ["replica", "reason"],
    namespace=NAMESPACE,
)


def observe_request(record: RequestRecord) -> None:
    """Request sink (``TELEMETRY_REQUEST_SINKS``)."""
    status = str(record.status)
    http_requests.labels(record.route, record.method, status).inc()
    http_request_seconds.labels(record.route, status).observe(record.duration_ms / 1000)
    if record.db_queries:
        db_queries.labels(record.route).inc(record.db_queries)
        db_query_seconds.labels(record.route).inc(record.db_ms / 1000)
    count_cache_lookups(record.cache_hits, record.cache_misses)
    if record.api_key:
        api_key_requests.labels(record.api_key, status).inc()


def observe_task(record: TaskRecord) -> None:
    """Task sink (``TELEMETRY_TASK_SINKS``)."""
    source = f"task:{record.task_name}"
    task_runs.labels(record.task_name, record.outcome).inc()
    task_seconds.labels(record.task_name).observe(record.duration_ms / 1000)
    if record.db_queries:
        db_queries.labels(source).inc(record.db_queries)
    count_cache_lookups(record.cache_hits, record.cache_misses)


def count_cache_lookups(hits: int, misses: int) -> None:
    if hits:
        cache_lookups.labels("hit").inc(hits)
    if misses:
        cache_lookups.labels("miss").inc(misses)


def count_block(reason: str) -> None:
    """One refused request (ops.throttle.events calls this for every refusal it records)."""
    protection_blocks.labels(reason).inc()


def count_replica_fallback(replica: str, reason: str) -> None:
    """One request read from the primary because ``replica`` was unusable (ops.dbrouting)."""
    db_replica_fallbacks.labels(replica, reason).inc()
