"""Characters of a PDF page (PDFium loose character boxes) grouped into lines.

Working per character rather than per PDFium text rectangle keeps glyphs that producers place one by
one, with baselines a fraction of a point apart, on one line, and gives every character exactly once
(text rectangles can overlap their neighbours' glyphs). Coordinates: points from the page's top-left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Char = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom [pt]
_BAND_SHARE = 0.5  # characters whose tops differ by less than this share of a line height share a line


@dataclass(slots=True)
class CharLine:
    """Characters of one line joined left to right."""

    text: str
    x0: float
    x1: float
    top: float
    height: float
    char_width: float  # mean advance of the line's characters [pt]


def page_chars(textpage: Any, height: float) -> list[Char]:
    """Every drawn character of the page (PDFium's generated line breaks left out)."""
    text = textpage.get_text_range()
    count = min(textpage.count_chars(), len(text))
    chars: list[Char] = []
    for index in range(count):
        char = text[index]
        if char in "\r\n\x00\ufffe":
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        if right - left <= 0 and char.isspace():
            continue
        chars.append((char, left, height - top, right, height - bottom))
    return chars


def _bands(chars: Iterable[Char]) -> list[list[Char]]:
    bands: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c[2]):
        anchor = bands[-1][0] if bands else None
        if anchor and char[2] - anchor[2] < _BAND_SHARE * max(char[4] - char[2], anchor[4] - anchor[2]):
            bands[-1].append(char)
        else:
            bands.append([char])
    return bands


def _line(band: list[Char]) -> CharLine | None:
    band.sort(key=lambda c: c[1])
    visible = [c for c in band if not c[0].isspace()]
    if not visible:
        return None
    width = sum(c[3] - c[1] for c in visible) / len(visible)
    text, right = "", visible[0][1]
    for char, x0, _, x1, _ in band:
        if char.isspace():
            text += "" if text.endswith(" ") else " "
        else:
            text += " " if x0 - right > width and text and not text.endswith(" ") else ""
            text += char
        right = max(right, x1)
    top = min(c[2] for c in visible)
    height = max(c[4] for c in visible) - top
    return CharLine(text.strip(), visible[0][1], max(c[3] for c in visible), top, height, width)


def lines_of(chars: Iterable[Char]) -> list[CharLine]:
    """The characters as lines, top to bottom."""
    return [line for band in _bands(chars) if (line := _line(band)) is not None]


def text_in_box(chars: Iterable[Char], box: tuple[float, float, float, float]) -> str:
    """Text of the characters whose centre lies in ``box`` (x0, top, x1, bottom), one line per line."""
    x0, top, x1, bottom = box
    inside = [c for c in chars if x0 <= (c[1] + c[3]) / 2 <= x1 and top <= (c[2] + c[4]) / 2 <= bottom]
    return "\n".join(line.text for line in lines_of(inside))
