"""Dustfall means and thresholds (HJ 1221-2021 practice); warnings against a target class."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from envplan.standards.water.dustfall_hj1221_2021 import (
    CITY_PLAN_THRESHOLD,
    DISTRICT_PLAN_THRESHOLD,
    above_threshold,
    area_means,
    counties_above,
    dustfall_from_weighing,
    rank_ascending_shared,
)
from envplan.standards.water.evaluation_2011 import water_class_from_sample
from envplan.standards.water.profiles import AUTO5
from envplan.standards.water.warnings_target import (
    consecutive_exceedance_counts,
    exceedances_of_target,
    target_limits,
)

POINTS = pl.DataFrame(
    {
        "county": ["离石区", "离石区", "离石区", "文水县", "文水县", "交城县"],
        "point": ["p1", "p2", "对照", "p3", "p4", "p5"],
        "dustfall": [8.0, 6.1, 1.0, 7.0, 7.2, 5.0],
        "control": [False, False, True, False, False, False],
    }
)


def test_weighing_formula_normalises_to_30_days() -> None:
    # 0.0126 g net on a 63.6 cm² mouth over 31 days → 0.0126/(63.6·31)·30·10⁴ t/km²
    value = dustfall_from_weighing(50.0226, 50.0090, 0.0010, 63.6, 31)
    assert value == pytest.approx(0.0126 / (63.6 * 31) * 30e4)


def test_county_means_with_and_without_the_control_point() -> None:
    without = area_means(POINTS, ["county"])
    assert without["mean"].to_list() == pytest.approx([5.0, 7.1, 7.05])  # 交城, 文水, 离石 (sorted)
    assert without["mean_shown"].to_list() == [5.0, 7.1, 7.0]  # 7.05 → 7.0 half-even
    with_control = area_means(POINTS, ["county"], include_control=True)
    assert with_control.filter(pl.col("county") == "离石区")["mean"][0] == pytest.approx(5.0333, abs=1e-4)


def test_thresholds_of_the_two_plans() -> None:
    means = area_means(POINTS, ["county"])
    assert CITY_PLAN_THRESHOLD == 7.0 and DISTRICT_PLAN_THRESHOLD == 5.0
    assert counties_above(means, 7.0) == ["文水县"]  # 7.0 shown is not above 7
    assert counties_above(means, 5.0) == ["文水县", "离石区"]  # 5.0 is not above 5
    flagged = above_threshold(means, 7.0)
    assert flagged["excess"].to_list() == [-2.0, 0.1, 0.0]


def test_shared_ranks() -> None:
    assert rank_ascending_shared([5.5, 5.46, 4.0, 6.0]).tolist() == [2, 2, 1, 4]


def test_target_limits_by_class() -> None:
    assert target_limits("codmn", [2, 3, 4]).tolist() == [4.0, 6.0, 10.0]
    assert target_limits("tp", [3, 3], [False, True]).tolist() == [0.2, 0.05]


def test_exceedances_of_target() -> None:
    columns = {
        "ph": np.array([7.0, 9.5]),
        "do": np.array([4.0, 8.0]),
        "codmn": np.array([7.5, 3.0]),
        "nh3n": np.array([0.5, 0.2]),
        "tp": np.array([0.1, 0.3]),
    }
    result = water_class_from_sample(columns, AUTO5, round_values=False)
    exceeds, multiple = exceedances_of_target(columns, result, [3, 2])
    assert exceeds.tolist() == [[False, True, True, False, False], [True, False, False, False, True]]
    assert multiple[0, 1] == pytest.approx(0.2)  # DO shortfall (5 − 4)/5
    assert multiple[0, 2] == pytest.approx(0.25)  # CODMn (7.5 − 6)/6
    assert np.isnan(multiple[1, 0])  # pH has no multiple
    assert multiple[1, 4] == pytest.approx(2.0)  # TP (0.3 − 0.1)/0.1 against Class Ⅱ


def test_consecutive_counts_reset_per_section_and_skip_missing() -> None:
    sections = [1, 1, 1, 1, 1, 2, 2, 2]
    exceeded = [1, 1, 0, 1, 1, 1, 0, 1]
    valid = [1, 1, 1, 0, 1, 1, 1, 1]
    assert consecutive_exceedance_counts(sections, exceeded, valid).tolist() == [1, 2, 0, 0, 1, 1, 0, 1]
    assert consecutive_exceedance_counts([7, 7, 7], [1, 0, 1], [1, 0, 1]).tolist() == [1, 0, 2]
