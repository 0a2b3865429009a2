"""Reading water tables: missing tokens, below-detection values, row-level errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from envplan.monitoring.water_io import (
    WaterInputError,
    classify_surface_water_file,
    parse_measurements,
    read_text_table,
)


def write(tmp_path: Path, text: str, name: str = "samples.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_tokens_and_below_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "section,nh3n\na,*\nb,--\nc,\nd,0.01L\ne,0.5\n")
    parsed = parse_measurements(read_text_table(path), "nh3n", path)
    assert np.isnan(parsed.values[:3]).all()
    assert parsed.values[3:].tolist() == [0.01, 0.5]
    assert parsed.below_detection.tolist() == [False, False, False, True, False]


def test_bad_cell_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "section,ph,do\na,7,8\nb,7,eight\n")
    with pytest.raises(WaterInputError) as caught:
        classify_surface_water_file(path)
    assert (caught.value.line, caught.value.column) == (3, "do")
    assert "samples.csv:3" in str(caught.value) and "'eight'" in str(caught.value)


def test_bad_waterbody_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "section,waterbody,tp\na,river,0.05\nb,sea,0.05\n")
    with pytest.raises(WaterInputError, match=r"samples\.csv:3.*waterbody"):
        classify_surface_water_file(path)


def test_classify_keeps_rows_and_adds_class(tmp_path: Path) -> None:
    path = write(
        tmp_path, "section,waterbody,ph,tp\na,river,7,0.05\nb,lake,7,0.05\nc,,*,--\nd,undetermined,7,0.05\n"
    )
    frame = classify_surface_water_file(path, "auto5", "lake")
    assert frame["class"].to_list() == ["Ⅱ", "Ⅲ", "", "Ⅲ"]
    assert frame["class_items"].to_list() == ["tp", "tp", "", "tp"]


def test_raw_columns_are_rounded_reported_columns_are_not(tmp_path: Path) -> None:
    raw = write(tmp_path, "section,codmn_raw\na,6.04\n", "raw.csv")
    reported = write(tmp_path, "section,codmn\na,6.04\n", "reported.csv")
    assert classify_surface_water_file(raw)["class"].to_list() == ["Ⅲ"]
    assert classify_surface_water_file(reported)["class"].to_list() == ["Ⅳ"]
    assert classify_surface_water_file(reported, round_reported=True)["class"].to_list() == ["Ⅲ"]


def test_no_item_column_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WaterInputError, match="no item column"):
        classify_surface_water_file(write(tmp_path, "section,x\na,1\n"))
    with pytest.raises(WaterInputError, match="file not found"):
        classify_surface_water_file(tmp_path / "absent.csv")


def test_xlsx_and_gb18030(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["断面", "do", "codmn"], ["汾河", 4.2, 3.0]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    assert classify_surface_water_file(tmp_path / "s.xlsx")["class"].to_list() == ["Ⅳ"]
    (tmp_path / "g.csv").write_bytes("断面,do\n汾河,7.5\n".encode("gb18030"))
    assert classify_surface_water_file(tmp_path / "g.csv")["class"].to_list() == ["Ⅰ"]


def test_ragged_and_empty_files(tmp_path: Path) -> None:
    ragged = write(tmp_path, "section,ph\na,7\nb,7,8\n", "ragged.csv")
    with pytest.raises(WaterInputError, match=r"ragged\.csv:3: 3 cells where the header has 2"):
        classify_surface_water_file(ragged)
    with pytest.raises(WaterInputError, match="empty file"):
        classify_surface_water_file(write(tmp_path, "", "empty.csv"))
