"""Crawl a site from its home page and sitemap; fail on what a reader or a form would trip over.

Breadth first from ``/``, ``/sitemap.xml`` and ``/robots.txt``, same origin
only, the crawler follows ``<a>`` links, feeds, sitemap entries and
redirects (one hop at a time, each timed), and fetches every static asset a
page or stylesheet loads.  A response fails the crawl when:

- a page answers 4xx or 5xx (``status``), or an asset does (``missing-asset``);
- an HTML page has no ``<title>`` or an empty one (``no-title``);
- any single response, redirect hops included, takes longer than
  ``Bounds.slow_seconds`` (``slow``; 2 s unless told otherwise);
- a form submission answers 5xx (``form-5xx``), a POST is refused for its
  CSRF token although it sent the one the page gave (``form-csrf``), or the
  answer to a hostile submission holds markup that could run script and the
  form's own page does not (``form-unsafe-markup``, judged by tests/hostile/markup).

Every form found on a crawled page is submitted (``inputs``): empty, then with
each hostile string; a 2xx (the form re-rendered with its errors, search
results, a thank-you page after a redirect), a 3xx, a 4xx (a 400 for a NUL
byte, a 429 from a rate limit) all pass; only a 5xx fails.  A POST fetches
the form's page first, as a browser does, for a fresh CSRF cookie and token.
A form with a password field (sign-in, sign-up, reset with a new password) is
submitted only ``Bounds.sign_in_submissions`` times, so the lockout (django-axes)
is never reached; a form whose action is on another origin is never submitted.

The crawl is bounded: at most ``max_pages`` pages and ``max_assets`` assets,
at most ``per_pattern`` pages of one URL shape (``pattern``: the demo data's
three hundred story pages are one shape), and ``max_seconds`` in all; what a
bound left out is counted in the report, not silently dropped.  The crawler is
a plain HTTP client (httpx), so it can crawl any deployed site
(``--base-url``); it never imports Django.
"""

from __future__ import annotations

import ssl
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.hostile.markup import unsafe_markup
from tests.smoke.inputs import Variant, fill, variants_for
from tests.smoke.parsing import Form, css_urls, parse_html, xml_links

USER_AGENT = "newsbudget-smoke-crawler/1.0 (+docs/testing.md)"
MAX_REDIRECTS = 5
SEEDS = ("/", "/sitemap.xml", "/robots.txt")
XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml")


@dataclass(frozen=True)
class Bounds:
    """How far and how long the crawl goes, and how slow a response may be."""

    max_pages: int = 300
    max_assets: int = 300
    per_pattern: int = 25
    max_seconds: float = 120.0
    slow_seconds: float = 2.0
    request_timeout: float = 10.0
    forms: bool = True
    sign_in_submissions: int = 2


@dataclass
class Fetched:
    """One response, as the report lists it."""

    method: str
    url: str
    kind: str  # page, asset or form
    status: int
    seconds: float
    content_type: str
    referrer: str | None = None


@dataclass
class Failure:
    """One thing wrong, with the page that led to it."""

    kind: str
    url: str
    detail: str
    referrer: str | None = None

    def __str__(self) -> str:
        via = f" (linked from {self.referrer})" if self.referrer else ""
        return f"[{self.kind}] {self.url}: {self.detail}{via}"


