"""Reading air tables: wide and long layouts, CSV and XLSX, units, bad values by line, duplicates."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from envplan.monitoring.air_io import AirDataError, read_air_table, read_daily_table


def _csv(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_wide_csv_with_1h_names_and_passthrough(tmp_path: Path) -> None:
    path = _csv(tmp_path, "station_code,timepoint,pm25_1h,co_1h,note\n1001A,2023-01-01T01:00:00,35,0.8,x\n")
    table = read_air_table(path)
    row = table.frame.row(0, named=True)
    assert (row["pm25"], row["co"], row["note"], row["line"]) == (35.0, 0.8, "x", 2)
    assert table.original is not None and table.original.columns == [
        "station_code",
        "timepoint",
        "pm25_1h",
        "co_1h",
        "note",
    ]


def test_long_layout_with_units(tmp_path: Path) -> None:
    text = (
        "station_code,timepoint,pollutant,value,unit\n"
        "S1,2023-01-01 01:00,PM2.5,35,μg/m³\n"
        "S1,2023-01-01 01:00,CO,0.8,mg/m3\n"
        "S1,2023-01-01 02:00,pm25,40,ug/m3\n"
    )
    frame = read_air_table(_csv(tmp_path, text)).frame.sort("timepoint")
    assert frame["pm25"].to_list() == [35.0, 40.0] and frame["co"].to_list() == [0.8, None]


def test_long_layout_wrong_unit_names_the_line(tmp_path: Path) -> None:
    text = "station_code,timepoint,pollutant,value,unit\nS1,2023-01-01 01:00,pm25,35,ug/m3\n"
    text += "S1,2023-01-01 01:00,co,800,ug/m3\n"
    with pytest.raises(AirDataError, match=r"line 3: column 'unit': 'ug/m3' for co, expected mg/m³"):
        read_air_table(_csv(tmp_path, text))


def test_negative_impossible_and_unreadable_values(tmp_path: Path) -> None:
    head = "station_code,timepoint,so2,co\n"
    with pytest.raises(AirDataError, match=r"in.csv: line 3: column 'so2': negative value '-1'"):
        read_air_table(_csv(tmp_path, head + "S1,2023-01-01 01:00,5,0.5\nS1,2023-01-01 02:00,-1,0.5\n"))
    with pytest.raises(AirDataError, match=r"line 2: column 'co': impossible value \(above 200\) '800'"):
        read_air_table(_csv(tmp_path, head + "S1,2023-01-01 01:00,5,800\n"))
    with pytest.raises(AirDataError, match=r"line 2: column 'so2': not a number 'abc'"):
        read_air_table(_csv(tmp_path, head + "S1,2023-01-01 01:00,abc,0.5\n"))
    with pytest.raises(AirDataError, match=r"line 2: column 'timepoint': cannot read 'yesterday'"):
        read_air_table(_csv(tmp_path, head + "S1,yesterday,5,0.5\n"))
    with pytest.raises(AirDataError, match=r"missing column 'timepoint'"):
        read_air_table(_csv(tmp_path, "station_code,so2\nS1,5\n"))


def test_missing_markers_and_zero_as_missing(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "station_code,timepoint,so2,pm10\nS1,2023-01-01 01:00,NA,0\nS1,2023-01-01 02:00,—,3\n"
    )
    assert read_air_table(path).frame["so2"].to_list() == [None, None]
    assert read_air_table(path, zero_as_missing=True).frame["pm10"].to_list() == [None, 3.0]


def test_duplicates_reported_with_lines(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "station_code,timepoint,pm25\nS1,2023-01-01 01:00,1\nS2,2023-01-01 01:00,1\n"
        "S1,2023-01-01T01:00:00,2\n",
    )
    assert read_air_table(path).duplicates["line"].to_list() == [2, 4]


def test_xlsx_and_gb18030_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["station_code", "timepoint", "pm25", "area"])
    sheet.append(["S1", "2023-01-01 01:00", 35, "太原市"])
    sheet.append(["S1", "2023-01-01 02:00", -2, "太原市"])
    book.save(tmp_path / "in.xlsx")
    with pytest.raises(AirDataError, match=r"in.xlsx: line 3: column 'pm25': negative"):
        read_air_table(tmp_path / "in.xlsx")
    path = tmp_path / "gbk.csv"
    path.write_bytes("station_code,timepoint,pm25,area\nS1,2023-01-01 01:00,35,太原市\n".encode("gb18030"))
    assert read_air_table(path).frame["area"].to_list() == ["太原市"]


def test_daily_table_reader(tmp_path: Path) -> None:
    path = _csv(tmp_path, "city,date,pm25_24h,aqi,dust\n太原,2023-01-01,35,50,0\n太原,2023-01-02,80,106,1\n")
    frame = read_daily_table(path, "city")
    assert frame["dust"].to_list() == [False, True] and frame.schema["date"] == pl.Date
    with pytest.raises(AirDataError, match=r"line 2: duplicate city-days"):
        read_daily_table(_csv(tmp_path, "city,date,aqi\nA,2023-01-01,50\nA,2023-01-01,51\n"), "city")
    with pytest.raises(AirDataError, match=r"line 2: column 'date'"):
        read_daily_table(_csv(tmp_path, "city,date,aqi\nA,01/01/2023,50\n"), "city")


def test_24_00_label_is_next_day_00_00(tmp_path: Path) -> None:
    path = _csv(tmp_path, "station_code,timepoint,pm25\nS1,2023-01-01 24:00,1\nS1,2023/01/02 01:00,2\n")
    times = read_air_table(path).frame["timepoint"].dt.strftime("%Y-%m-%d %H:%M").to_list()
    assert times == ["2023-01-02 00:00", "2023-01-02 01:00"]
