"""XLSX export of a filtered ledger view: title, frozen header with filter, typed cells."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from envplan.reports.ledger_view_xlsx import LEDGER_COLUMNS, ledger_view_workbook

ROW = {
    "region": "吕梁市",
    "domain": "水",
    "plan": "吕梁市水环境质量再提升2023年行动计划",
    "number": "1",
    "title": "推进污水处理厂提标改造",
    "unit": "吕梁市生态环境局",
    "role": "牵头",
    "status": "推进中",
    "due_date": dt.date(2023, 10, 31),
    "completion_percent": 40.0,
    "last_report_at": dt.datetime(2023, 5, 31, 16, 30, tzinfo=dt.UTC),
    "overdue": False,
}


def test_workbook_has_title_header_and_typed_rows() -> None:
    data = ledger_view_workbook(
        [ROW, {**ROW, "number": "2", "overdue": True, "due_date": None}], "台账（领域：水）"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "台账" and sheet["A1"].value == "台账（领域：水）"
    assert [c.value for c in sheet[2]] == [c.header for c in LEDGER_COLUMNS]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:L4"
    row = [c.value for c in sheet[3]]
    assert row[:8] == ["吕梁市", "水", ROW["plan"], "1", ROW["title"], "吕梁市生态环境局", "牵头", "推进中"]
    assert row[8] == dt.datetime(2023, 10, 31)  # a real Excel date
    assert row[9] == 40.0
    assert row[10] == dt.datetime(2023, 6, 1, 0, 30)  # 16:30 UTC is 00:30 next day in Beijing (UTC+8)
    assert row[11] == "否" and sheet["L4"].value == "是" and sheet["I4"].value is None


def test_empty_view_still_has_its_header() -> None:
    sheet = load_workbook(io.BytesIO(ledger_view_workbook([], "台账"))).active
    assert sheet.max_row == 2 and sheet.auto_filter.ref == "A2:L2"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = ledger_view_workbook([{**ROW, "title": '=HYPERLINK("http://x","点击")'}], "台账")
    cell = load_workbook(io.BytesIO(data)).active["E3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","点击")'
