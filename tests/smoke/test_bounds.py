"""The crawl stays on its origin and within its bounds, and counts what the bounds left out."""

from __future__ import annotations

from tests.smoke.fakesite import Reply, html, site


def stories(n: int) -> str:
    return "".join(f'<a href="/stories/s-{i}/">{i}</a>' for i in range(n))


def story_routes(n: int) -> dict[str, Reply]:
    return {f"/stories/s-{i}/": Reply(html(f"Story {i}")) for i in range(n)}


def test_it_never_requests_another_origin() -> None:
    fake = site(
        {
            "/": Reply(
                html(
                    "Home",
                    '<a href="https://elsewhere.example/">x</a>'
                    '<a href="http://site.test:8080/">other port</a>'
                    '<script src="https://cdn.example/x.js"></script>',
                )
            ),
        }
    )
    report = fake.crawl()
    assert report.ok, report.summary()
    assert {str(r.url.host) for r in fake.requests} == {"site.test"}
    assert {r.url.port for r in fake.requests} == {None}
    assert report.left_out["off-origin links"] == 3


def test_it_does_not_follow_a_redirect_to_another_origin() -> None:
    fake = site(
        {
            "/": Reply(html("Home", '<a href="/away/">away</a>')),
            "/away/": Reply(status=302, headers={"location": "https://elsewhere.example/"}),
        }
    )
    report = fake.crawl()
    assert report.ok
    assert report.left_out["off-origin redirects"] == 1
    assert all(r.url.host == "site.test" for r in fake.requests)


def test_it_visits_at_most_per_pattern_pages_of_one_shape() -> None:
    fake = site({"/": Reply(html("Home", stories(30))), **story_routes(30)})
    report = fake.crawl(per_pattern=5)
    visited = [path for path in fake.paths() if path.startswith("/stories/")]
    assert visited == [f"/stories/s-{i}/" for i in range(5)]
    assert report.left_out["pages over per_pattern"] == 25


def test_it_visits_at_most_max_pages() -> None:
    fake = site({"/": Reply(html("Home", stories(30))), **story_routes(30)})
    report = fake.crawl(max_pages=10, per_pattern=100)
    assert report.count("page") == 10
    assert report.left_out["pages over max_pages"] == 23  # 30 stories + 3 seeds - 10


def test_it_fetches_at_most_max_assets() -> None:
    images = "".join(f'<img src="/i/{n}.png">' for n in range(8))
    routes = {f"/i/{n}.png": Reply("png", content_type="image/png") for n in range(8)}
    report = site({"/": Reply(html("Home", images)), **routes}).crawl(max_assets=3)
    assert report.count("asset") == 3
    assert report.left_out["assets over max_assets"] == 5


def test_it_stops_when_its_time_is_up_and_says_how_much_was_left() -> None:
    fake = site(
        {
            "/": Reply(html("Home", stories(10))),
            **story_routes(10),
            "/stories/s-0/": Reply(html("Slow"), delay=0.3),
        }
    )
    report = fake.crawl(max_seconds=0.2, per_pattern=100)
    assert report.left_out["queued when time ran out"] > 0
    assert report.count("page") < 13


def test_it_fetches_each_url_once() -> None:
    fake = site({"/": Reply(html("Home", '<a href="/">home</a><a href="/#top">top</a>'))})
    fake.crawl()
    assert fake.paths().count("/") == 1
