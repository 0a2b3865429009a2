"""Text lines and ruled tables of each PDF page.

Text comes from PDFium (pypdfium2; fast, good CJK CMap support): its text rectangles, merged into
lines. Tables come from pdfplumber's table finder, run only on pages that carry vector paths (a ruled
table is drawn with them), because pdfplumber's page parsing is slow. Coordinates are in points from
the top-left corner of the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from envplan.documents import model

_MIN_RULE_BOX = 10.0  # [pt] a single path spanning this much both ways may be a table frame


@dataclass(slots=True)
class PdfLine:
    """A line of text on a page."""

    text: str
    x0: float
    x1: float
    top: float
    height: float
    page: int
    char_width: float


@dataclass(slots=True)
class PdfPage:
    """A page's lines and tables, sorted top to bottom (a table's ``line`` holds its top [pt] here)."""

    height: float
    items: list[PdfLine | model.Table]


def _segments(page: Any, height: float) -> list[tuple[float, float, float, float, str]]:
    """PDFium text rectangles as (x0, top, x1, bottom, text)."""
    textpage = page.get_textpage()
    try:
        segments = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if text:
                segments.append((left, height - top, right, height - bottom, text))
        return segments
    finally:
        textpage.close()


def _lines(segments: list[tuple[float, float, float, float, str]], number: int) -> list[PdfLine]:
    """Segments sharing a baseline band merged into lines, left to right."""
    lines: list[PdfLine] = []
    for x0, top, x1, bottom, text in sorted(segments, key=lambda s: (round(s[1]), s[0])):
        height = bottom - top
        last = lines[-1] if lines else None
        if last is not None and abs(last.top - top) < 0.5 * max(height, last.height) and x0 >= last.x0:
            gap = x0 - last.x1
            last.text += (" " if gap > last.char_width else "") + text
            last.x1 = max(last.x1, x1)
            continue
        lines.append(PdfLine(text, x0, x1, top, height, number, (x1 - x0) / max(1, len(text))))
    return lines


def _may_hold_table(page: Any) -> bool:
    paths = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2))
    if len(paths) >= 2:
        return True
    for path in paths:
        left, bottom, right, top = path.get_bounds()
        if right - left > _MIN_RULE_BOX and top - bottom > _MIN_RULE_BOX:
            return True
    return False


def _plumber_tables(
    plumber_page: Any,
) -> list[tuple[tuple[float, float, float, float], list[list[str | None]]]]:
    return [(table.bbox, table.extract()) for table in plumber_page.find_tables()]


def _inside(line: PdfLine, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    mid_x, mid_y = (line.x0 + line.x1) / 2, line.top + line.height / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def read_pages(data: bytes, to_table: Any) -> list[PdfPage]:
    """Every page's lines and tables; ``to_table(cells, top)`` turns extracted cells into a Table."""
    document = pdfium.PdfDocument(data)
    plumber: Any = None
    pages: list[PdfPage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            items: list[PdfLine | model.Table] = list(_lines(_segments(page, height), index + 1))
            if _may_hold_table(page):
                plumber = plumber or pdfplumber.open(io.BytesIO(data))
                found = _plumber_tables(plumber.pages[index])
                items = [i for i in items if not any(_inside(i, box) for box, _ in found)]  # type: ignore[arg-type]
                items += [to_table(cells, box[1]) for box, cells in found if cells]
            page.close()
            items.sort(key=lambda item: item.top if isinstance(item, PdfLine) else (item.line or 0))
            pages.append(PdfPage(height, items))
    finally:
        if plumber is not None:
            plumber.close()
        document.close()
    return pages
