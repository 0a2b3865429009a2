"""Period evaluation and ranking figures per station or city from daily statistics.

Month, quarter or year [hj663-2013 6.1.3, GB 3095 Table 4]: SO2 / NO2 / PM10 / PM2.5 means, SO2 /
NO2 p98, PM10 / PM2.5 p95, CO p95, O3 MDA8 p90 (empty where the 27/25/324-day rules fail), good and
heavy-pollution days and the good-day ratio, the composite index and its shared rank [ranking-2018],
the change rate against a base period, and for a year the attainment under the GB 3095 edition in
force at the period's end. With a ``dust`` column, PM statistics and the composite index leave dust
days out while the day counts keep them [dust-2016]; validity is judged before the deduction
(documented setting). Every row has ``method_note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.monitoring.air_io import AirDataError
from envplan.standards.air import editions, gb3095_2012, gb3095_2026, hbjc_2018_19, hj663_2013
from envplan.standards.air._attainment import DAILY_ITEMS, attainment_rates
from envplan.standards.rounding import round_half_even

FloatArray = npt.NDArray[np.float64]
MEAN_ITEMS = ("so2", "no2", "pm10", "pm25")
PERCENTILES: tuple[tuple[str, str, int], ...] = (
    ("so2_p98", "so2_24h", 98),
    ("no2_p98", "no2_24h", 98),
    ("pm10_p95", "pm10_24h", 95),
    ("pm25_p95", "pm25_24h", 95),
    ("co_p95", "co_24h", 95),
    ("o3_8h_p90", "o3_8h_max", 90),
)


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year."""

    label: str
    kind: str
    start: date
    end: date  # last day

    def days(self) -> npt.NDArray[np.datetime64]:
        return np.arange(np.datetime64(self.start), np.datetime64(self.end) + 1)


def parse_period(text: str) -> Period:
    """``2023``, ``2023-05`` or ``2023Q2`` as a :class:`Period`."""
    t = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})", t):
        y = int(m[1])
        return Period(t, "year", date(y, 1, 1), date(y, 12, 31))
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", t):
        y, q = int(m[1]), int(m[2])
        return Period(f"{y}Q{q}", "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            return Period(f"{y}-{mo:02d}", "month", date(y, mo, 1), _month_end(y, mo))
    raise AirDataError(f"period '{text}': expected YYYY, YYYY-MM or YYYYQn")


def _month_end(year: int, month: int) -> date:
    following = np.datetime64(f"{year}-{month:02d}", "M") + 1
    return (following.astype("datetime64[D]") - 1).astype(date)


class _Dense:
    """Columns of a daily frame as ``(n_units, n_days)`` arrays over the period's calendar days."""

    def __init__(self, daily: pl.DataFrame, key: str, period: Period) -> None:
        self.units, self.unit = _sorted_codes(daily[key].cast(pl.String))
        self.days = period.days()
        self.day = (daily["date"].to_numpy().astype("datetime64[D]") - self.days[0]).astype(np.int64)
        self.daily = daily

    def grid(self, column: str) -> FloatArray:
        out = np.full((len(self.units), len(self.days)), np.nan)
        if column in self.daily.columns:
            out[self.unit, self.day] = self.daily[column].cast(pl.Float64).fill_null(np.nan).to_numpy()
        return out


@dataclass(frozen=True)
class DailyArrays:
    """Daily values ``(n_units, n_days)`` over the consecutive ``days``: the daily-table columns, ``aqi``
    and flags such as ``dust`` (0/1); NaN where not measured. ``present``: unit-days in the input
    (the rows a daily table would have). Evaluated without building that table."""

    units: npt.NDArray[np.object_]
    days: npt.NDArray[np.datetime64]
    columns: dict[str, FloatArray]
    present: npt.NDArray[np.bool_]


class _DenseArrays:
    """:class:`_Dense` of :class:`DailyArrays`: the period's days, the units present in it (sorted)."""

    def __init__(self, daily: DailyArrays, period: Period) -> None:
        self.days = period.days()
        source = np.arange(len(self.days)) + int((self.days[0] - daily.days[0]).astype(np.int64))
        self.inside = (source >= 0) & (source < len(daily.days))
        self.source = source[self.inside]
        present = daily.present[:, self.source]
        rows = np.flatnonzero(present.any(axis=1))
        names = daily.units[rows].astype(str)
        order = np.argsort(names, kind="stable")
        self.rows, self.units = rows[order], names[order].astype(object)
        self.present = present[self.rows]
        self.daily = daily

    def grid(self, column: str) -> FloatArray:
        out = np.full((len(self.units), len(self.days)), np.nan)
        values = self.daily.columns.get(column)
        if values is not None:
            picked = values[self.rows][:, self.source].astype(np.float64)
            out[:, self.inside] = np.where(self.present, picked, np.nan)
        return out


def _dense_of(daily: pl.DataFrame | DailyArrays, key: str, period: Period) -> _Dense | _DenseArrays:
    """The period's daily values as arrays; error when the period holds no data."""
    if isinstance(daily, DailyArrays):
        dense = _DenseArrays(daily, period)
        if len(dense.units) == 0:
            raise AirDataError(f"no daily data in period {period.label}")
        return dense
    inside = daily.filter(pl.col("date").is_between(period.start, period.end))
    if inside.is_empty():
        raise AirDataError(f"no daily data in period {period.label}")
    return _Dense(inside, key, period)


def _sorted_codes(names: pl.Series) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int64]]:
    """Distinct names in sorted order and each row's index into them (``np.unique`` with
    ``return_inverse``, by a hash join instead of sorting every row's string)."""
    units = names.unique().sort()
    lookup = pl.DataFrame({"name": units, "index": np.arange(len(units), dtype=np.int64)})
    rows = pl.DataFrame({"name": names}).join(lookup, on="name", how="left", maintain_order="left")
    return units.to_numpy().astype(object), rows["index"].to_numpy()


