"""User-agent matching: a configured token matches when it appears in the header, ignoring case.

Tokens are what robots.txt groups are named by (``GPTBot``, ``Bytespider``),
and the same token finds the crawler in its full User-Agent string.

>>> matching_token("Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
...                ["GPTBot", "bytespider"])
'bytespider'
>>> matching_token("Mozilla/5.0 Firefox/140.0", ["GPTBot"]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable


def matching_token(user_agent: str, tokens: Iterable[str]) -> str | None:
    """The first of ``tokens`` found in ``user_agent`` (case-insensitive), or None."""
    lowered = user_agent.lower()
    for token in tokens:
        if token and token.lower() in lowered:
            return token
    return None
