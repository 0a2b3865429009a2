"""Control characters a notice or a filter may carry do not break the XLSX exports."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from envplan.reports.ledger_view_xlsx import ledger_view_workbook
from envplan.reports.xlsx_text import cell_text


def test_cell_text_drops_only_what_xlsx_cannot_hold() -> None:
    assert cell_text("推进\x0c污水\x1b处理\t完成\n") == "推进污水处理\t完成\n"  # tab and newline stay
    assert cell_text(12) == 12 and cell_text(None) is None


def test_ledger_export_with_a_form_feed_in_a_task_and_control_characters_in_the_title() -> None:
    rows = [{"title": "第一页\x0c第二页", "number": "1", "overdue": False}]
    book = load_workbook(io.BytesIO(ledger_view_workbook(rows, "台账（状态：\x01¸）")))
    sheet = book["台账"]
    assert sheet["A1"].value == "台账（状态：¸）"
    values = [cell.value for cell in sheet[3]]
    assert "第一页第二页" in values and "否" in values
