"""``python -m tests.smoke --base-url``: a broken site exits 1 and the report says why.

The site is a tiny ``http.server`` on a free loopback port in a thread of the
test, with one of each problem the crawl must catch: a broken link, a missing
asset, a page without a title, a slow page, and a form that answers 500 to
hostile input.  The same site with the problems removed exits 0.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.smoke.__main__ import arguments, bounds_from, main
from tests.smoke.crawler import Bounds

BROKEN = {
    "/": "<title>Home</title><a href='/gone/'>gone</a><a href='/untitled/'>u</a>"
    "<a href='/slow/'>slow</a><img src='/static/missing.png'>"
    "<form action='/search/'><input name='q'></form>",
    "/untitled/": "<p>No title here</p>",
    "/slow/": "<title>Slow</title>",
}
CLEAN = {
    "/": "<title>Home</title><a href='/about/'>about</a>",
    "/about/": "<title>About</title>",
    "/sitemap.xml": "<urlset><url><loc>/contact/</loc></url></urlset>",
    "/robots.txt": "User-agent: *\nAllow: /\n",
    "/contact/": "<title>Contact</title>",
}
TYPES = {".xml": "application/xml", ".txt": "text/plain"}


def handler_for(pages: dict[str, str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/slow/":
                time.sleep(0.6)
            if parts.path == "/search/":
                query = parse_qs(parts.query).get("q", [""])[0]
                self.answer(500 if "'" in query else 200, "<title>Results</title>")
            elif parts.path in pages:
                self.answer(200, pages[parts.path])
            else:
                self.answer(404, "<title>Not found</title>")

        def answer(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            kind = TYPES.get(Path(self.path).suffix, "text/html")
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def serve(pages: dict[str, str]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(pages))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def broken_site() -> Iterator[str]:
    yield from serve(BROKEN)


@pytest.fixture
def clean_site() -> Iterator[str]:
    yield from serve(CLEAN)


def run(base_url: str, report: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--base-url", base_url, "--slow-seconds", "0.5", "--report", str(report)])
    return status, capsys.readouterr().out


def test_it_exits_1_and_reports_every_kind_of_failure(
    broken_site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(broken_site, tmp_path / "report.json", capsys)
    assert status == 1, output
    report = json.loads((tmp_path / "report.json").read_text())
    found = {(f["kind"], urlsplit(f["url"]).path) for f in report["failures"]}
    assert {
        ("status", "/gone/"),
        ("missing-asset", "/static/missing.png"),
        ("no-title", "/untitled/"),
        ("slow", "/slow/"),
        ("form-5xx", "/search/"),
    } <= found
    assert report["ok"] is False
    assert "FAILED" in output
    assert "[missing-asset]" in output


def test_it_exits_0_on_a_clean_site_and_writes_its_counts(
    clean_site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(clean_site, tmp_path / "report.json", capsys)
    assert status == 0, output
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["ok"] is True
    assert report["counts"]["pages"] == 5  # /, /about/, /contact/, the sitemap, robots.txt
    assert report["bounds"]["slow_seconds"] == 0.5
    assert "OK: no failures." in output


def test_it_reads_its_bounds_from_the_environment_and_flags_win(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CRAWL_SLOW_SECONDS", "0.75")
    monkeypatch.setenv("CRAWL_MAX_PAGES", "40")
    assert bounds_from(arguments([])) == Bounds(max_pages=40, slow_seconds=0.75)
    assert bounds_from(arguments(["--slow-seconds", "3", "--no-forms"])) == Bounds(
        max_pages=40, slow_seconds=3.0, forms=False
    )
