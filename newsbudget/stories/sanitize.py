"""Story bodies are HTML written by staff; nh3 reduces them to an allowlist before they are stored.

Sanitising on save (not on display) means every path that writes a body — the
staff form, the API, the admin, the demo loader — stores the same safe markup,
and templates can mark it safe without re-cleaning on every page view.

No ``style`` or ``class`` attributes (the site's CSP refuses inline styles
anyway), no event handlers, no elements that embed or script.  Links keep
``http``, ``https`` and ``mailto`` URLs only and always get a ``rel`` that
cuts them off from the page (and from search ranking); nh3 does not check the
scheme of a ``cite`` attribute, so ``cite_filter`` does.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "a", "blockquote", "q", "cite", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4",
    "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
URL_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
"""What browsers strip from a URL before reading its scheme: controls, tabs, newlines, spaces."""


def cite_filter(tag: str, attribute: str, value: str) -> str | None:
    """A ``cite`` URL kept only if relative or of an allowed scheme; other values as they are.

    >>> cite_filter("q", "cite", " java\tscript:alert(1)") is None
    True
    >>> cite_filter("blockquote", "cite", "https://example.org/speech")
    'https://example.org/speech'
    """
    if attribute != "cite":
        return value
    scheme = URL_SCHEME.match(IGNORED_IN_URLS.sub("", value).lower())
    if scheme and scheme.group(1) not in ALLOWED_URL_SCHEMES:
        return None
    return value


def sanitize_html(html: str) -> str:
    """Keep only allowlisted tags and attributes; links get a safe rel.

    >>> sanitize_html('<p onclick="x()">Hi <script>alert(1)</script><b>there</b></p>')
    '<p>Hi <b>there</b></p>'
    >>> sanitize_html('<a href="javascript:alert(1)">x</a>')
    '<a rel="noopener noreferrer nofollow">x</a>'
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=cite_filter,
    )
