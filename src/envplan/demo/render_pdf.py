"""Typeset a notice as a PDF (reportlab, CID font STSong-Light) with a running header and page numbers.

Used to make PDF inputs from the demo notices: the PDF-reader tests and ``benchmarks/parse_seeds.py``.
A block is either a paragraph (a string, set with a two-character first-line indent, wrapped CJK-style)
or a table (a list of rows, the first being the header), drawn with ruled grid lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"
FONT_SIZE = 12.0  # [pt]
MARGIN = 72.0  # [pt]

Block = str | Sequence[Sequence[str]]


def register_font() -> None:
    """Register the CID font :data:`FONT` with reportlab (once)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _flowable(block: Block, body: ParagraphStyle, cell: ParagraphStyle) -> Any:
    if isinstance(block, str):
        return Paragraph(_escape(block), body)
    rows = [[Paragraph(_escape(value), cell) for value in row] for row in block]
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return table


def write_notice_pdf(
    blocks: Sequence[Block], path: Path, running_header: str, folio: str = "- {page} -"
) -> Path:
    """Write ``blocks`` to ``path`` as an A4 PDF with ``running_header`` on top and ``folio`` at the foot.

    ``folio`` is formatted with the page number, e.g. ``"- {page} -"`` or ``"第{page}页"``.
    """
    register_font()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=FONT_SIZE,
        leading=FONT_SIZE * 1.6,
        firstLineIndent=2 * FONT_SIZE,
        wordWrap="CJK",
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")

    def decorate(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, running_header)
        canvas.setFont(FONT, 10.5)
        canvas.drawCentredString(A4[0] / 2, 36, folio.format(page=document.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN
    )
    document.build(
        [_flowable(block, body, cell) for block in blocks], onFirstPage=decorate, onLaterPages=decorate
    )
    return path


def blocks_from_text(text: str) -> list[Block]:
    """Paragraph blocks from a notice's text; runs of tab-separated lines become tables."""
    blocks: list[Block] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            blocks.append(rows)
            rows = []
        if line.strip():
            blocks.append(line.strip())
    if rows:
        blocks.append(rows)
    return blocks
