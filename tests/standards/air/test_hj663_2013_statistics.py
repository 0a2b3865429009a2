"""HJ 663-2013 statistics: hour labels, rounding, validity rules, A.6 percentiles, city values, Spearman."""

from __future__ import annotations

import numpy as np
import pytest

from envplan.standards.air import hj663_2013 as h

NAN = np.nan


def test_table3_decimals_and_validity_constants() -> None:
    assert h.DECIMALS["co"] == 1 and h.DECIMALS["pm25"] == 0 and h.DECIMALS["attainment_rate"] == 1
    assert (h.MIN_HOURS_PER_DAY, h.MIN_HOURS_PER_8H, h.MIN_MDA8_WINDOWS) == (20, 6, 14)
    assert (h.MIN_DAYS_PER_MONTH, h.MIN_DAYS_FEBRUARY, h.MIN_DAYS_PER_YEAR) == (27, 25, 324)


def test_hourly_rounding_half_to_even() -> None:
    assert h.round_hourly([6.5, 7.5, 12.51], "pm25").tolist() == [6, 8, 13]
    assert h.round_hourly([0.25, 0.35, 0.251], "co").tolist() == [0.2, 0.4, 0.3]


def test_daily_mean_needs_20_hours() -> None:
    day = np.full((3, 24), NAN)
    day[0, :20] = np.arange(20)  # 20 hours, mean 9.5 → 10 (half to even)
    day[1, :19] = 10  # 19 hours → invalid
    day[2, :] = [11] * 12 + [12] * 12  # 11.5 → 12
    mean, count = h.daily_mean_from_hourly(day, "pm25")
    assert count.tolist() == [20, 19, 24]
    assert mean[0] == 10 and np.isnan(mean[1]) and mean[2] == 12


def test_daily_mean_co_exact_tie() -> None:
    day = np.array([[0.2] * 12 + [0.3] * 12])  # 0.25 → 0.2 (half to even on the decimal value)
    assert h.daily_mean_from_hourly(day, "co")[0].tolist() == [0.2]


def test_moving_8h_labels_and_six_hour_rule() -> None:
    hours = np.arange(1.0, 25.0)[None, :]  # value = label hour
    moving = h.moving_8h_from_hourly(hours)[0]
    assert np.isnan(moving[:5]).all()  # labels 1:00…5:00: fewer than 6 hours in the array
    assert moving[5] == 4 and moving[6] == 4  # 6:00 → mean(1…6)=3.5 → 4; 7:00 → mean(1…7) = 4
    assert moving[7] == 4 and moving[23] == 20  # 8:00 → mean(1…8)=4.5 → 4; 24:00 → mean(17…24)=20.5 → 20
    gappy = hours.copy()
    gappy[0, 16:19] = NAN  # window 24:00 has 5 valid hours
    assert np.isnan(h.moving_8h_from_hourly(gappy)[0, 23])


def test_mda8_windows_8_to_24_and_14_value_rule() -> None:
    two_days = np.full((2, 24), 50.0)
    two_days[0, 20:] = 400.0  # late hours of day 1 spill into day 2's windows 1:00…7:00 only
    mda8, count = h.daily_max_8h_from_hourly(two_days)
    assert count.tolist() == [17, 17] and mda8[1] == 50
    sparse = np.full((1, 24), NAN)
    sparse[0, :14] = 100.0  # windows 8:00…19:00 valid only up to 19:00: 12 windows
    got, n = h.daily_max_8h_from_hourly(sparse)
    assert n[0] < 14 and np.isnan(got[0])
    sparse[0, :14] = 170.0  # same gaps but the maximum exceeds 160 → still valid (6.1.2)
    assert h.daily_max_8h_from_hourly(sparse)[0].tolist() == [170]
    assert np.isnan(h.daily_max_8h_from_hourly(sparse, limit=170)[0][0])


