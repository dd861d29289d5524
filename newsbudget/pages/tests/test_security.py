"""Editorial pages send the site's strict CSP, carry no inline script, and appear in the sitemap."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from newsbudget.pages.models import LandingPage
from tests.hostile.pages import problems_on_all

PAGES = ["/pages/", "/pages/about/", "/pages/contact/", "/pages/corrections/", "/pages/ethics/"]


@pytest.mark.parametrize("url", PAGES)
def test_it_sends_the_sites_strict_csp(url: str, page_tree: LandingPage, client: Client) -> None:
    policy = client.get(url)["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_no_page_has_script_that_would_run(page_tree: LandingPage, client: Client) -> None:
    assert problems_on_all(client, PAGES) == []


def test_the_sitemap_lists_every_public_page(page_tree: LandingPage, client: Client) -> None:
    sitemap = client.get("/sitemap.xml").content.decode()

    for url in PAGES:
        assert f"<loc>http://testserver{url}</loc>" in sitemap


def test_the_sitemap_leaves_out_unpublished_pages(page_tree: LandingPage, client: Client) -> None:
    page_tree.get_children().get(slug="ethics").unpublish()

    assert "/pages/ethics/" not in client.get("/sitemap.xml").content.decode()


def test_anonymous_page_views_count_toward_the_scraping_limit(
    page_tree: LandingPage, client: Client, settings: Settings
) -> None:
    settings.RATE_LIMITS = {
        "scraping_pages": {**settings.RATE_LIMITS["scraping_pages"], "rate": "2/m"},
    }

    statuses = [client.get("/pages/about/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
