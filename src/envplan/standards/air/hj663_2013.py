"""HJ 663-2013 环境空气质量评价技术规范（试行） [hj663-2013]: point and city statistics.

Issuer: 环境保护部, published 2013-09-22, in force 2013-10-01. Also applied to dates from 2026-03-01
with the GB 3095-2026 limits until the HJ 663-2026 text is available (see :mod:`editions`).

Implemented (``rounded=True`` tells a function its hourly input is already rounded by :func:`round_hourly`;
arrays: hourly data as ``(..., n_days, 24)`` with slot 0 = the hour labelled 1:00 and
slot 23 = 24:00, Table A.1; daily data as ``(..., n_days)``):
- 6.3 and Table 3: hourly data rounded per GB/T 8170 before use; statistics rounded to Table 3 decimals.
- Table A.1: 24-h mean (≥ 20 hourly values, GB 3095 Table 4), 8-h moving mean over X−7…X (≥ 6 values),
  daily max 8-h O3 over the windows labelled 8:00…24:00 with ≥ 14 valid windows, or fewer when the
  maximum exceeds the limit (6.1.2).
- Monthly / quarterly / annual means and A.6 percentiles, with GB 3095 Table 4 / 6.1.3 validity:
  ≥ 27 daily values per month (25 in February), ≥ 324 per year and every month of the year complete.
- 6.1.4 and A.2: city values = mean of the valid point values, with ≥ 75 % of the city's points
  (≥ 50 % when it has fewer than 4).
- Appendix B: Spearman rank correlation and Table B.1.

Documented settings (the text is silent): a quarter is valid when each of its months is; the O3
daily max 1-h needs ≥ 20 hourly values; tied concentrations get mean ranks in the Spearman test; an
odd n above 9 uses the Table B.1 value of n − 1 (the larger, more cautious one); all arithmetic is on
integers in units of the last kept decimal, so means and percentiles are exact before rounding.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from envplan.standards.air._aqi_common import round_to_decimals
from envplan.standards.rounding import mean_half_even
from envplan.standards.rounding import round_half_even as _round_half_even

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

EDITION = "HJ 663-2013"

DECIMALS: dict[str, int] = {  # HJ 663-2013, Table 3 (修约): decimals kept
    "so2": 0, "no2": 0, "pm10": 0, "pm25": 0, "o3": 0, "tsp": 0, "nox": 0,
    "co": 1, "pb": 2, "bap": 4, "exceedance_multiple": 2, "attainment_rate": 1,
}  # fmt: skip

MIN_HOURS_PER_DAY = 20  # GB 3095-2012 Table 4, 24-h mean
MIN_HOURS_PER_8H = 6  # GB 3095-2012 Table 4, O3 8-h mean
MIN_MDA8_WINDOWS = 14  # HJ 663-2013 6.1.2
MDA8_FIRST_SLOT = 7  # window labelled 8:00 (Table A.1)
MIN_DAYS_PER_MONTH = 27  # GB 3095-2012 Table 4 / HJ 663-2013 6.1.3
MIN_DAYS_FEBRUARY = 25
MIN_DAYS_PER_YEAR = 324
MIN_POINT_SHARE = 0.75  # HJ 663-2013 6.1.4
MIN_POINT_SHARE_SMALL_CITY = 0.5  # fewer than 4 points

SPEARMAN_CRITICAL: dict[int, float] = {  # HJ 663-2013, Table B.1 (one-sided, α = 0.05), printed order
    5: 0.900, 6: 0.829, 7: 0.714, 8: 0.643, 9: 0.600, 10: 0.564, 12: 0.506, 14: 0.456,
    16: 0.425, 18: 0.399, 20: 0.377, 22: 0.359, 24: 0.343, 26: 0.329, 28: 0.317, 30: 0.306,
}  # fmt: skip


def round_half_even(values: npt.ArrayLike, decimals: int) -> FloatArray:
    """GB/T 8170 rounding of :mod:`envplan.standards.rounding`, also for 0-d input."""
    x = np.asarray(values, dtype=np.float64)
    return _round_half_even(np.atleast_1d(x), decimals).reshape(x.shape)


def round_hourly(values: npt.ArrayLike, pollutant: str) -> FloatArray:
    """Hourly data rounded per GB/T 8170 to the Table 3 decimals (6.3). [µg/m³; CO mg/m³]"""
    x = np.asarray(values, dtype=np.float64)
    return round_to_decimals(x, DECIMALS[pollutant]).reshape(x.shape)


def _rounded(values: npt.ArrayLike, pollutant: str, rounded: bool) -> FloatArray:
    """``values`` as floats, rounded by :func:`round_hourly` unless the caller did it (``rounded``)."""
    return np.asarray(values, dtype=np.float64) if rounded else round_hourly(values, pollutant)


def _scaled(values: FloatArray, decimals: int) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Values as whole numbers of the last kept decimal (exact sums), zero where missing, and validity."""
    valid = ~np.isnan(values)
    return np.where(valid, np.rint(values * 10.0**decimals), 0.0), valid


