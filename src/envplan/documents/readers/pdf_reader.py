"""PDF notices with a text layer (pages read by :mod:`.pdf_pages`): running headers, footers and
page numbers removed, lines re-joined into paragraphs (also across page breaks), ruled tables read
as tables.

A body line that reaches the right margin continues on the next line unless that line is indented
(a new paragraph) or starts a numbered heading. Tables are not repeated in ``text``; each table's
``line`` is the text line just before it (see :class:`SourceText`); a table continued on the next
page is merged (its repeated header row dropped). A PDF without any text is refused as scanned.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from envplan.documents import model
from envplan.documents.readers.base import DocumentError, SourceText, line_before
from envplan.documents.readers.pdf_pages import PdfLine, PdfPage, read_pages
from envplan.documents.readers.table_tools import classify_table, fill_down_categories, table_title

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+"
    r"|[-—–－]\s*[一二三四五六七八九十]+\s*[-—–－])$"
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|附件|专项行动)"
)
_MARGIN_SHARE = 0.12  # top/bottom share of the page height where running heads and folios sit
_EDGE_LINES = 2  # how many lines at each end of a page may be a running head or folio
_GAP_FACTOR = 1.4  # a running head is further from the body than this many usual line spacings
_REPEAT_SHARE = 0.4  # a margin line repeated on this share of pages (≥ 2) is a running head


_Line = PdfLine
_Page = PdfPage


def read_pdf_bytes(data: bytes, source: str) -> SourceText:
    """Read a PDF with a text layer; raise :class:`DocumentError` for unreadable or scanned PDFs."""
    try:
        pages = read_pages(data, _to_table)
    except DocumentError:
        raise
    except Exception as error:  # PDFium raises several unrelated types for a damaged file
        if "password" in str(error).lower():
            raise DocumentError(source, "is password-protected; save an unprotected copy") from error
        detail = " ".join(f"{type(error).__name__}: {error}".split())
        raise DocumentError(source, f"is not a readable PDF ({detail})") from error
    if not pages:
        raise DocumentError(source, "the PDF has no pages")
    if not any(page.items for page in pages):
        raise DocumentError(source, "has no text layer (scanned PDF?)")
    _drop_running_heads(pages)
    items = _merge_continued_tables([item for page in pages for item in page.items])
    text, tables = _assemble(items)
    return SourceText(text=text, tables=tables, source=source, format="pdf")


def _join_cell(text: str | None) -> str:
    if not text:
        return ""
    return _join_lines([part.strip() for part in text.splitlines() if part.strip()])


def _to_table(cells: list[list[str | None]], top: float) -> model.Table:
    """Extracted cells (``None``: covered by a merged cell) as a Table.

    ``line`` temporarily holds the table's top [pt], to order it among the page's lines."""
    rows = [[_join_cell(cell) for cell in row] for row in cells]
    for index in range(1, len(rows)):  # a first-column cell merged down rows (任务类别): fill it down
        if cells[index][0] is None and rows[index - 1]:
            rows[index][0] = rows[index - 1][0]
    return model.Table(title="", headers=rows[0], rows=rows[1:], line=round(top))


def _page_lines(page: _Page) -> list[_Line]:
    return [item for item in page.items if isinstance(item, _Line)]


def _line_spacing(pages: list[_Page]) -> float:
    """The usual distance between successive lines [pt]: the median over the document, but at most
    2.5 line heights (pages of tables have few text lines, far apart)."""
    gaps = sorted(b.top - a.top for page in pages for a, b in itertools.pairwise(_page_lines(page)))
    heights = sorted(line.height for page in pages for line in _page_lines(page))
    if not gaps:
        return 0.0
    return min(gaps[len(gaps) // 2], 2.5 * heights[len(heights) // 2])


def _margin_lines(page: _Page, spacing: float) -> list[_Line]:
    """Lines that may be a running head or folio: in the top/bottom margin zone, among the first or
    last two lines of the page, and set apart from the body by more than the usual line spacing."""
    lines = _page_lines(page)
    wide = _GAP_FACTOR * spacing
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines)]
    edges = range(min(_EDGE_LINES, len(gaps)))
    heads = next((lines[: k + 1] for k in edges if gaps[k] > wide), [])
    foots = next((lines[-k - 1 :] for k in edges if gaps[-k - 1] > wide), [])
    edge = heads + foots if len(lines) > 1 else lines
    top_limit, bottom_limit = page.height * _MARGIN_SHARE, page.height * (1 - _MARGIN_SHARE)
    return [line for line in edge if line.top <= top_limit or line.top >= bottom_limit]


def _drop_running_heads(pages: list[_Page]) -> None:
    """Remove page numbers and lines repeated in the page margins (digits ignored when comparing)."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    spacing = _line_spacing(pages)
    margins = {id(page): _margin_lines(page, spacing) for page in pages}
    seen = Counter(k for page in pages for k in {key(line) for line in margins[id(page)]})
    repeated = {k for k, count in seen.items() if count >= max(2, _REPEAT_SHARE * len(pages))}
    for page in pages:
        drop = {
            id(line)
            for line in margins[id(page)]
            if _PAGE_NUMBER.match(re.sub(r"\s+", " ", line.text).strip()) or key(line) in repeated
        }
        page.items = [item for item in page.items if id(item) not in drop]


def _merge_continued_tables(items: list[_Line | model.Table]) -> list[_Line | model.Table]:
    merged: list[_Line | model.Table] = []
    for item in items:
        previous = merged[-1] if merged else None
        if (
            isinstance(item, model.Table)
            and isinstance(previous, model.Table)
            and len(item.headers) == len(previous.headers)
        ):
            if item.headers != previous.headers:
                previous.rows.append(item.headers)
            previous.rows.extend(item.rows)
            continue
        merged.append(item)
    return merged


def _assemble(items: list[_Line | model.Table]) -> tuple[str, list[model.Table]]:
    lines = [item for item in items if isinstance(item, _Line)]
    left, right, char_width = _margins(lines)
    out: list[str] = []
    tables: list[model.Table] = []
    current: list[str] = []
    previous: _Line | None = None
    for item in items:
        if isinstance(item, model.Table):
            if current:
                out.append(_join_lines(current))
                current, previous = [], None
            item.title = table_title(out)
            item.kind = classify_table(item.headers)
            item.line = line_before(out)
            tables.append(fill_down_categories(item))
            continue
        if previous is not None and not _continues(previous, item, left, right, char_width):
            out.append(_join_lines(current))
            current = []
        current.append(item.text)
        previous = item
    if current:
        out.append(_join_lines(current))
    return "\n".join(out) + "\n", tables


def _margins(lines: list[_Line]) -> tuple[float, float, float]:
    if not lines:
        return 0.0, 0.0, 10.0
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    rights = sorted(line.x1 for line in lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    widths = sorted(line.char_width for line in lines)
    return float(left), right, widths[len(widths) // 2]


def _continues(previous: _Line, line: _Line, left: float, right: float, char_width: float) -> bool:
    """True when ``line`` carries on the paragraph of ``previous`` (which filled its line)."""
    if previous.x1 < right - 1.5 * char_width:
        return False
    if line.x0 > left + 0.8 * char_width or previous.x0 < left - 2 * char_width:
        return False
    return not _HEADING.match(line.text)


def _join_lines(parts: list[str]) -> str:
    text = parts[0] if parts else ""
    for part in parts[1:]:
        wide = text[-1:].isascii() and text[-1:].isalpha() and part[:1].isascii() and part[:1].isalpha()
        text += (" " if wide else "") + part
    return text
