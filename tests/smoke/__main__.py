"""``python -m tests.smoke`` (``make crawl``): start the demo site, crawl it, report on it.

    python -m tests.smoke [--base-url URL [--ca-file PEM]] [--max-pages N] [--max-assets N]
                          [--per-pattern N] [--max-seconds S] [--slow-seconds S]
                          [--no-forms] [--report PATH] [--workdir DIR]

Without ``--base-url`` it starts its own site (``tests.smoke.site``: demo data,
gunicorn, DEBUG off) in a temporary directory, or in ``--workdir`` (kept
afterwards, for reading the gunicorn log); with it, it crawls a site that is
already running, such as staging after a deploy.  Every bound has an
environment variable too (``CRAWL_MAX_PAGES``, ``CRAWL_SLOW_SECONDS``, ...),
which the flags override.  The JSON report goes to ``var/crawl/report.json``
unless told otherwise.  Exit status: 0 clean, 1 a failure found, 2 the site
would not start.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import ssl
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import httpx

from tests.smoke.crawler import Bounds, Report, crawl
from tests.smoke.site import demo_site

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_REPORT = BASE_DIR / "var" / "crawl" / "report.json"
DEFAULTS = Bounds()


def env_number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.smoke", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--base-url", help="crawl this running site instead of starting one")
    bound = parser.add_argument_group("bounds (each also read from the CRAWL_* variable named)")
    numbers: list[tuple[str, str, type, str]] = [
        ("max-pages", "CRAWL_MAX_PAGES", int, "pages fetched at most"),
        ("max-assets", "CRAWL_MAX_ASSETS", int, "static assets fetched at most"),
        ("per-pattern", "CRAWL_PER_PATTERN", int, "pages of one URL shape at most"),
        ("max-seconds", "CRAWL_MAX_SECONDS", float, "the crawl's whole time budget"),
        ("slow-seconds", "CRAWL_SLOW_SECONDS", float, "a slower response fails the crawl"),
    ]
    for flag, variable, kind, text in numbers:
        default = kind(env_number(variable, getattr(DEFAULTS, flag.replace("-", "_"))))
        bound.add_argument(
            f"--{flag}", type=kind, default=default, help=f"{text} ({variable}, now %(default)s)"
        )
    parser.add_argument("--ca-file", type=Path, help="trust this CA (make cluster's tls/ca.pem)")
    parser.add_argument("--no-forms", action="store_true", help="do not submit forms")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT, help="JSON report path")
    parser.add_argument("--workdir", type=Path, help="the started site's directory (kept)")
    return parser.parse_args(list(argv))


def bounds_from(options: argparse.Namespace) -> Bounds:
    return Bounds(
        max_pages=options.max_pages,
        max_assets=options.max_assets,
        per_pattern=options.per_pattern,
        max_seconds=options.max_seconds,
        slow_seconds=options.slow_seconds,
        forms=not options.no_forms,
    )


def write(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
    print(report.summary())
    print(f"Report: {path}")


def crawl_started_site(options: argparse.Namespace, bounds: Bounds) -> Report:
    directory = options.workdir or Path(tempfile.mkdtemp(prefix="newsbudget-crawl-"))
    print(f"Starting the demo site in {directory} ...", flush=True)
    try:
        with demo_site(directory) as base_url:
            print(f"Crawling {base_url}", flush=True)
            return crawl(base_url, bounds)
    finally:
        log = directory / "web.log"
        if log.exists():
            kept = options.report.parent / "web.log"
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, kept)
            print(f"gunicorn's log: {kept}")
        if options.workdir is None:
            shutil.rmtree(directory, ignore_errors=True)


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    bounds = bounds_from(options)
    if options.base_url:
        verify = ssl.create_default_context(cafile=options.ca_file) if options.ca_file else True
        report = crawl(options.base_url, bounds, verify=verify)
    else:
        try:
            report = crawl_started_site(options, bounds)
        except (AssertionError, OSError, httpx.HTTPError) as error:
            print(f"The site did not start: {error}", file=sys.stderr)
            return 2
    write(report, options.report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
