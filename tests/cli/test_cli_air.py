"""`envplan air …` commands through Typer's runner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from envplan.cli import app
from support import shared_path

runner = CliRunner()


def test_air_aqi_csv_contract_on_published_data(tmp_path: Path) -> None:
    out = tmp_path / "aqi.csv"
    result = runner.invoke(
        app,
        [
            "air",
            "aqi",
            str(shared_path("data", "air", "cnemc_station_hourly_aqi.csv")),
            "--format",
            "csv",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.columns[-4:] == ["aqi", "primary_pollutant", "level", "category"]
    assert frame.height == 4582 and "so2_1h" in frame.columns and "station_name" in frame.columns
    first = frame.row(0, named=True)
    assert (first["station_code"], first["aqi"], first["primary_pollutant"], first["category"]) == (
        "1001A",
        "55",
        "臭氧1小时",
        "良",
    )


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_air_aqi_json_and_edition_auto(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "station_code,timepoint,so2,no2,co,o3,pm10,pm25\n"
        "X1,2026-03-01T00:00:00,5,20,0.5,30,40,70\n"  # 24:00 of 02-28, 2012: 93.75 → 94
        "X1,2026-03-01T01:00:00,5,20,0.5,30,40,70\n",  # HJ 633-2026: 100+50·10/55=109.09 → 110
    )
    result = runner.invoke(app, ["air", "aqi", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["aqi"] for r in rows] == [94, 110]
    assert [r["category"] for r in rows] == ["良", "轻度污染"]
    fixed = runner.invoke(app, ["air", "aqi", str(path), "--format", "json", "--edition", "2012"])
    assert [r["aqi"] for r in json.loads(fixed.stdout)] == [94, 94]


def test_air_aqi_rejects_negative_value_with_line_number(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "station_code,timepoint,so2,pm10\nX1,2023-01-01 01:00,5,40\nX1,2023-01-01 02:00,5,-3\n"
    )
    result = runner.invoke(app, ["air", "aqi", str(path)])
    assert result.exit_code == 2
    assert "line 3" in result.output and "'pm10'" in result.output and "negative" in result.output


def test_air_daily_csv_contract(tmp_path: Path) -> None:
    lines = ["station_code,timepoint,so2_1h,no2_1h,co_1h,o3_1h,pm10_1h,pm25_1h"]
    lines += [f"S1,2023-05-01 {h:02d}:00,5,20,0.4,90,50,30" for h in range(1, 24)] + [
        "S1,2023-05-02 00:00,5,20,0.4,90,50,30"
    ]
    lines += ["S1,2023-05-02 01:00,5,20,0.4,90,50,30"]
    result = runner.invoke(
        app, ["air", "daily", str(_write(tmp_path, "\n".join(lines) + "\n")), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pl.read_csv(result.stdout.encode(), infer_schema=False)
    assert frame.columns[:11] == [
        "station_code", "date", "so2_24h", "no2_24h", "co_24h", "pm10_24h", "pm25_24h",
        "o3_1h_max", "o3_8h_max", "aqi", "primary_pollutant",
    ]  # fmt: skip
    assert frame["date"].to_list() == ["2023-05-01", "2023-05-02"]
    assert frame["pm25_24h"].to_list() == ["30.0", None]  # 1 hour on 05-02: invalid → empty cell
    assert frame["aqi"].to_list() == ["50", None]


def test_air_daily_stops_on_duplicate_station_hours(tmp_path: Path) -> None:
    text = "station_code,timepoint,pm25\nS1,2023-05-01 01:00,30\nS1,2023-05-01 01:00,31\n"
    result = runner.invoke(app, ["air", "daily", str(_write(tmp_path, text))])
    assert result.exit_code == 2 and "duplicate" in result.output and "2, 3" in result.output


def test_air_evaluate_annual_by_city_from_hourly(tmp_path: Path) -> None:
    lines = ["station_code,area,timepoint,so2,no2,co,o3,pm10,pm25"]
    start = dt.datetime(2023, 1, 1, 1)
    for station in ("S1", "S2"):
        lines += [
            f"{station},C,{start + dt.timedelta(hours=h):%Y-%m-%d %H:%M},9,14,1.1,96,77,23"
            for h in range(8760)
        ]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    result = runner.invoke(
        app, ["air", "evaluate", str(path), "--period", "2023", "--by", "city", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["city"], row["composite_index"], row["good_day_ratio"]) == ("C", 3.14, 100.0)
    assert row["valid_days"] == 365 and row["pm10_attained"] is False and row["o3_8h_p90"] == 96


def test_air_evaluate_bad_period_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "station_code,date,pm25_24h,aqi\nS1,2023-01-01,30,43\n")
    result = runner.invoke(app, ["air", "evaluate", str(path), "--period", "23"])
    assert result.exit_code == 2 and "expected YYYY" in result.output
