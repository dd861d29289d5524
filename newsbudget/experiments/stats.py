"""Is an alternative headline's click-through rate really different from the original's?

Method: a **two-sided two-proportion z-test** of each alternative against the
original (variant 0), with the pooled proportion for the standard error:

    p0 = c0/n0, p1 = c1/n1, p = (c0 + c1)/(n0 + n1)
    z = (p1 - p0) / sqrt(p (1 - p) (1/n0 + 1/n1)),   p-value = erfc(|z| / sqrt 2)

A result is called significant only when

- each of the two arms has at least ``MIN_IMPRESSIONS`` impressions and at
  least ``MIN_EVENTS`` clicks and ``MIN_EVENTS`` non-clicks (below that the
  normal approximation behind the z-test is poor), and
- the p-value is below ``ALPHA`` divided by the number of alternatives
  (Bonferroni: three alternatives compared with one original are three tests).

Caveats, which the results page repeats: looking at the numbers every hour and
stopping at the first significant one ("peeking") makes false winners far more
likely than ``ALPHA`` suggests — decide the sample size (or the end date)
before starting; an impression is a front page *shown* with the headline, not
a headline seen (it may be below the fold); readers without JavaScript are not
in the test at all; a reader who clears cookies is a new reader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ALPHA = 0.05
MIN_IMPRESSIONS = 500
MIN_EVENTS = 10


def click_through_rate(clicks: int, impressions: int) -> float | None:
    """Clicks per impression, or None with no impression yet.

    >>> click_through_rate(13, 100), click_through_rate(0, 0)
    (0.13, None)
    """
    return clicks / impressions if impressions else None


def two_proportion_z_test(
    clicks_a: int, impressions_a: int, clicks_b: int, impressions_b: int
) -> tuple[float, float] | None:
    """(z, two-sided p-value) of B's rate against A's; None when it is undefined.

    >>> z, p = two_proportion_z_test(100, 1000, 130, 1000)
    >>> round(z, 4), round(p, 4)
    (2.1027, 0.0355)
    >>> two_proportion_z_test(0, 1000, 0, 1000) is None  # no clicks at all: no variance
    True
    """
    if impressions_a <= 0 or impressions_b <= 0:
        return None
    pooled = (clicks_a + clicks_b) / (impressions_a + impressions_b)
    variance = pooled * (1 - pooled) * (1 / impressions_a + 1 / impressions_b)
    if variance <= 0:
        return None
    z = (clicks_b / impressions_b - clicks_a / impressions_a) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def enough_data(clicks: int, impressions: int) -> bool:
    """Whether one arm is big enough for the normal approximation (and our minimum).

    >>> enough_data(40, 1000), enough_data(5, 1000), enough_data(40, 200)
    (True, False, False)
    """
    return (
        impressions >= MIN_IMPRESSIONS
        and clicks >= MIN_EVENTS
        and impressions - clicks >= MIN_EVENTS
    )


@dataclass(frozen=True)
class Comparison:
    """One alternative against the original."""

    z: float | None
    p_value: float | None
    enough_data: bool
    significant: bool


def compare(
    *, original: tuple[int, int], alternative: tuple[int, int], alternatives: int
) -> Comparison:
    """Compare (clicks, impressions) of an alternative with the original's.

    >>> compare(original=(100, 1000), alternative=(130, 1000), alternatives=1).significant
    True
    >>> compare(original=(100, 1000), alternative=(130, 1000), alternatives=3).significant
    False
    """
    result = two_proportion_z_test(*original, *alternative)
    big_enough = enough_data(*original) and enough_data(*alternative)
    if result is None:
        return Comparison(z=None, p_value=None, enough_data=big_enough, significant=False)
    z, p_value = result
    threshold = ALPHA / max(alternatives, 1)
    return Comparison(
        z=z, p_value=p_value, enough_data=big_enough, significant=big_enough and p_value < threshold
    )
