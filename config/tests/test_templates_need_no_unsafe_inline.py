"""No template of ours holds code the Content-Security-Policy would refuse.

The policy has no ``'unsafe-inline'``: a ``style="…"`` attribute, an
``onclick="…"`` handler, a ``javascript:`` link or an inline ``<script>`` or
``<style>`` without the request's nonce would simply not work in a browser.
The browser suite catches that on the pages it opens; this scan catches it in
every template, including pages no test opens yet.  Put styles in
``static/css/site.css`` and scripts in static files; when inline code is truly
needed, give the element ``nonce="{{ csp_nonce }}"`` (and never on a page the
page cache shares, whose nonce would be stale).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    ROOT / "templates",
    *ROOT.glob("newsbudget/*/templates"),
    *ROOT.glob("ops/*/templates"),
]

REFUSED = {
    "a style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.DOTALL),
    "an event-handler attribute": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.DOTALL),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "an inline <script> without the nonce": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*nonce=)(?![^>]*application/(?:ld\+)?json)[^>]*>"
    ),
    "a <style> without the nonce": re.compile(r"<style(?![^>]*nonce)[^>]*>"),
}


def templates() -> list[Path]:
    return sorted(path for directory in TEMPLATE_DIRS for path in directory.rglob("*.html"))


def test_it_scans_every_template_directory() -> None:
    names = {str(path.relative_to(ROOT)) for path in templates()}
    assert "templates/base.html" in names
    assert "newsbudget/api/templates/api/redoc.html" in names


def test_no_template_needs_unsafe_inline() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates()
        for what, pattern in REFUSED.items()
        if pattern.search(
            re.sub(
                r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", path.read_text(), flags=re.DOTALL
            )
        )
    ]
    assert found == []
