"""Tables inside the text of a notice → :class:`envplan.documents.model.Table`.

Two layouts are read from the cleaned lines (before paragraphs are joined, so that table lines
never leak into task text):

* tab-separated rows (one row per line), e.g. the monthly pre-control targets and the task
  ledger appendix of a district notice; two header rows (year over pollutant) are merged into
  ``SO2 2022``-style headers; an empty first cell repeats the one above (merged cells);
* "flattened" tables, one cell per line, as produced by copying a PDF table: a header line
  starting with ``序号`` followed by rows that each start with a line holding only the next serial
  number. Cells are recovered from line widths (wrapped name and unit cells are short, the
  content cell is long) and from the due-date cell (``2023年12月``); see :func:`_flattened_row`.

:func:`classify_table` gives the kind: projects | section_targets | monthly_targets | ledger | other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from envplan.documents.model import Table
from envplan.documents.normalize import Line, is_title_line
from envplan.documents.tables_task_list import read_task_list, task_list_headers

_MONTH_ROW = re.compile(r"^(?:\d{1,2}月|全年)$")
_SERIAL_START = re.compile(r"^(\d{1,3})(?:\s+(.*))?$")
_DUE_CELL = re.compile(r"^(?:\d{4}年\d{1,2}月(?:底前|前|底)?|长期坚持)$")
_STOP = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、[^，。、]{2,14}$|为(?:进一步|深入|贯彻|全面|切实|扎实|加快|持续|做好)|抄送)"
)
_FLATTENED_HEADER = re.compile(r"^序号\s+\S")
_ANNEX_LABEL = re.compile(r"^附件\s*\d*\s*[：:]?\s*(?:\d+\s*[.．、]\s*)?")
_SHORT_CELL = 7  # wrapped name / unit cells of a flattened table are at most this wide [characters]


@dataclass(slots=True)
class LineTables:
    """Tables found among the lines, and the line numbers they consumed."""

    tables: list[Table] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    warnings: dict[int, list[str]] = field(default_factory=dict)  # by the table's line


def classify_table(headers: list[str], rows: list[list[str]]) -> str:
    """Kind of a table from its headers and first column."""
    joined = "".join(headers)
    first_column = [row[0] for row in rows if row]
    if first_column and sum(bool(_MONTH_ROW.match(c)) for c in first_column) >= max(3, len(rows) // 2):
        return "monthly_targets"
    if "具体措施" in joined or ("任务类别" in joined and "牵头单位" in joined):
        return "ledger"
    if "断面" in joined and "目标" in joined:
        return "section_targets"
    if "项目" in joined or ("工作任务" in joined and "责任主体" in joined):
        return "projects"
    if "完成时限" in joined and "牵头单位" in joined:
        return "ledger"
    return "other"


def find_line_tables(lines: list[Line]) -> LineTables:
    """All tab-separated and flattened tables among ``lines``."""
    found = LineTables()
    index = 0
    while index < len(lines):
        text = lines[index].text
        if "\t" in text:
            index = _read_tab_table(lines, index, found)
        elif _FLATTENED_HEADER.match(text.strip()):
            index = _read_flattened_table(lines, index, found)
        else:
            index += 1
    return found


def _title_before(lines: list[Line], index: int, found: LineTables) -> str:
    """The title line just above a table (``附件：`` and ``附件1`` labels are skipped or stripped)."""
    for back in range(index - 1, max(index - 3, -1), -1):
        text = _ANNEX_LABEL.sub("", lines[back].text.strip())
        if lines[back].number in found.consumed or not text or "\t" in text:
            continue
        if len(text) <= 60 and not text.endswith(("。", "；")):
            found.consumed.add(lines[back].number)
            return text
        break
    return ""


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.split("\t")]


def _read_tab_table(lines: list[Line], start: int, found: LineTables) -> int:
    end = start
    while end < len(lines) and "\t" in lines[end].text:
        end += 1
    rows = [_cells(line.text) for line in lines[start:end]]
    for line in lines[start:end]:
        found.consumed.add(line.number)
    title = _title_before(lines, start, found)
    headers, body = _split_headers(rows)
    width = max(len(headers), *(len(r) for r in body)) if body else len(headers)
    body = _fill_down([r + [""] * (width - len(r)) for r in body])
    found.tables.append(
        Table(
            title=title,
            headers=headers,
            rows=body,
            kind=classify_table(headers, body),
            line=lines[start].number,
        )
    )
    return end


def _split_headers(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Header row(s): a year row over a pollutant row is merged ("SO2 2022")."""
    if len(rows) >= 2 and not rows[0][0] and not rows[1][0] and any(re.match(r"\d{4}年", c) for c in rows[0]):
        years, names = rows[0], rows[1]
        merged, current = [""], ""
        for position in range(1, len(years)):
            name = names[position] if position < len(names) else ""
            current = name.replace(" ", "") or current
            merged.append(f"{current} {years[position].replace(' ', '')}".strip())
        return merged, [r for r in rows[2:] if any(r)]
    return rows[0], [r for r in rows[1:] if any(r)]


