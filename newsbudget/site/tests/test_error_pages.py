"""The custom 404, 500 and 403 pages render, in the site's own words, with DEBUG off."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from newsbudget.desks.models import Desk

FAILING_URLS = "newsbudget.site.tests.failing_urls"


def test_it_runs_with_debug_off() -> None:
    assert settings.DEBUG is False


def test_it_renders_the_custom_404_page_for_an_unknown_url(client: Client, desk: Desk) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · newsbudget</title>" in html
    assert "We can't find that page" in html
    assert '<a href="/desks/news/">News</a>' in html


@pytest.mark.urls(FAILING_URLS)
def test_it_renders_the_custom_500_page_when_a_view_fails(db: None) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/test-errors/500/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "a view failed" not in html
    assert "Traceback" not in html


@pytest.mark.urls(FAILING_URLS)
def test_it_renders_the_custom_403_page_when_an_action_is_refused(
    client: Client, desk: Desk
) -> None:
    response = client.get("/test-errors/403/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You can't do that" in html
    assert "Only editors may publish stories." in html


@pytest.mark.urls(FAILING_URLS)
def test_it_still_serves_the_real_site_beside_the_failing_views(client: Client, desk: Desk) -> None:
    assert client.get("/desks/news/").status_code == 200
