"""Daily statistics and daily AQI per station or city from hourly data [hj663-2013, hj633-2012, hj633-2026].

Per natural day: SO2, NO2, CO, PM10, PM2.5 24-h means, O3 daily max 1-h and daily max 8-h (HJ 663-2013
validity; empty where invalid), and the daily AQI of the HJ 633 edition in force that day (2012 with
the O3 1-h maximum, 2026 without it). City values are the means of the point values (HJ 663 6.1.4).
Every row carries ``aqi_standard`` and ``method_note`` (see :mod:`envplan.standards.air.editions`).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.monitoring.air_evaluate import DailyArrays
from envplan.monitoring.air_grid import CodeGrid, HourlyGrid, codes_of_grid, grid_from_frame
from envplan.monitoring.air_io import DAILY_VALUE_COLUMNS, AirDataError
from envplan.standards.air import _daily_codes, editions, hj633_2012, hj633_2026, hj663_2013
from envplan.standards.air._aqi_common import LABEL_LOOKUP, AqiResult
from envplan.standards.air._codes import Codes

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
MEANS: tuple[str, ...] = ("so2", "no2", "co", "pm10", "pm25")
DAILY_COLUMNS = DAILY_VALUE_COLUMNS  # the daily statistics, in the CLI contract's order
Level = Literal["station", "city"]


BLOCK_STATIONS = 8  # stations per block: keeps the working arrays in cache


def daily_arrays(
    grid: HourlyGrid, o3_8h_limit: float = 160.0, codes: CodeGrid | None = None
) -> dict[str, FloatArray]:
    """Daily statistics ``(n_stations, n_days)``; NaN where invalid or not measured.

    Integer sums per block of stations (:mod:`envplan.standards.air._daily_codes`) of the grid's codes
    (``codes``, from :func:`codes_of_grid`, computed here when not given), then the means over the whole
    grid; a block holding a negative value takes the float path (:func:`_daily_block_float`).
    """
    code_grid = codes if codes is not None else codes_of_grid(grid, BLOCK_STATIONS)
    shape = grid.present.shape
    names = [name for name in _SUMS if name.split("_")[0] in grid.values]
    sums = {name: np.full(shape, np.nan) for name in names}
    counts = {name: np.zeros(shape, dtype=np.int64) for name in names}
    blocks = [slice(first, first + BLOCK_STATIONS) for first in range(0, shape[0], BLOCK_STATIONS)]
    fallback = [rows for rows in blocks if not code_grid.plain[rows].all()]
    for rows in blocks:
        if code_grid.plain[rows].all():
            _sum_block({p: c[rows] for p, c in code_grid.codes.items()}, rows, sums, counts)
    out = _finish(sums, counts, shape, o3_8h_limit)
    for rows in fallback:
        block = _daily_block_float({p: v[rows] for p, v in grid.values.items()}, o3_8h_limit)
        for name in DAILY_COLUMNS:
            out[name][rows] = block[name]
    return out


_SUMS = ("so2_total", "no2_total", "co_total", "pm10_total", "pm25_total", "o3_total", "o3_top", "o3_key")


def _sum_block(
    codes: dict[str, Codes], rows: slice, sums: dict[str, FloatArray], counts: dict[str, IntArray]
) -> None:
    """Fill the sums of one block of stations."""
    for p, c in codes.items():
        sums[f"{p}_total"][rows], counts[f"{p}_total"][rows] = _daily_codes.day_sums(c)
    if "o3" in codes:
        sums["o3_top"][rows], sums["o3_key"][rows], counts["o3_key"][rows] = _daily_codes.o3_day_sums(
            codes["o3"]
        )


def _finish(
    sums: dict[str, FloatArray], counts: dict[str, IntArray], shape: tuple[int, ...], o3_8h_limit: float
) -> dict[str, FloatArray]:
    missing = np.full(shape, np.nan)
    out = {
        f"{p}_24h": _daily_codes.daily_mean(sums[f"{p}_total"], counts[f"{p}_total"], p)
        if f"{p}_total" in sums
        else missing.copy()
        for p in MEANS
    }
    if "o3_total" in sums:
        out["o3_1h_max"] = _daily_codes.daily_max_1h(sums["o3_top"], counts["o3_total"])
        out["o3_8h_max"] = _daily_codes.daily_max_8h(sums["o3_key"], counts["o3_key"], o3_8h_limit)
    else:
        out["o3_1h_max"], out["o3_8h_max"] = missing.copy(), missing.copy()
    return out


def _daily_block_float(values: dict[str, FloatArray], o3_8h_limit: float) -> dict[str, FloatArray]:
    """:func:`_daily_block` on floats (:mod:`hj663_2013`), the reference the code path must equal."""
    shape = next(iter(values.values())).shape[:2]
    missing = np.full(shape, np.nan)
    rounded = {p: hj663_2013.round_hourly(v, p) for p, v in values.items()}
    out = {
        f"{p}_24h": hj663_2013.daily_mean_from_hourly(rounded[p], p, rounded=True)[0]
        if p in rounded
        else missing
        for p in MEANS
    }
    if "o3" in rounded:
        out["o3_1h_max"] = hj663_2013.daily_max_1h_from_hourly(rounded["o3"], rounded=True)
        out["o3_8h_max"] = hj663_2013.daily_max_8h_from_hourly(rounded["o3"], o3_8h_limit, rounded=True)[0]
    else:
        out["o3_1h_max"] = out["o3_8h_max"] = missing
    return out


def city_arrays(
    daily: dict[str, FloatArray], city_of_station: npt.ArrayLike
) -> tuple[npt.NDArray[np.object_], dict[str, FloatArray]]:
    """City daily values (mean of point values, ≥ 75 % / 50 % of points; MDA8 = mean of point MDA8s)."""
    cities, index = np.unique(np.asarray(city_of_station, dtype=str), return_inverse=True)
    out: dict[str, FloatArray] = {}
    for name, values in daily.items():
        pollutant = name.split("_")[0]
        rows = [
            hj663_2013.city_from_points(values[index == c], pollutant) for c in range(len(cities))
        ]  # per city
        out[name] = np.vstack(rows) if rows else values[:0]
    return cities.astype(object), out


def daily_aqi_arrays(
    daily: dict[str, FloatArray], days: npt.NDArray[np.datetime64]
) -> dict[str, npt.NDArray[Any]]:
    """Daily AQI and primary-pollutant code (:data:`LABEL_LOOKUP`) with the edition in force each day."""
    new = np.broadcast_to(editions.is_2026_edition(days), daily["so2_24h"].shape)
    d = {k: v.ravel() for k, v in daily.items()}
    aqi = np.full(new.shape, np.nan)
    code = np.zeros(new.shape, dtype=np.int64)
    if not new.all():
        old = hj633_2012.daily_aqi_codes(
            d["so2_24h"],
            d["no2_24h"],
            d["co_24h"],
            d["pm10_24h"],
            d["pm25_24h"],
            d["o3_1h_max"],
            d["o3_8h_max"],
        )
        aqi = old.aqi_float().reshape(new.shape)
        code = old.primary_code.astype(np.int64).reshape(new.shape)
    if new.any():
        fresh = hj633_2026.daily_aqi(
            d["so2_24h"], d["no2_24h"], d["co_24h"], d["pm10_24h"], d["pm25_24h"], d["o3_8h_max"]
        )
        aqi = np.where(new, fresh.aqi.reshape(new.shape), aqi)
        code = np.where(new, _codes(fresh).reshape(new.shape), code)
    return {"aqi": aqi, "primary_code": code, "new": new}


def _codes(result: AqiResult) -> npt.NDArray[np.int64]:
    assert result.primary_code is not None
    return result.primary_code


def daily_table(
    frame: pl.DataFrame, by: Level = "station", city_column: str = "area", o3_8h_limit: float = 160.0
) -> pl.DataFrame:
    """One row per station (or city) and natural day with the daily statistics and daily AQI."""
    grid = grid_from_frame(frame)
    daily = daily_arrays(grid, o3_8h_limit)
    names, present = grid.stations, grid.present
    flags = grid.extra
    if by == "city":
        station_city = _city_of_station(frame, city_column, grid.stations)
        names, daily = city_arrays(daily, station_city)
        present = np.vstack([present[station_city == c].any(axis=0) for c in names])
        flags = {k: np.vstack([v[station_city == c].any(axis=0) for c in names]) for k, v in flags.items()}
    return _to_frame(names, grid.days, daily, present, flags, "city" if by == "city" else "station_code")


def _city_of_station(
    frame: pl.DataFrame, city_column: str, stations: npt.NDArray[np.object_]
) -> npt.NDArray[np.str_]:
    if city_column not in frame.columns:
        raise AirDataError(f"--by city needs a '{city_column}' column naming each station's city")
    pairs = frame.group_by("station_code").agg(pl.col(city_column).first()).sort("station_code")
    lookup = dict(
        zip(
            pairs["station_code"].cast(pl.String).to_list(),
            pairs[city_column].cast(pl.String).to_list(),
            strict=True,
        )
    )
    return np.array([lookup[s] for s in stations], dtype=str)


def evaluation_arrays(
    names: npt.NDArray[np.object_],
    days: npt.NDArray[np.datetime64],
    daily: dict[str, FloatArray],
    present: npt.NDArray[np.bool_],
    flags: dict[str, npt.NDArray[np.bool_]],
) -> DailyArrays:
    """What :func:`_to_frame` would tabulate (daily AQI included), as arrays for ``evaluate_period``."""
    aqi = daily_aqi_arrays(daily, days)["aqi"]
    columns = dict(daily) | {"aqi": aqi} | {k: v.astype(np.float64) for k, v in flags.items()}
    return DailyArrays(names, days, columns, present)


def _to_frame(
    names: npt.NDArray[np.object_],
    days: npt.NDArray[np.datetime64],
    daily: dict[str, FloatArray],
    present: npt.NDArray[np.bool_],
    flags: dict[str, npt.NDArray[np.bool_]],
    key: str,
) -> pl.DataFrame:
    aqi = daily_aqi_arrays(daily, days)
    unit, day = np.nonzero(present)
    new = aqi["new"][unit, day]
    columns: dict[str, object] = {key: pl.Series(names.astype(str)).gather(unit), "date": days[day]}
    columns |= {c: pl.Series(c, daily[c][unit, day]).fill_nan(None) for c in DAILY_COLUMNS}
    columns["aqi"] = pl.Series("aqi", aqi["aqi"][unit, day].astype(np.float64)).fill_nan(None).cast(pl.Int64)
    columns["primary_pollutant"] = pl.Series(LABEL_LOOKUP.astype(str)).gather(aqi["primary_code"][unit, day])
    columns |= {name: flag[unit, day] for name, flag in flags.items()}
    which = new.astype(np.int64)
    columns["aqi_standard"] = pl.Series([hj633_2012.EDITION, hj633_2026.EDITION]).gather(which)
    columns["method_note"] = pl.Series([editions.METHOD_NOTE_2013, editions.METHOD_NOTE_2026]).gather(which)
    return pl.DataFrame(columns)
