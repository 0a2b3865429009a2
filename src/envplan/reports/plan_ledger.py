"""The parsed plans as the bureaus' task ledger (台账): an XLSX workbook and a Markdown digest.

Workbook layout (modelled on the task-ledger appendices of real notices): a 概况 sheet listing the
notices and plans; one sheet per plan with a title row and the columns 任务类别, 序号, 具体措施,
完成时限, 牵头单位, 配合单位, 责任单位, 备注 (备注 carries the parser's warnings, so an officer sees
what to check); one 目标 sheet with every target of every plan. Header rows repeat on every printed
page; pages are landscape A4, fitted to the page width.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from envplan.documents.model import ParsedNotice, Plan, Target, Task
from envplan.reports.xlsx_text import cell_text

LEDGER_COLUMNS = ("任务类别", "序号", "具体措施", "完成时限", "牵头单位", "配合单位", "责任单位", "备注")
LEDGER_WIDTHS = (18, 6, 60, 16, 20, 20, 20, 24)  # [characters]
TARGET_COLUMNS = ("计划", "指标", "比较", "数值", "单位", "基准", "年份", "范围", "性质", "原文")
TARGET_WIDTHS = (28, 24, 8, 8, 10, 10, 6, 14, 8, 60)
OVERVIEW_COLUMNS = (
    "文号",
    "文件标题",
    "发文单位",
    "成文日期",
    "来源文件",
    "计划",
    "任务数",
    "目标数",
    "提示",
)
OVERVIEW_WIDTHS = (20, 40, 20, 12, 24, 36, 8, 8, 40)
DOMAIN_WORDS = {"water": "水环境", "air": "大气", "soil": "土壤", "groundwater": "地下水", "other": "其他"}
BINDING_WORDS = {"binding": "约束性", "aspirational": "争取性", "unspecified": ""}
SHEET_NAME_MAX = 31  # Excel's limit [characters]
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_LINE_HEIGHT = 14.5  # [pt] per wrapped line at 11 pt
_MAX_ROW_HEIGHT = 409.0  # [pt] Excel's limit
_FONT = "SimSun"  # 宋体; LibreOffice substitutes an installed CJK font when it is absent


def join_units(names: Sequence[str]) -> str:
    """Unit names joined with the enumeration comma, as the notices print them."""
    return "、".join(names)


def task_deadlines(task: Task) -> str:
    """完成时限: the original words of every milestone of the task, in order, without repeats."""
    texts = list(dict.fromkeys(m.text for m in task.milestones))
    return "；".join(texts)


def task_remarks(task: Task) -> str:
    """备注: the task's warnings and its milestones' warnings."""
    notes = list(task.warnings) + [w for m in task.milestones for w in m.warnings]
    return "；".join(dict.fromkeys(notes))


def task_category(task: Task) -> str:
    """任务类别: the innermost chapter heading of the task's path."""
    return task.path[-1] if task.path else ""


def task_measure(task: Task) -> str:
    """具体措施: the task's full text without its printed number (序号 has its own column)."""
    return re.sub(rf"^\s*{re.escape(task.number)}\s*[.．、]?\s*", "", task.text, count=1) or task.text


def ledger_row(task: Task) -> list[str]:
    """One ledger row in :data:`LEDGER_COLUMNS` order."""
    return [
        task_category(task),
        task.number,
        task_measure(task),
        task_deadlines(task),
        join_units(task.lead_units),
        join_units(task.cooperating_units),
        join_units(task.responsible_units),
        task_remarks(task),
    ]


def target_row(plan: Plan, target: Target) -> list[str | float | int | None]:
    """One 目标 row in :data:`TARGET_COLUMNS` order."""
    return [
        plan.title,
        target.indicator,
        target.comparator,
        target.value,
        target.unit,
        target.baseline,
        target.year,
        target.scope,
        BINDING_WORDS.get(str(target.binding), str(target.binding)),
        target.text,
    ]


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\) made from ``title``."""
    base = _SHEET_FORBIDDEN.sub("", title).strip("' ") or "计划"
    name = base[:SHEET_NAME_MAX]
    counter = 2
    while name in taken:
        suffix = f"({counter})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        counter += 1
    taken.add(name)
    return name


def _set(cell: Cell, value: object) -> None:
    """Write a value; text that starts with '=' stays text (no formula injection), and loses the
    control characters XLSX cannot hold."""
    value = cell_text(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _table(
    sheet: Worksheet,
    title: str,
    columns: Sequence[str],
    widths: Sequence[int],
    rows: Sequence[Sequence[object]],
) -> None:
    """Title row, bold header row, bordered wrapped body, widths, frozen header and print setup."""
    width = len(columns)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    _set(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = Font(name=_FONT, bold=True, size=14)
    sheet.cell(1, 1).alignment = _CENTRE
    sheet.row_dimensions[1].height = 30
    for index, (name, chars) in enumerate(zip(columns, widths, strict=True), start=1):
        cell = sheet.cell(2, index)
        _set(cell, name)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill, cell.border, cell.alignment = _HEADER_FILL, _BORDER, _CENTRE
        sheet.column_dimensions[cell.column_letter].width = chars * 1.9 + 2  # CJK glyphs are double width
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            _set(cell, value)
            cell.font, cell.border, cell.alignment = Font(name=_FONT), _BORDER, _WRAP
        sheet.row_dimensions[r].height = _row_height(row, widths)
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _display_width(text: str) -> float:
    """Width of ``text`` in CJK characters (ASCII counts half)."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _row_height(row: Sequence[object], widths: Sequence[int]) -> float:
    """Row height [pt] fitting the wrapped text: spreadsheet programs do not grow rows on their own
    when printing, so the ledger would be cut off in the PDF."""
    lines = 1
    for value, chars in zip(row, widths, strict=False):
        paragraphs = ("" if value is None else str(value)).split("\n")
        needed = sum(max(1, math.ceil(_display_width(p) / chars)) for p in paragraphs)
        lines = max(lines, needed)
    return min(_LINE_HEIGHT * max(lines, 1) + 4, _MAX_ROW_HEIGHT)


