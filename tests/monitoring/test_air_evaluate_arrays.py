"""Evaluation from daily arrays equals evaluation of the daily table built from them."""

from __future__ import annotations

import numpy as np
import pytest
from polars.testing import assert_frame_equal

from envplan.monitoring.air_daily import DAILY_COLUMNS, _to_frame, city_arrays, evaluation_arrays
from envplan.monitoring.air_evaluate import evaluate_period

LEVEL = {"so2_24h": 10, "no2_24h": 40, "co_24h": 0.9, "pm10_24h": 80, "pm25_24h": 45}
LEVEL |= {"o3_1h_max": 150, "o3_8h_max": 120}


def _daily(
    n_units: int, first: str, n_days: int, seed: int
) -> tuple[np.ndarray, np.ndarray, dict, np.ndarray]:
    rng = np.random.default_rng(seed)
    days = np.arange(np.datetime64(first), np.datetime64(first) + n_days)
    daily = {}
    for name in DAILY_COLUMNS:
        v = np.round(rng.gamma(3, LEVEL[name] / 3, (n_units, n_days)), 1 if name == "co_24h" else 0)
        share = np.where(np.arange(n_units) % 3 == 0, 0.15, 0.003)[:, None]  # a third fail the day rules
        v[rng.random(v.shape) < share] = np.nan
        daily[name] = v
    present = rng.random((n_units, n_days)) > 0.003
    present[-1] = False  # a unit without any data: absent from both results
    names = np.array([f"{2000 - i}A" for i in range(n_units)], dtype=object)  # unsorted input
    return names, days, daily, present


@pytest.mark.parametrize(
    ("first", "period", "base"),
    [("2023-01-01", "2023", None), ("2022-12-01", "2023-02", "2022-12"), ("2026-01-01", "2026Q2", "2026Q1")],
)
def test_arrays_and_table_give_the_same_evaluation(first: str, period: str, base: str | None) -> None:
    names, days, daily, present = _daily(30, first, 400, seed=len(period))
    rng = np.random.default_rng(1)
    flags = {"dust": rng.random(present.shape) < 0.03}
    table = _to_frame(names, days, daily, present, flags, "station_code")
    arrays = evaluation_arrays(names, days, daily, present, flags)
    expected = evaluate_period(table, "station_code", period, base)
    assert expected.height == 29 and 0 < expected["composite_index"].null_count() < 29
    assert_frame_equal(evaluate_period(arrays, "station_code", period, base), expected)


def test_city_arrays_and_table_give_the_same_ranking() -> None:
    _, days, daily, _ = _daily(45, "2023-01-01", 365, seed=5)
    cities, city_daily = city_arrays(daily, np.array([f"city{i % 4}" for i in range(45)]))
    everywhere = np.ones((len(cities), len(days)), dtype=bool)
    table = _to_frame(cities, days, city_daily, everywhere, {}, "city")
    arrays = evaluation_arrays(cities, days, city_daily, everywhere, {})
    assert_frame_equal(evaluate_period(arrays, "city", "2023"), evaluate_period(table, "city", "2023"))
