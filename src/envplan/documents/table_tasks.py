"""Tasks printed as a table: a plan whose only task list is a table (任务清单).

Some notices print no numbered task at all and list the work in a table instead::

    序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限
    1    | 淘汰燃煤锅炉… | 县生态环境局 | 县市场监管局 | 2024年10月底前

When a plan has no numbered task, each row of such a table becomes a task (kind ``task``):
``number`` from the 序号 column (else the row's position), ``text`` the task cell, ``title`` its
first sentence, ``path`` the 任务类别 cell if any, else the table title; units from the unit
columns (牵头单位 → lead; 配合单位/协办单位 → cooperating; 责任单位/责任主体/实施主体 → responsible),
prefixes restored as in clauses; milestones from the time column (完成时限/完成时间/时间节点). Every
such task carries a warning naming the table and row, so an officer can check the reading.
A table qualifies when it has a task column and at least one unit column.
"""

from __future__ import annotations

import re

from envplan.documents.model import Table
from envplan.documents.units_names import separate_blank_joined, split_unit_names

__all__ = ["TableTask", "separate_unit_cells", "table_tasks"]

_TASK_COLUMN = re.compile(
    r"^(?:具体措施|重点任务|主要任务|工作任务|任务内容|工作内容|工作措施|任务|措施|整治内容)$"
)
_ROLE_COLUMNS = (
    (re.compile(r"^(?:牵头单位|牵头部门)$"), "lead"),
    (re.compile(r"^(?:配合单位|配合部门|协办单位|参与单位)$"), "cooperating"),
    (re.compile(r"^(?:责任单位|责任部门|责任主体|实施主体|落实单位)$"), "responsible"),
)
_TIME_COLUMN = re.compile(r"^(?:完成时限|完成时间|时间节点|时限要求|完成期限)$")
_NUMBER_COLUMN = re.compile(r"^序号$")
_CATEGORY_COLUMN = re.compile(r"^(?:任务类别|类别|重点领域|领域)$")


class TableTask:
    """One row of a task table, read into the fields a :class:`Task` needs."""

    def __init__(self, number: str, text: str, path: list[str], due_text: str, warning: str) -> None:
        self.number, self.text, self.path, self.due_text, self.warning = number, text, path, due_text, warning
        self.units: dict[str, list[str]] = {"lead": [], "cooperating": [], "responsible": []}


def _column(headers: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, h in enumerate(headers) if pattern.match(re.sub(r"\s+", "", h))), None)


def table_tasks(table: Table) -> list[TableTask]:
    """The rows of a task table as tasks; [] when the table is not a task table."""
    headers = table.headers
    task_column = _column(headers, _TASK_COLUMN)
    roles = [
        (column, role) for pattern, role in _ROLE_COLUMNS if (column := _column(headers, pattern)) is not None
    ]
    if task_column is None or not roles:
        return []
    number_column, time_column = _column(headers, _NUMBER_COLUMN), _column(headers, _TIME_COLUMN)
    category_column = _column(headers, _CATEGORY_COLUMN)
    tasks: list[TableTask] = []
    for position, row in enumerate(table.rows, start=1):
        cell = _cell(row, task_column)
        if not cell:
            continue
        number = _cell(row, number_column) or str(position)
        path = (
            [_cell(row, category_column)]
            if _cell(row, category_column)
            else [table.title]
            if table.title
            else []
        )
        warning = f"读自表格《{table.title or '无标题'}》第{position}行"
        task = TableTask(number, cell, path, _cell(row, time_column), warning)
        for column, role in roles:
            task.units[role] = split_unit_names(_cell(row, column))
        tasks.append(task)
    return tasks


def _cell(row: list[str], column: int | None) -> str:
    return row[column].strip() if column is not None and column < len(row) else ""


def separate_unit_cells(table: Table) -> None:
    """Unit cells of any table list their names with 、 where the cell separated them by blanks or
    line breaks (``区生态环境分局 晋城市凤禹排水有限公司`` → ``…分局、晋城市…``), so a reader of the
    cell never runs two names together; blanks inside a name go."""
    columns = [
        column for pattern, _ in _ROLE_COLUMNS if (column := _column(table.headers, pattern)) is not None
    ]
    for row in table.rows:
        for column in columns:
            if column < len(row):
                row[column] = separate_blank_joined(row[column].strip())
