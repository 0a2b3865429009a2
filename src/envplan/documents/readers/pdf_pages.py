"""Text lines and ruled tables of each PDF page, read with PDFium (pypdfium2: fast, good CJK CMaps).

Lines are PDFium's text rectangles merged along their baseline band; tables come from
:mod:`.pdf_tables` (the page's vector rules). Coordinates are in points from the page's top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from envplan.documents import model
from envplan.documents.readers.pdf_tables import find_tables


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


def _segments(textpage: Any, height: float) -> list[tuple[float, float, float, float, str]]:
    """PDFium text rectangles as (x0, top, x1, bottom, text)."""
    segments = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if text:
            segments.append((left, height - top, right, height - bottom, text))
    return segments


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


def _inside(line: PdfLine, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    mid_x, mid_y = (line.x0 + line.x1) / 2, line.top + line.height / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def read_pages(data: bytes, to_table: Any) -> list[PdfPage]:
    """Every page's lines and tables; ``to_table(cells, top)`` turns extracted cells into a Table."""
    document = pdfium.PdfDocument(data)
    try:
        return [_read_page(document[index], index + 1, to_table) for index in range(len(document))]
    finally:
        document.close()


def _read_page(page: Any, number: int, to_table: Any) -> PdfPage:
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        lines = _lines(_segments(textpage, height), number)
        found = find_tables(page, textpage, height)
    finally:
        textpage.close()
        page.close()
    items: list[PdfLine | model.Table] = [
        line for line in lines if not any(_inside(line, box) for box, _ in found)
    ]
    items += [to_table(cells, box[1]) for box, cells in found if cells]
    items.sort(key=lambda item: item.top if isinstance(item, PdfLine) else (item.line or 0))
    return PdfPage(height, items)
