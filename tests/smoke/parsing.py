"""Read what a response points at: links, static assets, forms and the title, with html.parser.

The crawler is an HTTP client and knows nothing of Django, so it learns the
site the way a browser does: from the HTML (``<a href>``, ``<link>``,
``<script src>``, ``<img src>``, ``<form>``), from the sitemap's ``<loc>``
and a feed's ``<link>``, and from ``url(...)`` in a stylesheet.  Everything
returned is an absolute URL without its fragment; judging which of them to
follow (same origin, not yet seen) is ``crawler``'s job.

``<link rel=alternate>`` (feeds) and ``rel=next/prev`` are pages to crawl;
every other ``<link href>`` (stylesheet, icon, preload, manifest) is an asset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

PAGE_LINK_RELS = frozenset({"alternate", "next", "prev", "canonical"})
"""``<link rel>`` values that point at another page rather than at an asset."""
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
TEXT_INPUT_TYPES = frozenset(
    {"text", "search", "email", "url", "tel", "password", "number", "date", "datetime-local"}
    | {"month", "week", "time", "color", "range", ""}
)
"""Input types a person types into (``""`` is an ``<input>`` without a type: text)."""
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass
class Field:
    """One named control of a form, as the page renders it."""

    name: str
    kind: str  # the input type, or "textarea" / "select"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    """A form on a page: where it goes, how, and the controls it would submit."""

    page: str
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        """The same form on many pages (a search box in the header) is one form."""
        return (self.method, self.action, tuple(sorted(f.name for f in self.fields)))

    @property
    def is_sign_in(self) -> bool:
        """A form with a password field: submitted only a couple of times (lockout)."""
        return any(f.kind == "password" for f in self.fields)


@dataclass
class Page:
    """What one HTML page holds that the crawler cares about."""

    title: str | None = None
    links: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)


def absolute(base: str, reference: str) -> str | None:
    """``reference`` resolved against ``base``, without its fragment; None if not an HTTP URL.

    >>> absolute("http://h/a/b", "../c#top")
    'http://h/c'
    >>> absolute("http://h/", "mailto:desk@example.org") is None
    True
    """
    reference = reference.strip()
    if not reference or reference.lower().startswith(SKIPPED_SCHEMES):
        return None
    url, _fragment = urldefrag(urljoin(base, reference))
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


class _PageParser(HTMLParser):
    """Collects the title, links, assets and forms of one HTML document."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = url
        self.page = Page()
        self._title: list[str] | None = None
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"])
        elif tag == "title" and self.page.title is None and self._title is None:
            self._title = []
        elif tag in ("a", "area") and "href" in values:
            self._add(self.page.links, values["href"])
        elif tag == "link" and "href" in values:
            self._link(values)
        elif tag in ("script", "img", "source", "iframe") and values.get("src"):
            self._add(self.page.assets, values["src"])
        elif tag == "form":
            self._start_form(values)
        elif self._form is not None:
            self._control(tag, values)

    def _link(self, values: dict[str, str]) -> None:
        rels = set(values.get("rel", "").lower().split())
        target = self.page.links if rels & PAGE_LINK_RELS else self.page.assets
        self._add(target, values["href"])

    def _add(self, target: list[str], reference: str) -> None:
        url = absolute(self.base, reference)
        if url is not None:
            target.append(url)

    def _start_form(self, values: dict[str, str]) -> None:
        action = values.get("action", "")
        resolved = absolute(self.base, action) if action.strip() else None
        self._form = Form(
            page=self.base,
            action=resolved or urldefrag(self.base)[0],
            method=values.get("method", "get").strip().upper() or "GET",
        )
        if action.strip() and resolved is None:
            self._form.action = action  # javascript: and friends: never followed
        self.page.forms.append(self._form)

    def _control(self, tag: str, values: dict[str, str]) -> None:
        assert self._form is not None
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            self._form.fields.append(Field(name, kind, values.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(values.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.page.title = "".join(self._title).strip()
            self._title = None
        elif tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def parse_html(url: str, html: str) -> Page:
    """The title, links, assets and forms of the HTML page at ``url``.

    >>> page = parse_html("http://h/x/", '<title> T </title><a href="y">y</a>'
    ...                   '<link rel="stylesheet" href="/s.css"><img src="/i.png">')
    >>> page.title, page.links, page.assets
    ('T', ['http://h/x/y'], ['http://h/s.css', 'http://h/i.png'])
    """
    parser = _PageParser(url)
    parser.feed(html)
    parser.close()
    return parser.page


class _XmlLinkParser(HTMLParser):
    """The text of ``<loc>`` (sitemaps) and ``<link>`` (RSS), and ``<link href>`` (Atom)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and values.get("href"):
            self.found.append(values["href"])
        elif tag in ("loc", "link"):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("loc", "link") and self._text is not None:
            text = "".join(self._text).strip()
            if text:
                self.found.append(text)
            self._text = None


def xml_links(url: str, xml: str) -> list[str]:
    """The URLs a sitemap or a feed at ``url`` lists.

    >>> xml_links("http://h/sitemap.xml", "<urlset><url><loc>http://h/a/</loc></url></urlset>")
    ['http://h/a/']
    >>> xml_links("http://h/f.atom", '<feed><link href="/b/" rel="alternate"/></feed>')
    ['http://h/b/']
    """
    parser = _XmlLinkParser()
    parser.feed(xml)
    parser.close()
    return [link for found in parser.found if (link := absolute(url, found)) is not None]


def css_urls(url: str, css: str) -> list[str]:
    """The files a stylesheet at ``url`` loads with ``url(...)`` (``data:`` URLs skipped).

    >>> css_urls("http://h/static/css/a.css", "b{background:url('../img/x.png')} "
    ...          "i{background:url(data:image/png;base64,AA)}")
    ['http://h/static/img/x.png']
    """
    found = (absolute(url, match.group(2)) for match in CSS_URL.finditer(css))
    return [link for link in found if link is not None]
