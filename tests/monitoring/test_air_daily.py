"""Daily statistics and daily AQI from hourly tables (HJ 663-2013 labels and validity; HJ 633 by date)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from envplan.monitoring.air_daily import daily_table
from envplan.standards.air import editions


def _hours(station: str, first: dt.datetime, n: int, **values: float) -> list[dict[str, object]]:
    return [
        {"station_code": station, "area": "C", "timepoint": first + dt.timedelta(hours=h), **values}
        for h in range(n)
    ]


def test_day_is_1_to_24_oclock_and_00_00_closes_the_day() -> None:
    rows = _hours("S1", dt.datetime(2023, 5, 1, 1), 24, so2=5, no2=20, co=0.4, o3=90, pm10=50, pm25=30)
    rows[-1]["pm25"] = 54  # the 2023-05-02 00:00 value is 24:00 of 2023-05-01
    out = daily_table(pl.DataFrame(rows))
    assert out["date"].to_list() == [dt.date(2023, 5, 1)]
    assert out["pm25_24h"].to_list() == [31]  # (23·30 + 54)/24 = 31
    assert out["aqi"].to_list() == [50] and out["primary_pollutant"].to_list() == [""]


def test_invalid_statistics_are_empty_and_2012_uses_o3_1h() -> None:
    rows = _hours("S1", dt.datetime(2023, 7, 1, 1), 24, so2=5, no2=20, co=0.4, o3=150, pm10=50, pm25=30)
    for row in rows[:5]:
        row["pm10"] = None  # 19 hours of PM10 → no 24-h mean
    rows[13]["o3"] = 250  # O3 1-h max 250 → IAQI 125 under HJ 633-2012
    out = daily_table(pl.DataFrame(rows)).row(0, named=True)
    assert out["pm10_24h"] is None and out["o3_1h_max"] == 250
    assert (out["aqi"], out["primary_pollutant"], out["aqi_standard"]) == (125, "臭氧1小时", "HJ 633-2012")


def test_2026_day_uses_new_edition_and_says_so() -> None:
    rows = _hours("S1", dt.datetime(2026, 3, 1, 1), 24, so2=5, no2=20, co=0.4, o3=150, pm10=50, pm25=70)
    out = daily_table(pl.DataFrame(rows)).row(0, named=True)
    assert out["aqi"] == 110 and out["primary_pollutant"] == "细颗粒物(PM2.5)"  # 100+50·10/55 → 110
    assert out["aqi_standard"] == "HJ 633-2026" and out["method_note"] == editions.METHOD_NOTE_2026


def test_city_daily_is_mean_of_points() -> None:
    a = _hours("S1", dt.datetime(2023, 5, 1, 1), 24, so2=5, no2=20, co=0.4, o3=90, pm10=50, pm25=30)
    b = _hours("S2", dt.datetime(2023, 5, 1, 1), 24, so2=5, no2=20, co=0.5, o3=90, pm10=50, pm25=31)
    out = daily_table(pl.DataFrame(a + b), by="city").row(0, named=True)
    assert out["city"] == "C" and out["pm25_24h"] == 30 and out["co_24h"] == 0.4  # 30.5 → 30; 0.45 → 0.4
