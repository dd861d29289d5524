"""The plain text a story is searched by: tags stripped from the body, control characters dropped.

The body is stored as cleaned HTML; readers search the words they see, so
the index gets the text (``strip_tags``, then entities decoded).  Control
characters are removed from every column because the snippet code marks
matches with two of them (``MARK_START``/``MARK_END``, see ``highlight``):
text that contained them could forge a highlight.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from newsbudget.stories.models import Story

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_text(markup: str) -> str:
    """Readable text of an HTML fragment, whitespace collapsed.

    >>> plain_text("<p>Flood&nbsp;<b>warning</b> &lt;tonight&gt;</p>\\x02")
    'Flood warning <tonight>'
    """
    text = html.unescape(strip_tags(markup))
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


@dataclass(frozen=True)
class DocumentText:
    headline: str
    summary: str
    body: str
    tags: str
    bylines: str

    def as_fields(self) -> dict[str, str]:
        return {
            "headline": self.headline,
            "summary": self.summary,
            "body": self.body,
            "tags": self.tags,
            "bylines": self.bylines,
        }


def document_text(story: Story) -> DocumentText:
    """The searchable text of ``story`` (its bylines and tags prefetched or fetched here)."""
    return DocumentText(
        headline=plain_text(story.headline),
        summary=plain_text(story.summary),
        body=plain_text(story.body),
        tags=" ".join(plain_text(tag.name) for tag in story.tags.all()),
        bylines=" ".join(plain_text(person.byline) for person in story.bylines.all()),
    )
