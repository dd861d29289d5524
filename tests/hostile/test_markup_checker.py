"""The checks can fail: every dangerous payload is caught when a page renders it raw.

The XSS suite passes only if pages contain nothing ``unsafe_markup`` and
``unsafe_feed`` report; that means something only if they do report the
payloads when a page forgets to escape them.  Each payload is placed raw in
the contexts our templates put user text in (element content, a
double-quoted and a single-quoted attribute, ``<textarea>``, ``<title>``) and
must be reported in at least one; escaped, it must be reported in none.
"""

from __future__ import annotations

import pytest
from django.utils.html import escape

from tests.hostile.markup import unsafe_feed, unsafe_markup
from tests.hostile.payloads import XSS_PAYLOADS

INERT = {
    "<scr<script>ipt>alert(1)</scr</script>ipt>": "the tag is named 'scr<script': no script",
    "<![CDATA[<script>alert(1)</script>]]>": "a bogus comment up to the first '>', then text",
    "<!--<img src=x onerror=alert(1)>-->": "a comment",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E": "URL-encoded: text in HTML",
    "&lt;script&gt;alert(1)&lt;/script&gt;": "already escaped",
    "&#60;script&#62;alert(1)&#60;/script&#62;": "already escaped",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e": "JS escapes are text in HTML",
    "＜script＞alert(1)＜/script＞": "full-width brackets are not markup",
    "{{ 7|add:7 }} {% debug %} ${7*7} #{7*7}": "template syntax is never evaluated",
}
"""Payloads harmless even unescaped (they target filters, not browsers), and why."""


def contexts(text: str) -> list[str]:
    return [
        f"<p>{text}</p>",
        f'<input value="{text}">',
        f"<input value='{text}'>",
        f"<textarea>{text}</textarea>",
        f"<title>{text}</title>",
    ]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_raw_payload_is_reported_and_an_escaped_one_is_not(payload: str) -> None:
    raw = [problem for page in contexts(payload) for problem in unsafe_markup(page)]
    escaped = [problem for page in contexts(escape(payload)) for problem in unsafe_markup(page)]

    assert bool(raw) is (payload not in INERT)
    assert escaped == []


def test_a_feed_that_forgets_the_second_escape_is_reported() -> None:
    rss = (
        b"<rss><channel><title>News</title><description>Desk</description>"
        b"<item><title>&lt;b&gt;Bold&lt;/b&gt;</title>"
        b"<description>&lt;script&gt;alert(1)&lt;/script&gt;</description></item>"
        b"</channel></rss>"
    )
    escaped_twice = rss.replace(b"&lt;", b"&amp;lt;").replace(b"&gt;", b"&amp;gt;")

    assert len(unsafe_feed(rss)) == 2
    assert unsafe_feed(escaped_twice) == []
    assert unsafe_feed(b"<rss><channel>") == [
        "not well-formed XML: no element found: line 1, column 14"
    ]
