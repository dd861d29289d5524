"""``safe_richtext`` for page fields, and ``footer_links`` for the footer of every page."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from newsbudget.pages import queries
from newsbudget.pages.blocks import safe_rich_text

register = template.Library()


@register.filter
def safe_richtext(source: str | None) -> SafeString:
    """A rich text field's HTML with page links expanded, through the site's allowlist."""
    return safe_rich_text(source or "")


@register.simple_tag
def footer_links() -> list[tuple[str, str]]:
    """(title, url) of the editorial pages shown in the footer (cached: ``queries``)."""
    return queries.footer_links()
