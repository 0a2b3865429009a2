"""PDF rendering of supervision letters (same lines as the DOCX), A4 with GB/T 9704 margins.

Chinese text uses the Adobe CID font STSong-Light that ships with reportlab (no font file needed;
PDF readers substitute a Song face), so the PDF is readable and searchable on any intranet machine.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from envplan.reports.letters import Letter, letter_lines

CJK_FONT = "STSong-Light"


def _styles() -> dict[str, ParagraphStyle]:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    body = ParagraphStyle(
        "body", fontName=CJK_FONT, fontSize=16, leading=28.95, wordWrap="CJK", firstLineIndent=32
    )
    return {
        "body": body,
        "flush": ParagraphStyle("flush", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=22, leading=32, alignment=TA_CENTER, firstLineIndent=0
        ),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, firstLineIndent=0, rightIndent=64),
        "note": ParagraphStyle("note", parent=body, fontSize=14, firstLineIndent=0),
    }


_ROLE_STYLE = {
    "number": "center",
    "title": "title",
    "recipient": "flush",
    "signature": "right",
    "date": "right",
    "cc": "note",
}
_SPACE_AFTER = {"number": 16.0, "title": 16.0}
_SPACE_BEFORE = {"signature": 28.0, "cc": 28.0}


def write_letter_pdf(letter: Letter, path: Path) -> Path:
    """Write the letter as PDF; returns ``path``."""
    styles = _styles()
    story: list[Flowable] = []
    for line in letter_lines(letter):
        if line.role in _SPACE_BEFORE:
            story.append(Spacer(1, _SPACE_BEFORE[line.role]))
        story.append(Paragraph(_escape(line.text), styles[_ROLE_STYLE.get(line.role, "body")]))
        if line.role in _SPACE_AFTER:
            story.append(Spacer(1, _SPACE_AFTER[line.role]))
    path.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=letter.title,
        author=letter.issuer,
    )
    document.build(story)
    return path


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