def daily_mean_from_hourly(
    hourly: npt.ArrayLike, pollutant: str, rounded: bool = False
) -> tuple[FloatArray, IntArray]:
    """24-h mean of each day (``(..., n_days, 24)`` in) and its hour count; NaN under 20 hours."""
    d = DECIMALS[pollutant]
    scaled, valid = _scaled(_rounded(hourly, pollutant, rounded), d)
    count = valid.sum(axis=-1)
    mean = mean_half_even(scaled.sum(axis=-1), count, d)
    return np.where(count >= MIN_HOURS_PER_DAY, mean, np.nan), count


def daily_max_1h_from_hourly(
    hourly: npt.ArrayLike, pollutant: str = "o3", rounded: bool = False
) -> FloatArray:
    """Daily maximum 1-h value (HJ 633-2012 daily report); NaN under 20 hours (documented setting)."""
    values = _rounded(hourly, pollutant, rounded)
    count = (~np.isnan(values)).sum(axis=-1)
    with np.errstate(invalid="ignore"):
        top = np.fmax.reduce(values, axis=-1)
    return np.where(count >= MIN_HOURS_PER_DAY, top, np.nan)


def _window_sums(hourly: npt.ArrayLike, pollutant: str, rounded: bool) -> tuple[FloatArray, FloatArray, int]:
    """8-h window totals (in units of the last decimal) and counts, label X over X−7…X, shaped as input."""
    x = np.asarray(hourly, dtype=np.float64)
    d = DECIMALS[pollutant]
    flat = _rounded(x.reshape(*x.shape[:-2], -1), pollutant, rounded)
    scaled, valid = _scaled(flat, d)
    pad = [(0, 0)] * (flat.ndim - 1) + [(8, 0)]
    total = np.cumsum(np.pad(scaled, pad), axis=-1)
    count = np.cumsum(np.pad(valid.astype(np.float64), pad), axis=-1)
    window_total = (total[..., 8:] - total[..., :-8]).reshape(x.shape)
    window_count = (count[..., 8:] - count[..., :-8]).reshape(x.shape)
    return window_total, window_count, d


def moving_8h_from_hourly(hourly: npt.ArrayLike, pollutant: str = "o3", rounded: bool = False) -> FloatArray:
    """8-h moving means (``(..., n_days, 24)`` in and out): label X averages X−7…X; ≥ 6 values.

    Hours before the first day of the array count as missing.
    """
    total, count, d = _window_sums(hourly, pollutant, rounded)
    return np.where(count >= MIN_HOURS_PER_8H, mean_half_even(total, count, d), np.nan)


def daily_max_8h_from_hourly(
    hourly: npt.ArrayLike, limit: float = 160.0, rounded: bool = False
) -> tuple[FloatArray, IntArray]:
    """O3 daily max 8-h mean (MDA8) [µg/m³] and its valid-window count (6.1.2).

    Windows labelled 8:00…24:00; valid with ≥ 14 valid windows, or with fewer when the maximum
    exceeds ``limit`` (the 8-h limit of the area's class: 160 Class II, 100 Class I). Rounding is
    monotone, so the maximum is taken on the exact means and rounded once.
    """
    total, count, d = _window_sums(hourly, "o3", rounded)
    total, count = total[..., MDA8_FIRST_SLOT:], count[..., MDA8_FIRST_SLOT:]
    usable = count >= MIN_HOURS_PER_8H
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(usable, total / count, -np.inf)
    best = np.argmax(means, axis=-1)[..., None]
    top = mean_half_even(
        np.take_along_axis(total, best, -1)[..., 0], np.take_along_axis(count, best, -1)[..., 0], d
    )
    n_valid = usable.sum(axis=-1)
    with np.errstate(invalid="ignore"):
        valid = (n_valid > 0) & ((n_valid >= MIN_MDA8_WINDOWS) | (top > limit))
    return np.where(valid, top, np.nan), n_valid