def test_percentile_a6_digest_vectors() -> None:
    assert h.percentile_a6([3, 4, 8, 2, 5, 4], 90, 1).tolist() == 6.5
    assert h.percentile_a6([3, 4, 8, 2, 5, 4], 90, 0).tolist() == 6  # 6.5 → 6 (GB/T 8170)
    assert h.percentile_a6(np.arange(1, 11), 95, 2).tolist() == 9.55
    assert h.percentile_a6([7], 90, 0).tolist() == 7
    rows = np.array([[3, 4, 8, 2, 5, 4, NAN], [NAN] * 7])
    got = h.percentile_a6(rows, 90, 1)
    assert got[0] == 6.5 and np.isnan(got[1])


def test_period_validity_27_25_324() -> None:
    days = np.arange(np.datetime64("2023-01-01"), np.datetime64("2024-01-01"))
    valid = np.ones(365, dtype=bool)
    assert h.period_valid(valid, days, "year")
    valid[31:35] = False  # February with 24 valid days
    assert not h.period_valid(valid, days, "year")
    valid[31:35] = True
    valid[31:34] = False  # February with 25 → fine
    assert h.period_valid(valid, days, "year")
    month = days[:31]
    assert h.period_valid(np.r_[np.ones(27), np.zeros(4)].astype(bool), month, "month")
    assert not h.period_valid(np.r_[np.ones(26), np.zeros(5)].astype(bool), month, "month")
    spread = np.ones(365, dtype=bool)
    spread[::9] = False  # 41 missing days, 324 valid, but some months below 27
    assert spread.sum() == 324 and not h.period_valid(spread, days, "year")


def test_period_mean_exact() -> None:
    assert h.period_mean([35, 36, 36, 35], "pm25").tolist() == 36  # 35.5 → 36
    assert h.period_mean([[1, 2], [NAN, NAN]], "so2")[0] == 2  # 1.5 → 2


def test_city_from_points_share_rule() -> None:
    four = np.array([[10.0], [11.0], [12.0], [NAN]])  # 3 of 4 = 75 % → valid, mean 11
    assert h.city_from_points(four, "pm25").tolist() == [11]
    two_of_four = np.array([[10.0], [11.0], [NAN], [NAN]])
    assert np.isnan(h.city_from_points(two_of_four, "pm25")[0])
    small = np.array([[10.0], [NAN], [NAN]])  # 1 of 3 < 50 %
    assert np.isnan(h.city_from_points(small, "pm25")[0])
    half = np.array([[10.0], [13.0], [NAN]])  # 2 of 3 ≥ 50 %: 11.5 → 12
    assert h.city_from_points(half, "pm25").tolist() == [12]


def test_spearman_digest_vectors_and_table_b1() -> None:
    gamma_s, gamma, verdict = h.spearman_trend([50, 48, 45, 46, 40])
    assert gamma_s == pytest.approx(-0.9) and gamma == 0.900 and verdict == "基本无变化"
    assert h.spearman_trend([50, 48, 46, 45, 40])[2] == "下降趋势"
    assert h.spearman_trend([1, 2, 3, 4, 5, 6])[2] == "上升趋势"
    assert list(h.SPEARMAN_CRITICAL) == [5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
    assert h.spearman_critical_value(11) == 0.564  # odd n > 9: value of n − 1 (setting)
    with pytest.raises(ValueError):
        h.spearman_critical_value(4)


def test_exact_means_agree_with_shared_rounding_helper() -> None:
    """Means are rounded on integers; the result must equal GB/T 8170 on the exact decimal value."""
    from decimal import ROUND_HALF_EVEN, Decimal

    rng = np.random.default_rng(3)
    hourly = rng.integers(0, 400, size=(400, 24)).astype(float)
    hourly[rng.random(hourly.shape) < 0.1] = NAN
    mean, count = h.daily_mean_from_hourly(hourly, "pm25")
    for row, got, n in zip(hourly, mean, count, strict=True):
        if n < 20:
            assert np.isnan(got)
            continue
        exact = Decimal(int(np.nansum(row))) / Decimal(int(n))
        assert got == float(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    co = rng.integers(1, 40, size=(300, 24)) / 10
    got_co = h.daily_mean_from_hourly(co, "co")[0]
    expected = [
        float((sum(Decimal(str(v)) for v in r) / 24).quantize(Decimal("0.1"), ROUND_HALF_EVEN)) for r in co
    ]
    assert got_co.tolist() == expected
