"""地表水环境质量监测数据统计技术规定（试行） (2020) [STAT2020]: rounding and period means.

Implemented
- Rounding of monitoring values half to even (四舍六入五成双, GB/T 8170 via
  :func:`envplan.standards.rounding.round_half_even`) to an item's decimals; where that gives 0 for
  a non-zero value, the first significant digit is kept (0.00005 → 0.00005; turbidity 0.0163 at
  1 place → 0.02) [STAT2020], [CNEMC-AUTO].
- pH mean from hydrogen-ion activities: −log10(mean(10^−pH)) [STAT2020].
- Period means before classification [HB2011-22 二]: arithmetic mean of the valid values.

Settings (documented in docs/water.md): monthly means are the mean of the month's valid samples;
year-to-date and annual means are the mean of the monthly means (each month weighs the same).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.rounding import round_half_even
from envplan.standards.water.blocks import BLOCK_ROWS, for_each_block

FloatArray = npt.NDArray[np.float64]


def round_for_evaluation(values: npt.ArrayLike, decimals: int) -> FloatArray:
    """Round half to even to ``decimals``; keep the first significant digit of tiny values; NaN stays."""
    x = np.asarray(values, dtype=np.float64)
    out = round_half_even(x, decimals)
    tiny = (out == 0) & (x != 0) & np.isfinite(x)
    if tiny.any():
        out = np.array(out, copy=True)
        places = (-np.floor(np.log10(np.abs(x[tiny])))).astype(np.int64)
        rounded = np.empty(places.shape)
        for place in np.unique(places):  # a handful of distinct magnitudes, not rows
            sel = places == place
            rounded[sel] = round_half_even(x[tiny][sel], int(place))
        out[tiny] = rounded
    return out


def round_items_for_evaluation(
    columns: Mapping[str, FloatArray], decimals: Mapping[str, int]
) -> dict[str, FloatArray]:
    """Each column rounded to its item's decimals; items without decimals are returned unchanged."""
    return {
        key: round_for_evaluation(col, decimals[key]) if key in decimals else col
        for key, col in columns.items()
    }


def ph_mean_from_values(values: npt.ArrayLike) -> float:
    """Mean pH from hydrogen-ion activities, −log10(mean(10^−pH)), over the non-NaN values; NaN if none."""
    x = np.asarray(values, dtype=np.float64)
    x = x[~np.isnan(x)]
    return float(-np.log10(np.mean(10.0**-x))) if x.size else float("nan")


def mean_expressions(items: list[str]) -> list[pl.Expr]:
    """polars aggregations: pH through hydrogen ions, every other item arithmetic; null/NaN ignored."""
    exprs = []
    for key in items:
        if key == "ph":
            exprs.append((-(10.0 ** (-pl.col("ph").fill_nan(None))).mean().log10()).alias("ph"))
        else:
            exprs.append(pl.col(key).fill_nan(None).mean().alias(key))
    return exprs


def monthly_means(samples: pl.LazyFrame | pl.DataFrame, keys: list[str], items: list[str]) -> pl.DataFrame:
    """Mean of each item per ``keys`` and calendar month of the ``time`` column (a Datetime or Date).

    The result has ``keys``, ``month`` (first day of the month) and one column per item.
    """
    lazy = samples.lazy() if isinstance(samples, pl.DataFrame) else samples
    return (
        lazy.with_columns(pl.col("time").dt.truncate("1mo").cast(pl.Date).alias("month"))
        .group_by([*keys, "month"])
        .agg(mean_expressions(items))
        .sort([*keys, "month"])
        .collect()
    )


def period_means(
    monthly: pl.DataFrame, keys: list[str], items: list[str], first: str, last: str
) -> pl.DataFrame:
    """Mean of the monthly means from month ``first`` to ``last`` inclusive ("YYYY-MM") per ``keys``.

    Year-to-date is ``first`` = January of the year; annual is January to December.
    """
    start, end = _month_start(first), _month_start(last)
    window = monthly.filter((pl.col("month") >= start) & (pl.col("month") <= end))
    return window.group_by(keys).agg([*mean_expressions(items), pl.len().alias("months")]).sort(keys)


def grid_period_means(values: npt.ArrayLike, period_starts: npt.ArrayLike, key: str) -> FloatArray:
    """Means over consecutive blocks of columns of a (sections, times) grid; NaN ignored.

    For a regular series (the automatic stations' 4-hourly values, gaps as NaN) ``period_starts``
    are the first column of each period (e.g. of each month); a period without a value gives NaN.
    pH is averaged through hydrogen ions.
    """
    x = np.atleast_2d(np.asarray(values, dtype=np.float64))
    starts = np.asarray(period_starts, dtype=np.intp)
    out = np.empty((x.shape[0], starts.size))

    def means_block(block: slice) -> None:
        out[block] = _block_means(x[block], starts, key)

    for_each_block(x.shape[0], means_block, rows_per_block=max(1, BLOCK_ROWS // max(1, x.shape[1])))
    return out


def _block_means(block: FloatArray, starts: npt.NDArray[np.intp], key: str) -> FloatArray:
    part = 10.0**-block if key == "ph" else block
    valid = ~np.isnan(part)
    sums = np.add.reduceat(np.where(valid, part, 0.0), starts, axis=1)
    counts = np.add.reduceat(valid, starts, axis=1, dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / counts, np.nan)
        return np.asarray(-np.log10(means) if key == "ph" else means, dtype=np.float64)


def _month_start(text: str) -> pl.Expr:
    year, month = (int(part) for part in text.split("-"))
    return pl.date(year, month, 1)


__all__ = [
    "grid_period_means",
    "mean_expressions",
    "monthly_means",
    "period_means",
    "ph_mean_from_values",
    "round_for_evaluation",
    "round_items_for_evaluation",
]
