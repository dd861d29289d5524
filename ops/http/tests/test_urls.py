"""Only absolute http(s) URLs are called; anything else is refused before a socket is opened."""

from __future__ import annotations

import pytest

from ops.http.client import OutboundError, RefusedURL, request


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/", "/relative", "http://"],
)
def test_it_refuses_anything_but_an_absolute_http_url(url: str) -> None:
    with pytest.raises(RefusedURL, match="refused"):
        request("GET", url)


def test_a_refused_url_is_an_outbound_error_and_a_value_error() -> None:
    with pytest.raises(OutboundError):
        request("GET", "file:///etc/passwd")
    with pytest.raises(ValueError, match="refused"):
        request("GET", "file:///etc/passwd")
