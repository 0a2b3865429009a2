"""Hourly air data as dense arrays: station × natural day × 24 hour slots [hj663-2013 Table A.1].

The value labelled X:00 is the mean of the hour before X, so slot 0 holds the 1:00 value and slot 23
the 24:00 value (``D+1 00:00`` in files that use 00:00 labels).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.air._aqi_common import DECIMALS
from envplan.standards.air._codes import scaled_floats

CODE_CAP = float(np.iinfo(np.int16).max)  # 3,276.7 mg/m³ CO, 32,767 µg/m³ others
POLLUTANTS: tuple[str, ...] = ("so2", "no2", "co", "o3", "pm10", "pm25")


@dataclass(frozen=True)
class HourlyGrid:
    """Hourly values per pollutant, ``(n_stations, n_days, 24)``; ``present``: station-days in the input."""

    stations: npt.NDArray[np.object_]
    days: npt.NDArray[np.datetime64]
    values: dict[str, npt.NDArray[np.float64]]
    present: npt.NDArray[np.bool_]
    extra: dict[str, npt.NDArray[np.bool_]]


@dataclass(frozen=True)
class CodeGrid:
    """The values of a :class:`HourlyGrid` rounded per GB/T 8170 (HJ 663-2013 Table 3) as int16 codes
    (µg/m³, CO in 0.1 mg/m³; −1 missing, clipped at :data:`CODE_CAP`, above every IAQI column's top);
    ``plain``: per station, no negative and no clipped value (else the float path of the daily
    statistics applies to it)."""

    codes: dict[str, npt.NDArray[np.int16]]
    plain: npt.NDArray[np.bool_]


def codes_of_grid(grid: HourlyGrid, block: int = 8) -> CodeGrid:
    """Round every value once, a block of stations at a time (:func:`._codes.scaled_floats`)."""
    n = len(grid.stations)
    codes = {p: np.empty(v.shape, dtype=np.int16) for p, v in grid.values.items()}
    plain = np.ones(n, dtype=bool)
    for first in range(0, n, block):
        rows = slice(first, first + block)
        for p, v in grid.values.items():
            k, ok = scaled_floats(v[rows], DECIMALS[p], CODE_CAP)
            codes[p][rows] = k
            plain[rows] &= ok
    return CodeGrid(codes, plain)


def grid_from_frame(frame: pl.DataFrame, flags: tuple[str, ...] = ("dust",)) -> HourlyGrid:
    """Dense grid of a wide hourly table (``station_code``, ``timepoint``, pollutant columns).

    Boolean-like ``flags`` columns (e.g. ``dust``: 1/true) become station-day flags set when any
    hour of the day is flagged. Duplicate station-hours must be resolved before (last one wins).
    """
    stamps = frame["timepoint"].to_numpy().astype("datetime64[m]") - np.timedelta64(1, "m")
    days = stamps.astype("datetime64[D]")
    slot = ((stamps - days.astype("datetime64[m]")) // np.timedelta64(60, "m")).astype(np.int64)
    first, last = days.min(), days.max()
    day_index = (days - first).astype(np.int64)
    stations, station_index = np.unique(frame["station_code"].cast(pl.String).to_numpy(), return_inverse=True)
    shape = (len(stations), int((last - first).astype(np.int64)) + 1, 24)
    flat = (station_index * shape[1] + day_index) * 24 + slot
    values = {}
    for pollutant in (p for p in POLLUTANTS if p in frame.columns):
        grid = np.full(shape[0] * shape[1] * 24, np.nan)
        grid[flat] = frame[pollutant].cast(pl.Float64).fill_null(np.nan).to_numpy()
        values[pollutant] = grid.reshape(shape)
    present = np.zeros(shape[:2], dtype=bool)
    present[station_index, day_index] = True
    extra = {
        name: _day_flag(frame[name], station_index, day_index, shape)
        for name in flags
        if name in frame.columns
    }
    return HourlyGrid(stations.astype(object), np.arange(first, last + 1), values, present, extra)


def _day_flag(
    column: pl.Series,
    station_index: npt.NDArray[np.intp],
    day_index: npt.NDArray[np.int64],
    shape: tuple[int, int, int],
) -> npt.NDArray[np.bool_]:
    truthy = (
        column.cast(pl.String)
        .str.strip_chars()
        .str.to_lowercase()
        .is_in(["1", "true", "yes", "y", "是"])
        .to_numpy()
    )
    flag = np.zeros(shape[:2], dtype=bool)
    np.logical_or.at(flag, (station_index[truthy], day_index[truthy]), True)
    return flag
