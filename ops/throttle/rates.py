"""Rates such as "100/m": how many requests a bucket may make in how many seconds.

>>> Rate.parse("100/m")
Rate(limit=100, period=60)
>>> Rate.parse("5/10m")
Rate(limit=5, period=600)
>>> Rate.parse("ten a minute")
Traceback (most recent call last):
...
ValueError: A rate is COUNT/PERIOD such as 100/m, ... got 'ten a minute'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"(?P<limit>[0-9]+)/(?P<multiple>[0-9]*)(?P<unit>[smhd])")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = RATE.fullmatch(text.strip())
        if match is None:
            raise ValueError(
                "A rate is COUNT/PERIOD such as 100/m, 5/10m or 1000/d (units s, m, h, d), "
                f"got {text!r}"
            )
        multiple = int(match["multiple"] or 1)
        limit, period = int(match["limit"]), multiple * UNIT_SECONDS[match["unit"]]
        if limit < 1 or period < 1:
            raise ValueError(f"A rate needs a count and a period of at least 1, got {text!r}")
        return cls(limit=limit, period=period)

    def __str__(self) -> str:
        return f"{self.limit}/{self.period}s"
