"""Story bodies are HTML written by staff; nh3 reduces them to an allowlist before they are stored.

Sanitising on save (not on display) means every path that writes a body — the
staff form, the API, the admin, the demo loader — stores the same safe markup,
and templates can mark it safe without re-cleaning on every page view.
"""

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
    )
