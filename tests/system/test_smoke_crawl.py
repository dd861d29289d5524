"""The smoke crawl end to end: the demo site under gunicorn, crawled, its forms submitted, clean.

This is ``make crawl`` inside the suite, on the run's own engine (SQLite in
``make test-sqlite``, a fresh database on the run's PostgreSQL in ``make
test-postgres``: a NUL byte or a 10 kB string reaches a different database).
The bounds are tighter than ``make crawl``'s, to keep it near a minute on two
cores: ten pages of one URL shape (so ten of the 320 stories), 150 pages and
60 s in all.  The slow bound is 5 s rather than 2 s: both suites run at once in
``make test``, and a sign-in POST hashes a password (2 s measured at a load average of 7).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbudget.demo.seed import DESKS
from tests.smoke.crawler import Bounds, crawl
from tests.smoke.site import demo_site

pytestmark = pytest.mark.system

BOUNDS = Bounds(max_pages=150, max_assets=100, per_pattern=10, max_seconds=60, slow_seconds=5)


def test_it_crawls_the_demo_site_and_submits_its_forms_without_a_failure(
    tmp_path: Path, process_database_url: str
) -> None:
    with demo_site(tmp_path / "site", process_database_url) as base_url:
        report = crawl(base_url, BOUNDS)

    assert report.ok, report.summary()
    pages = {f.url.removeprefix(base_url.rstrip("/")) for f in report.fetched if f.status == 200}
    assert "/" in pages
    assert "/sitemap.xml" in pages
    for _name, slug, _description in DESKS:
        assert f"/desks/{slug}/" in pages
        assert f"/desks/{slug}/feed.rss" in pages
    stories = [page for page in pages if page.startswith("/stories/")]
    assert len(stories) == BOUNDS.per_pattern
    assert any(url.startswith("/static/css/") for url in pages), "no stylesheet fetched"
    posted = [form for form in report.forms if form["method"] == "POST" and form["submissions"]]
    assert posted, f"no POST form submitted: {report.forms}"
    assert report.left_out["queued when time ran out"] == 0, report.summary()
