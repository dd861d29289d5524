"""The app's settings, read when used (so tests can override them), with the defaults it runs on.

==========================  ==========  ===============================================
setting                     default     meaning
==========================  ==========  ===============================================
``API_KEY_RATE``            ``600/m``   requests per key per period, unless the key sets its own
``API_KEY_DAILY_QUOTA``     ``0``       requests per key per UTC day; 0 means unlimited
``API_KEY_MONTHLY_QUOTA``   ``0``       requests per key per calendar month (UTC); 0 means unlimited
``API_KEY_FAILURE_RATE``    ``30/h``    failed key attempts per client address before it gets 429s
``API_KEY_LABEL``           ``key``     the readable start of every new key (``nbk_…``)
``API_KEY_URL_NAMESPACE``   ``api``     the URL namespace whose route names usage is metered by
==========================  ==========  ===============================================

A key's own ``daily_quota``/``monthly_quota`` (when set) replace the defaults,
and 0 there means unlimited too.
"""

from __future__ import annotations

from django.conf import settings

from ops.throttle.rates import Rate


def default_rate() -> Rate:
    return Rate.parse(getattr(settings, "API_KEY_RATE", "600/m"))


def failure_rate() -> Rate:
    return Rate.parse(getattr(settings, "API_KEY_FAILURE_RATE", "30/h"))


def default_daily_quota() -> int:
    return int(getattr(settings, "API_KEY_DAILY_QUOTA", 0))


def default_monthly_quota() -> int:
    return int(getattr(settings, "API_KEY_MONTHLY_QUOTA", 0))


def label() -> str:
    return str(getattr(settings, "API_KEY_LABEL", "key"))


def url_namespace() -> str:
    return str(getattr(settings, "API_KEY_URL_NAMESPACE", "api"))
