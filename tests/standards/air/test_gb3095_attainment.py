"""GB 3095-2012 / GB 3095-2026 limits and HJ 663-2013 attainment, multiples and daily rates."""

from __future__ import annotations

from datetime import date

import polars as pl

from envplan.standards.air import editions, gb3095_2012, gb3095_2026
from envplan.standards.air._attainment import attainment_rates


def test_limit_tables() -> None:
    assert gb3095_2012.limit("pm25", "annual") == 35 and gb3095_2012.limit("pm25", "annual", 1) == 15
    assert gb3095_2012.limit("o3", "8h") == 160 and gb3095_2012.limit("nox", "1h") == 250
    assert gb3095_2026.limit("pm25", "annual", on=date(2026, 3, 1)) == 30
    assert gb3095_2026.limit("pm25", "annual", on=date(2031, 1, 1)) == 25
    assert gb3095_2026.limit("pm10", "24h", on=date(2030, 12, 31)) == 120
    assert gb3095_2026.limit("pm10", "24h", on=date(2031, 1, 1)) == 100
    assert gb3095_2026.limit("so2", "annual", on=date(2031, 6, 1)) == 20
    assert gb3095_2026.limit("nox", "annual", on=date(2027, 1, 1)) == 50  # note a transition
    assert gb3095_2026.limit("nox", "annual", on=date(2031, 1, 1)) == 40


def test_edition_by_date() -> None:
    assert editions.aqi_standard_for(date(2026, 2, 28)) == "HJ 633-2012"
    assert editions.aqi_standard_for(date(2026, 3, 1)) == "HJ 633-2026"
    assert editions.limit_standard_for(date(2026, 3, 1)) == "GB 3095-2026"
    days = editions.observation_dates(["2026-03-01T00:00", "2026-03-01T01:00"])
    assert editions.is_2026_edition(days).tolist() == [False, True]


def _annual(**overrides: float | None) -> pl.DataFrame:
    base = {
        "so2_mean": 10.0, "so2_p98": 30.0, "no2_mean": 40.0, "no2_p98": 80.0, "pm10_mean": 70.0,
        "pm10_p95": 150.0, "pm25_mean": 35.0, "pm25_p95": 75.0, "co_p95": 4.0, "o3_8h_p90": 160.0,
    }  # fmt: skip
    return pl.DataFrame([base | overrides])


def test_annual_attainment_at_the_limits() -> None:
    row = gb3095_2012.annual_attainment(_annual()).row(0, named=True)
    assert row["attained"] is True and row["exceeding_items"] == ""  # equal to the limit attains


def test_annual_attainment_2026_is_stricter_for_pm() -> None:
    row = gb3095_2026.annual_attainment(_annual(), on=date(2026, 12, 31)).row(0, named=True)
    assert row["pm25_attained"] is False and row["pm10_attained"] is False and row["attained"] is False
    assert row["pm25_mean_multiple"] == 0.17  # (35 − 30)/30 = 0.1667 → 0.17
    assert row["exceeding_items"].startswith("pm10_p95:0.25")  # (150 − 120)/120 = 0.25, largest first
    assert row["limits"] == "GB 3095-2026"


def test_missing_item_makes_overall_non_attainment() -> None:
    row = gb3095_2012.annual_attainment(_annual(co_p95=None)).row(0, named=True)
    assert row["co_attained"] is None and row["attained"] is False and row["missing_items"] == "co"


def test_exceedance_multiple_half_even() -> None:
    row = gb3095_2012.annual_attainment(_annual(pm25_mean=43.75)).row(0, named=True)
    assert row["pm25_mean_multiple"] == 0.25  # (43.75 − 35)/35 = 0.25


def test_daily_attainment_rates() -> None:
    daily = pl.DataFrame(
        {
            "station_code": ["S"] * 3, "so2_24h": [10.0, 10.0, 10.0], "no2_24h": [80.0, 81.0, None],
            "pm10_24h": [50.0] * 3, "pm25_24h": [75.0, 76.0, 30.0], "co_24h": [1.0] * 3,
            "o3_8h_max": [100.0] * 3,
        }
    )  # fmt: skip
    flags = gb3095_2012.daily_attainment(daily)
    assert flags["all_attained"].to_list() == [True, False, None]
    rates = attainment_rates(flags.select("station_code", pl.col("^.*_attained$")), by=["station_code"])
    row = rates.row(0, named=True)
    assert row["pm25_24h_attained_rate"] == 66.7 and row["no2_24h_attained_rate"] == 50.0
    assert row["all_attained_rate"] == 50.0


def test_registries_keyed_by_standard() -> None:
    assert editions.AQI_STANDARDS["HJ 633-2026"].EDITION == "HJ 633-2026"
    assert editions.LIMIT_STANDARDS["GB 3095-2012"] is gb3095_2012
    assert editions.STATISTICS_STANDARDS["HJ 663-2013"].EDITION == "HJ 663-2013"
    assert "环办监测〔2018〕19号" in editions.RANKING_RULES
    assert "HJ 663-2026 text not available" in editions.METHOD_NOTE_2026
