"""Period evaluation: statistics with validity, composite index and rank, dust deduction, editions."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from envplan.monitoring.air_evaluate import evaluate_period, parse_period
from envplan.monitoring.air_io import AirDataError
from envplan.standards.air import editions

DAILY = {
    "so2_24h": 9.0,
    "no2_24h": 14.0,
    "co_24h": 1.1,
    "pm10_24h": 77.0,
    "pm25_24h": 23.0,
    "o3_8h_max": 96.0,
    "aqi": 80.0,
}


def _year(station: str, year: int, **overrides: object) -> list[dict[str, object]]:
    first = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    return [
        {"station_code": station, "date": first + timedelta(days=d), **DAILY, "dust": False, **overrides}
        for d in range(days)
    ]


def test_constant_year_gives_naiman_composite_and_shared_rank() -> None:
    frame = pl.DataFrame(_year("A", 2023) + _year("B", 2023) + _year("C", 2023, pm25_24h=40.0))
    out = evaluate_period(frame, "station_code", "2023").sort("station_code")
    assert out["composite_index"].to_list() == [3.14, 3.14, 3.62]  # 奈曼 Q1; C: 3.14 − 0.66 + 1.14 (40/35)
    assert out["composite_rank"].to_list() == [1, 1, 3]
    assert out["good_day_ratio"].to_list() == [100.0] * 3 and out["valid_days"].to_list() == [365] * 3
    assert out["pm10_attained"].to_list() == [False] * 3  # annual mean 77 > 70
    assert out["pm25_attained"].to_list() == [True, True, False] and out["attained"].to_list() == [False] * 3
    assert out["method_note"].to_list() == [editions.METHOD_NOTE_2013] * 3


def test_validity_324_days_and_monthly_rule() -> None:
    rows = _year("A", 2023)
    for row in rows[31:35]:  # February keeps 24 days of PM2.5
        row["pm25_24h"] = None
    out = evaluate_period(pl.DataFrame(rows), "station_code", "2023").row(0, named=True)
    assert out["pm25_mean"] is None and out["pm25_p95"] is None and out["composite_index"] is None
    assert out["pm25_attained"] is None and out["attained"] is False and "pm25" in out["missing_items"]
    assert out["pm10_mean"] == 77


def test_dust_days_out_of_pm_kept_in_good_day_ratio() -> None:
    rows = _year("A", 2023)
    for row in rows[100:104]:
        row |= {"pm10_24h": 900.0, "aqi": 500.0, "dust": True}
    out = evaluate_period(pl.DataFrame(rows), "station_code", "2023").row(0, named=True)
    assert out["pm10_mean"] == 77 and out["composite_index"] == 3.14 and out["dust_days"] == 4
    assert out["good_days"] == 361 and out["heavy_days"] == 4 and out["good_day_ratio"] == 98.9


def test_month_percentile_and_change_rate() -> None:
    rows = _year("A", 2022) + _year("A", 2023)
    for k, row in enumerate(r for r in rows if r["date"].year == 2023 and r["date"].month == 6):
        row["o3_8h_max"] = float(100 + k)  # 100…129: p90 → k = 1 + 29·0.9 = 27.1 → 126.1 → 126
    out = evaluate_period(pl.DataFrame(rows), "station_code", "2023-06", base_text="2022-06").row(
        0, named=True
    )
    assert out["o3_8h_p90"] == 126 and out["period"] == "2023-06"
    assert out["composite_index"] == 3.33 and out["base_composite_index"] == 3.14  # O3 term 0.60 → 0.79
    assert out["change_rate"] == 6.1  # (3.33 − 3.14)/3.14 = 6.05 % → 6.1 (half-even on 6.0509…)


def test_2026_year_uses_gb3095_2026_and_says_so() -> None:
    out = evaluate_period(pl.DataFrame(_year("A", 2026)), "station_code", "2026").row(0, named=True)
    assert out["limits"] == "GB 3095-2026" and out["method_note"] == editions.METHOD_NOTE_2026
    assert out["pm10_attained"] is False  # PM10 p95 77 ≤ 120 but mean 77 > 60 (transition)


def test_parse_period_forms_and_errors() -> None:
    assert parse_period("2023Q1").end == date(2023, 3, 31) and parse_period("2024-02").end == date(
        2024, 2, 29
    )
    with pytest.raises(AirDataError):
        parse_period("2023-13")
    with pytest.raises(AirDataError):
        evaluate_period(pl.DataFrame(_year("A", 2023)), "station_code", "2021")
