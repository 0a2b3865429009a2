"""Excel round-trip: protected template out, progress in; tampered files rejected with nothing applied."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.ledger.models import ProgressReport, User
from envplan.reports.dispatch_excel import ExcelImportRejected, export_template, import_progress

SECRET = "excel-test-secret"


def user(session: Session, name: str) -> User:
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def reports(session: Session) -> int:
    return session.scalar(select(func.count(ProgressReport.id))) or 0


def filled(content: bytes, edits: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["进展填报"]
    for cell, value in edits.items():
        sheet[cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row_of(content: bytes, task_number: str) -> int:
    sheet = load_workbook(io.BytesIO(content))["进展填报"]
    return next(row[0].row for row in sheet.iter_rows(min_row=3) if row[2].value == task_number)


@pytest.fixture
def template(session: Session, persona_notice: object) -> bytes:
    lead = user(session, "lead")
    assert lead.unit_id is not None
    return export_template(session, lead, lead.unit_id, SECRET)


def test_template_is_protected_with_hidden_checksum(template: bytes) -> None:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["进展填报"]
    assert sheet.protection.sheet is True
    assert sheet["A3"].protection.locked and not sheet["J3"].protection.locked
    assert sheet.column_dimensions["O"].hidden and len(str(sheet["O3"].value)) == 24
    assert workbook["元数据"].sheet_state == "veryHidden"
    assert sorted(str(r[2].value) for r in sheet.iter_rows(min_row=3)) == ["1", "2", "3", "4"]


def test_import_applies_once_then_unchanged(session: Session, template: bytes) -> None:
    lead, row = user(session, "lead"), row_of(template, "1")
    content = filled(
        template, {f"H{row}": "2023-05", f"I{row}": 40, f"J{row}": "完成设备采购，安装调试方案已编制"}
    )
    before = reports(session)
    first = import_progress(session, lead, content, SECRET)
    assert len(first.applied) == 1 and first.empty_rows == 3
    second = import_progress(session, lead, content, SECRET)
    assert second.applied == [] and second.unchanged == first.applied
    assert reports(session) == before + 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"A{row}": 9999}, "关键列（序号、任务编号）被修改"),
        ({"C{row}": "9"}, "关键列（序号、任务编号）被修改"),
        ({"D{row}": "改过的任务名称"}, "关键列（计划、任务、责任类型）被修改"),
        ({"I{row}": "四成"}, "完成率(%)“四成”不是数字"),
        ({"I{row}": 120}, "completion_percent"),
        ({"H{row}": "五月"}, "period"),
    ],
)
def test_tampered_rows_rejected_nothing_applied(
    session: Session, template: bytes, edit: dict[str, object], message: str
) -> None:
    lead = user(session, "lead")
    good, bad = row_of(template, "1"), row_of(template, "4")
    edits = {f"H{good}": "2023-05", f"I{good}": 40, f"J{good}": "完成设备采购，安装调试方案已编制",
             f"H{bad}": "2023-05", f"I{bad}": 10, f"J{bad}": "完成入河排污口排查方案编制"}  # fmt: skip
    edits |= {cell.format(row=bad): value for cell, value in edit.items()}
    before = reports(session)
    with pytest.raises(ExcelImportRejected) as caught:
        import_progress(session, lead, filled(template, edits), SECRET)
    assert any(e.startswith(f"第{bad}行：") and message in e for e in caught.value.errors), (
        caught.value.errors
    )
    assert reports(session) == before


def test_file_of_another_unit_and_garbage_rejected(session: Session, template: bytes) -> None:
    with pytest.raises(ExcelImportRejected, match="文件属于“吕梁市生态环境局”"):
        import_progress(session, user(session, "cooperating"), template, SECRET)
    with pytest.raises(ExcelImportRejected, match="元数据被修改"):
        import_progress(session, user(session, "lead"), template, "another-secret")
    with pytest.raises(ExcelImportRejected, match="不是有效的 XLSX"):
        import_progress(session, user(session, "lead"), b"not a workbook", SECRET)
