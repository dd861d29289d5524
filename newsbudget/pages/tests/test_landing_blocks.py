"""A landing page renders every kind of block, and rich text only through the site's allowlist."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PillowImage
from wagtail.images.models import Image

from newsbudget.desks.models import Desk
from newsbudget.pages.models import LandingPage, StandardPage
from newsbudget.stories.models import Status
from tests.factories import StoryFactory
from tests.hostile.markup import unsafe_markup


def png(width: int = 40, height: int = 30) -> ImageFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name="harbour.png")


@pytest.fixture
def image(filesystem_storages: Path) -> Image:
    return Image.objects.create(title="Harbour", file=png())


def landing_with(page_tree: LandingPage, body: list[dict[str, Any]]) -> str:
    page = LandingPage(title="Elections 2026", slug="elections")
    page.body = body  # type: ignore[assignment]
    page_tree.add_child(instance=page)
    page.save_revision().publish()
    return "/pages/elections/"


def test_it_renders_each_block_type(
    page_tree: LandingPage, desk: Desk, image: Image, client: Client
) -> None:
    StoryFactory(desk=desk, status=Status.LIVE, headline="Turnout hits a record")
    StoryFactory(desk=desk, status=Status.DRAFT, headline="Unpublished scoop")
    contact = page_tree.get_children().get(slug="contact")
    url = landing_with(
        page_tree,
        [
            {"type": "heading", "value": {"text": "Results night", "level": "h2"}},
            {"type": "text", "value": "<p>Counting <b>starts</b> at nine.</p>"},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "The harbour", "caption": "At dawn"},
            },
            {"type": "quote", "value": {"quote": "Every vote counts.", "attribution": "The clerk"}},
            {"type": "latest_stories", "value": {"desk": "news", "count": 3, "title": ""}},
            {
                "type": "call_to_action",
                "value": {"text": "Tips?", "button_label": "Write to us", "page": contact.pk},
            },
            {
                "type": "call_to_action",
                "value": {
                    "text": "Read more",
                    "button_label": "Results",
                    "url": "https://example.org/r",
                },
            },
        ],
    )

    html = client.get(url).content.decode()

    assert "<h2>Results night</h2>" in html
    assert "<p>Counting <b>starts</b> at nine.</p>" in html
    assert 'alt="The harbour"' in html
    assert "<figcaption>At dawn</figcaption>" in html
    assert "<p>Every vote counts.</p>" in html
    assert "The clerk" in html
    assert ">News</a></h2>" in html
    assert "Turnout hits a record" in html
    assert "Unpublished scoop" not in html
    assert 'href="/pages/contact/">Write to us</a>' in html
    assert 'href="https://example.org/r">Results</a>' in html
    assert unsafe_markup(html) == []


def test_a_desk_that_is_gone_renders_nothing_rather_than_failing(
    page_tree: LandingPage, client: Client
) -> None:
    url = landing_with(
        page_tree, [{"type": "latest_stories", "value": {"desk": "gone", "count": 3}}]
    )

    response = client.get(url)

    assert response.status_code == 200
    assert "latest-stories" not in response.content.decode()


HOSTILE = (
    '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">x</a><iframe src="https://evil.example"></iframe></p>'
)


def test_rich_text_is_sanitised_whatever_the_database_holds(
    page_tree: LandingPage, client: Client
) -> None:
    url = landing_with(page_tree, [{"type": "text", "value": HOSTILE}])
    about = StandardPage.objects.get(slug="about")
    about.body = HOSTILE
    about.save_revision().publish()

    for page in (url, "/pages/about/"):
        html = client.get(page).content.decode()
        assert "alert(" not in html, page
        assert "<iframe" not in html
        assert unsafe_markup(html) == [], page