def percentile_a6(values: npt.ArrayLike, percent: int, decimals: int) -> FloatArray:
    """A.6 percentile of the non-missing values along the last axis, exact, rounded to ``decimals``.

    k = 1 + (n − 1)·p %, m = X(s) + (X(s+1) − X(s))·(k − s); ``percent`` is a whole number.
    """
    scaled = np.sort(np.rint(np.asarray(values, dtype=np.float64) * 10.0**decimals), axis=-1)  # NaN last
    n = (~np.isnan(scaled)).sum(axis=-1)
    position = np.maximum(n - 1, 0) * percent  # (k − 1)·100
    s, r = position // 100, position % 100
    upper = np.minimum(s + 1, np.maximum(n - 1, 0))
    low = np.take_along_axis(scaled, s[..., None], axis=-1)[..., 0]
    high = np.take_along_axis(scaled, upper[..., None], axis=-1)[..., 0]
    exact = (low * 100 + (high - low) * r) / (100 * 10.0**decimals)
    return np.where(n > 0, round_half_even(exact, decimals), np.nan)


def period_mean(daily: npt.ArrayLike, pollutant: str) -> FloatArray:
    """Mean of the daily values along the last axis, exact then rounded to Table 3 decimals."""
    d = DECIMALS[pollutant]
    scaled, valid = _scaled(np.asarray(daily, dtype=np.float64), d)
    count = valid.sum(axis=-1)
    return np.where(count > 0, mean_half_even(scaled.sum(axis=-1), count, d), np.nan)


def monthly_counts(valid: npt.ArrayLike, days: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """Valid-day counts per calendar month (``(..., n_months)``) and each month's number (1…12)."""
    day = np.asarray(days, dtype="datetime64[D]")
    month = day.astype("datetime64[M]")
    starts = np.flatnonzero(np.r_[True, month[1:] != month[:-1]])
    counts = np.add.reduceat(np.asarray(valid, dtype=np.int64), starts, axis=-1)
    numbers = (month[starts].astype(np.int64) % 12 + 1).astype(np.int64)
    return counts, numbers


def months_complete(valid: npt.ArrayLike, days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where every month of the period has ≥ 27 valid days (≥ 25 in February)."""
    counts, numbers = monthly_counts(valid, days)
    needed = np.where(numbers == 2, MIN_DAYS_FEBRUARY, MIN_DAYS_PER_MONTH)
    return np.all(counts >= needed, axis=-1)


def period_valid(valid: npt.ArrayLike, days: npt.ArrayLike, kind: str) -> npt.NDArray[np.bool_]:
    """Validity of a month / quarter / year statistic from the daily validity (GB 3095 Table 4, 6.1.3).

    ``days`` must be the consecutive calendar days of the period (one column each).
    """
    ok = months_complete(valid, days)
    if kind == "year":
        ok &= np.asarray(valid).sum(axis=-1) >= MIN_DAYS_PER_YEAR
    return ok


def city_from_points(point_values: npt.ArrayLike, pollutant: str, n_points: int | None = None) -> FloatArray:
    """City value = mean of the valid point values along axis 0, with ≥ 75 % (≥ 50 % under 4) of points.

    ``n_points`` is the city's number of city points (default: the length of axis 0).
    """
    values = np.asarray(point_values, dtype=np.float64)
    total = values.shape[0] if n_points is None else n_points
    share = MIN_POINT_SHARE if total >= 4 else MIN_POINT_SHARE_SMALL_CITY
    d = DECIMALS[pollutant]
    scaled, valid = _scaled(values, d)
    count = valid.sum(axis=0)
    mean = mean_half_even(scaled.sum(axis=0), count, d)
    return np.where((count >= share * total) & (count > 0), mean, np.nan)


def spearman_critical_value(n: int) -> float:
    """Table B.1 critical value γ; odd n above 9 takes the value of n − 1 (documented setting)."""
    if n < 5 or n > 30:
        raise ValueError(f"Table B.1 covers 5 ≤ n ≤ 30 periods, got n = {n}")
    return SPEARMAN_CRITICAL[n if n in SPEARMAN_CRITICAL else n - 1]


def _mean_ranks(values: FloatArray) -> FloatArray:
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):  # ties share the mean rank (n ≤ 30: not a hot path)
        same = values == value
        ranks[same] = ranks[same].mean()
    return ranks


def spearman_trend(values: npt.ArrayLike) -> tuple[float, float, str]:
    """Spearman γs over consecutive periods (B.1), Table B.1 γ and the verdict (B.2).

    Returns (γs, γ, verdict) with verdict 上升趋势, 下降趋势 or 基本无变化 (|γs| ≤ γ).
    """
    y = _mean_ranks(np.asarray(values, dtype=np.float64))
    n = len(y)
    x = np.arange(1, n + 1)
    gamma_s = 1 - 6 * float(np.sum((x - y) ** 2)) / (n * (n * n - 1))
    gamma = spearman_critical_value(n)
    if abs(gamma_s) <= gamma + 1e-12:
        return gamma_s, gamma, "基本无变化"
    return gamma_s, gamma, "上升趋势" if gamma_s > 0 else "下降趋势"
