"""环办监测〔2018〕19号 城市环境空气质量排名技术规定 [ranking-2018], with the dust rule [dust-2016].

The ranking figures of the national monthly / quarterly / annual city rankings (168 cities):
- 综合指数 (composite index) I = Σ C_i / S_i over SO2, NO2, PM10, PM2.5 period means (annual Class II
  limits) and CO daily p95, O3 MDA8 p90 (24-h / 8-h Class II limits). Each single index is rounded to
  2 decimals half-to-even (GB/T 8170) and the rounded terms are summed — the only method that
  reproduces the published 1.73 / 3.14 / 2.63 [air-digest §4.2]. Concentrations are rounded first.
- Change rate versus a base period (I − I₀)/I₀, in % to 1 decimal (documented setting).
- 优良天数比例 = days with daily AQI ≤ 100 / valid days × 100, 1 decimal; 重污染天数 = days with AQI > 200.
- Ranks shared by equal values, the next rank skipped (1, 2, …, 10, 10, 12).
- Dust (环办监测〔2016〕120号, CNEMC report convention): dust days are removed from the PM10 / PM2.5
  statistics and so from the composite index, but kept in the good-day ratio and heavy-day counts.

Only the first page of 19号 has been seen; the composite definition is the one repeated in provincial
ranking notices and CNEMC reports. Divisors after 2026-03-01 are not yet confirmed (HJ 663-2026 not
available): the default keeps the GB 3095-2012 Class II divisors, ``DIVISORS_GB3095_2026`` is the
alternative (documented setting; every result says which divisors it used).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from envplan.standards.ranking import competition_rank
from envplan.standards.rounding import round_half_even

FloatArray = npt.NDArray[np.float64]

RULE = "环办监测〔2018〕19号"

DIVISORS_GB3095_2012: dict[str, float] = {  # GB 3095-2012 Table 1, Class II
    "so2_mean": 60, "no2_mean": 40, "pm10_mean": 70, "pm25_mean": 35, "co_p95": 4, "o3_8h_p90": 160,
}  # fmt: skip
DIVISORS_GB3095_2026: dict[str, float] = {  # GB 3095-2026 Table 1, transition Class II (setting)
    "so2_mean": 60, "no2_mean": 40, "pm10_mean": 60, "pm25_mean": 30, "co_p95": 4, "o3_8h_p90": 160,
}  # fmt: skip
INPUT_DECIMALS: dict[str, int] = {
    "so2_mean": 0,
    "no2_mean": 0,
    "pm10_mean": 0,
    "pm25_mean": 0,
    "co_p95": 1,
    "o3_8h_p90": 0,
}
GOOD_DAY_MAX_AQI = 100
HEAVY_DAY_MIN_AQI = 201


def _round(values: npt.ArrayLike, decimals: int) -> FloatArray:
    x = np.asarray(values, dtype=np.float64)
    return round_half_even(np.atleast_1d(x), decimals).reshape(x.shape)


def single_indices(
    statistics: Mapping[str, npt.ArrayLike], divisors: Mapping[str, float] = DIVISORS_GB3095_2012
) -> dict[str, FloatArray]:
    """Each C_i / S_i rounded to 2 decimals (concentrations rounded first: integers, CO 1 dp)."""
    return {
        name: _round(_round(statistics[name], INPUT_DECIMALS[name]) / divisors[name], 2) for name in divisors
    }


def composite_index(
    statistics: Mapping[str, npt.ArrayLike], divisors: Mapping[str, float] = DIVISORS_GB3095_2012
) -> FloatArray:
    """综合指数: sum of the six rounded single indices (2 decimals); NaN when any statistic is missing."""
    terms = single_indices(statistics, divisors)
    return _round(np.sum(np.stack(list(terms.values())), axis=0), 2)


def change_rate(current: npt.ArrayLike, base: npt.ArrayLike) -> FloatArray:
    """(I − I₀)/I₀ × 100 [%], 1 decimal; > 0 worse, < 0 better."""
    c, b = np.asarray(current, dtype=np.float64), np.asarray(base, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _round(np.where(b > 0, (c - b) * 100 / b, np.nan), 1)


def good_day_ratio(good_days: npt.ArrayLike, valid_days: npt.ArrayLike) -> FloatArray:
    """优良天数比例 [%], 1 decimal (HJ 663-2013 A.5 / Table 3)."""
    g, v = np.asarray(good_days, dtype=np.float64), np.asarray(valid_days, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _round(np.where(v > 0, g * 100 / v, np.nan), 1)


def day_counts(daily_aqi: npt.ArrayLike) -> dict[str, npt.NDArray[np.int64]]:
    """Valid, good (AQI ≤ 100) and heavy-pollution (AQI > 200) days along the last axis."""
    aqi = np.asarray(daily_aqi, dtype=np.float64)
    valid = ~np.isnan(aqi)
    with np.errstate(invalid="ignore"):
        return {
            "valid_days": valid.sum(axis=-1),
            "good_days": (aqi <= GOOD_DAY_MAX_AQI).sum(axis=-1),
            "heavy_days": (aqi >= HEAVY_DAY_MIN_AQI).sum(axis=-1),
        }


def shared_rank(values: npt.ArrayLike, ascending: bool = True) -> FloatArray:
    """Competition ranks (1, 2, 2, 4): equal values share a rank; NaN values get no rank."""
    return competition_rank(values, ascending)


def without_dust_days(daily: npt.ArrayLike, dust: npt.ArrayLike) -> FloatArray:
    """Daily PM values with the dust-affected days removed (set missing) [dust-2016]."""
    return np.where(np.asarray(dust, dtype=bool), np.nan, np.asarray(daily, dtype=np.float64))
