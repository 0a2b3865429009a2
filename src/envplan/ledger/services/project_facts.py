"""Rows of a project table (重点项目表, 重点工程清单) read into projects, without the database.

A project row names its work (项目名称, 工程名称, 工作任务…), its time (完成时限…) and its units in
one or more unit columns. Each unit column gives a role by its header, read with the clause parser's
labels (:data:`envplan.documents.units.LABELS`): 牵头单位 → lead; 配合单位 / 协办单位 → cooperating;
责任单位 / 责任主体 / 实施主体 / 实施单位 → responsible; 建设单位 / 业主单位 / 项目单位 (project
tables only) → responsible. A cell is read as the clause 「<label>：<cell>」 by
:func:`envplan.documents.units.parse_unit_clause`, exactly as a task's 〔责任单位：…〕 clause, so a role
word inside the cell wins over the header (「市生态环境局牵头，市住建局配合」 under 责任单位) and
dropped prefixes are restored (「市发改委、财政局」 → 市财政局). Units are kept in the order written:
columns left to right, names in the order of the cell. A name that does not look like a unit
(:func:`envplan.documents.units_names.looks_like_unit`: 「/」, 「—」, 「无」, 「待定」, a date) is no unit;
the cell stays in ``cells`` as printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from envplan.documents.model import Table
from envplan.documents.units import LABELS, parse_unit_clause
from envplan.documents.units_names import looks_like_unit
from envplan.ledger.models import AssignmentRole

PROJECT_NAME_HEADERS = ("项目名称", "工程名称", "名称", "具体措施", "工作任务", "重点任务", "项目", "任务")
PROJECT_DUE_HEADERS = ("完成时限", "完成时间", "时限", "建设期限", "时间节点")
PROJECT_ONLY_LABELS = {"建设单位": "responsible", "业主单位": "responsible", "项目单位": "responsible"}
ROLE_LABEL = {  # the label a cell is read under, by the role of its column
    AssignmentRole.LEAD: "牵头单位",
    AssignmentRole.COOPERATING: "配合单位",
    AssignmentRole.RESPONSIBLE: "责任单位",
}
DUE_TEXT_LENGTH = 128  # projects.due_text [characters]


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One row of a project table: its number (1-based), name, cells by header, time and units."""

    row_number: int
    name: str
    cells: dict[str, str]
    due_text: str | None
    units: list[tuple[AssignmentRole, str]]  # (role, name as written), in the order written


def column_role(header: str) -> AssignmentRole | None:
    """The role a unit column's header gives (the longest label it holds), or None."""
    header = "".join(header.split())
    labels = {**LABELS, **PROJECT_ONLY_LABELS}
    found = [label for label in labels if label in header]
    if not found:
        return None
    return AssignmentRole(labels[max(found, key=len)])


def cell_units(cell: str, role: AssignmentRole) -> list[tuple[AssignmentRole, str]]:
    """(role, name) of every unit in one cell of a ``role`` column, in the order of the cell."""
    cell = cell.strip()
    if not cell:
        return []
    clause = parse_unit_clause(f"{ROLE_LABEL[role]}：{cell}")
    pairs = [
        *((AssignmentRole.LEAD, n) for n in clause.lead),
        *((AssignmentRole.COOPERATING, n) for n in clause.cooperating),
        *((AssignmentRole.RESPONSIBLE, n) for n in clause.responsible),
    ]
    pairs = [pair for pair in pairs if looks_like_unit(pair[1])]
    return sorted(pairs, key=lambda pair: _written_at(cell, pair[1], pairs.index(pair)))


def _written_at(cell: str, name: str, index: int) -> tuple[int, int]:
    """Where ``name`` stands in ``cell``: its offset (a restored prefix dropped), ties by list order."""
    for candidate in (name, name[1:]):
        at = cell.find(candidate)
        if at >= 0:
            return at, index
    return len(cell), index


def row_units(headers: list[str], cells: list[str]) -> list[tuple[AssignmentRole, str]]:
    """Every (role, name) of a row's unit columns, columns left to right, without repeats."""
    pairs: list[tuple[AssignmentRole, str]] = []
    for header, cell in zip(headers, cells, strict=False):
        role = column_role(header)
        if role is None:
            continue
        for pair in cell_units(cell, role):
            if pair not in pairs:
                pairs.append(pair)
    return pairs


def first_cell(cells: dict[str, str], headers: tuple[str, ...]) -> str | None:
    """The first non-empty cell whose header holds one of ``headers`` (tried in that order)."""
    for wanted in headers:
        for header, value in cells.items():
            if wanted in header and value.strip():
                return value.strip()
    return None


def project_rows(table: Table) -> list[ProjectRow]:
    """The rows of a project table as projects."""
    rows = []
    unit_headers = {h for h in table.headers if column_role(h) is not None}
    for number, cells in enumerate(table.rows, start=1):
        by_header = dict(zip(table.headers, cells, strict=False))
        named = {h: v for h, v in by_header.items() if h not in unit_headers}
        name = first_cell(named, PROJECT_NAME_HEADERS) or " ".join(c for c in cells if c.strip())
        due = first_cell(by_header, PROJECT_DUE_HEADERS)
        rows.append(
            ProjectRow(
                row_number=number,
                name=name,
                cells=by_header,
                due_text=due[:DUE_TEXT_LENGTH] if due else None,
                units=row_units(table.headers, cells),
            )
        )
    return rows
