"""Targets printed as a table: an indicator column and one value column per year or target.

Layout read (one header row, as :mod:`envplan.documents.tables` and the readers return it)::

    指标                          | 2024年目标 | 2025年目标
    PM10平均浓度（微克/立方米）    | 60         | 58

* the table is a target table when its first header names the indicator (指标, 指标名称, 考核指标,
  项目) and some other header says 目标 / 目标值 or a year;
* the unit is the parenthesis at the end of the indicator (or of the value column's header),
  normalised like the targets of sentences (微克/立方米 → µg/m³, 天, %);
* the year is the column header's ``YYYY年``, else the plan's year;
* a table gives no direction: the comparator stays ``None`` (not stated) rather than guessed, and
  the target's ``text`` is the row as written (``指标 PM10平均浓度（微克/立方米）；2024年目标 60``).
  Cells that are not a single number (``≤35``, ``达到省考核要求``) keep their words, with a
  comparator only when one is printed (≤ ≥ < >).
"""

from __future__ import annotations

import re

from envplan.documents.model import Table, Target
from envplan.documents.targets_patterns import normalise_unit

__all__ = ["is_target_table", "table_targets"]

_INDICATOR_HEADER = re.compile(r"^(?:考核|主要|约束性|预期性)?(?:指标|指标名称|项目)$")
_VALUE_HEADER = re.compile(r"目标|\d{4}年")
_UNIT_IN_PARENS = re.compile(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（()）]{1,12})[）)]$")
_CELL = re.compile(r"^(?P<cmp>[≤≥<>]=?|不高于|不低于|低于|高于)?\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>%)?$")
_COMPARATORS = {"≤": "<=", "≥": ">=", "<": "<", ">": ">", "<=": "<=", ">=": ">=",
                "不高于": "<=", "不低于": ">=", "低于": "<", "高于": ">"}  # fmt: skip


def is_target_table(table: Table) -> bool:
    """True for an indicator × target-value table (see the module rules)."""
    headers = [re.sub(r"\s+", "", h) for h in table.headers]
    if len(headers) < 2 or not _INDICATOR_HEADER.match(headers[0]):
        return False
    return any(_VALUE_HEADER.search(h) for h in headers[1:])


def table_targets(table: Table, plan_year: int | None, scope: str | None = None) -> list[Target]:
    """One target per row and value column of a target table; [] for any other table."""
    if not is_target_table(table):
        return []
    targets: list[Target] = []
    for row in table.rows:
        if not row or not row[0].strip():
            continue
        for column, cell in enumerate(row[1:], start=1):
            if column < len(table.headers) and _VALUE_HEADER.search(table.headers[column]) and cell.strip():
                targets.append(_cell_target(table.headers, row[0], column, cell.strip(), plan_year, scope))
    return targets


def _cell_target(
    headers: list[str], indicator: str, column: int, cell: str, plan_year: int | None, scope: str | None
) -> Target:
    indicator = written = re.sub(r"\s+", "", indicator)
    unit_match = _UNIT_IN_PARENS.match(indicator) or _UNIT_IN_PARENS.match(headers[column])
    if unit_match and unit_match.string == indicator:
        indicator = unit_match.group("name")
    year = re.search(r"(\d{4})年", headers[column])
    target = Target(
        text=f"{headers[0]} {written}；{headers[column]} {cell}",
        indicator=indicator,
        year=int(year.group(1)) if year else plan_year,
        scope=scope,
    )
    value = _CELL.match(cell)
    if value:
        target.value, target.quantitative = float(value.group("value")), True
        target.comparator = _COMPARATORS.get(value.group("cmp") or "")
        unit = value.group("unit") or (unit_match.group("unit") if unit_match else None)
        target.unit = normalise_unit(unit) or unit
    return target
