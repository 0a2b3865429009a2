"""Word's automatic list numbering (ECMA-376 Part 1, §17.9), which python-docx does not render.

A numbered paragraph carries ``w:numPr`` (``w:numId`` + ``w:ilvl``) directly or through its style.
``w:num`` points to a ``w:abstractNum`` whose ``w:lvl`` elements give the start value, the number
format (``w:numFmt``) and the template (``w:lvlText``, e.g. ``"%1、"`` or ``"（%2）"``).
``w:lvlOverride`` / ``w:startOverride`` in ``w:num`` restart a list. Counters are kept per numId
and level; numbering a level restarts every deeper level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def chinese_number(value: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十 (Word's chineseCounting)."""
    if value <= 0:
        return str(value)
    if value >= 10000:
        return str(value)
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out: list[str] = []
    pending_zero = False
    for size, name in units:
        digit = (value // size) % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + name)
    text = "".join(out)
    return text[1:] if 10 <= value < 20 else text


def _cycle(symbols: str, value: int) -> str:
    return symbols[(value - 1) % len(symbols)] if value > 0 else str(value)


def _letters(value: int, upper: bool) -> str:
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    if value <= 0:
        return str(value)
    return base[(value - 1) % 26] * ((value - 1) // 26 + 1)


def _roman(value: int, upper: bool) -> str:
    out = ""
    for size, numeral in _ROMAN:
        while value >= size:
            out += numeral
            value -= size
    return out if upper else out.lower()


def format_number(value: int, fmt: str) -> str:
    """Render ``value`` in Word number format ``fmt`` (ST_NumberFormat); unknown formats → decimal."""
    renderers: dict[str, Any] = {
        "decimal": str,
        "decimalZero": lambda v: f"{v:02d}",
        "decimalFullWidth": lambda v: str(v).translate(_FULL_WIDTH),
        "decimalFullWidth2": lambda v: str(v).translate(_FULL_WIDTH),
        "chineseCounting": chinese_number,
        "chineseCountingThousand": chinese_number,
        "chineseLegalSimplified": lambda v: chinese_number(v).translate(_LEGAL),
        "japaneseCounting": chinese_number,
        "taiwaneseCounting": chinese_number,
        "taiwaneseCountingThousand": chinese_number,
        "ideographDigital": lambda v: "".join(_DIGITS[int(d)] for d in str(v)),
        "ideographTraditional": lambda v: _cycle(_HEAVENLY_STEMS, v),
        "ideographZodiac": lambda v: _cycle(_EARTHLY_BRANCHES, v),
        "decimalEnclosedCircle": lambda v: _cycle(_CIRCLED, v) if v <= 20 else str(v),
        "decimalEnclosedCircleChinese": lambda v: _cycle(_CIRCLED, v) if v <= 20 else str(v),
        "ideographEnclosedCircle": lambda v: _cycle("㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉", v) if v <= 10 else str(v),
        "upperLetter": lambda v: _letters(v, True),
        "lowerLetter": lambda v: _letters(v, False),
        "upperRoman": lambda v: _roman(v, True),
        "lowerRoman": lambda v: _roman(v, False),
        "none": lambda v: "",
        "bullet": lambda v: "",
    }
    renderer = renderers.get(fmt, str)
    return str(renderer(value))


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_LEGAL = str.maketrans("〇一二三四五六七八九十百千", "零壹贰叁肆伍陆柒捌玖拾佰仟")


@dataclass(slots=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # w:isLgl: render every %N in decimal
    restart_after: int | None = None  # w:lvlRestart (1-based level), None = the previous level


@dataclass(slots=True)
class ListInstance:
    """A ``w:num``: its levels (abstract definition with overrides) and running counters."""

    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)
    counters: dict[int, int] = field(default_factory=dict)


def _attr(element: Any, tag: str) -> str | None:
    child = element.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _parse_level(lvl: Any) -> Level:
    level = Level()
    start = _attr(lvl, "start")
    level.start = int(start) if start and start.lstrip("-").isdigit() else 1
    level.fmt = _attr(lvl, "numFmt") or "decimal"
    text = _attr(lvl, "lvlText")
    level.text = "" if text is None else text
    legal = lvl.find(f"{W}isLgl")
    level.legal = legal is not None and legal.get(f"{W}val") not in ("0", "false")
    restart = _attr(lvl, "lvlRestart")
    level.restart_after = int(restart) if restart and restart.isdigit() else None
    return level


def _parse_levels(parent: Any) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in parent.findall(f"{W}lvl"):
        ilvl = lvl.get(f"{W}ilvl")
        if ilvl is not None and ilvl.isdigit():
            levels[int(ilvl)] = _parse_level(lvl)
    return levels


class Numbering:
    """Renders the number of each numbered paragraph, in document order."""

    def __init__(
        self, numbering_root: Any | None, style_numbers: dict[str, tuple[str, int]] | None = None
    ) -> None:
        """``style_numbers`` maps a style id to the (numId, ilvl) its w:numPr names; it resolves
        list definitions that only link to a numbering style (w:numStyleLink)."""
        self.instances: dict[str, ListInstance] = {}
        if numbering_root is None:
            return
        num_elements = numbering_root.findall(f"{W}num")
        nums = {num.get(f"{W}numId"): _attr(num, "abstractNumId") for num in num_elements}
        elements = {a.get(f"{W}abstractNumId"): a for a in numbering_root.findall(f"{W}abstractNum")}
        styles = style_numbers or {}
        abstracts = {key: _parse_levels(_linked(a, elements, nums, styles)) for key, a in elements.items()}
        for num in numbering_root.findall(f"{W}num"):
            self.instances[num.get(f"{W}numId") or ""] = _instance(num, abstracts)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (num_id, ilvl) and return the rendered label, e.g. ``"（三）"``."""
        instance = self.instances.get(num_id)
        if instance is None or ilvl not in instance.levels:
            return None
        level = instance.levels[ilvl]
        counters = instance.counters
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = instance.start_overrides.get(ilvl, level.start)
        for deeper in [k for k in counters if k > ilvl]:
            restart = instance.levels[deeper].restart_after if deeper in instance.levels else None
            if restart is None or (restart > 0 and restart - 1 >= ilvl):
                del counters[deeper]
        return _render(instance, level)


def _linked(
    abstract: Any,
    elements: dict[str | None, Any],
    nums: dict[str | None, str | None],
    style_numbers: dict[str, tuple[str, int]],
) -> Any:
    """The abstractNum that holds the levels: ``abstract`` itself, or the one its numStyleLink
    reaches through the numbering style's numId."""
    seen: set[int] = set()
    while abstract.find(f"{W}lvl") is None and id(abstract) not in seen:
        seen.add(id(abstract))
        link = _attr(abstract, "numStyleLink")
        target = style_numbers.get(link or "")
        linked = elements.get(nums.get(target[0])) if target else None
        if linked is None:
            break
        abstract = linked
    return abstract


def _instance(num: Any, abstracts: dict[str | None, dict[int, Level]]) -> ListInstance:
    abstract_id = _attr(num, "abstractNumId")
    levels = dict(abstracts.get(abstract_id, {}))
    instance = ListInstance(levels=levels)
    for override in num.findall(f"{W}lvlOverride"):
        ilvl_text = override.get(f"{W}ilvl") or ""
        if not ilvl_text.isdigit():
            continue
        ilvl = int(ilvl_text)
        start = _attr(override, "startOverride")
        if start and start.lstrip("-").isdigit():
            instance.start_overrides[ilvl] = int(start)
        redefined = override.find(f"{W}lvl")
        if redefined is not None:
            levels[ilvl] = _parse_level(redefined)
    return instance


_PLACEHOLDER = re.compile(r"%([1-9])")


def _render(instance: ListInstance, level: Level) -> str:
    def substitute(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        source = instance.levels.get(index)
        if source is None:
            return ""
        value = instance.counters.get(index, instance.start_overrides.get(index, source.start))
        return str(value) if level.legal else format_number(value, source.fmt)

    if level.fmt in ("bullet", "none"):
        return ""
    return _PLACEHOLDER.sub(substitute, level.text)