def _merge_categories(sheet: Worksheet, categories: Sequence[str]) -> None:
    """Merge runs of the same 任务类别 down column A, as the bureaus' ledgers print it."""
    start = 0
    for index in range(1, len(categories) + 1):
        if index == len(categories) or categories[index] != categories[start]:
            if index - start > 1 and categories[start]:
                sheet.merge_cells(start_row=start + 3, start_column=1, end_row=index + 2, end_column=1)
            start = index


def _plan_sheet(workbook: Workbook, notice: ParsedNotice, plan: Plan, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_name(plan.title, taken))
    rows = [ledger_row(task) for task in plan.tasks]
    number = f"（{notice.document.doc_number}）" if notice.document.doc_number else ""
    _table(sheet, f"{plan.title}重点工作任务台账{number}", LEDGER_COLUMNS, LEDGER_WIDTHS, rows)
    _merge_categories(sheet, [row[0] for row in rows])


def _overview_rows(notices: Sequence[ParsedNotice]) -> list[list[object]]:
    rows: list[list[object]] = []
    for notice in notices:
        doc = notice.document
        date = doc.issue_date.isoformat() if doc.issue_date else ""
        head: list[object] = [doc.doc_number or "", doc.title, doc.issuer or "", date, doc.source or ""]
        if not notice.plans:
            rows.append([*head, "（未识别到行动计划）", 0, 0, "；".join(notice.warnings)])
        for plan in notice.plans:
            notes = "；".join(notice.warnings + plan.warnings)
            rows.append([*head, plan.title, len(plan.tasks), len(plan.targets), notes])
    return rows


def build_ledger_workbook(notices: Sequence[ParsedNotice]) -> Workbook:
    """The ledger workbook (see the module docstring) for one or more parsed notices."""
    workbook = Workbook()
    overview = workbook.active
    assert overview is not None
    overview.title = "概况"
    _table(overview, "行动计划台账概况", OVERVIEW_COLUMNS, OVERVIEW_WIDTHS, _overview_rows(notices))
    taken = {"概况", "目标"}
    for notice in notices:
        for plan in notice.plans:
            _plan_sheet(workbook, notice, plan, taken)
    targets = workbook.create_sheet("目标")
    rows = [target_row(plan, t) for n in notices for plan in n.plans for t in plan.targets]
    _table(targets, "行动计划目标", TARGET_COLUMNS, TARGET_WIDTHS, rows)
    return workbook


def write_ledger_xlsx(notices: Sequence[ParsedNotice], path: str | Path) -> Path:
    """Write the ledger workbook of ``notices`` to ``path`` (parent folders created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_ledger_workbook(notices).save(path)
    return path


def _md_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return lines


def _md_plan(plan: Plan) -> list[str]:
    lines = [f"## {plan.title}", ""]
    facts = [
        ("领域", DOMAIN_WORDS.get(str(plan.domain), str(plan.domain))),
        ("期限", plan.period),
        ("地区", plan.region),
        ("上级计划", "、".join(f"《{p}》" for p in plan.parent_plans)),
    ]
    lines += [f"- {name}：{value}" for name, value in facts if value]
    lines += [f"- 提示：{warning}" for warning in plan.warnings]
    if plan.targets:
        lines += ["", "### 目标", ""] + [_md_target(t) for t in plan.targets]
    lines += ["", f"### 任务（{len(plan.tasks)}项）", ""]
    lines += _md_table(LEDGER_COLUMNS, [ledger_row(task) for task in plan.tasks])
    for table in plan.tables:
        lines += ["", f"### 表：{table.title or table.kind}", ""]
        lines += _md_table(table.headers, table.rows)
    return [*lines, ""]


def _md_target(target: Target) -> str:
    binding = BINDING_WORDS.get(str(target.binding), "")
    return f"- {target.text}" + (f"（{binding}）" if binding else "")


def render_markdown(notices: Sequence[ParsedNotice]) -> str:
    """The notices' plans as Markdown: document facts, targets and the ledger table of each plan."""
    lines: list[str] = []
    for notice in notices:
        doc = notice.document
        lines += [f"# {doc.title or doc.source or '（无标题）'}", ""]
        facts = [
            ("文号", doc.doc_number),
            ("发文单位", doc.issuer),
            ("成文日期", doc.issue_date.isoformat() if doc.issue_date else None),
            ("来源", doc.source),
        ]
        lines += [f"- {name}：{value}" for name, value in facts if value]
        lines += [f"- 提示：{warning}" for warning in notice.warnings]
        lines.append("")
        for plan in notice.plans:
            lines += _md_plan(plan)
    return "\n".join(lines).rstrip("\n") + "\n"
