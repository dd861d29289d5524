"""The demo's editorial pages under /pages/: created once, linked from every footer."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Site

from newsbudget.demo.pages import create_pages
from newsbudget.pages.models import ContactPage, LandingPage, StandardPage


def test_it_creates_the_page_tree_with_the_landing_page_as_the_sites_root(db: None) -> None:
    call_command("load_demo_data", verbosity=0)

    landing = LandingPage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == landing.pk
    children = {page.slug for page in landing.get_children().live()}
    assert children == {"about", "contact", "corrections", "ethics"}
    assert StandardPage.objects.count() == 3
    assert ContactPage.objects.count() == 1
    assert {block.block_type for block in landing.body} == {
        "heading",
        "text",
        "quote",
        "latest_stories",
        "call_to_action",
    }
    # Wagtail's own "Welcome" placeholder is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=landing.pk).exists()


def test_the_footer_links_of_the_demo_all_work(db: None, client: Client) -> None:
    call_command("load_demo_data", verbosity=0)

    home = client.get("/").content.decode()
    for url in ["/pages/about/", "/pages/contact/", "/pages/corrections/", "/pages/ethics/"]:
        assert f'href="{url}"' in home
        assert client.get(url).status_code == 200
    assert client.get("/pages/").status_code == 200


def test_running_it_again_creates_nothing(db: None) -> None:
    call_command("load_demo_data", verbosity=0)
    pages = Page.objects.count()

    assert create_pages() == {"pages": 0}
    call_command("load_demo_data", verbosity=0)

    assert Page.objects.count() == pages


def test_an_older_demo_gets_its_pages_on_the_next_load(db: None) -> None:
    call_command("load_demo_data", verbosity=0)
    LandingPage.objects.get().delete()

    call_command("load_demo_data", verbosity=0)

    assert LandingPage.objects.get().get_children().count() == 4
