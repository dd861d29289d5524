"""The plain text a story is searched by: tags stripped from the body, control characters dropped.

The body is stored as cleaned HTML; readers search the words they see, so
the index gets its text (``strip_tags``, then entities decoded).  Headlines,
summaries, tag names and names are plain text already, kept as they are.  Control
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


def tidy(text: str) -> str:
    """Control characters dropped, whitespace collapsed (headlines and summaries are plain text).

    >>> tidy("  Flood <warning>\\x02 \\n tonight ")
    'Flood <warning> tonight'
    """
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def plain_text(markup: str) -> str:
    """Readable text of an HTML fragment, whitespace collapsed.

    >>> plain_text("<p>Flood&nbsp;<b>warning</b> &lt;tonight&gt;</p>\\x02")
    'Flood warning <tonight>'
    """
    return tidy(html.unescape(strip_tags(markup)))


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
        headline=tidy(story.headline),
        summary=tidy(story.summary),
        body=plain_text(story.body),
        tags=" ".join(tidy(tag.name) for tag in story.tags.all()),
        bylines=" ".join(tidy(person.byline) for person in story.bylines.all()),
    )
