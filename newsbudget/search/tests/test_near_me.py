"""Only the public search page may ask for the reader's location, and only from a static script."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import Client

from newsbudget.accounts.models import User


def test_the_search_page_may_ask_for_geolocation(client: Client, db: None) -> None:
    response = client.get("/search/")

    policy = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    assert policy["geolocation"] == "(self)"
    assert policy["camera"] == "()"
    assert policy["publickey-credentials-get"] == "(self)"


def test_no_other_page_may(client: Client, editor: User) -> None:
    assert "geolocation=()" in client.get("/").headers["Permissions-Policy"]
    client.force_login(editor)
    assert "geolocation=()" in client.get("/newsroom/search/").headers["Permissions-Policy"]


def test_the_button_comes_from_a_static_script_not_an_inline_one(client: Client, db: None) -> None:
    page = client.get("/search/").content.decode()

    assert '<button type="button" id="near-me" hidden>' in page
    assert '<script src="/static/js/search-near-me.js" defer></script>' in page
    assert page.count("<script") == 1
    script = finders.find("js/search-near-me.js")
    assert script is not None
    assert "getCurrentPosition" in open(script).read()  # noqa: SIM115


def test_a_located_search_keeps_the_location_in_the_form(client: Client, db: None) -> None:
    page = client.get("/search/", {"lat": "51.5", "lon": "-0.12"}).content.decode()

    assert '<input type="hidden" name="lat" value="51.5">' in page
    assert 'id="near-me"' not in page
    assert "search everywhere" in page
