"""Editorial pages render inside the site's own header and footer, with a title of their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from newsbudget.pages.models import LandingPage

PAGES = {
    "/pages/": "About newsbudget",
    "/pages/about/": "About us",
    "/pages/contact/": "Contact",
    "/pages/corrections/": "Corrections policy",
    "/pages/ethics/": "Ethics",
}
FOOTER_LINKS = ["/pages/about/", "/pages/contact/", "/pages/corrections/", "/pages/ethics/"]


@pytest.mark.parametrize(("url", "title"), PAGES.items())
def test_it_renders_the_page_in_the_sites_frame(
    url: str, title: str, page_tree: LandingPage, client: Client
) -> None:
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{title} · newsbudget</title>" in html
    assert '<header class="masthead">' in html
    assert 'href="/desks/news/"' in html  # the desks' navigation
    assert '<footer class="colophon">' in html
    for link in FOOTER_LINKS:
        assert f'href="{link}"' in html


def test_every_site_page_links_to_the_editorial_pages_in_its_footer(
    page_tree: LandingPage, client: Client
) -> None:
    html = client.get("/").content.decode()

    footer = html[html.index('<footer class="colophon">') :]
    for link in FOOTER_LINKS:
        assert f'href="{link}"' in footer


def test_an_unknown_page_is_the_sites_404(page_tree: LandingPage, client: Client) -> None:
    response = client.get("/pages/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_newsroom_urls_win_over_pages(page_tree: LandingPage, client: Client) -> None:
    child = LandingPage(title="Desks", slug="desks")
    page_tree.add_child(instance=child)
    child.save_revision().publish()

    assert client.get("/desks/news/").templates[0].name == "site/desk.html"
    assert client.get("/pages/desks/").status_code == 200


def test_an_unpublished_page_is_gone_from_its_address_and_every_footer(
    page_tree: LandingPage,
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert 'href="/pages/about/"' in client.get("/").content.decode()
    about = page_tree.get_children().get(slug="about")

    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()

    assert client.get("/pages/about/").status_code == 404
    assert 'href="/pages/about/"' not in client.get("/").content.decode()