@dataclass
class Report:
    """Everything the crawl saw and everything that failed."""

    base_url: str
    bounds: Bounds
    fetched: list[Fetched] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    forms: list[dict[str, Any]] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def count(self, kind: str) -> int:
        return len({f.url for f in self.fetched if f.kind == kind})

    def slowest(self, n: int = 10) -> list[Fetched]:
        return sorted(self.fetched, key=lambda f: f.seconds, reverse=True)[:n]

    def as_json(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "bounds": asdict(self.bounds),
            "counts": {
                "pages": self.count("page"),
                "assets": self.count("asset"),
                "forms": len(self.forms),
                "form_submissions": sum(len(form["submissions"]) for form in self.forms),
                "responses": len(self.fetched),
            },
            "left_out": dict(self.left_out),
            "failures": [asdict(failure) for failure in self.failures],
            "slowest": [asdict(fetched) for fetched in self.slowest()],
            "forms": self.forms,
            "responses": [asdict(fetched) for fetched in self.fetched],
        }

    def summary(self) -> str:
        counts = self.as_json()["counts"]
        lines = [
            f"Crawled {self.base_url} in {self.seconds:.1f} s: {counts['pages']} pages, "
            f"{counts['assets']} assets, {counts['forms']} forms "
            f"({counts['form_submissions']} submissions), {counts['responses']} responses; "
            f"slow bound {self.bounds.slow_seconds:g} s per response.",
        ]
        if self.left_out:
            left = ", ".join(f"{n} {why}" for why, n in sorted(self.left_out.items()))
            lines.append(f"Left out by the bounds or the rules: {left}.")
        lines.append("Slowest responses:")
        lines += [
            f"  {f.seconds * 1000:7.0f} ms  {f.status}  {f.method} {f.url}" for f in self.slowest(5)
        ]
        if self.failures:
            lines.append(f"FAILED: {len(self.failures)} problem(s):")
            lines += [f"  {failure}" for failure in self.failures]
        else:
            lines.append("OK: no failures.")
        return "\n".join(lines)


def pattern(url: str) -> tuple[str, int, str, tuple[str, ...]]:
    """The shape of a URL: first path segment, depth, file extension and query parameter names.

    Pages of one shape are the same view with another slug or page number, so a
    few of them prove it; the per-pattern bound keeps the crawl from visiting all
    three hundred stories.

    >>> pattern("http://h/stories/a-b/") == pattern("http://h/stories/c/")
    True
    >>> pattern("http://h/desks/news/") == pattern("http://h/desks/news/feed.rss")
    False
    >>> pattern("http://h/?page=2") == pattern("http://h/?page=3") != pattern("http://h/")
    True
    """
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    first = segments[0] if segments else ""
    last = segments[-1] if segments else ""
    extension = last.rpartition(".")[2] if "." in last else ""
    names = tuple(sorted({pair.partition("=")[0] for pair in parts.query.split("&") if pair}))
    return (first, len(segments), extension, names)


def same_origin(url: str, base: str) -> bool:
    """Whether ``url`` is on the crawled site (scheme, host and port).

    >>> same_origin("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/")
    True
    >>> same_origin("http://127.0.0.1:8001/a", "http://127.0.0.1:8000/")
    False
    >>> same_origin("https://example.org/", "http://127.0.0.1:8000/")
    False
    """
    one, other = urlsplit(url), urlsplit(base)
    return (one.scheme, one.netloc.lower()) == (other.scheme, other.netloc.lower())


def content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


