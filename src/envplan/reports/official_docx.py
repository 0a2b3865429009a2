"""DOCX helpers for documents in the official layout of GB/T 9704-2012 《党政机关公文格式》 (roughly).

A4 paper with margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (clause 5.2.1); title in
2号 (22 pt) 方正小标宋, body in 3号 (16 pt) 仿宋_GB2312 (clause 5.2.2), with a fixed line spacing
of 28.95 pt (22 lines per page, clause 5.2.3, approximated). Chinese fonts are set on the
``w:eastAsia`` attribute so that Word picks them for Chinese characters; where a font is missing
Word substitutes its own (SimHei-like for the title, FangSong for the body).
"""

from __future__ import annotations

from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
NOTE_SIZE = Pt(14)  # 4号, for 抄送
LINE_SPACING = Pt(28.95)


def official_document() -> Document:
    """An empty A4 document with the GB/T 9704 margins and the body style set."""
    document = new_document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document


def add_text(
    document: Document,
    text: str,
    *,
    font: str = BODY_FONT,
    size: Pt = BODY_SIZE,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_chars: int = 0,
    bold: bool = False,
) -> Paragraph:
    """One paragraph in ``font`` (set for Latin and East-Asian text), with a first-line indent."""
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    if indent_chars:
        fmt.first_line_indent = Pt(size.pt * indent_chars)
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return paragraph


def add_title(document: Document, text: str) -> Paragraph:
    return add_text(document, text, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)


def add_blank(document: Document) -> Paragraph:
    return add_text(document, "")


def docx_text(document: Document) -> list[str]:
    """Text of each paragraph and table cell, in order (for checks and previews)."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return lines
