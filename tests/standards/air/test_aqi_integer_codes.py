"""The integer-code fast path gives the float path's figures exactly (HJ 633-2012 hourly AQI)."""

from __future__ import annotations

import numpy as np

from envplan.standards.air import hj633_2012
from envplan.standards.air._aqi_common import LABEL_LOOKUP
from envplan.standards.air._codes import scaled_codes


def _column(rng: np.random.Generator, scale: float, decimals: int, n: int) -> np.ndarray:
    """Values at the kept precision, half one decimal finer (rounded half to even), gaps, negatives."""
    v = rng.gamma(2, scale, n)
    v = np.where(rng.random(n) < 0.5, np.round(v, decimals), np.round(v, decimals + 1))
    v[rng.random(n) < 0.05] = np.nan
    v[rng.random(n) < 0.01] = -rng.random() * 2
    return v


def test_codes_round_half_even_on_the_decimal_value() -> None:
    codes, plain = scaled_codes(np.array([0.45, 0.55, 2.675, 1.25, np.nan, -0.04, 13.6]), 1)
    assert codes.tolist() == [4, 6, 27, 12, -1, 0, 136] and plain  # −0.04 → −0.0 → 0
    codes, plain = scaled_codes(np.array([34.5, 35.5, -0.6, 1e4]), 0)
    assert codes.tolist() == [34, 36, -1, 10000] and not plain


def test_hourly_codes_equal_float_path_on_random_rows() -> None:
    rng = np.random.default_rng(3)
    n = 50_000
    so2, no2, co = _column(rng, 300, 0, n), _column(rng, 400, 0, n), _column(rng, 10, 1, n)
    o3, pm10, pm25, so2_24h = (_column(rng, s, 0, n) for s in (200, 150, 100, 500))
    ref = hj633_2012.hourly_aqi(so2, no2, co, o3, pm10, pm25, so2_24h=so2_24h)
    fast = hj633_2012.hourly_aqi_codes(so2, no2, co, o3, pm10, pm25, so2_24h=so2_24h)
    assert (so2 > 800).sum() > 100 and np.isnan(ref.aqi).sum() == 0
    np.testing.assert_array_equal(fast.aqi_float(), ref.aqi)
    assert ref.primary_code is not None
    np.testing.assert_array_equal(fast.primary_code, ref.primary_code)
    np.testing.assert_array_equal(LABEL_LOOKUP[fast.exceeding_code], ref.exceeding_pollutants)


def test_hourly_codes_published_rows_and_missing() -> None:
    fast = hj633_2012.hourly_aqi_codes(
        [1, 3, np.nan], [13, 6, np.nan], [0.8, 0.5, np.nan], [164, 160, np.nan], [45, 48, np.nan], None
    )
    assert fast.aqi.tolist() == [55, 50, -1] and np.isnan(fast.aqi_float()[2])
    assert LABEL_LOOKUP[fast.primary_code].tolist() == ["臭氧1小时", "", ""]
    tie = hj633_2012.hourly_aqi_codes(None, None, None, 34, 88, 50)
    assert tie.aqi.tolist() == [69] and LABEL_LOOKUP[tie.primary_code].tolist() == [
        "颗粒物(PM10),细颗粒物(PM2.5)"
    ]


def test_daily_codes_equal_float_path_on_random_days() -> None:
    rng = np.random.default_rng(9)
    n = 50_000
    so2, no2, co = _column(rng, 200, 0, n), _column(rng, 150, 0, n), _column(rng, 8, 1, n)
    pm10, pm25, o3_1h, o3_8h = (_column(rng, s, 0, n) for s in (150, 100, 250, 300))
    ref = hj633_2012.daily_aqi(so2, no2, co, pm10, pm25, o3_1h, o3_8h)
    fast = hj633_2012.daily_aqi_codes(so2, no2, co, pm10, pm25, o3_1h, o3_8h)
    assert (o3_8h > 800).sum() > 100  # note (3): the O3 1-h IAQI stands for O3
    np.testing.assert_array_equal(fast.aqi_float(), ref.aqi)
    assert ref.primary_code is not None
    np.testing.assert_array_equal(fast.primary_code, ref.primary_code)
    np.testing.assert_array_equal(LABEL_LOOKUP[fast.exceeding_code], ref.exceeding_pollutants)