def period_statistics(
    daily: pl.DataFrame | DailyArrays, key: str, period: Period
) -> dict[str, FloatArray | npt.NDArray[np.object_]]:
    """Statistics ``(n_units,)`` of one period; NaN where the validity rules fail."""
    dense = _dense_of(daily, key, period)
    days = dense.days
    dust_flag = np.nan_to_num(dense.grid("dust")) > 0
    out: dict[str, FloatArray | npt.NDArray[np.object_]] = {key: dense.units.astype(object)}
    for name, column, percent in PERCENTILES:
        values = dense.grid(column)
        ok = hj663_2013.period_valid(~np.isnan(values), days, period.kind)
        if name.startswith("pm"):
            values = hbjc_2018_19.without_dust_days(values, dust_flag)
        pollutant = name.split("_")[0]
        decimals = hj663_2013.DECIMALS[pollutant]
        out[name] = np.where(ok, hj663_2013.percentile_a6(values, percent, decimals), np.nan)
        if pollutant in MEAN_ITEMS:
            out[f"{pollutant}_mean"] = np.where(ok, hj663_2013.period_mean(values, pollutant), np.nan)
    aqi = dense.grid("aqi")
    out |= {k: v.astype(np.float64) for k, v in hbjc_2018_19.day_counts(aqi).items()}
    out["dust_days"] = dust_flag.sum(axis=-1).astype(np.float64)
    return out


def evaluate_period(
    daily: pl.DataFrame | DailyArrays, key: str, period_text: str, base_text: str | None = None
) -> pl.DataFrame:
    """Evaluation and ranking figures of each unit (``key``: ``station_code`` or ``city``) over a period."""
    period = parse_period(period_text)
    stats = period_statistics(daily, key, period)
    divisors = hbjc_2018_19.DIVISORS_GB3095_2012
    stats["composite_index"] = hbjc_2018_19.composite_index(stats, divisors)
    stats["composite_rank"] = hbjc_2018_19.shared_rank(stats["composite_index"])
    stats["good_day_ratio"] = hbjc_2018_19.good_day_ratio(stats["good_days"], stats["valid_days"])
    frame = pl.DataFrame(
        {
            k: pl.Series(k, v).fill_nan(None) if v.dtype.kind == "f" else v.astype(str)
            for k, v in stats.items()
        }
    )
    if base_text is not None:
        frame = _with_change_rate(frame, daily, key, base_text)
    if period.kind == "year":
        frame = _with_attainment(frame, period)
    frame = _with_daily_rates(frame, daily, key, period)
    counts = ["valid_days", "good_days", "heavy_days", "dust_days", "composite_rank"]
    note = editions.method_note_for(period.end)
    frame = frame.cast({c: pl.Int64 for c in counts})
    return frame.select(pl.col(key), pl.lit(period.label).alias("period"), pl.exclude(key)).with_columns(
        pl.lit("GB 3095-2012 Class II (setting)").alias("composite_divisors"),
        pl.lit(note).alias("method_note"),
    )


