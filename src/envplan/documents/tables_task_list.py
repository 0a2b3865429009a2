"""A flattened task-list table (one wrapped cell per line, copied from a PDF) → rows of cells.

The layout: ``序号 | name column(s) | 完成时限 | content | 牵头单位`` — e.g. the air plan's appendix
of a county notice, 「序号 重点工作 主要任务 完成时限 工 程 措 施 牵头单位」. Each row is read in
column order, which the text keeps even where cells share a line:

1. the serial number opens a row (``2粗钢总量调控2023年12月底前`` once blanks are cleaned); a row
   whose number was lost in the copy opens where a finished row (its unit cell read) is followed by
   a line that is no unit — its number is the next one, with a warning;
2. the name cells (重点工作, 主要任务) are the lines before the deadline. Wrapped lines of one cell are
   full up to its last, so a cell ends at a line shorter than the one before it, or before a line
   wider than the one before it; with two name columns and two such cells, the first is the
   category (重点工作), else the single cell is the task (主要任务). The category, a merged cell,
   is printed on the first row of its group only; the rows below take it (as in every task ledger);
3. the deadline is the first date (``2023年12月底前``) or ``长期坚持``; when the words run on without
   a blank (``2023年10月底前完`` / ``成焦化企业超低排放`` …), the deadline cell is wrapped in its narrow
   column (at most :data:`_DUE_WIDTH` wide) up to its 。;
4. the content runs to the line that ends a sentence (。); words after that 。 start the unit cell;
5. the unit cell: lines ending like a unit (…局, …会, …政府…) or listing one (``新绛分局、县``), or
   continuing one that does not (``县工信`` / ``科技局``, ``各镇政府、`` / ``新绛经济技术`` /
   ``开发区管委会``).

A row that does not read this way (no deadline, no content, a unit cell that ends like no unit,
three name cells) makes the whole table fall back to the plain layout (each row's words as one
cell): :func:`read_task_list` returns None and nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from envplan.documents.normalize import Line

_DUE = re.compile(r"\d{4}年\d{1,2}月(?:底前|前|底)?|长期坚持")
_DUE_HEADER = re.compile(r"时限|完成时间")
_UNIT_HEADER = re.compile(r"单位|主体|部门")
_SERIAL = re.compile(r"^(\d{1,2})(?![\d.．%])\s*(.*)$")
_UNIT_WORD = r"(?:局|委|会|院|府|中心|公司|办|部|队|所|站|镇|街道|厅|室|处)"
_UNIT_END = re.compile(_UNIT_WORD + "$")
_UNIT_LISTED = re.compile(_UNIT_WORD + "、")  # 新绛分局、县 (the next name runs on to the next line)
_DUE_WIDTH = 12  # the widest line of a wrapped 完成时限 cell [characters; Latin letters and digits count ½]
_NAME_WIDTH = 10  # the widest line of a name cell [characters]


def display_width(text: str) -> float:
    """Printed width: a Chinese character 1, a Latin letter, digit or blank ½."""
    return sum(0.5 if char.isascii() else 1 for char in text)


def task_list_headers(header_text: str) -> list[str] | None:
    """Column names of a task-list header (letter-spaced words joined: 工 程 措 施 → 工程措施), or
    None when the header is not ``序号 | 1–2 names | due | content | unit``."""
    headers: list[str] = []
    for token in header_text.split():
        if len(token) == 1 and headers and len(headers[-1]) < 4 and _spaced(header_text, headers[-1]):
            headers[-1] += token
        else:
            headers.append(token)
    if headers[:1] != ["序号"] or len(headers) not in (5, 6) or not _UNIT_HEADER.search(headers[-1]):
        return None
    return headers if _DUE_HEADER.search(headers[-3]) else None


def _spaced(header_text: str, word: str) -> bool:
    """``word`` was printed letter by letter (工 程 措 施)."""
    return " ".join(word) in header_text


@dataclass(slots=True)
class _Row:
    number: str
    line: int
    names: list[str] = field(default_factory=list)
    due: str = ""
    due_open: bool = False  # a wrapped deadline cell, still waiting for its 。
    content: list[str] = field(default_factory=list)
    content_closed: bool = False
    units: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TaskListReading:
    """Rows of a task-list table and the warnings (line, words) of numbers restored by sequence."""

    rows: list[list[str]]
    warnings: list[tuple[int, str]]


def read_task_list(headers: list[str], lines: list[Line]) -> TaskListReading | None:
    """The rows of the table whose body is ``lines`` (see the module docstring), or None."""
    rows: list[_Row] = []
    warnings: list[tuple[int, str]] = []
    for line in lines:
        text = line.text.strip()
        if text:
            _read_line(rows, text, line.number, warnings)
    name_columns = len(headers) - 4
    cells = [_cells(row, name_columns) for row in rows]
    if not cells or any(c is None for c in cells):
        return None
    table = [c for c in cells if c is not None]
    _fill_down_category(table, name_columns)
    return TaskListReading(table, warnings)


def _read_line(rows: list[_Row], text: str, number: int, warnings: list[tuple[int, str]]) -> None:
    row = rows[-1] if rows else None
    finished = row is not None and bool(row.units)
    last = int(rows[-1].number) if rows else 0
    serial = _SERIAL.match(text)
    if serial and (row is None or finished) and last < int(serial.group(1)) <= last + 2:
        rows.append(_Row(serial.group(1), number))
        if serial.group(2):
            _read_line(rows, serial.group(2), number, warnings)
    elif row is None:
        return
    elif finished:
        if _continues_unit(row.units[-1], text):
            row.units.append(text)
        else:
            rows.append(_Row(str(last + 1), number))
            warnings.append((number, str(last + 1)))
            _read_line(rows, text, number, warnings)
    else:
        _read_cell_text(row, text)


def _continues_unit(previous: str, text: str) -> bool:
    """``text`` is more of the unit cell: it ends like a unit or lists one (…分局、县), or the line
    before ends like none (县工信 / 科技局)."""
    if display_width(text) > _NAME_WIDTH:
        return False
    return bool(_UNIT_END.search(text) or _UNIT_LISTED.search(text)) or not _UNIT_END.search(previous)


def _read_cell_text(row: _Row, text: str) -> None:
    if row.due_open:
        row.due += text
        row.due_open = not text.endswith("。")
    elif row.due:
        _read_content(row, text)
    elif due := _DUE.search(text):
        if before := text[: due.start()].strip():
            row.names.append(before)
        row.due, after = due.group(0), text[due.end() :]
        if after and not after[0].isspace() and display_width(after) <= _DUE_WIDTH:
            row.due += after  # the deadline cell wraps in its narrow column
            row.due_open = not after.endswith("。")
        elif after.strip():
            _read_content(row, after.strip())
    else:
        row.names.append(text)


def _read_content(row: _Row, text: str) -> None:
    if row.content_closed:
        row.units.append(text)
        return
    end = text.rfind("。")
    if end < 0:
        row.content.append(text)
        return
    row.content.append(text[: end + 1])
    row.content_closed = True
    if unit := text[end + 1 :].strip():
        row.units.append(unit)


def _cells(row: _Row, name_columns: int) -> list[str] | None:
    """The row's cells, or None when it does not read as a task-list row."""
    unit = "".join(row.units)
    names = _name_cells(row.names)
    if not (names and row.due and not row.due_open and row.content_closed and _UNIT_END.search(unit)):
        return None
    if len(names) > name_columns:
        return None
    names = [""] * (name_columns - len(names)) + names
    return [row.number, *names, row.due, "".join(row.content), unit]


def _name_cells(lines: list[str]) -> list[str]:
    """Wrapped name lines cut into cells: a cell ends at a line shorter than the one before it or
    before a line wider than the one before it."""
    cells: list[list[str]] = []
    for index, text in enumerate(lines):
        width = display_width(text)
        previous = display_width(lines[index - 1]) if index else 0.0
        before_previous = display_width(lines[index - 2]) if index > 1 else 0.0
        ended = index > 1 and previous < before_previous
        if not cells or width > previous or ended:
            cells.append([text])
        else:
            cells[-1].append(text)
    return ["".join(cell) for cell in cells]


def _fill_down_category(rows: list[list[str]], name_columns: int) -> None:
    """With two name columns the first (重点工作) is a merged cell printed on its group's first row."""
    if name_columns < 2:
        return
    above = ""
    for row in rows:
        above = row[1] or above
        row[1] = above
