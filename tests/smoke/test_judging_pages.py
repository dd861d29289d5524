"""The crawl fails on an error page, a missing asset, a page without a title, a slow reply."""

from __future__ import annotations

from tests.smoke.crawler import Report
from tests.smoke.fakesite import Reply, html, site

HOME = html(
    "Home",
    '<a href="/desks/news/">News</a> <link rel="stylesheet" href="/static/site.css">'
    '<img src="/static/logo.png">',
)
CSS = Reply("a{background:url(../img/bg.png)}", content_type="text/css")


def kinds(report: Report) -> list[tuple[str, str]]:
    return sorted((f.kind, f.url) for f in report.failures)


def test_it_passes_a_clean_site() -> None:
    fake = site(
        {
            "/": Reply(HOME),
            "/desks/news/": Reply(html("News")),
            "/static/site.css": CSS,
            "/static/logo.png": Reply("png", content_type="image/png"),
            "/img/bg.png": Reply("png", content_type="image/png"),
        }
    )
    report = fake.crawl()
    assert report.ok, report.summary()
    assert report.count("page") == 4  # home, the desk, the sitemap and robots.txt
    assert report.count("asset") == 3  # the stylesheet, the logo and the image the CSS loads


def test_it_fails_a_broken_link_and_says_where_it_was() -> None:
    report = site({"/": Reply(HOME), "/static/site.css": CSS}).crawl()
    failures = {f.url: f for f in report.failures}
    assert failures["http://site.test/desks/news/"].kind == "status"
    assert failures["http://site.test/desks/news/"].detail == "status 404"
    assert failures["http://site.test/desks/news/"].referrer == "http://site.test/"


def test_it_fails_a_missing_static_asset_even_one_a_stylesheet_loads() -> None:
    fake = site({"/": Reply(HOME), "/desks/news/": Reply(html("News")), "/static/site.css": CSS})
    assert kinds(fake.crawl()) == [
        ("missing-asset", "http://site.test/img/bg.png"),
        ("missing-asset", "http://site.test/static/logo.png"),
    ]


def test_it_fails_a_server_error() -> None:
    fake = site({"/": Reply(html("Home", '<a href="/boom/">x</a>')), "/boom/": Reply(status=500)})
    assert kinds(fake.crawl()) == [("status", "http://site.test/boom/")]


def test_it_fails_an_html_page_without_a_title_or_with_an_empty_one() -> None:
    fake = site(
        {
            "/": Reply(html("Home", '<a href="/none/">a</a><a href="/blank/">b</a>')),
            "/none/": Reply(html(None)),
            "/blank/": Reply(html(" \n ")),
        }
    )
    assert kinds(fake.crawl()) == [
        ("no-title", "http://site.test/blank/"),
        ("no-title", "http://site.test/none/"),
    ]


def test_it_does_not_ask_a_feed_or_a_text_file_for_a_title() -> None:
    fake = site(
        {
            "/": Reply(html("Home", '<link rel="alternate" href="/feed.rss">')),
            "/feed.rss": Reply(
                "<rss><channel></channel></rss>", content_type="application/rss+xml"
            ),
        }
    )
    assert fake.crawl().ok


def test_it_fails_a_response_slower_than_the_bound_and_only_that_one() -> None:
    fake = site(
        {
            "/": Reply(html("Home", '<a href="/slow/">slow</a>')),
            "/slow/": Reply(html("Slow"), delay=0.3),
        }
    )
    report = fake.crawl(slow_seconds=0.2)
    assert kinds(report) == [("slow", "http://site.test/slow/")]
    assert "over the 0.2 s bound" in report.failures[0].detail
    assert report.slowest(1)[0].url == "http://site.test/slow/"
    assert fake.crawl(slow_seconds=1.0).ok


def test_it_follows_the_sitemap_and_robots_txt() -> None:
    fake = site(
        {
            "/": Reply(html("Home")),
            "/robots.txt": Reply(
                "Sitemap: http://site.test/extra.xml\n", content_type="text/plain"
            ),
            "/sitemap.xml": Reply(
                "<urlset><url><loc>http://site.test/stories/a/</loc></url></urlset>",
                content_type="application/xml",
            ),
            "/extra.xml": Reply(
                "<urlset><url><loc>http://site.test/stories/b/</loc></url></urlset>",
                content_type="application/xml",
            ),
            "/stories/a/": Reply(html("A")),
        }
    )
    assert kinds(fake.crawl()) == [("status", "http://site.test/stories/b/")]


def test_it_follows_a_redirect_on_the_site_and_judges_where_it_lands() -> None:
    fake = site(
        {
            "/": Reply(html("Home", '<a href="/old/">old</a>')),
            "/old/": Reply(status=301, headers={"location": "/new/"}),
            "/new/": Reply(html(None)),
        }
    )
    assert kinds(fake.crawl()) == [("no-title", "http://site.test/new/")]