class Crawler:
    """One crawl of one site; ``run()`` returns its report."""

    def __init__(
        self, base_url: str, bounds: Bounds | None = None, client: httpx.Client | None = None
    ) -> None:
        self.base = base_url.rstrip("/") + "/"
        self.bounds = bounds or Bounds()
        self.client = client or httpx.Client(timeout=self.bounds.request_timeout)
        self.client.headers["User-Agent"] = USER_AGENT
        self.report = Report(base_url=self.base, bounds=self.bounds)
        self.queue: deque[tuple[str, str, str | None]] = deque()
        self.seen: set[str] = set()
        self.per_pattern: Counter[tuple[str, int, str, tuple[str, ...]]] = Counter()
        self.forms: dict[tuple[str, str, tuple[str, ...]], Form] = {}
        self.started = 0.0

    # --- the walk -------------------------------------------------------------

    def run(self) -> Report:
        self.started = time.monotonic()
        for seed in SEEDS:
            self.enqueue(self.base + seed.lstrip("/"), "page", None)
        while self.queue:
            if self.out_of_time():
                self.report.left_out["queued when time ran out"] += len(self.queue)
                break
            url, kind, referrer = self.queue.popleft()
            self.visit(url, kind, referrer)
        if self.bounds.forms:
            self.submit_forms()
        self.report.seconds = time.monotonic() - self.started
        return self.report

    def out_of_time(self) -> bool:
        return time.monotonic() - self.started > self.bounds.max_seconds

    def enqueue(self, url: str, kind: str, referrer: str | None) -> None:
        if url in self.seen:
            return
        if not same_origin(url, self.base):
            self.report.left_out["off-origin links"] += 1
            self.seen.add(url)
            return
        if not self.admit(url, kind):
            return
        self.seen.add(url)
        self.queue.append((url, kind, referrer))

    def admit(self, url: str, kind: str) -> bool:
        """Whether the bounds leave room for one more ``kind``; counts what they leave out."""
        queued = sum(1 for _url, queued_kind, _ref in self.queue if queued_kind == kind)
        if kind == "asset":
            if self.report.count("asset") + queued >= self.bounds.max_assets:
                self.report.left_out["assets over max_assets"] += 1
                return False
            return True
        if self.report.count("page") + queued >= self.bounds.max_pages:
            self.report.left_out["pages over max_pages"] += 1
            return False
        shape = pattern(url)
        if self.per_pattern[shape] >= self.bounds.per_pattern:
            self.report.left_out["pages over per_pattern"] += 1
            return False
        self.per_pattern[shape] += 1
        return True

    def visit(self, url: str, kind: str, referrer: str | None) -> None:
        response = self.fetch("GET", url, kind, referrer)
        if response is None:
            return
        final = str(response.url)
        if response.is_redirect:
            return  # off to another origin: not ours to judge
        if response.status_code >= 400:
            failure_kind = "missing-asset" if kind == "asset" else "status"
            self.fail(failure_kind, final, f"status {response.status_code}", referrer)
            return
        self.read(final, response, kind)

    def read(self, url: str, response: httpx.Response, kind: str) -> None:
        """Queue what a successful response points at, and judge an HTML page's title."""
        kind_of_body = content_type(response)
        if kind_of_body == "text/html" and kind == "page":
            page = parse_html(url, response.text)
            if not page.title:
                self.fail("no-title", url, "HTML page without a non-empty <title>", None)
            for link in page.links:
                self.enqueue(link, "page", url)
            for asset in page.assets:
                self.enqueue(asset, "asset", url)
            for form in page.forms:
                self.forms.setdefault(form.key, form)
        elif kind_of_body in XML_TYPES or kind_of_body.endswith("+xml"):
            for link in xml_links(url, response.text):
                self.enqueue(link, "page", url)
        elif kind_of_body == "text/css":
            for asset in css_urls(url, response.text):
                self.enqueue(asset, "asset", url)
        elif kind_of_body == "text/plain" and urlsplit(url).path == "/robots.txt":
            for line in response.text.splitlines():
                name, _, value = line.partition(":")
                if name.strip().lower() == "sitemap":
                    self.enqueue(value.strip(), "page", url)

    # --- one request, its redirects followed one hop at a time --------------

    def fetch(
        self,
        method: str,
        url: str,
        kind: str,
        referrer: str | None,
        headers: dict[str, str] | None = None,
        **options: Any,
    ) -> httpx.Response | None:
        """The final response, every hop timed and judged; None if the request itself failed."""
        for _hop in range(MAX_REDIRECTS + 1):
            sent = ({"Referer": referrer} if referrer else {}) | (headers or {})
            response = self.timed(method, url, kind, referrer, headers=sent, **options)
            if response is None or not response.is_redirect:
                return response
            target = str(response.url.join(response.headers["location"]))
            if not same_origin(target, self.base):
                self.report.left_out["off-origin redirects"] += 1
                return response
            referrer, url = url, target
            self.seen.add(target)
            if response.status_code not in (307, 308):
                method, options, headers = "GET", {}, None
        self.fail("status", url, f"more than {MAX_REDIRECTS} redirects", referrer)
        return None

    def timed(
        self, method: str, url: str, kind: str, referrer: str | None, **options: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = self.client.request(method, url, **options)
        except httpx.HTTPError as error:
            self.fail("status", url, f"no response: {error!r}", referrer)
            return None
        seconds = time.perf_counter() - started
        fetched = Fetched(method, url, kind, response.status_code, seconds, content_type(response))
        fetched.referrer = referrer
        self.report.fetched.append(fetched)
        if seconds > self.bounds.slow_seconds:
            detail = f"{seconds:.2f} s, over the {self.bounds.slow_seconds:g} s bound"
            self.fail("slow", url, f"{method} {detail}", referrer)
        return response

    def fail(self, kind: str, url: str, detail: str, referrer: str | None) -> None:
        self.report.failures.append(Failure(kind, url, detail, referrer))

    # --- forms ------------------------------------------------------------------

    def submit_forms(self) -> None:
        for form in self.forms.values():
            record: dict[str, Any] = {
                "page": form.page,
                "action": form.action,
                "method": form.method,
                "fields": [control.name for control in form.fields],
                "sign_in": form.is_sign_in,
                "submissions": [],
            }
            self.report.forms.append(record)
            if not same_origin(form.action, self.base):
                record["skipped"] = "action is not on this origin"
                continue
            if form.method not in ("GET", "POST"):
                record["skipped"] = f"method {form.method} (a browser sends GET)"
                continue
            for variant in variants_for(form, sign_in_submissions=self.bounds.sign_in_submissions):
                if self.out_of_time():
                    self.report.left_out["form submissions when time ran out"] += 1
                    continue
                record["submissions"].append(self.submit(form, variant))

    def submit(self, form: Form, variant: Variant) -> dict[str, Any]:
        """Submit ``form`` filled as ``variant``; the outcome, with any failure recorded."""
        current, baseline = self.fresh(form)
        pairs = fill(current, variant)
        if form.method == "GET":
            response = self.fetch("GET", form.action, "form", form.page, params=pairs)
        else:
            response = self.fetch(
                "POST",
                form.action,
                "form",
                form.page,
                data=dict(_grouped(pairs)),
                headers={"Origin": self.base.rstrip("/"), "Referer": form.page},
            )
        if response is None:
            return {"variant": variant.label, "status": None}
        self.judge_submission(form, variant, response, baseline)
        return {"variant": variant.label, "status": response.status_code, "url": str(response.url)}

    def fresh(self, form: Form) -> tuple[Form, set[str]]:
        """The form as its page renders it now (a fresh CSRF token), and that page's own markup."""
        response = self.fetch("GET", form.page, "page", None)
        if response is None or response.status_code != 200:
            return form, set()
        page = parse_html(str(response.url), response.text)
        current = next((f for f in page.forms if f.key == form.key), form)
        return current, set(unsafe_markup(response.text))

    def judge_submission(
        self, form: Form, variant: Variant, response: httpx.Response, baseline: set[str]
    ) -> None:
        url = str(response.url)
        what = f"{form.method} of {form.action} from {form.page} ({variant.label})"
        if response.status_code >= 500:
            self.fail("form-5xx", url, f"status {response.status_code} for {what}", form.page)
        elif response.status_code == 403 and "csrf" in response.text.lower():
            self.fail("form-csrf", url, f"CSRF refusal for {what}", form.page)
        elif content_type(response) == "text/html" and response.status_code < 300:
            if not parse_html(url, response.text).title:
                self.fail("no-title", url, f"answer without a <title> to {what}", form.page)
            if variant.value is not None:
                new = [p for p in unsafe_markup(response.text) if p not in baseline]
                if new:
                    self.fail("form-unsafe-markup", url, f"{new[:3]} after {what}", form.page)


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Repeated names (a multiple select) as one list each, as httpx's ``data=`` wants them."""
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def crawl(
    base_url: str, bounds: Bounds | None = None, *, verify: ssl.SSLContext | bool = True
) -> Report:
    """Crawl the site at ``base_url`` within ``bounds`` (``verify``: TLS, as httpx takes it)."""
    timeout = (bounds or Bounds()).request_timeout
    with httpx.Client(timeout=timeout, verify=verify) as client:
        return Crawler(base_url, bounds, client).run()
