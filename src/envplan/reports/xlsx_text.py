"""Text for worksheet cells: the control characters an XLSX file cannot hold (a PDF's form feed,
a stray escape character in a notice, a filter typed with them) are dropped instead of failing."""

from __future__ import annotations

from typing import TypeVar

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

T = TypeVar("T")


def cell_text(value: T) -> T:
    """``value`` with the characters XLSX refuses removed when it is text; anything else as is."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
