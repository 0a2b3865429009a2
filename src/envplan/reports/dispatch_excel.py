"""Excel round-trip of a unit's assignments: export a fill-in template, re-import the progress.

The template (one sheet 进展填报) lists the unit's open assignments. The key columns (assignment
id, plan, task, role, deadline, status) are locked under sheet protection; the progress columns are
unlocked; a hidden column holds an HMAC-SHA256 of (unit id, assignment id, task number) keyed by
the settings' secret, and a very hidden sheet 元数据 names the unit. Re-import checks the unit, every
row's key against its checksum, and every value; any error (reported per row, with the sheet's row
number) rejects the whole file and nothing is written. Rows left empty are skipped; a row whose
period, percentage and 进展情况 equal the latest stored report of that period is unchanged, so that
importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import LedgerError, LedgerValidationError, PermissionDenied
from envplan.ledger.models import (
    ROLE_LABELS,
    STATUS_LABELS,
    Assignment,
    ProgressReport,
    Task,
    Unit,
    User,
    UserRole,
)
from envplan.ledger.services.progress import REPORTABLE, ProgressForm, report_progress, validate_form
from envplan.reports.xlsx_text import cell_text

SHEET = "进展填报"
META_SHEET = "元数据"
KEY_HEADERS = ["序号", "计划", "任务编号", "任务", "责任类型", "完成时限", "当前状态"]
FILL_HEADERS = ["报送期", "完成率(%)", "进展情况", "存在问题", "原因", "下一步措施", "需协调事项"]
FILL_FIELDS = ["period", "completion_percent", "progress", "problems", "causes", "next_steps", "coordination"]
CHECK_HEADER = "校验"
FIRST_ROW = 3  # row 1: title, row 2: headers


class ExcelImportRejected(LedgerValidationError):
    """The file was rejected; ``errors`` lists every problem as 第N行：… (nothing was applied)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors[:5]) + (f"（共{len(errors)}处错误）" if len(errors) > 5 else ""))
        self.errors = errors


@dataclass(slots=True)
class ImportSummary:
    applied: list[int] = field(default_factory=list)  # assignment ids that got a new report
    unchanged: list[int] = field(default_factory=list)
    empty_rows: int = 0


def row_checksum(secret: str, unit_id: int, assignment_id: int, task_number: str) -> str:
    message = f"{unit_id}|{assignment_id}|{task_number}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:24]


def _unit_assignments(session: Session, unit_id: int) -> list[Assignment]:
    query = (
        select(Assignment)
        .join(Task, Assignment.task_id == Task.id)
        .where(Assignment.unit_id == unit_id, Assignment.withdrawn.is_(False), Task.withdrawn.is_(False))
        .order_by(Task.plan_id, Task.position, Assignment.id)
    )
    return list(session.scalars(query))


def _require_unit(actor: User, unit_id: int, what: str) -> None:
    if actor.role == UserRole.ADMINISTRATOR:
        return
    if actor.role in (UserRole.UNIT_OFFICER, UserRole.BUREAU_STAFF) and actor.unit_id == unit_id:
        return
    raise PermissionDenied(f"{actor.username} may not {what} for unit {unit_id}: own unit only")


