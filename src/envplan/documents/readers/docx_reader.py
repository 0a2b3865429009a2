"""Word (.docx) notices: paragraphs and tables in document order, automatic list numbers rendered.

Tables become :class:`model.Table` (first row = headers; a cell spanning columns is kept once, in its
first column; a cell merged down rows repeats its text in every row it covers, so that a 任务类别
written once for several rows is on each row). Table text is not repeated in ``text``; each table's
``line`` is the line of ``text`` just before it (see :class:`SourceText`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import docx

from envplan.documents import model
from envplan.documents.readers.base import DocumentError, SourceText, line_before
from envplan.documents.readers.numbering import Numbering, W
from envplan.documents.readers.table_tools import classify_table, fill_down_categories, table_title


def read_docx_bytes(data: bytes, source: str) -> SourceText:
    """Read a .docx; raise :class:`DocumentError` when it is not a readable Word document."""
    try:
        reader = _read(data)
    except Exception as error:  # python-docx, lxml and zipfile raise many unrelated types
        detail = " ".join(f"{type(error).__name__}: {error}".split())
        raise DocumentError(source, f"is not a readable Word .docx file ({detail})") from error
    text = "\n".join(reader.lines)
    if not text.strip() and not reader.tables:
        raise DocumentError(source, "the Word document contains no text")
    return SourceText(text=text + "\n", tables=reader.tables, source=source, format="docx")


def _read(data: bytes) -> _BodyReader:
    document = docx.Document(io.BytesIO(data))
    styles = _style_numbering(document)
    reader = _BodyReader(Numbering(_numbering_root(document), styles), styles)
    reader.read(document.element.body)
    return reader


class _BodyReader:
    """Walks the body in document order, numbering paragraphs (also inside table cells)."""

    def __init__(self, numbering: Numbering, styles: dict[str, tuple[str, int]]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.lines: list[str] = []
        self.tables: list[model.Table] = []

    def read(self, container: Any) -> None:
        """Paragraphs and tables of ``container``; content controls (w:sdt) are looked into."""
        for child in container.iterchildren():
            if child.tag == f"{W}p":
                for box in _text_boxes(child):
                    self.read(box)
                self.lines.append(self.paragraph(child).replace("\t", " "))
            elif child.tag == f"{W}tbl":
                self.tables.append(_table(_table_grid(child, self.cell), self.lines))
            elif child.tag in _WRAPPERS:
                self.read(child)

    def paragraph(self, p: Any) -> str:
        """The paragraph's text, prefixed with its rendered automatic number, if any."""
        text = _runs_text(p)
        number = _number_of(p, self.styles)
        label = self.numbering.label(*number) if number else None
        return f"{label}{text}" if label else text

    def cell(self, tc: Any) -> str:
        paragraphs = [self.paragraph(p) for p in tc.iter(f"{W}p")]
        return "\n".join(p for p in paragraphs if p.strip()).strip()


def _numbering_root(document: Any) -> Any | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _style_numbering(document: Any) -> dict[str, tuple[str, int]]:
    """numPr inherited from paragraph styles (w:basedOn followed), keyed by style id."""
    raw: dict[str, tuple[str | None, str | None, str | None]] = {}
    for style in document.styles.element.findall(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        based = style.find(f"{W}basedOn")
        num_id = _val(num_pr, "numId") if num_pr is not None else None
        ilvl = _val(num_pr, "ilvl") if num_pr is not None else None
        raw[style_id or ""] = (num_id, ilvl, based.get(f"{W}val") if based is not None else None)
    resolved: dict[str, tuple[str, int]] = {}
    for style_id in raw:
        found = _resolve_style(style_id, raw)
        if found is not None:
            resolved[style_id] = found
    return resolved


def _resolve_style(
    style_id: str, raw: dict[str, tuple[str | None, str | None, str | None]]
) -> tuple[str, int] | None:
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current in raw and current not in seen:
        seen.add(current)
        num_id, ilvl, based = raw[current]
        if num_id is not None:
            return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0
        current = based
    return None


def _val(element: Any, tag: str) -> str | None:
    child = element.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT_BOX = f"{W}txbxContent"
# Not part of the paragraph's own text: properties (tab stops are w:tab there too), the legacy copy of
# a drawing (mc:Fallback repeats mc:Choice), and text boxes (read as paragraphs of their own).
_SKIPPED = frozenset({f"{W}pPr", f"{W}rPr", f"{MC}Fallback", TEXT_BOX})


def _runs_text(element: Any) -> str:
    """Text of a paragraph's runs: w:t, with w:tab as a tab and w:br/w:cr as a line break."""
    parts: list[str] = []
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag not in _SKIPPED:
            parts.append(_runs_text(child))
    return "".join(parts)


def _text_boxes(p: Any) -> list[Any]:
    """The text boxes anchored in a paragraph (the mc:Choice copy, not the legacy fallback)."""
    return [box for box in p.iter(TEXT_BOX) if not any(a.tag == f"{MC}Fallback" for a in box.iterancestors())]


def _number_of(p: Any, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    num_pr = p.find(f"{W}pPr/{W}numPr")
    style = p.find(f"{W}pPr/{W}pStyle")
    inherited = styles.get(style.get(f"{W}val")) if style is not None else None
    if num_pr is None:
        return inherited
    num_id = _val(num_pr, "numId")
    ilvl = _val(num_pr, "ilvl")
    if num_id is None:
        num_id = inherited[0] if inherited else None
    if num_id is None or num_id == "0":
        return None  # numId 0 switches numbering off
    level = int(ilvl) if ilvl and ilvl.isdigit() else (inherited[1] if inherited else 0)
    return num_id, level


_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Direct children named ``tag``, also those wrapped in content controls (w:sdt) or custom XML."""
    for child in element.iterchildren():
        if child.tag == f"{W}{tag}":
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _table(grid: list[list[str]], lines: list[str]) -> model.Table:
    headers = grid[0] if grid else []
    rows = [row for row in grid[1:] if any(cell.strip() for cell in row)]
    kind = classify_table(headers)
    title = table_title(lines)
    table = model.Table(title=title, headers=headers, rows=rows, kind=kind, line=line_before(lines))
    return fill_down_categories(table)


def _table_grid(tbl: Any, cell_text: Callable[[Any], str]) -> list[list[str]]:
    """Rows of cell texts on the table grid: gridSpan kept once, vMerge continuations filled down."""
    grid: list[list[str]] = []
    for tr in _children(tbl, "tr"):
        skipped = _val(tr, "trPr/" + W + "gridBefore")
        row: list[str] = [""] * (int(skipped) if skipped and skipped.isdigit() else 0)
        for tc in _children(tr, "tc"):
            span_text = _val(tc, "tcPr/" + W + "gridSpan")
            span = int(span_text) if span_text and span_text.isdigit() else 1
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            column = len(row)
            continues = merge is not None and merge.get(f"{W}val") in (None, "continue")
            filled_down = continues and grid and column < len(grid[-1])
            text = grid[-1][column] if filled_down else cell_text(tc)
            row.extend([text] + [""] * (span - 1))
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]
