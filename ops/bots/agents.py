"""User-agent matching: a configured token matches when it appears in the header, ignoring case.

Tokens are what robots.txt groups are named by (``GPTBot``, ``Bytespider``),
and the same token finds the crawler in its full User-Agent string.

>>> matching_token("Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
...                ["GPTBot", "bytespider"])
'bytespider'
>>> matching_token("Mozilla/5.0 Firefox/140.0", ["GPTBot"]) is None
True

``is_known_bot`` is the wider question a reader statistic asks (is this a
person's browser?): any crawler the settings name, good or blocked, or a user
agent that calls itself a bot, crawler or spider, or sends none at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

SELF_DECLARED_BOT_TOKENS = ("bot", "crawler", "spider")
"""Words that automated clients put in their user agents (Googlebot, AhrefsBot, Baiduspider…)."""


def matching_token(user_agent: str, tokens: Iterable[str]) -> str | None:
    """The first of ``tokens`` found in ``user_agent`` (case-insensitive), or None."""
    lowered = user_agent.lower()
    for token in tokens:
        if token and token.lower() in lowered:
            return token
    return None


def is_known_bot(user_agent: str) -> bool:
    """Whether ``user_agent`` is a crawler we know of, or says it is one, or is missing.

    >>> is_known_bot("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)")
    True
    >>> is_known_bot("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"), is_known_bot("")
    (False, True)
    """
    if not user_agent.strip():
        return True
    named = [
        *getattr(settings, "BOT_GOOD_CRAWLERS", []),
        *getattr(settings, "BOT_BLOCKED_USER_AGENTS", []),
        *SELF_DECLARED_BOT_TOKENS,
    ]
    return matching_token(user_agent, named) is not None
