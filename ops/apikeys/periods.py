"""The periods usage is counted in: UTC days and calendar months, and when each one ends.

Quotas and usage rows use UTC so that a partner anywhere sees one definition
of "today", and a quota resets at the same instant for everyone.

>>> now = datetime.datetime(2026, 1, 31, 22, 30, tzinfo=datetime.UTC)
>>> utc_day(now), month_start(utc_day(now))
(datetime.date(2026, 1, 31), datetime.date(2026, 1, 1))
>>> next_day_start(now), next_month_start(now)
(datetime.datetime(2026, 2, 1, 0, 0, tzinfo=datetime.timezone.utc), \
datetime.datetime(2026, 2, 1, 0, 0, tzinfo=datetime.timezone.utc))
>>> seconds_until(next_day_start(now), now)
5400
"""

from __future__ import annotations

import datetime
import math

ONE_DAY = datetime.timedelta(days=1)


def utc_day(now: datetime.datetime) -> datetime.date:
    return now.astimezone(datetime.UTC).date()


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def next_day_start(now: datetime.datetime) -> datetime.datetime:
    return day_start(utc_day(now) + ONE_DAY)


def next_month_start(now: datetime.datetime) -> datetime.datetime:
    first = month_start(utc_day(now))
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return day_start(following)


def seconds_until(moment: datetime.datetime, now: datetime.datetime) -> int:
    """Whole seconds from ``now`` until ``moment``, at least 1 (a Retry-After of 0 means "now")."""
    return max(1, math.ceil((moment - now).total_seconds()))


def recent_days(now: datetime.datetime, count: int) -> list[datetime.date]:
    """The last ``count`` UTC days, today first.

    >>> recent_days(datetime.datetime(2026, 3, 1, 1, tzinfo=datetime.UTC), 2)
    [datetime.date(2026, 3, 1), datetime.date(2026, 2, 28)]
    """
    today = utc_day(now)
    return [today - datetime.timedelta(days=back) for back in range(count)]
