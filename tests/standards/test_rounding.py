"""GB/T 8170 half-to-even and the HJ 633 round-up, on decimal values."""

from __future__ import annotations

import numpy as np
import pytest

from envplan.standards.rounding import ceil_integer, round_half_even, round_half_even_scalar


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.675, 2, 2.68),  # decimal tie, 7 odd -> up (binary value is 2.67499…)
        (2.665, 2, 2.66),  # decimal tie, 6 even -> stays
        (0.125, 2, 0.12),
        (0.135, 2, 0.14),
        (12.5, 0, 12.0),
        (13.5, 0, 14.0),
        (-2.5, 0, -2.0),
        (1.05, 1, 1.0),
        (1.15, 1, 1.2),
        (7.451, 1, 7.5),  # above the tie: ordinary rounding
        (7.449, 1, 7.4),
        (1250.0, -2, 1200.0),
        (1350.0, -2, 1400.0),
    ],
)
def test_round_half_even_gbt8170(value: float, decimals: int, expected: float) -> None:
    assert round_half_even_scalar(value, decimals) == expected


def test_round_half_even_vectorised_keeps_nan() -> None:
    out = round_half_even(np.array([0.0045, np.nan, 0.0055]), 3)
    assert out[0] == 0.004 and np.isnan(out[1]) and out[2] == 0.006


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (25 * (2.2 - 2) + 50, 55.0),  # 55.000000000000004 in binary: the standard gives 55
        (55.0, 55.0),
        (55.01, 56.0),
        (54.999, 55.0),
        (0.0, 0.0),
    ],
)
def test_ceil_integer_on_decimal_value(value: float, expected: float) -> None:
    assert ceil_integer(np.array([value]))[0] == expected


def test_ceil_integer_nan() -> None:
    assert np.isnan(ceil_integer(np.array([np.nan]))[0])


def test_zero_dimensional_inputs_keep_their_shape() -> None:
    assert round_half_even(np.float64(2.675), 2).shape == ()
    assert float(round_half_even(np.float64(2.675), 2)) == 2.68
    assert float(round_half_even(0.5)) == 0.0
    assert float(ceil_integer(25 * (2.2 - 2) + 50)) == 55.0


def test_two_dimensional_ties() -> None:
    out = round_half_even(np.array([[0.125, 0.135], [2.5, 3.5]]), 2)
    assert out.tolist() == [[0.12, 0.14], [2.5, 3.5]]


def test_mean_half_even_on_scaled_totals() -> None:
    """Means of whole-number totals, ties to even on the exact quotient; NaN where nothing counts."""
    from envplan.standards.rounding import mean_half_even

    # 5/2 = 2.5 → 2; 7/2 = 3.5 → 4; 10/4 = 2.5 → 2; 11/4 = 2.75 → 3; -5/2 = -2.5 → -2
    got = mean_half_even([5, 7, 10, 11, -5], [2, 2, 4, 4, 2], 0)
    assert got.tolist() == [2.0, 4.0, 2.0, 3.0, -2.0]
    # CO totals in 0.1 mg/m³: 25 (2.5 over 1 h)/2 h = 1.25 mg/m³ → 1.2 at one decimal
    assert mean_half_even([25], [2], 1).tolist() == [1.2]
    out = mean_half_even([np.nan, 4.0], [3, 0], 0)
    assert np.isnan(out).all()
