"""The significance estimate: a two-proportion z-test against known values, and its minimums."""

from __future__ import annotations

import math

import pytest

from newsbudget.experiments import stats


@pytest.mark.parametrize(
    ("counts", "z", "p"),
    [
        # Computed by hand: pooled 0.115, standard error 0.014267.
        ((100, 1000, 130, 1000), 2.1027, 0.0355),
        # The same rates: no difference at all.
        ((50, 1000, 50, 1000), 0.0, 1.0),
        # A lower rate gives a negative z and the same two-sided p-value.
        ((130, 1000, 100, 1000), -2.1027, 0.0355),
        # 4% against 6% over 2,400 readers each (the demo's numbers, roughly).
        ((96, 2400, 144, 2400), 3.1789, 0.0015),
    ],
)
def test_it_matches_known_values(counts: tuple[int, int, int, int], z: float, p: float) -> None:
    result = stats.two_proportion_z_test(*counts)

    assert result is not None
    assert result[0] == pytest.approx(z, abs=1e-4)
    assert result[1] == pytest.approx(p, abs=1e-4)


def test_a_z_of_1_96_is_the_five_percent_line() -> None:
    assert math.erfc(1.959964 / math.sqrt(2)) == pytest.approx(0.05, abs=1e-6)


def test_it_declines_to_answer_without_impressions_or_variance() -> None:
    assert stats.two_proportion_z_test(0, 0, 5, 100) is None
    assert stats.two_proportion_z_test(0, 100, 0, 100) is None
    assert stats.two_proportion_z_test(100, 100, 100, 100) is None


def test_a_small_sample_is_never_significant_however_large_the_difference() -> None:
    comparison = stats.compare(original=(1, 100), alternative=(30, 100), alternatives=1)

    assert comparison.p_value is not None
    assert comparison.p_value < 0.001
    assert not comparison.enough_data
    assert not comparison.significant


def test_more_alternatives_need_a_smaller_p_value() -> None:
    one = stats.compare(original=(100, 1000), alternative=(130, 1000), alternatives=1)
    three = stats.compare(original=(100, 1000), alternative=(130, 1000), alternatives=3)

    assert one.significant
    assert not three.significant


def test_click_through_rate() -> None:
    assert stats.click_through_rate(5, 200) == 0.025
    assert stats.click_through_rate(0, 0) is None
