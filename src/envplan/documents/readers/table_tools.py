"""Table helpers of the DOCX and PDF readers: a title from the text above, a kind from the headers."""

from __future__ import annotations

import re

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
