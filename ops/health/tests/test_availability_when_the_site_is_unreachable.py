"""When readiness does not answer, the site is down: one alert, its failing pages explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import HOME, STORY, World, world
from ops.http.tests.loopback import Answer, closed_port_url


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_nothing_listening_is_one_site_down_alert(here: World) -> None:
    gone = closed_port_url()

    run = here.run(f"{gone}/", f"{gone}/stories/x/", "--readiness", f"{gone}/readyz")

    assert run.code == 1
    down = (
        f"DOWN: site — readiness {gone}/readyz: connection refused "
        "(2 failing page(s) explained by it)"
    )
    assert [post["text"] for post in run.posts] == [down]
    assert [email.subject for email in run.emails] == [f"[newsbudget] {down}"]
    assert f"EXPLAINED page {gone}/: connection refused, explained by the site being down" in (
        run.stdout
    )


def test_a_proxy_error_instead_of_a_readiness_report_is_the_site_down(here: World) -> None:
    for path in ("/readyz", HOME, STORY):
        here.site.answer(path, Answer(502, b"<html>502 Bad Gateway</html>"))

    run = here.run()

    assert run.code == 1
    assert run.posts[0]["text"] == (
        f"DOWN: site — readiness {here.url('/readyz')} answered 502 without a readiness report "
        "(2 failing page(s) explained by it)"
    )


def test_readiness_unreachable_while_the_pages_answer_says_so(here: World) -> None:
    here.site.answer("/readyz", Answer(drop=True))

    run = here.run()

    assert run.code == 1
    assert run.posts[0]["text"].endswith("(yet 2 of 2 page(s) answer)")


def test_the_site_coming_back_is_one_recovered_alert(here: World) -> None:
    here.site.answer("/readyz", Answer(delay=2))
    here.run("--timeout", "0.2")
    here.ready()

    run = here.run()

    assert run.code == 0
    assert [post["text"] for post in run.posts] == ["RECOVERED: site after 1 min"]
    assert len(run.emails) == 1
