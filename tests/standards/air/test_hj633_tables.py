"""HJ 633-2012 Table 1 and HJ 633-2026 Table 3: every breakpoint, between, above the top, missing."""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import ceil

import numpy as np
import pytest

from envplan.standards.air import hj633_2012, hj633_2026

STEPS = (0, 50, 100, 150, 200, 300, 400, 500)
EDITIONS = [hj633_2012, hj633_2026]


def _exact_iaqi(bp: tuple[float, ...], c: Fraction) -> int:
    for i in range(1, len(bp)):
        lo, hi = Fraction(str(bp[i - 1])), Fraction(str(bp[i]))
        if c <= hi:
            return ceil((STEPS[i] - STEPS[i - 1]) * (c - lo) / (hi - lo) + STEPS[i - 1])
    raise AssertionError("above the top")


def test_hj633_2012_table1_printed_order() -> None:
    assert list(hj633_2012.BREAKPOINTS) == [
        "SO2_24H", "SO2_1H", "NO2_24H", "NO2_1H", "PM10_24H", "CO_24H", "CO_1H", "O3_1H", "O3_8H", "PM25_24H",
    ]  # fmt: skip
    assert hj633_2012.BREAKPOINTS["PM25_24H"] == (0, 35, 75, 115, 150, 250, 350, 500)
    assert hj633_2012.BREAKPOINTS["NO2_1H"][-1] == 3840


def test_hj633_2026_table3_printed_order_and_changes() -> None:
    assert list(hj633_2026.BREAKPOINTS) == [
        "SO2_24H", "SO2_1H", "NO2_24H", "NO2_1H", "CO_24H", "CO_1H", "O3_8H", "O3_1H", "PM10_24H", "PM25_24H",
    ]  # fmt: skip
    assert hj633_2026.BREAKPOINTS["PM10_24H"][2] == 120 and hj633_2026.BREAKPOINTS["PM25_24H"][2] == 60
    same = {k for k in hj633_2026.BREAKPOINTS if k not in {"PM10_24H", "PM25_24H"}}
    assert all(hj633_2026.BREAKPOINTS[k] == hj633_2012.BREAKPOINTS[k] for k in same)


@pytest.mark.parametrize("module", EDITIONS, ids=lambda m: m.EDITION)
def test_iaqi_at_every_breakpoint(module) -> None:
    for item, bp in module.BREAKPOINTS.items():
        got = module.iaqi_from_concentration(item, np.array(bp))
        assert got.tolist() == list(STEPS[: len(bp)]), item


@pytest.mark.parametrize("module", EDITIONS, ids=lambda m: m.EDITION)
def test_iaqi_between_breakpoints_is_exact_ceiling(module) -> None:
    for item, bp in module.BREAKPOINTS.items():
        decimals = 1 if item.startswith("CO") else 0
        points = [
            round(lo + (hi - lo) * f, decimals)
            for lo, hi in itertools.pairwise(bp)
            for f in (0.013, 0.37, 0.5, 0.91)
        ]
        expected = [_exact_iaqi(bp, Fraction(str(p))) for p in points]
        assert module.iaqi_from_concentration(item, np.array(points)).tolist() == expected, item


@pytest.mark.parametrize("module", EDITIONS, ids=lambda m: m.EDITION)
def test_iaqi_above_top_capped_and_missing_masked(module) -> None:
    got = module.iaqi_from_concentration("PM25_24H", np.array([501.0, 9999.0, np.nan, -1.0]))
    assert got[:2].tolist() == [500, 500]
    assert np.isnan(got[2:]).all()


def test_digest_vectors_2012_and_2026() -> None:
    """air-standards.md §5.1 (derived from Tables 1 and 3)."""
    pm25 = [35, 35.1, 60, 75, 76, 115, 500, 501]
    assert hj633_2012.iaqi_from_concentration("PM25_24H", pm25).tolist() == [
        50,
        51,
        82,
        100,
        102,
        150,
        500,
        500,
    ]
    assert hj633_2026.iaqi_from_concentration("PM25_24H", pm25).tolist() == [
        50,
        51,
        100,
        114,
        115,
        150,
        500,
        500,
    ]
    assert hj633_2012.iaqi_from_concentration("PM10_24H", [98, 120, 150]).tolist() == [74, 85, 100]
    assert hj633_2026.iaqi_from_concentration("PM10_24H", [98, 120, 150]).tolist() == [85, 100, 112]
    assert hj633_2012.iaqi_from_concentration("CO_24H", [1.2, 2.2, 4]).tolist() == [30, 55, 100]
    assert hj633_2012.iaqi_from_concentration("CO_1H", [5.6]).tolist() == [56]
    assert hj633_2012.iaqi_from_concentration("SO2_24H", [50, 150, 476]).tolist() == [50, 100, 151]
    assert hj633_2012.iaqi_from_concentration("O3_8H", [161]).tolist() == [101]
    assert hj633_2012.iaqi_from_concentration("O3_1H", [201]).tolist() == [101]
    assert hj633_2012.iaqi_from_concentration("NO2_1H", [201]).tolist() == [101]
    assert hj633_2012.iaqi_from_concentration("NO2_24H", [81]).tolist() == [101]


def test_scalar_and_array_inputs_agree() -> None:
    assert hj633_2012.iaqi_from_concentration("CO_24H", 2.2).tolist() == 55
    assert hj633_2012.iaqi_from_concentration("CO_24H", [2.2]).tolist() == [55]


@pytest.mark.parametrize("module", EDITIONS, ids=lambda m: m.EDITION)
def test_lookup_path_equals_formula_for_every_rounded_value(module) -> None:
    """The AQI functions use a table look-up on rounded inputs; it must equal formula (1) everywhere."""
    from envplan.standards.air._aqi_common import iaqi_from_rounded

    for item, bp in module.BREAKPOINTS.items():
        decimals = 1 if item.startswith("CO") else 0
        values = np.arange(0, int(bp[-1] * 10**decimals) + 50) / 10**decimals
        expected = module.iaqi_from_concentration(item, values)
        assert np.array_equal(iaqi_from_rounded(values, bp, decimals), expected), item
    assert np.isnan(iaqi_from_rounded(np.array([np.nan, -1.0]), module.BREAKPOINTS["PM25_24H"], 0)).all()
