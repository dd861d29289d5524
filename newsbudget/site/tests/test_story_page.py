"""A story page: one Live story in full, found by its slug."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from tests.factories import TagFactory, UserFactory


def test_it_lives_at_the_storys_slug(desk: Desk, publish: Publish) -> None:
    story = publish(desk, slug="bridge-reopens")

    assert story.get_absolute_url() == "/stories/bridge-reopens/"
    assert reverse("site:story", kwargs={"slug": "bridge-reopens"}) == "/stories/bridge-reopens/"


def test_it_shows_the_whole_story(client: Client, desk: Desk, publish: Publish) -> None:
    story = publish(
        desk,
        slug="bridge-reopens",
        headline="Bridge reopens after repairs",
        summary="Traffic returns to the river crossing.",
        body="<p>The bridge reopened at <strong>dawn</strong>.</p>",
        bylines=[
            UserFactory(first_name="Ada", last_name="Reyes"),
            UserFactory(first_name="Ben", last_name="Okafor"),
        ],
        tags=[TagFactory(name="Transport"), TagFactory(name="Council")],
        location_name="Riverside",
        latitude="51.50000",
        longitude="-0.12000",
    )

    response = client.get("/stories/bridge-reopens/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bridge reopens after repairs</h1>" in html
    assert "Traffic returns to the river crossing." in html
    assert "<p>The bridge reopened at <strong>dawn</strong>.</p>" in html
    assert "By Ben Okafor and Ada Reyes" in html
    assert '<span class="tag">Council</span>, <span class="tag">Transport</span>' in html
    assert '<a href="/desks/news/">News</a>' in html
    assert f'<time datetime="{story.published_at.isoformat()}">' in html
    assert '<span class="location">Riverside</span>' in html


def test_it_renders_the_body_as_sanitised_html(
    client: Client, desk: Desk, publish: Publish
) -> None:
    publish(
        desk,
        slug="scripted",
        body='<p onclick="steal()">Read <em>this</em><script>alert(1)</script></p>',
    )

    html = client.get("/stories/scripted/").content.decode()

    assert "<p>Read <em>this</em></p>" in html
    assert "<script>alert" not in html
    assert "onclick" not in html


def test_it_escapes_the_headline(client: Client, desk: Desk, publish: Publish) -> None:
    publish(desk, slug="tags-in-headline", headline="Why <b>bold</b> matters")

    html = client.get("/stories/tags-in-headline/").content.decode()

    assert "Why &lt;b&gt;bold&lt;/b&gt; matters" in html


def test_it_is_not_found_for_an_unknown_slug(client: Client, db: None) -> None:
    response = client.get("/stories/no-such-story/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_it_shows_staff_the_same_story_and_a_budget_link(
    client: Client, desk: Desk, publish: Publish, request: pytest.FixtureRequest, role: str
) -> None:
    publish(desk, slug="bridge-reopens", headline="Bridge reopens after repairs")
    client.force_login(request.getfixturevalue(role))

    response = client.get("/stories/bridge-reopens/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bridge reopens after repairs</h1>" in html
    assert f'<a href="{reverse("budget:today")}">Budget</a>' in html
