"""Write a notice as a Word document whose chapter and task numbers are Word's AUTOMATIC numbering.

Used to make DOCX inputs from the demo notices (tests of the DOCX reader against the TXT reading):
inside each plan, paragraphs printed as ``一、`` / ``（一）`` / ``1.`` become list paragraphs at levels
0 / 1 / 2 of a list defined in ``numbering.xml`` (chineseCounting ``%1、``, chineseCounting ``（%2）``,
decimal ``%3.``; the task level never restarts within a plan, so tasks run 1…n as the notices print
them); every plan gets its own list instance, so numbering starts afresh. Runs of tab-separated lines
become Word tables.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), "chineseCounting", "%1、"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "chineseCounting", "（%2）"),
    (re.compile(r"^\d+\."), "decimal", "%3."),
)
_PLAN_TITLE = re.compile(r"^\S{2,40}(?:行动计划|实施方案)$")


def _numbering_xml(plans: int) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + ('<w:lvlRestart w:val="0"/>' if i == 2 else "")
        + f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (_, fmt, text) in enumerate(_LEVELS)
    )
    nums = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="1"/></w:num>' for n in range(1, plans + 1))
    abstract = f'<w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
    return f'<w:numbering xmlns:w="{W_NS}">{abstract}{nums}</w:numbering>'


def _number(paragraph: Any, num_id: int, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _add_table(document: Any, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def _add_paragraph(document: Any, line: str, num_id: int) -> None:
    for level, (pattern, _, _) in enumerate(_LEVELS):
        match = pattern.match(line) if num_id else None
        if match:
            _number(document.add_paragraph(line[match.end() :]), num_id, level)
            return
    document.add_paragraph(line)


def write_notice_docx(text: str, path: Path) -> Path:
    """Write ``text`` (a notice in the demo's plain-text layout) to ``path`` as a .docx."""
    lines = [line.strip() if "\t" not in line else line for line in text.splitlines()]
    plan_titles = [line for line in lines if _PLAN_TITLE.match(line)]
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(_numbering_xml(max(1, len(plan_titles))))
    num_id = 0
    rows: list[list[str]] = []
    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            _add_table(document, rows)
            rows = []
        if not line:
            continue
        if _PLAN_TITLE.match(line):
            num_id += 1
        _add_paragraph(document, line, num_id)
    if rows:
        _add_table(document, rows)
    document.save(str(path))
    return path