def _with_change_rate(
    frame: pl.DataFrame, daily: pl.DataFrame | DailyArrays, key: str, base_text: str
) -> pl.DataFrame:
    base = period_statistics(daily, key, parse_period(base_text))
    index = hbjc_2018_19.composite_index(base)
    base_frame = pl.DataFrame({key: base[key].astype(str), "base_composite_index": index}).fill_nan(None)
    joined = frame.join(base_frame, on=key, how="left")
    rate = hbjc_2018_19.change_rate(
        joined["composite_index"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
        joined["base_composite_index"].cast(pl.Float64).fill_null(np.nan).to_numpy(),
    )
    return joined.with_columns(pl.Series("change_rate", rate).fill_nan(None))


def _limits_module(period: Period) -> ModuleType:
    return gb3095_2026 if editions.limit_standard_for(period.end) == gb3095_2026.EDITION else gb3095_2012


def _with_daily_rates(
    frame: pl.DataFrame, daily: pl.DataFrame | DailyArrays, key: str, period: Period
) -> pl.DataFrame:
    """Daily attainment rates [%] per pollutant and for all items (HJ 663-2013 5.1.2.2, A.5)."""
    if isinstance(daily, DailyArrays):
        rates = _dense_daily_rates(_DenseArrays(daily, period), key, period)
        return frame.join(rates, on=key, how="left")
    inside = daily.filter(pl.col("date").is_between(period.start, period.end)).with_columns(
        pl.col(key).cast(pl.String)
    )
    module = _limits_module(period)
    flags = (
        module.daily_attainment(inside)
        if module is gb3095_2012
        else module.daily_attainment(inside, on=period.end)
    )
    rates = attainment_rates(flags.select(key, pl.col("^.*_attained$")), by=[key])
    return frame.join(rates.select(key, pl.col("^.*_rate$")), on=key, how="left")


def _with_attainment(frame: pl.DataFrame, period: Period) -> pl.DataFrame:
    if _limits_module(period) is gb3095_2026:
        return gb3095_2026.annual_attainment(frame, on=period.end)
    return gb3095_2012.annual_attainment(frame)


def _dense_daily_rates(dense: _DenseArrays, key: str, period: Period) -> pl.DataFrame:
    """:func:`_with_daily_rates` on arrays: the same flags (value ≤ limit) and A.5 rates per unit."""
    on = period.end if _limits_module(period) is gb3095_2026 else None
    module = _limits_module(period)
    rates: dict[str, npt.NDArray[Any]] = {key: dense.units.astype(str)}
    complete = np.ones((len(dense.units), len(dense.days)), dtype=bool)
    attained = complete.copy()
    for column, pollutant, averaging in DAILY_ITEMS:
        values = dense.grid(column)
        with np.errstate(invalid="ignore"):
            ok = values <= module.limit(pollutant, averaging, 2, on)
        rates[f"{column}_attained_rate"] = _rate(ok, ~np.isnan(values))
        complete &= ~np.isnan(values)
        attained &= ok
    rates["all_attained_rate"] = _rate(attained, complete)
    return pl.DataFrame({k: pl.Series(k, v).fill_nan(None) if k != key else v for k, v in rates.items()})


def _rate(attained: npt.NDArray[np.bool_], valid: npt.NDArray[np.bool_]) -> FloatArray:
    """A.5 rate [%] = attained days × 100 / valid days, 1 decimal half-even; NaN without valid days."""
    days = (attained & valid).sum(axis=-1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return round_half_even(days * 100 / valid.sum(axis=-1).astype(np.float64), 1)
