"""The integer-code daily statistics equal the float path of HJ 663-2013 on random and edge data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from envplan.monitoring import air_daily
from envplan.monitoring.air_grid import POLLUTANTS, HourlyGrid, codes_of_grid, grid_from_frame

SCALE = {"so2": 12, "no2": 30, "co": 0.8, "o3": 90, "pm10": 70, "pm25": 40}


def _float_reference(grid: HourlyGrid) -> dict[str, np.ndarray]:
    """The float path (hj663_2013 on rounded floats), block by block."""
    step = air_daily.BLOCK_STATIONS
    blocks = [
        air_daily._daily_block_float({p: v[i : i + step] for p, v in grid.values.items()}, 160.0)
        for i in range(0, len(grid.stations), step)
    ]
    return {name: np.concatenate([b[name] for b in blocks]) for name in air_daily.DAILY_COLUMNS}


def _random_grid(n_stations: int, n_days: int, seed: int) -> HourlyGrid:
    rng = np.random.default_rng(seed)
    shape = (n_stations, n_days, 24)
    values = {}
    for p in POLLUTANTS:
        v = np.round(rng.gamma(3, SCALE[p] / 3, shape), 1 if p == "co" else 0)
        finer = rng.random(shape) < 0.3  # one decimal more than kept: GB/T 8170 half-to-even first
        v[finer] = np.round(rng.gamma(3, SCALE[p] / 3, shape), 2 if p == "co" else 1)[finer]
        v[rng.random(shape) < rng.uniform(0.0, 0.4, (n_stations, n_days, 1))] = np.nan  # 0…40 % gaps
        values[p] = v
    stations = np.array([f"S{i}" for i in range(n_stations)], dtype=object)
    days = np.arange(np.datetime64("2023-06-01"), np.datetime64("2023-06-01") + n_days)
    return HourlyGrid(stations, days, values, np.ones(shape[:2], dtype=bool), {})


def _assert_same(grid: HourlyGrid) -> None:
    fast, ref = air_daily.daily_arrays(grid), _float_reference(grid)
    for name in air_daily.DAILY_COLUMNS:
        np.testing.assert_array_equal(fast[name], ref[name], err_msg=name)


def test_random_gaps_ties_and_unrounded_values() -> None:
    grid = _random_grid(40, 30, seed=11)
    fast = air_daily.daily_arrays(grid)
    assert np.isnan(fast["pm25_24h"]).any() and (~np.isnan(fast["o3_8h_max"])).any()
    _assert_same(grid)


def test_validity_edges_20_hours_6_per_window_14_windows() -> None:
    grid = _random_grid(9, 4, seed=2)
    v = {p: np.full_like(a, 50.0) for p, a in grid.values.items()}
    v["pm25"][0, 0, :4] = np.nan  # 20 hours: valid
    v["pm25"][0, 1, :5] = np.nan  # 19 hours: invalid
    v["pm25"][0, 2, :] = 30.0
    v["pm25"][0, 2, :12] = 31.0  # mean 30.5 → 30 (half to even)
    v["o3"][1, 0, 2:4] = np.nan  # window 8:00 has 6 of 8 hours: usable
    v["o3"][1, 1, 2:5] = np.nan  # windows 8:00…10:00 have 5 hours: 14 usable windows remain
    v["o3"][1, 2, 2:6] = np.nan  # 13 usable windows, max 50 ≤ 160: invalid
    v["o3"][2, 2, 2:6] = np.nan
    v["o3"][2, 2, 12:20] = 200.0  # 13 usable windows but max 200 > 160: valid
    v["co"][3, :, :] = 0.45  # → 0.4
    grid = HourlyGrid(grid.stations, grid.days, v, grid.present, {})
    fast = air_daily.daily_arrays(grid)
    assert fast["pm25_24h"][0, :3].tolist()[0] == 50 and np.isnan(fast["pm25_24h"][0, 1])
    assert fast["pm25_24h"][0, 2] == 30 and fast["co_24h"][3, 0] == 0.4
    assert fast["o3_8h_max"][1, :2].tolist() == [50, 50] and np.isnan(fast["o3_8h_max"][1, 2])
    assert fast["o3_8h_max"][2, 2] == 200
    _assert_same(grid)


def test_negative_or_huge_value_takes_the_float_path() -> None:
    grid = _random_grid(24, 3, seed=4)
    grid.values["so2"][9, 1, 5] = -3.0
    grid.values["pm10"][17, 2, 5] = 40_000.0  # beyond the int16 codes: clipped for the AQI only
    plain = codes_of_grid(grid).plain
    assert not plain[9] and not plain[17] and plain[:8].all()
    _assert_same(grid)


def test_from_frame_with_24_00_labels() -> None:
    rng = np.random.default_rng(8)
    start = dt.datetime(2023, 3, 1, 1)
    rows = [
        {"station_code": f"S{s}", "timepoint": start + dt.timedelta(hours=h)}
        | {p: None if rng.random() < 0.1 else float(rng.integers(1, 200)) for p in POLLUTANTS}
        for s in range(3)
        for h in range(24 * 5)
    ]  # the last hour of each day is labelled D+1 00:00
    grid = grid_from_frame(pl.DataFrame(rows))
    assert grid.values["pm25"].shape == (3, 5, 24)
    _assert_same(grid)


def test_pollutants_not_measured_stay_empty() -> None:
    grid = _random_grid(10, 5, seed=3)
    values = {p: v for p, v in grid.values.items() if p not in ("o3", "co")}
    partial = HourlyGrid(grid.stations, grid.days, values, grid.present, {})
    fast = air_daily.daily_arrays(partial)
    assert np.isnan(fast["o3_8h_max"]).all() and np.isnan(fast["co_24h"]).all()
    _assert_same(partial)
