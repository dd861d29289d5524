"""``python -m bench.telemetry`` (``make bench-telemetry``): what observability costs a request.

Every request now gets a request id, a measurement (queries, cache lookups),
a JSON log line, Prometheus counters and a share of the per-minute rollups.
This measures that cost the only way a 2-core machine shared with other work
allows: in one process, two WSGI handlers built from the same settings — one
with ``RequestTelemetryMiddleware``, one without — answer the same requests
in alternating rounds, and the process's CPU time (not wall time, which other
work on the machine inflates) is divided by the requests answered.  Each
round is short and they interleave, so a slow patch of the machine hurts both
sides alike; the median of the rounds is reported.

The site is the demo newsroom on SQLite and diskcache in a temporary
directory, with JSON logs written to ``/dev/null`` (a real file descriptor,
as in production) and a Prometheus multiprocess directory, as the web
process runs.  Results: ``bench/results/telemetry-<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
TELEMETRY = "ops.telemetry.middleware.RequestTelemetryMiddleware"


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.telemetry", description=__doc__)
    parser.add_argument("--requests", type=int, default=500, help="requests per path per round")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds")
    return parser.parse_args(list(argv))


def environment(root: Path) -> dict[str, str]:
    return {
        "NEWSBUDGET_ENV": "dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "CACHE_URL": f"diskcache://{root / 'cache'}",
        "PROMETHEUS_MULTIPROC_DIR": str(root / "metrics"),
        "DRAIN_FILE": str(root / "drain"),
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
        "LOG_FORMAT": "json",
        "ROLLUP_FLUSH_SECONDS": "5",
        "RATE_LIMIT_PAGES": "off",
        "RATE_LIMIT_LIST_PAGES": "off",
    }


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Send this process's stdout (and so every log line) to /dev/null, at the descriptor."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def prepare_site() -> list[tuple[str, dict[str, str]]]:
    """Migrate, collect static files, load the demo newsroom; the requests to measure."""
    from django.core.management import call_command

    from newsbudget.stories.models import Story

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo_data", stdout=io.StringIO())
    story = Story.objects.filter(status="live").order_by("pk").first()
    if story is None:
        raise SystemExit("bench.telemetry: the demo data has no live story")
    return [
        ("/robots.txt", {}),
        ("/", {}),
        (f"/stories/{story.slug}/", {}),
    ]


def handler(with_telemetry: bool) -> Callable[..., Any]:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    middleware = [name for name in settings.MIDDLEWARE if with_telemetry or name != TELEMETRY]
    with override_settings(MIDDLEWARE=middleware):
        return WSGIHandler()


def environ_for(path: str, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) bench",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **headers,
    }


def serve(app: Callable[..., Any], path: str, headers: dict[str, str], count: int) -> float:
    """CPU microseconds per request for ``count`` requests of ``path``."""
    statuses: list[str] = []

    def start_response(status: str, response_headers: Any, exc_info: Any = None) -> None:
        statuses.append(status)

    began = time.process_time()
    for _ in range(count):
        body = app(environ_for(path, headers), start_response)
        b"".join(body)
        getattr(body, "close", lambda: None)()
    spent = time.process_time() - began
    if not statuses[-1].startswith(("200", "304")):
        raise SystemExit(f"bench.telemetry: {path} answered {statuses[-1]}")
    return spent / count * 1e6


def measure(options: argparse.Namespace) -> dict[str, Any]:
    paths = prepare_site()
    apps = {"with": handler(True), "without": handler(False)}
    for app in apps.values():  # warm every cache layer and the code paths
        for path, headers in paths:
            serve(app, path, headers, 20)
    figures: dict[str, dict[str, list[float]]] = {
        path: {"with": [], "without": []} for path, _ in paths
    }
    for round_number in range(options.rounds):
        order = ["with", "without"] if round_number % 2 == 0 else ["without", "with"]
        for path, headers in paths:
            for side in order:
                figures[path][side].append(serve(apps[side], path, headers, options.requests))
    return {path: summary(sides) for path, sides in figures.items()}


def summary(sides: dict[str, list[float]]) -> dict[str, float]:
    with_us, without_us = statistics.median(sides["with"]), statistics.median(sides["without"])
    return {
        "with_us": round(with_us, 1),
        "without_us": round(without_us, 1),
        "overhead_us": round(with_us - without_us, 1),
        "overhead_percent": round(100 * (with_us - without_us) / without_us, 1),
    }


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="newsbudget-bench-telemetry-") as directory:
        os.environ.update(environment(Path(directory)))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(PROJECT))
        import django

        with quiet_stdout():
            django.setup()
            results = measure(options)
    started = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    RESULTS.mkdir(exist_ok=True)
    document = {
        "finished_at": started,
        "settings": {"requests": options.requests, "rounds": options.rounds},
        "load_average": os.getloadavg(),
        "cpu_microseconds_per_request": results,
    }
    output = RESULTS / f"telemetry-{started}.json"
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"{'path':40} {'with µs':>9} {'without µs':>11} {'overhead':>10}")
    for path, figure in results.items():
        print(
            f"{path[:40]:40} {figure['with_us']:9.1f} {figure['without_us']:11.1f} "
            f"{figure['overhead_us']:7.1f} µs ({figure['overhead_percent']:+.1f} %)"
        )
    print(f"Wrote {output.relative_to(PROJECT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