def _fill_down(rows: list[list[str]]) -> list[list[str]]:
    """An empty first cell repeats the category above (merged cells of the ledger)."""
    previous = ""
    for row in rows:
        if row and not row[0] and len(row) > 2 and previous:
            row[0] = previous
        if row:
            previous = row[0]
    return rows


def _header_words(text: str) -> bool:
    return any(
        word in text for word in ("序号", "项目名称", "项目实施", "断面及范围", "项目内容", "实施主体")
    )


def _read_flattened_table(lines: list[Line], start: int, found: LineTables) -> int:
    header_text = lines[start].text.strip()
    title = _title_before(lines, start, found)
    groups: list[list[str]] = []
    index = start + 1
    found.consumed.add(lines[start].number)
    while index < len(lines) and not _ends_flattened(lines[index].text.strip()):
        found.consumed.add(lines[index].number)
        _add_flattened_line(groups, lines[index].text.strip())
        index += 1
    body = [line for line in lines[start + 1 : index] if not _repeated_header(line.text.strip())]
    table = Table(title=title, headers=[], rows=[], line=lines[start].number)
    if "项目名称" in header_text:
        table.headers = ["序号", "项目名称", "断面及范围", "项目内容", "实施主体", "完成时限", "备注"]
        table.rows = [_flattened_row(group) for group in groups]
    elif not _read_task_list(table, header_text, body, found):
        # a layout not rebuilt cell by cell keeps each row's words as one cell
        table.headers = ["序号", re.sub(r"^序号\s+", "", header_text)]
        table.rows = [[group[0], " ".join(group[1:])] for group in groups]
        table.kind = "other"
        found.tables.append(table)
        return index
    table.kind = classify_table(table.headers, table.rows)
    found.tables.append(table)
    return index


def _read_task_list(table: Table, header_text: str, body: list[Line], found: LineTables) -> bool:
    """Fill ``table`` from a task-list layout (:mod:`.tables_task_list`); False when it is none."""
    headers = task_list_headers(header_text)
    reading = read_task_list(headers, body) if headers else None
    if headers is None or reading is None:
        return False
    table.headers, table.rows = headers, reading.rows
    name = f"《{table.title}》" if table.title else "表格"
    found.warnings[table.line or 0] = [
        f"{name}第{line}行：序号未印出，按前后顺序补为“{number}”" for line, number in reading.warnings
    ]
    return True


def _repeated_header(text: str) -> bool:
    return _header_words(text) or text in {"附件", "备注"}


def _ends_flattened(text: str) -> bool:
    return is_title_line(text) or bool(_STOP.match(text))


def _add_flattened_line(groups: list[list[str]], text: str) -> None:
    """A line opens the next row when it starts with the next serial number (one may be missing)."""
    if _header_words(text) or text in {"附件", "备注"} or text.startswith("项目内容"):
        return  # the header repeated on every page
    serial = _SERIAL_START.match(text)
    last = int(groups[-1][0]) if groups else 0
    if serial and last < int(serial.group(1)) <= last + 2:
        groups.append([serial.group(1)] + ([serial.group(2)] if serial.group(2) else []))
    elif groups:
        groups[-1].append(text)


def _flattened_row(cells: list[str]) -> list[str]:
    """Rebuild one row: name, section, content, unit, due date and remark from wrapped lines."""
    body = cells[1:]
    due_at = next((i for i, c in enumerate(body) if _DUE_CELL.match(c)), len(body))
    before, due, remark = body[:due_at], "".join(body[due_at : due_at + 1]), "".join(body[due_at + 1 :])
    first_long = next((i for i, c in enumerate(before) if len(c) > _SHORT_CELL + 1), len(before))
    head, rest = before[:first_long], before[first_long:]
    unit_from = len(rest)
    while unit_from > 0 and _unit_line(rest[unit_from - 1]):
        unit_from -= 1
    content, unit = "".join(rest[:unit_from]), "".join(rest[unit_from:])
    name, section = _split_name_section(head)
    return [cells[0], name, section, content, unit, due, remark]


def _unit_line(text: str) -> bool:
    """A wrapped line of the 实施主体 cell: short, not the end of a sentence or of a bracket."""
    if len(text) > _SHORT_CELL - 1 or text.endswith("。"):
        return False
    return not (text.endswith(("）", ")")) and "（" not in text and "(" not in text)


_NAME_END = re.compile(r"(?:工程|项目|目|程|）|\)|。|，)$")
_NAME_END_WEAK = re.compile(r"(?:建设|设)$")


def _split_name_section(lines: list[str]) -> tuple[str, str]:
    """Split the wrapped 项目名称 and 断面及范围 cells: the name ends on the last line ending like a
    project name (…工程, …项目, a closing bracket), else on the first line ending in 建设."""
    if len(lines) < 2:
        return "".join(lines), ""
    candidates = [i for i, line in enumerate(lines[:-1]) if _NAME_END.search(line)]
    if not candidates:
        candidates = [i for i, line in enumerate(lines[:-1]) if _NAME_END_WEAK.search(line)][:1]
    end = candidates[-1] if candidates else len(lines) - 2
    return "".join(lines[: end + 1]).rstrip("，。"), "".join(lines[end + 1 :])
