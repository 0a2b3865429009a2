"""XLSX export of a filtered ledger view (the web page's table, one row per unit assignment).

The workbook has one sheet 「台账」: a title row naming the filters, a header row (frozen, with an
auto-filter) and the rows in the order shown on the page. Dates are real Excel dates, the completion
percentage a number [%], so that the bureau can keep sorting and summing in Excel.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from envplan.reports.xlsx_text import cell_text


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # key of the row mapping
    header: str  # Chinese header
    width: float  # [characters]


LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("region", "地区", 12),
    Column("domain", "领域", 8),
    Column("plan", "行动计划", 30),
    Column("number", "编号", 8),
    Column("title", "任务", 50),
    Column("unit", "责任单位", 24),
    Column("role", "分工", 8),
    Column("status", "状态", 14),
    Column("due_date", "完成时限", 12),
    Column("completion_percent", "完成率(%)", 10),
    Column("last_report_at", "最近报送", 18),
    Column("overdue", "是否逾期", 9),
)

HEADER_FILL = PatternFill("solid", fgColor="DDE7E3")


def ledger_view_workbook(
    rows: Iterable[Mapping[str, Any]], title: str, columns: Sequence[Column] = LEDGER_COLUMNS
) -> bytes:
    """The workbook as XLSX bytes. ``title`` names the view, e.g. 「台账（领域：水；状态：推进中）」."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append([cell_text(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([c.header for c in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    count = 0
    for row in rows:
        sheet.append([_cell_value(row.get(c.key)) for c in columns])
        count += 1
        for cell in sheet[count + 2]:
            if cell.data_type == "f":  # text such as '=HYPERLINK(…)' from a notice stays text
                cell.data_type = "s"
    _format(sheet, columns, count)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Any) -> Any:
    """Excel-ready: booleans as 是/否, aware datetimes as naive UTC+8 (Beijing time), text without the
    control characters XLSX cannot hold."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return cell_text(value)


def _format(sheet: Any, columns: Sequence[Column], count: int) -> None:
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=3, max_row=count + 2, min_col=index, max_col=index):
            if column.key == "due_date":
                cell.number_format = "yyyy-mm-dd"
            elif column.key == "last_report_at":
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif column.key == "completion_percent":
                cell.number_format = "0.0"
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A2:{last}{count + 2}"
