"""Judge a rendered page the way a browser would read it: which elements and attributes are real.

A substring check cannot tell ``&lt;script&gt;`` (text) from ``<script>`` (an
element), nor see ``&#x6A;avascript:`` inside an attribute; parsing can.  The
page is walked with the standard library's ``html.parser`` (which, like a
browser, decodes character references inside attribute values) and every
element or attribute that could run script is reported:

- a ``<script>`` that is neither a file from our own origin nor a JSON data
  block, or any script content that is not JSON;
- an ``on…`` event-handler attribute, a ``style`` or ``srcdoc`` attribute,
  a ``target`` without ``rel="noopener"`` (the new window could navigate ours);
- a URL attribute whose scheme, once the control characters and whitespace a
  browser ignores are removed, is ``javascript:``, ``vbscript:`` or ``data:``
  (``data:`` is fine only for an ``<img src>``);
- an element that embeds or re-targets the page: ``iframe``, ``frame``,
  ``object``, ``embed``, ``base``, ``meta http-equiv``, and ``<style>``
  without the request's nonce.  (``<svg>`` and ``<math>`` are harmless
  without a script, a handler or a script URL, which are reported; the admin
  draws its icons with inline ``<svg>``.)

Our own templates produce none of these (the browser suite proves the site
runs under a CSP with no ``'unsafe-inline'``), so anything found came from input.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "src",
        "xlink:href",
        # SVG animation can set an attribute (an href) to one of these values.
        "by",
        "from",
        "to",
        "values",
    }
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
EMBEDDING_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
"""What browsers strip from a URL before reading its scheme: controls, tabs, newlines, spaces."""


def url_scheme_is_dangerous(value: str, *, element: str, attribute: str) -> bool:
    """Whether a URL attribute would run script (or load a document) in a browser.

    >>> url_scheme_is_dangerous(" jav\\tascript:alert(1)", element="a", attribute="href")
    True
    >>> url_scheme_is_dangerous("data:image/png;base64,AAAA", element="img", attribute="src")
    False
    >>> url_scheme_is_dangerous("/stories/x/", element="a", attribute="href")
    False
    """
    squeezed = IGNORED_IN_URLS.sub("", value).lower()
    if element == "img" and attribute == "src" and squeezed.startswith("data:image/"):
        return False
    return squeezed.startswith(DANGEROUS_SCHEMES)


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: tuple[str, bool] | None = None  # (description, is_json)
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, self.get_starttag_text() or tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, self.get_starttag_text() or tag)
        if tag == "script":
            self._end_script()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._end_script()

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], source: str) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= in {source[:120]}")
            elif name in ("style", "srcdoc"):
                self.problems.append(f"{name}= attribute in {source[:120]}")
            elif name in URL_ATTRIBUTES and url_scheme_is_dangerous(
                value, element=tag, attribute=name
            ):
                self.problems.append(f"{value[:40]!r} in {name}= of {source[:120]}")
        if "target" in values and "noopener" not in values.get("rel", "").split():
            self.problems.append(f"a new window that can reach back (no noopener): {source[:120]}")
        if tag in EMBEDDING_ELEMENTS:
            self.problems.append(f"<{tag}> element: {source[:120]}")
        elif tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv>: {source[:120]}")
        elif tag == "style" and not values.get("nonce"):
            self.problems.append(f"<style> without the nonce: {source[:120]}")
        elif tag == "script":
            self._start_script(values, source)

    def _start_script(self, values: dict[str, str], source: str) -> None:
        src = values.get("src", "")
        is_json = values.get("type", "") == "application/json"
        if src and not (src.startswith("/") and not src.startswith("//")):
            self.problems.append(f"script from another origin: {source[:120]}")
        elif not src and not is_json and not values.get("nonce"):
            self.problems.append(f"inline script without the nonce: {source[:120]}")
        self._script = (source, is_json)
        self._script_text = []

    def _end_script(self) -> None:
        if self._script is None:
            return
        source, is_json = self._script
        text = "".join(self._script_text).strip()
        if is_json and text:
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"a JSON script block that is not JSON: {source[:120]}")
        self._script = None


def unsafe_markup(html: str) -> list[str]:
    """Every element or attribute in ``html`` that could run script; empty when there is none.

    >>> unsafe_markup('<p title="&lt;script&gt;">&lt;img src=x onerror=alert(1)&gt;</p>')
    []
    >>> for problem in unsafe_markup('<a href="&#x6A;avascript:1">x</a><img src=x onerror=f()>'):
    ...     print(problem)
    'javascript:1' in href= of <a href="&#x6A;avascript:1">
    event handler onerror= in <img src=x onerror=f()>
    """
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.problems


def elements_in_html_text(text: str) -> list[str]:
    """Elements a feed reader would create from ``text`` if it treated it as HTML.

    >>> elements_in_html_text("&lt;b&gt;bold&lt;/b&gt; is text")
    []
    >>> elements_in_html_text("<b>bold</b>")
    ['b']
    """
    found: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append(tag)

    collector = Collector(convert_charrefs=True)
    collector.feed(text)
    collector.close()
    return found


def unsafe_feed(xml: bytes) -> list[str]:
    """Problems in an RSS or Atom feed: malformed XML, or HTML fields that would create elements.

    RSS ``<description>`` and Atom ``type="html"`` fields hold HTML once their XML
    escaping is undone, and RSS readers commonly render item titles as HTML too
    (which is why Django escapes titles twice by default); a plain-text field (a
    headline, a summary) put there must be escaped a second time, or a reader
    would render ``<script>`` from it.
    """
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 -- our own output, no entities declared
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag == "rss":
        html_fields = [
            *root.iter("description"),
            *(item.find("title") for item in root.iter("item")),
        ]
    else:
        html_fields = [element for element in root.iter() if element.get("type") == "html"]
    problems = []
    for element in html_fields:
        if element is not None and element.text and (tags := elements_in_html_text(element.text)):
            name = element.tag.rsplit("}", 1)[-1]
            problems.append(f"<{name}> would render elements {tags}: {element.text[:80]!r}")
    return problems
