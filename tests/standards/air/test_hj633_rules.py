"""HJ 633 AQI rules: hourly and daily AQI, SO2 / O3 > 800, primary and exceeding pollutants, 5.3.1."""

from __future__ import annotations

import numpy as np

from envplan.standards.air import hj633_2012, hj633_2026

NAN = np.nan


def test_hourly_2012_published_rows() -> None:
    """Rows of air-standards.md §5.2 (platform releases)."""
    r = hj633_2012.hourly_aqi(1, 13, 0.8, 164, 45, 34)
    assert r.aqi.tolist() == [55] and r.primary_pollutant.tolist() == ["臭氧1小时"]
    r = hj633_2012.hourly_aqi(3, 6, 0.5, 160, 48, 14)  # AQI exactly 50: no primary pollutant
    assert r.aqi.tolist() == [50] and r.primary_pollutant.tolist() == [""]
    r = hj633_2012.hourly_aqi(None, None, None, 34, 88, 50)  # tie after rounding up
    assert r.aqi.tolist() == [69] and r.primary_pollutant.tolist() == ["颗粒物(PM10),细颗粒物(PM2.5)"]
    r = hj633_2012.hourly_aqi(NAN, NAN, 13.6, NAN, NAN, NAN)
    assert r.aqi.tolist() == [108] and r.exceeding_pollutants.tolist() == ["一氧化碳"]
    r = hj633_2012.hourly_aqi(1, 1, 0.1, 1, 633, 1)
    assert r.aqi.tolist() == [500] and hj633_2012.category_of(r.aqi).tolist() == ["严重污染"]


def test_so2_above_800_each_edition() -> None:
    r12 = hj633_2012.hourly_aqi([801, 801], 1, 0.1, 1, 1, 1, so2_24h=[476, NAN])
    assert r12.iaqi["so2"].tolist()[0] == 151 and np.isnan(r12.iaqi["so2"][1])  # note (2)
    r26 = hj633_2026.hourly_aqi([801, 800], 1, 0.1, 1, 1, 1)
    assert r26.iaqi["so2"].tolist() == [200, 200]  # note b


def test_o3_8h_above_800_each_edition() -> None:
    r12 = hj633_2012.daily_aqi(1, 1, 0.1, 1, 1, o3_1h_max=900, o3_8h_max=801)
    assert (
        np.isnan(r12.iaqi["o3_8h"][0])
        and r12.aqi.tolist() == [350]
        and r12.primary_pollutant.tolist() == ["臭氧1小时"]
    )
    r26 = hj633_2026.daily_aqi(1, 1, 0.1, 1, 1, o3_8h_max=801)
    assert r26.aqi.tolist() == [300] and r26.primary_pollutant.tolist() == ["臭氧8小时"]


def test_daily_2012_includes_o3_1h_2026_does_not() -> None:
    r12 = hj633_2012.daily_aqi(5, 20, 0.5, 40, 20, o3_1h_max=250, o3_8h_max=150)
    assert r12.aqi.tolist() == [125] and r12.primary_pollutant.tolist() == ["臭氧1小时"]
    r26 = hj633_2026.daily_aqi(5, 20, 0.5, 40, 20, o3_8h_max=150)
    assert r26.aqi.tolist() == [92] and r26.primary_pollutant.tolist() == ["臭氧8小时"]


def test_2026_inputs_rounded_before_iaqi() -> None:
    """4.2.2: daily PM2.5 35.1 → 35 → IAQI 50; 35.5 → 36 (GB/T 8170) → 52; 36.5 → 36."""
    r = hj633_2026.daily_aqi(1, 1, 0.1, 1, [35.1, 35.5, 36.5], o3_8h_max=1)
    assert r.iaqi["pm25"].tolist() == [50, 52, 52]


def test_2026_missing_pollutant_publication_rule() -> None:
    """5.3.1: with PM10 missing the AQI is published only above 100; 5.3.2 plan exemption."""
    r = hj633_2026.hourly_aqi(1, 1, 0.1, [164, 210], NAN, 10)
    assert np.isnan(r.aqi[0]) and r.aqi_from_available.tolist() == [55, 105]
    assert r.aqi[1] == 105 and r.primary_pollutant.tolist() == ["", "臭氧1小时"]
    exempt = hj633_2026.hourly_aqi(1, 1, 0.1, 164, NAN, 10, not_in_plan={"pm10"})
    assert exempt.aqi.tolist() == [55]


def test_2012_missing_pollutant_still_published() -> None:
    r = hj633_2012.hourly_aqi(1, 1, 0.1, 190, NAN, 10)  # 1008A 2017-07-07 16:00: PM10 missing, AQI 88
    assert r.aqi.tolist() == [88]


def test_categories_levels_colours() -> None:
    aqi = np.array([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500, NAN])
    assert hj633_2012.category_of(aqi, "level").tolist() == [
        "一级", "一级", "二级", "二级", "三级", "三级", "四级", "四级", "五级", "五级", "六级", "六级", None,
    ]  # fmt: skip
    assert hj633_2026.category_of([250], "rgb").tolist() == [(153, 0, 76)]
    assert hj633_2012.category_of([250], "colour").tolist() == ["紫色"]
    assert "锻练" in hj633_2012.CATEGORIES[3].advice and "青少年儿童" in hj633_2026.CATEGORIES[2].advice
    assert hj633_2026.SENSITIVE_GROUPS["co"] == "患有心血管系统疾病的人"


def test_all_missing_gives_missing_aqi() -> None:
    r = hj633_2012.hourly_aqi(NAN, NAN, NAN, NAN, NAN, NAN)
    assert np.isnan(r.aqi[0]) and r.primary_pollutant.tolist() == [""]
    assert hj633_2012.category_of(r.aqi).tolist() == [None]


def test_published_2022_rows_of_the_digest() -> None:
    """air-standards.md §5.2, 2022-01-01 10:00 rows (1001A, 1015A, 1105A): PM 1-h on the 24-h columns."""
    r = hj633_2012.hourly_aqi(
        [9, 18, 26], [70, 79, 47], [1.2, 1.9, 1.4], [34, 53, 33], [98, 185, 88], [44, 128, 50]
    )
    assert r.aqi.tolist() == [74, 169, 69]
    assert r.primary_pollutant.tolist() == ["颗粒物(PM10)", "细颗粒物(PM2.5)", "颗粒物(PM10),细颗粒物(PM2.5)"]
