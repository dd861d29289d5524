"""The blocks of a landing page: headings, text, images, quotes, desk stories, calls to action.

Each block renders through its own small template (``pages/blocks/``), all
extending nothing and using no inline script or style, so a landing page obeys
the same CSP as every other public page.  Rich text is sanitised again on the
way out (``SafeRichTextBlock``): the editor only produces allowlisted markup,
but content can also arrive through the shell, an import or the API.

``LatestStoriesBlock`` reads the newsroom's own query (``live_stories_on``):
a landing page shows exactly what the desk front shows, Live stories only.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html

from newsbudget.stories.sanitize import sanitize_html

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]
"""What editors may use in rich text: no embeds, images or raw HTML (images have a block)."""


def safe_rich_text(source: str) -> SafeString:
    """Wagtail's stored rich text with page links expanded, reduced to the site's allowlist."""
    return mark_safe(sanitize_html(expand_db_html(source)))  # noqa: S308 - nh3 output


def desk_choices() -> list[tuple[str, str]]:
    """The desks an editor can pick, read when the editing form is built (never at import)."""
    from newsbudget.desks.models import Desk

    return list(Desk.objects.order_by("position", "name").values_list("slug", "name"))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "Level 2"), ("h3", "Level 3")], default="h2")

    class Meta:
        icon = "title"
        template = "pages/blocks/heading.html"


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text rendered through the site's HTML allowlist (nh3), whatever the database holds."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def render_basic(self, value: RichText, context: Any = None) -> SafeString:
        return safe_rich_text(value.source if value is not None else "")

    class Meta:
        icon = "pilcrow"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="What the image shows, for screen readers."
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "pages/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "pages/blocks/quote.html"


class LatestStoriesBlock(blocks.StructBlock):
    """The newest Live stories of one desk, as its front lists them."""

    desk = blocks.ChoiceBlock(choices=desk_choices)
    count = blocks.IntegerBlock(min_value=1, max_value=20, default=5)
    title = blocks.CharBlock(max_length=200, required=False)

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> Any:
        from newsbudget.pages.queries import latest_stories_of

        context = super().get_context(value, parent_context=parent_context)
        context["desk"], context["stories"] = latest_stories_of(value["desk"], value["count"])
        return context

    class Meta:
        icon = "list-ul"
        template = "pages/blocks/latest_stories.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    button_label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link"
        template = "pages/blocks/call_to_action.html"


class LandingBlocks(blocks.StreamBlock):
    heading = HeadingBlock()
    text = SafeRichTextBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    latest_stories = LatestStoriesBlock()
    call_to_action = CallToActionBlock()
