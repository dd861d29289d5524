"""The ``RATE_LIMITS`` setting, checked and compiled into rules the middleware applies.

Each rule names the routes it covers (URL names, ``fnmatch`` patterns such as
``api:*``) and how it counts::

    RATE_LIMITS = {
        "login": {
            "rate": "20/m",            # or "" / "off" to disable the rule
            "routes": ["account_login", "mfa_authenticate"],
            "methods": ["POST"],       # default: every method
            "by": "ip",                # "ip" or "user-or-ip"
            "fail_open": False,        # when the cache is down
        },
    }

Optional keys: ``anonymous_only`` (signed-in users are not counted),
``min_page`` (only requests for ``?page=`` at least this deep),
``exempt_api_keys`` (requests with ``Authorization: Api-Key`` are counted per
key by the API instead) and ``exempt_verified_crawlers``.  A malformed rule is
an ``ImproperlyConfigured`` error at the first request, naming the rule.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from ops.throttle.rates import Rate

IDENTITIES = ("ip", "user-or-ip")
RULE_KEYS = {
    "rate",
    "routes",
    "methods",
    "by",
    "fail_open",
    "anonymous_only",
    "min_page",
    "exempt_api_keys",
    "exempt_verified_crawlers",
}
DISABLED = ("", "off", "none")


@dataclass(frozen=True)
class Rule:
    name: str
    rate: Rate
    routes: tuple[str, ...]
    methods: frozenset[str] | None
    by: str
    fail_open: bool
    anonymous_only: bool = False
    min_page: int = 0
    exempt_api_keys: bool = False
    exempt_verified_crawlers: bool = False

    def covers(self, route: str, method: str) -> bool:
        """Whether a request for URL name ``route`` with ``method`` falls under this rule."""
        if self.methods is not None and method not in self.methods:
            return False
        return any(fnmatch.fnmatchcase(route, pattern) for pattern in self.routes)


def compile_rules(setting: Mapping[str, Mapping[str, Any]]) -> list[Rule]:
    """The enabled rules of ``setting``, in order.

    >>> [rule.name for rule in compile_rules({
    ...     "login": {"rate": "5/m", "routes": ["account_login"], "by": "ip", "fail_open": False},
    ...     "off": {"rate": "off", "routes": ["x"], "by": "ip", "fail_open": True},
    ... })]
    ['login']
    """
    return [rule for name, spec in setting.items() if (rule := compile_rule(name, spec))]


def compile_rule(name: str, spec: Mapping[str, Any]) -> Rule | None:
    unknown = set(spec) - RULE_KEYS
    if unknown:
        raise ImproperlyConfigured(f"RATE_LIMITS[{name!r}] has unknown keys: {sorted(unknown)}")
    rate_text = str(spec.get("rate", "")).strip()
    if rate_text.lower() in DISABLED:
        return None
    try:
        rate = Rate.parse(rate_text)
    except ValueError as error:
        raise ImproperlyConfigured(f"RATE_LIMITS[{name!r}]: {error}") from None
    if spec.get("by") not in IDENTITIES:
        raise ImproperlyConfigured(f"RATE_LIMITS[{name!r}]['by'] must be one of {IDENTITIES}")
    if "fail_open" not in spec:
        raise ImproperlyConfigured(f"RATE_LIMITS[{name!r}] must say fail_open True or False")
    routes = spec.get("routes") or []
    if not routes:
        raise ImproperlyConfigured(f"RATE_LIMITS[{name!r}] must list the routes it covers")
    methods = spec.get("methods")
    return Rule(
        name=name,
        rate=rate,
        routes=tuple(routes),
        methods=frozenset(m.upper() for m in methods) if methods else None,
        by=spec["by"],
        fail_open=bool(spec["fail_open"]),
        anonymous_only=bool(spec.get("anonymous_only", False)),
        min_page=int(spec.get("min_page", 0)),
        exempt_api_keys=bool(spec.get("exempt_api_keys", False)),
        exempt_verified_crawlers=bool(spec.get("exempt_verified_crawlers", False)),
    )