def export_template(session: Session, actor: User, unit_id: int, secret: str) -> bytes:
    """The unit's open assignments as a protected XLSX template."""
    _require_unit(actor, unit_id, "export the progress template")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise LedgerValidationError(f"unit {unit_id} not found")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _write_header(sheet, unit.name)
    for offset, assignment in enumerate(_unit_assignments(session, unit_id)):
        _write_row(
            sheet,
            FIRST_ROW + offset,
            assignment,
            row_checksum(secret, unit_id, assignment.id, assignment.task.number),
        )
    _protect(sheet, secret)
    meta = workbook.create_sheet(META_SHEET)
    meta.append(["unit_id", unit_id])
    meta.append(["unit_name", unit.name])
    meta.append(["checksum", row_checksum(secret, unit_id, 0, unit.name)])
    meta.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet: Worksheet, unit_name: str) -> None:
    sheet.append([f"{unit_name} 任务进展填报表（灰色列不可修改）"])
    sheet.append(KEY_HEADERS + FILL_HEADERS + [CHECK_HEADER])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip(
        "ABCDEFGHIJKLMN", (8, 28, 8, 36, 8, 12, 12, 10, 10, 40, 24, 20, 24, 20), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["O"].hidden = True
    sheet.freeze_panes = "A3"


def _write_row(sheet: Worksheet, row: int, assignment: Assignment, checksum: str) -> None:
    task = assignment.task
    due = assignment.due_date or task.due_date
    values: list[Any] = [
        assignment.id, cell_text(task.plan.title), task.number, cell_text(task.title),
        ROLE_LABELS[assignment.role], due.isoformat() if due else "", STATUS_LABELS[assignment.status],
    ]  # fmt: skip
    grey = PatternFill("solid", fgColor="EEEEEE")
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.fill = grey
    for column in range(len(KEY_HEADERS) + 1, len(KEY_HEADERS) + len(FILL_HEADERS) + 1):
        sheet.cell(row=row, column=column).protection = Protection(locked=False)
    sheet.cell(row=row, column=len(KEY_HEADERS) + len(FILL_HEADERS) + 1, value=checksum)


def _protect(sheet: Worksheet, secret: str) -> None:
    sheet.protection.sheet = True
    sheet.protection.password = hashlib.sha256(secret.encode()).hexdigest()[:12]
    sheet.protection.formatColumns = False  # widths may change; content of locked cells may not


def _read_rows(content: bytes) -> tuple[dict[str, Any], list[tuple[int, list[Any]]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ExcelImportRejected([f"文件不是有效的 XLSX：{error}"]) from None
    if SHEET not in workbook.sheetnames or META_SHEET not in workbook.sheetnames:
        raise ExcelImportRejected([f"文件缺少“{SHEET}”或元数据工作表：请使用本系统导出的模板"])
    meta = {str(row[0]): row[1] for row in workbook[META_SHEET].iter_rows(values_only=True) if row and row[0]}
    sheet = workbook[SHEET]
    header = [cell.value for cell in sheet[2]]
    if header[: len(KEY_HEADERS) + len(FILL_HEADERS) + 1] != KEY_HEADERS + FILL_HEADERS + [CHECK_HEADER]:
        raise ExcelImportRejected(["第2行：表头被修改，请使用本系统导出的模板"])
    rows = [
        (index, list(values))
        for index, values in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW)
        if any(v not in (None, "") for v in values)
    ]
    return meta, rows


def _meta_unit(meta: dict[str, Any], secret: str) -> tuple[int, str]:
    unit_id, unit_name = meta.get("unit_id"), str(meta.get("unit_name") or "")
    if not isinstance(unit_id, int) or meta.get("checksum") != row_checksum(secret, unit_id, 0, unit_name):
        raise ExcelImportRejected(["元数据被修改或不是本系统导出的模板"])
    return unit_id, unit_name


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _check_row(
    row: int, values: list[Any], unit_id: int, assignments: dict[int, Assignment], secret: str
) -> tuple[list[str], ProgressForm | None]:
    padded = values + [None] * (15 - len(values))
    key, number, checksum = padded[0], _text(padded[2]), _text(padded[14])
    if not isinstance(key, int) or checksum != row_checksum(secret, unit_id, key, number):
        return [f"第{row}行：关键列（序号、任务编号）被修改，与校验值不符"], None
    assignment = assignments.get(key)
    if assignment is None:
        return [f"第{row}行：任务（序号{key}）不属于本单位或已撤销"], None
    task = assignment.task
    if (_text(padded[1]), _text(padded[3]), _text(padded[4])) != (
        task.plan.title,
        task.title,
        ROLE_LABELS[assignment.role],
    ):
        return [f"第{row}行：关键列（计划、任务、责任类型）被修改"], None
    fill = padded[7:14]
    if all(v in (None, "") for v in fill):
        return [], None
    percent = _number(fill[1])
    if percent is None:
        return [f"第{row}行：完成率(%)“{_text(fill[1])}”不是数字"], None
    form = ProgressForm(_text(fill[0]), percent, *(_text(v) for v in fill[2:]))
    try:
        validate_form(form)
    except LedgerValidationError as error:
        return [f"第{row}行：{error}"], None
    if assignment.status not in REPORTABLE:
        return [f"第{row}行：任务当前状态为{STATUS_LABELS[assignment.status]}，不能报送进展"], None
    return [], form


def _same_as_latest(session: Session, assignment_id: int, form: ProgressForm) -> bool:
    latest = session.scalar(
        select(ProgressReport)
        .where(ProgressReport.assignment_id == assignment_id, ProgressReport.period == form.period)
        .order_by(ProgressReport.id.desc())
        .limit(1)
    )
    return latest is not None and (latest.completion_percent, latest.progress) == (
        form.completion_percent,
        form.progress,
    )


def import_progress(session: Session, actor: User, content: bytes, secret: str) -> ImportSummary:
    """Apply a filled template of the actor's unit; rejects the whole file on any error."""
    meta, rows = _read_rows(content)
    unit_id, unit_name = _meta_unit(meta, secret)
    if actor.role != UserRole.ADMINISTRATOR and actor.unit_id != unit_id:
        raise ExcelImportRejected(
            [f"文件属于“{unit_name}”，不是你单位（{actor.unit.name if actor.unit else '无'}）的模板"]
        )
    _require_unit(actor, unit_id, "import progress")
    assignments = {a.id: a for a in _unit_assignments(session, unit_id)}
    errors: list[str] = []
    planned: list[tuple[int, ProgressForm]] = []
    summary = ImportSummary()
    for row, values in rows:
        row_errors, form = _check_row(row, values, unit_id, assignments, secret)
        errors += row_errors
        if form is not None:
            planned.append((int(values[0]), form))
        elif not row_errors:
            summary.empty_rows += 1
    if errors:
        raise ExcelImportRejected(errors)
    for assignment_id, form in planned:
        if _same_as_latest(session, assignment_id, form):
            summary.unchanged.append(assignment_id)
            continue
        try:
            report_progress(session, assignment_id, form, actor)
        except LedgerError as error:
            raise ExcelImportRejected([f"序号{assignment_id}：{error}"]) from error
        summary.applied.append(assignment_id)
    return summary
