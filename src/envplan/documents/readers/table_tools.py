"""Table helpers of the DOCX and PDF readers: a title from the text above, a kind from the headers."""

from __future__ import annotations

import re

from envplan.documents import model

_TITLE_MAX_CHARS = 60
_SENTENCE_END = re.compile(r"[。；;，,：:]$")


def table_title(lines: list[str]) -> str:
    """The last non-empty line before the table when it reads like a caption (short, not a sentence)."""
    for line in reversed(lines[-3:]):
        candidate = line.strip()
        if not candidate:
            continue
        if len(candidate) <= _TITLE_MAX_CHARS and not _SENTENCE_END.search(candidate):
            return candidate
        return ""
    return ""


def _compact(header: str) -> str:
    return re.sub(r"\s+", "", header)


def classify_table(headers: list[str]) -> str:
    """``ledger``, ``projects``, ``monthly_targets``, ``section_targets`` or ``other`` from headers."""
    words = "|".join(_compact(h) for h in headers)
    if "具体措施" in words and ("完成时限" in words or "牵头单位" in words):
        return "ledger"
    if "项目名称" in words:
        return "projects"
    if "月" in words and re.search(r"PM|浓度|月份", words):
        return "monthly_targets"
    if "断面" in words and ("目标" in words or "水质" in words):
        return "section_targets"
    return "other"


def fill_down_categories(table: model.Table) -> model.Table:
    """In a task ledger, an empty 任务类别 cell belongs to the category written above it."""
    if table.kind != "ledger" or not table.headers or "类别" not in _compact(table.headers[0]):
        return table
    above = ""
    for row in table.rows:
        if row and row[0].strip():
            above = row[0]
        elif row:
            row[0] = above
    return table
