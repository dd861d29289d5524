"""Editorial pages are cached like other public pages; publishing one refreshes them everywhere."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from newsbudget.accounts.models import User
from newsbudget.pages.models import LandingPage, StandardPage
from ops.purge.config import purge_settings

CommitCallbacks = Callable[..., AbstractContextManager[Any]]
PAGES = ["/pages/", "/pages/about/", "/pages/ethics/"]
SITE = "https://news.example.org"


@pytest.fixture
def committed(django_capture_on_commit_callbacks: CommitCallbacks) -> CommitCallbacks:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def about(landing: LandingPage) -> StandardPage:
    return StandardPage.objects.child_of(landing).get(slug="about")


@pytest.mark.parametrize("url", PAGES)
def test_the_second_anonymous_request_is_served_from_the_cache_without_a_query(
    url: str, page_tree: LandingPage, client: Client, django_assert_num_queries: Any
) -> None:
    first = client.get(url)
    assert first["X-App-Cache"] == "miss"
    assert "public" in first["Cache-Control"]

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second["X-App-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", PAGES)
def test_a_matching_etag_gets_304_without_a_query(
    url: str, page_tree: LandingPage, client: Client, django_assert_num_queries: Any
) -> None:
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag


def test_the_contact_page_carries_a_csrf_token_so_it_is_never_shared(
    page_tree: LandingPage, client: Client
) -> None:
    response = client.get("/pages/contact/")

    assert response.status_code == 200
    assert "X-App-Cache" not in response or response["X-App-Cache"] != "hit"
    assert "private" in response["Cache-Control"]
    assert client.get("/pages/contact/").get("X-App-Cache") != "hit"


def test_an_editor_gets_a_fresh_private_page(
    page_tree: LandingPage, client: Client, editor: User
) -> None:
    client.force_login(editor)

    response = client.get("/pages/about/")

    assert response["X-App-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]


def test_publishing_a_page_serves_the_new_version_at_once(
    page_tree: LandingPage, client: Client, committed: CommitCallbacks
) -> None:
    old = client.get("/pages/about/")
    page = about(page_tree)
    page.body = "<p>We moved to Harbour Street.</p>"

    with committed():
        page.save_revision().publish()

    new = client.get("/pages/about/", headers={"If-None-Match": old["ETag"]})
    assert new.status_code == 200
    assert new["X-App-Cache"] == "miss"
    assert "We moved to Harbour Street." in new.content.decode()


def test_saving_a_draft_changes_nothing_readers_see(
    page_tree: LandingPage, client: Client, committed: CommitCallbacks
) -> None:
    old = client.get("/pages/about/")
    page = about(page_tree)
    page.body = "<p>Unpublished draft.</p>"

    with committed():
        page.save_revision()

    again = client.get("/pages/about/")
    assert again["X-App-Cache"] == "hit"
    assert again["ETag"] == old["ETag"]


def test_publishing_and_unpublishing_purge_the_page_and_the_sitemap_upstream(
    page_tree: LandingPage, settings: Settings, committed: CommitCallbacks
) -> None:
    settings.SITE_URL = SITE
    settings.PURGE = purge_settings(backend="nginx", nginx_url="http://127.0.0.1:9")
    page = about(page_tree)

    with committed():
        page.save_revision().publish()
    with committed():
        page.unpublish()

    purges = DBTaskResult.objects.filter(task_path="ops.purge.tasks.purge_urls")
    assert [task.args_kwargs["args"][0] for task in purges.order_by("enqueued_at")] == [
        [f"{SITE}/pages/about/", f"{SITE}/sitemap.xml"],
        [f"{SITE}/pages/about/", f"{SITE}/sitemap.xml"],
    ]


def test_changing_a_slug_purges_the_old_and_the_new_address(
    page_tree: LandingPage, settings: Settings, committed: CommitCallbacks
) -> None:
    settings.SITE_URL = SITE
    settings.PURGE = purge_settings(backend="nginx", nginx_url="http://127.0.0.1:9")
    page = about(page_tree)
    page.slug = "about-us"

    with committed():
        page.save_revision().publish()

    purged = {
        url
        for task in DBTaskResult.objects.filter(task_path="ops.purge.tasks.purge_urls")
        for url in task.args_kwargs["args"][0]
    }
    assert {f"{SITE}/pages/about/", f"{SITE}/pages/about-us/"} <= purged
