"""gunicorn settings for the `web` process, read from the environment.

A low request timeout (10 s) bounds how long one slow request can hold a
worker; on SIGTERM gunicorn stops accepting, lets in-flight requests finish
within ``graceful_timeout`` and exits, which is what a rolling deploy needs.

gunicorn's own log goes to stdout in the site's format (JSON lines in
staging/production); its access log is off, because the app writes a richer
line per request (ops.telemetry).  The workers share one Prometheus
multiprocess directory, cleaned of dead processes' files when the server
starts (ops.metrics.multiprocess).  gunicorn reads this file before it puts
the project on ``sys.path``, hence the insert below.
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from ops.config.env import StrictEnv, positive_int_from_env  # noqa: E402 - needs the sys.path entry above
from ops.logs.setup import default_format, gunicorn_logconfig  # noqa: E402
from ops.metrics import multiprocess  # noqa: E402

StrictEnv.read_env(BASE_DIR / ".env")


# Loopback unless told: WEB_HOST=0.0.0.0 in a container or behind a balancer on another machine
# (the port still from PORT, which platforms set); WEB_BIND names the whole address instead.
web_host = os.environ.get("WEB_HOST", "127.0.0.1")
web_port = positive_int_from_env("PORT", 8000)
bind = os.environ.get("WEB_BIND", f"{web_host}:{web_port}")
workers = positive_int_from_env("WEB_CONCURRENCY", 2)
timeout = positive_int_from_env("WEB_TIMEOUT", 10)
graceful_timeout = positive_int_from_env("WEB_GRACEFUL_TIMEOUT", 20)
keepalive = 5
# Recycle a worker after 100,000-150,000 requests (bounds a slow leak).  A
# restart costs about a second of CPU and its first request ~0.5 s (Django's
# import and URLconf warm-up), and two workers restarting together leave the
# node without one: at 2000 (+200 jitter) a node serving cached pages at
# ~2,700 req/s restarted a worker every ~1.5 s, and p99 went from 7 ms to
# ~0.5-0.9 s (bench, docs/performance.md).  The wide jitter keeps workers apart.
max_requests = 100_000
max_requests_jitter = 50_000
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = None
errorlog = "-"
logconfig_dict = gunicorn_logconfig(
    level=os.environ.get("LOG_LEVEL", "INFO").upper(),
    log_format=os.environ.get(
        "LOG_FORMAT", default_format(os.environ.get("NEWSBUDGET_ENV", "dev"))
    ).lower(),
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's control socket lives at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn);
# nothing here uses it, and several nodes on one machine would overwrite each other's.
control_socket_disable = True

# The same default as config/settings.py: a directory under var/ unless the variable says.
metrics_directory = multiprocess.use_directory(
    os.environ.get("PROMETHEUS_MULTIPROC_DIR") or BASE_DIR / "var" / "metrics"
)


def on_starting(server: object) -> None:
    """Before the workers start: forget the counters of processes that no longer exist."""
    multiprocess.remove_dead_process_files(metrics_directory)


def child_exit(server: object, worker: object) -> None:
    """A worker exited: drop its live gauges (its counters stay until the next start)."""
    from prometheus_client import multiprocess as prometheus_multiprocess

    prometheus_multiprocess.mark_process_dead(worker.pid, str(metrics_directory))  # type: ignore[attr-defined]
