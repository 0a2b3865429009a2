"""Text lines and ruled tables of each PDF page, read with PDFium (pypdfium2: fast, good CJK CMaps).

Lines are the page's characters grouped by :mod:`.pdf_chars`; tables come from :mod:`.pdf_tables`
(the page's vector rules), their characters kept out of the lines. Coordinates are in points from
the page's top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from envplan.documents import model
from envplan.documents.readers.pdf_chars import Char, lines_of, page_chars, text_in_box
from envplan.documents.readers.pdf_tables import Box, find_tables


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


def _inside(char: Char, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (char[1] + char[3]) / 2 <= x1 and top <= (char[2] + char[4]) / 2 <= bottom


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
        chars = page_chars(textpage, height)
    finally:
        textpage.close()
    found = find_tables(page, height, lambda box: text_in_box(chars, box))
    page.close()
    if found:
        chars = [c for c in chars if not any(_inside(c, box) for box, _ in found)]
    items: list[PdfLine | model.Table] = [
        PdfLine(line.text, line.x0, line.x1, line.top, line.height, number, line.char_width)
        for line in lines_of(chars)
    ]
    items += [to_table(cells, box[1]) for box, cells in found if cells]
    items.sort(key=lambda item: item.top if isinstance(item, PdfLine) else (item.line or 0))
    return PdfPage(height, items)
