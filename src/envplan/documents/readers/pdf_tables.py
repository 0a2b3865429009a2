"""Ruled tables of a PDF page found from its vector paths with PDFium (fast; no pdfminer parse).

Axis-aligned path segments become horizontal and vertical rules; collinear pieces are merged; rules
that cross form a table; the distinct rule positions form its grid. A grid cell without a rule on its
right edge spans into the next column (the spanned cells are ``None``);
a cell without a rule on its top edge continues the cell above (``None`` as well). Cell text is the
page text inside the cell's box. Coordinates in the result are from the page's top-left corner [pt].
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

TOLERANCE = 1.5  # [pt] rule positions closer than this are one rule
MIN_RULE = 3.0  # [pt] shorter segments are not rules (e.g. the ends of a thin filled rectangle)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom from the page's top-left corner [pt]
Cells = list[list[str | None]]


@dataclass(slots=True)
class Rule:
    """A horizontal (``at`` = y) or vertical (``at`` = x) rule from ``low`` to ``high`` [pt, PDF space]."""

    at: float
    low: float
    high: float


@dataclass(slots=True)
class _Group:
    horizontal: list[Rule] = field(default_factory=list)
    vertical: list[Rule] = field(default_factory=list)


def _points(path: Any) -> list[tuple[int, float, float, bool]]:
    """(segment type, x, y, closes) of every segment, in page space."""
    matrix = path.get_matrix()
    out = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(path.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path.raw, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        page_x = matrix.a * x.value + matrix.c * y.value + matrix.e
        page_y = matrix.b * x.value + matrix.d * y.value + matrix.f
        closes = bool(pdfium_c.FPDFPathSegment_GetClose(segment))
        out.append((pdfium_c.FPDFPathSegment_GetType(segment), page_x, page_y, closes))
    return out


def _segments(path: Any) -> list[tuple[float, float, float, float]]:
    """Straight segments (x0, y0, x1, y1) of a path, closing sub-paths that say so."""
    segments = []
    start = current = None
    for kind, x, y, closes in _points(path):
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or current is None:
            start = current = (x, y)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            segments.append((current[0], current[1], x, y))
        current = (x, y)
        if closes and start is not None:
            segments.append((x, y, start[0], start[1]))
            current = start
    return segments


def rules_of_page(page: Any) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules drawn on the page (merged)."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for path in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=3):
        for x0, y0, x1, y1 in _segments(path):
            if abs(y1 - y0) < TOLERANCE and abs(x1 - x0) >= MIN_RULE:
                horizontal.append(Rule((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) < TOLERANCE and abs(y1 - y0) >= MIN_RULE:
                vertical.append(Rule((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return _merge(horizontal), _merge(vertical)


def _merge(rules: list[Rule]) -> list[Rule]:
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.at / TOLERANCE), r.low)):
        last = merged[-1] if merged else None
        if last and abs(last.at - rule.at) < TOLERANCE and rule.low <= last.high + TOLERANCE:
            last.high = max(last.high, rule.high)
            continue
        merged.append(Rule(rule.at, rule.low, rule.high))
    return merged


def _crosses(h: Rule, v: Rule) -> bool:
    return (h.low - TOLERANCE <= v.at <= h.high + TOLERANCE) and (
        v.low - TOLERANCE <= h.at <= v.high + TOLERANCE
    )


def _groups(horizontal: list[Rule], vertical: list[Rule]) -> list[_Group]:
    """Rules joined by crossings into tables (union-find over the rules)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _crosses(h, v):
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, _Group] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), _Group()).horizontal.append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), _Group()).vertical.append(v)
    return [g for g in groups.values() if len(g.horizontal) >= 2 and len(g.vertical) >= 2]


def _positions(rules: list[Rule]) -> list[float]:
    positions: list[float] = []
    for at in sorted(rule.at for rule in rules):
        if not positions or at - positions[-1] >= TOLERANCE:
            positions.append(at)
    return positions


def _covered(rules: list[Rule], at: float, point: float) -> bool:
    return any(abs(r.at - at) < TOLERANCE and r.low - TOLERANCE <= point <= r.high + TOLERANCE for r in rules)


def _grid_cells(group: _Group, text_in: Any) -> Cells:
    xs = _positions(group.vertical)
    ys = sorted(_positions(group.horizontal), reverse=True)  # PDF y grows upwards: top row first
    rows: Cells = []
    for r in range(len(ys) - 1):
        mid_y = (ys[r] + ys[r + 1]) / 2
        row: list[str | None] = []
        c = 0
        while c < len(xs) - 1:
            end = c + 1
            while end < len(xs) - 1 and not _covered(group.vertical, xs[end], mid_y):
                end += 1
            mid_x = (xs[c] + xs[end]) / 2
            if r > 0 and not _covered(group.horizontal, ys[r], mid_x):
                row.append(None)  # continues the cell above
            else:
                bottom = r + 1
                while bottom < len(ys) - 1 and not _covered(group.horizontal, ys[bottom], mid_x):
                    bottom += 1
                row.append(text_in(xs[c], ys[bottom], xs[end], ys[r]))
            row += [None] * (end - c - 1)
            c = end
        rows.append(row)
    return rows


def find_tables(page: Any, height: float, text_in: Callable[[Box], str]) -> list[tuple[Box, Cells]]:
    """Tables of the page as (box, cells), top to bottom; ``text_in(box)`` reads a cell's text."""
    horizontal, vertical = rules_of_page(page)

    def cell_text(left: float, bottom: float, right: float, top: float) -> str:
        return text_in((left, height - top, right, height - bottom))

    tables = []
    for group in _groups(horizontal, vertical):
        xs, ys = _positions(group.vertical), _positions(group.horizontal)
        if len(xs) < 3:
            continue  # a framed paragraph (one column) is text, not a table
        box = (xs[0], height - ys[-1], xs[-1], height - ys[0])
        cells = _grid_cells(group, cell_text)
        if any(cell for row in cells for cell in row):  # a frame or box without text is no table
            tables.append((box, cells))
    return sorted(tables, key=lambda table: table[0][1])
