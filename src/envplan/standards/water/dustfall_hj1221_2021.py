"""Dustfall (降尘): HJ 1221-2021 《环境空气 降尘的测定 重量法》 [HJ1221-2021] and bulletin practice.

Implemented
- Unit t/(km²·30 d) (吨/月·平方公里 in the plans): a sample over n days is normalised to 30 days,
  M = (W1 − W0 − Wc) / (S · n) · 30 · 10⁴ (W in g, S in cm²; 1 g/cm² = 10⁴ t/km²).
- Point, county and city monthly means: arithmetic means of the points (one sample per point and
  month); annual values: the mean of the monthly values.
- Comparison with a threshold ("平均降尘量高于 7 吨/月·平方公里的县", 吕梁 city plan; "不得高于 5",
  district plan [DUST-PLANS]): above means strictly greater than the threshold.

Settings (docs/water.md)
- ``include_control``: whether the clean control point (清洁对照点) counts in county and city means
  (default False: it measures background, not the assessed area) — the practice is unverified.
- Means are shown and compared to 1 decimal, rounded half-even, as the bulletins publish them.
- Method detection limit 0.3 t/(km²·30 d).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.ranking import competition_rank_int
from envplan.standards.rounding import round_half_even

DETECTION_LIMIT = 0.3  # t/(km²·30 d), HJ 1221-2021
DISPLAY_DECIMALS = 1
CITY_PLAN_THRESHOLD = 7.0  # 吕梁 city plan
DISTRICT_PLAN_THRESHOLD = 5.0  # district plan (seed 004)


def dustfall_from_weighing(
    residue_with_dish: npt.ArrayLike,
    dish: npt.ArrayLike,
    blank: npt.ArrayLike,
    mouth_area: npt.ArrayLike,
    days: npt.ArrayLike,
) -> npt.NDArray[np.float64]:
    """Dustfall [t/(km²·30 d)] from weights [g], jar-mouth area [cm²] and sampling days."""
    net = np.asarray(residue_with_dish, float) - np.asarray(dish, float) - np.asarray(blank, float)
    return net / (np.asarray(mouth_area, float) * np.asarray(days, float)) * 30.0 * 1e4


def area_means(points: pl.DataFrame, keys: list[str], include_control: bool = False) -> pl.DataFrame:
    """Mean dustfall per ``keys`` (e.g. county and month) over the points; with point counts.

    ``points`` has ``dustfall`` [t/(km²·30 d)] and a boolean ``control`` column.
    """
    used = points if include_control else points.filter(~pl.col("control"))
    return (
        used.filter(pl.col("dustfall").is_not_null() & pl.col("dustfall").is_not_nan())
        .group_by(keys)
        .agg(pl.col("dustfall").mean().alias("mean"), pl.len().alias("points"))
        .sort(keys)
        .with_columns(pl.col("mean").map_batches(_shown, return_dtype=pl.Float64).alias("mean_shown"))
    )


def _shown(values: pl.Series) -> pl.Series:
    return pl.Series(values.name, round_half_even(values.to_numpy(), DISPLAY_DECIMALS))


def above_threshold(means: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """``means`` with ``above`` (shown mean strictly greater than ``threshold``) and the excess."""
    return means.with_columns(
        (pl.col("mean_shown") > threshold).alias("above"),
        (pl.col("mean_shown") - threshold).map_batches(_shown, return_dtype=pl.Float64).alias("excess"),
    )


def counties_above(means: pl.DataFrame, threshold: float, county: str = "county") -> list[str]:
    """Counties whose shown mean is above ``threshold`` (highest first)."""
    flagged = above_threshold(means, threshold).filter(pl.col("above")).sort("mean_shown", descending=True)
    return [str(name) for name in flagged[county].to_list()]


def rank_ascending_shared(values: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Rank 1 = lowest dustfall; equal shown values share the rank ("以并列计"); missing → 0."""
    return competition_rank_int(round_half_even(np.asarray(values, dtype=np.float64), DISPLAY_DECIMALS))


__all__ = [
    "CITY_PLAN_THRESHOLD",
    "DETECTION_LIMIT",
    "DISTRICT_PLAN_THRESHOLD",
    "above_threshold",
    "area_means",
    "counties_above",
    "dustfall_from_weighing",
    "rank_ascending_shared",
]
