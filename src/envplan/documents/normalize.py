"""Text clean-up of a notice before parsing, and re-joining of hard-wrapped lines into paragraphs.

Two steps, both keeping the 1-based line number of the input so that every parsed field can say
where it came from (:attr:`envplan.documents.model.Task.line`):

1. :func:`clean_lines` — per character and per line: full-width digits, Latin letters, ``％`` and
   the decimal point → half-width (Chinese punctuation is kept), pollutant subscripts
   (``PM_{2.5}``, ``PM₂.₅``, ``PM 2.5``, ``SO ₂``, LaTeX ``$5\\text{mg}/\\text{m}^3$``) → ``PM2.5``,
   ``SO2``, ``5mg/m³``; superscripts split over lines (``mg/m`` + ``3``) → ``mg/m³``; stray spaces
   inside numbers and dates (``2023年 3月 30日``, ``76. 6%``); a half-width ``.`` after a Chinese
   character or a closing bracket → ``。``; page-number lines (``- 5 -``); Markdown
   bold markers; traditional characters → simplified (OpenCC t2s, only when some are present).
2. :func:`join_paragraphs` — a wrapped line is joined to the previous one unless the previous line
   ends a sentence (。！？；： or a closing bracket after one) or the line itself starts a heading
   (一、 （一） 1. （1） ① 第一章 第一节 第一条 附件), is a label line (责任单位：… 完成时限：…) or
   contains a tab (a table row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(slots=True)
class Line:
    """A cleaned line of the input with its 1-based line number in the raw text."""

    text: str
    number: int


_FULLWIDTH: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({ord("％"): "%", ord("\u3000"): " ", ord("\xa0"): " ", ord("\ufeff"): ""})
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")

_LATEX = re.compile(r"\$([^$\n]{1,80})\$")
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm)\{([^{}]*)\}")
_POLLUTANT = re.compile(r"(?<![A-Za-z])(PM|SO|NO|O|CO) *_? *\{? *([0-9₀-₉][0-9₀-₉.．]*) *\}?")
_FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
# a half-width full stop after a Chinese character or a closing bracket ends a sentence
# (a decimal point always follows a digit): 整治.2024年… → 整治。2024年…
_HALFWIDTH_STOP = re.compile(r"(?<=[\u4e00-\u9fff）)〕】])\.(?!\.)")
_SPACE_IN_DECIMAL = re.compile(r"(?<=\d) *\. +(?=\d)|(?<=\d) +\. *(?=\d)")
_SPACE_NEAR_CJK = re.compile(
    r"(?<=[\u4e00-\u9fff〔〕（）《》“”，、。：；])[ \u3000]+(?=[0-9A-Za-z%])"
    r"|(?<=[0-9A-Za-z%.³²])[ \u3000]+(?=[\u4e00-\u9fff〔〕（）《》“”，、。：；])"
    r"|(?<=[A-Za-z])[ \u3000]+(?=[³²])|(?<=[\u4e00-\u9fff])[ \u3000]+(?=[≤≥])"
)
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")
_BOLD = re.compile(r"\*\*")
_SPLIT_SUPERSCRIPT_END = re.compile(r"(?:/m|[\d万千]\s*m)$")

_SENTENCE_END = "。！？；：!?;:"
_SHORT_LINE_CAP = 24  # [characters]
_HEADING_LINE_CAP = 16  # [characters]
_CHAPTER_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}(?:[章节]|部分))[^。；]*$"
)
_LATEX_SYMBOLS = {
    "\\leq": "≤",
    "\\geq": "≥",
    "\\le": "≤",
    "\\ge": "≥",
    "\\times": "×",
    "\\sim": "～",
    "\\cdot": "·",
    "\\%": "%",
}
_CONTINUES = "，、,（(《“〔[【-—"
_TITLE = re.compile(
    r"^[^，。；：,;:]{4,40}(?:行动计划|工作计划|实施计划|实施方案|工作方案|行动方案|攻坚方案|整治方案|治理方案|推进方案)(?:[（(][^（()）]{1,20}[）)])?$"
)
_NUMBER_OR_DATE_LINE = re.compile(
    r"^(?:[（(]\d{4}年?(?:[-—–~～至]+\d{4})?年?度?[）)]"  # (2024—2025年) under a title
    r"|[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号|(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日)$"
)
_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d{0,2}\s*[：:、.．]?\s*")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])")
_TITLE_TOPIC = re.compile(r"水|气|土壤|噪声|固体废物|生态")
_CLOSERS = "）)〕]】”’"
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩]|第[一二三四五六七八九十]{1,3}(?:[章节条]|部分)|附件|抄送)"
)
_LABEL_LINE = re.compile(
    r"^[〔【\[（(]?(?:(?:牵头|配合|协办|参与|责任|落实|实施|主办|主责)(?:单位|部门|主体)|完成(?:时限|时间)"
    r"|时间(?:节点|要求)|时限(?:要求)?)\s*[：:]"
)
# A few frequent characters that exist only in traditional writing; their presence triggers t2s.
_TRADITIONAL_MARKERS = frozenset(
    "這個們國環護氣變劃與為區縣東發關開門實會經業點標時間報質當從對應將測題類達處產雜車區規範築導資設單層權聯擊歸庫黨務辦"
)


@lru_cache(maxsize=1)
def _t2s_converter() -> Any:
    import opencc  # imported lazily: loading the dictionaries costs ~50 ms

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s), only when traditional characters are present."""
    if not _TRADITIONAL_MARKERS.intersection(text):
        return text
    return str(_t2s_converter().convert(text))


def _latex(match: re.Match[str]) -> str:
    inner = _LATEX_TEXT.sub(r"\1", match.group(1))
    for command, symbol in _LATEX_SYMBOLS.items():
        inner = inner.replace(command, symbol)
    inner = inner.replace("^3", "³").replace("^2", "²").replace("^{3}", "³").replace("^{2}", "²")
    return inner.replace(" ", "").replace("\\", "")


def _pollutant(match: re.Match[str]) -> str:
    digits = match.group(2).translate(_SUBSCRIPTS).replace("．", ".")
    return match.group(1) + digits


def clean_text(text: str) -> str:
    """Character-level clean-up (see the module docstring); line breaks are kept as they are."""
    text = _BOLD.sub("", text.translate(_FULLWIDTH))
    if "$" in text:
        text = _LATEX.sub(_latex, text)
    text = _FULLWIDTH_POINT.sub(".", text)
    if "." in text:
        text = _HALFWIDTH_STOP.sub("。", text)
    text = _POLLUTANT.sub(_pollutant, text)
    text = text.translate(_SUBSCRIPTS)
    text = _SPACE_IN_DECIMAL.sub(".", text)
    return _SPACE_NEAR_CJK.sub("", text)


def clean_text_line(text: str) -> str:
    """Clean-up of one line, trailing spaces removed."""
    return clean_text(text).rstrip()


def clean_lines(raw: str) -> list[Line]:
    """Cleaned, non-empty lines with their raw line numbers; page numbers dropped, m³ re-joined."""
    raw = clean_text(to_simplified(raw.replace("\r\n", "\n").replace("\r", "\n")))
    lines: list[Line] = []
    for number, text in enumerate(raw.split("\n"), start=1):
        stripped = text.strip()
        if not stripped or _PAGE_NUMBER.match(text):
            continue
        if stripped in {"2", "3"} and lines and _SPLIT_SUPERSCRIPT_END.search(lines[-1].text):
            lines[-1].text += "³" if stripped == "3" else "²"
            continue
        lines.append(Line(text.rstrip() if "\t" in text else stripped, number))
    return lines


def starts_paragraph(text: str) -> bool:
    """True when a line opens a paragraph by itself: a heading number, a table row, or a label
    line such as 责任单位：… / 完成时限：… printed under a task."""
    stripped = text.lstrip()
    return "\t" in text or bool(_HEADING.match(stripped) or _LABEL_LINE.match(stripped))


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    if not stripped:
        return True
    if stripped[-1] in _SENTENCE_END:
        return True
    # "…配合）" ends a unit clause: a closing bracket right after a unit word
    return text.rstrip()[-1:] in "）)〕]" and stripped.endswith(
        ("负责", "配合", "牵头", "参与", "落实", "协办")
    )


def plan_title_text(text: str) -> str:
    """The title words of a title line: an attachment label before them (附件1：, 附件2 ) dropped."""
    return _ATTACHMENT_LABEL.sub("", text.strip())


def is_title_line(text: str) -> bool:
    """A plan title standing on its own line, e.g. 吕梁市水环境质量再提升2023年行动计划, possibly after
    an attachment label (附件1：…). A line numbered as a list item (2.…行动计划 in the cover letter's
    list of attachments, or a task such as 3.编制…整治方案) is no title."""
    stripped = text.strip()
    return not _LIST_ITEM.match(stripped) and bool(_TITLE.match(plan_title_text(stripped)))


def _typical_width(lines: list[Line]) -> int:
    widths = sorted(len(line.text) for line in lines if "\t" not in line.text)
    return widths[len(widths) // 2] if widths else 0


def _ends_paragraph(text: str, short: int) -> bool:
    if _ends_sentence(text) or is_title_line(text):
        return True
    if _CHAPTER_HEADING.match(text) and len(text) <= _HEADING_LINE_CAP:
        return True  # 一、总体要求 / （一）加强组织领导 standing on their own line
    if _NUMBER_OR_DATE_LINE.match(text.strip()) or _complete_label_line(text):
        return True  # 青政办发〔2024〕5号 / 2024年3月5日 / （2024—2025年） on their own line
    return len(text) < short and text[-1:] not in _CONTINUES


def join_paragraphs(lines: list[Line]) -> list[Line]:
    """Re-join hard-wrapped lines into paragraphs; each keeps the number of its first line.

    A line continues the previous one unless the previous one ends a sentence, is a title or is
    clearly shorter than the document's typical line (70 % of the median width, at most 24
    characters), or the line itself opens a heading, a table row or a title (unless the line
    before was cut mid-sentence by the wrap). A title wrapped
    before its year (``吕梁市水环境质量再提升`` + ``2023年行动计划``) is joined back.
    """
    width = _typical_width(lines)
    short, full = min(int(0.7 * width), _SHORT_LINE_CAP), (int(0.9 * width), int(1.15 * width))
    paragraphs: list[Line] = []
    last_line = ""
    for line in lines:
        text = line.text if "\t" in line.text else line.text.strip()
        previous = paragraphs[-1].text if paragraphs else None
        if previous is not None and (
            _continues(previous, text, short, _mid_sentence(last_line, full)) or _title_tail(previous, text)
        ):
            paragraphs[-1].text += text
        else:
            paragraphs.append(Line(text, line.number))
        last_line = text
    return paragraphs


def _complete_label_line(text: str) -> bool:
    """责任单位：A、B / 完成时限：2024年9月底前 — a label line not ending in 、，: it is complete."""
    stripped = text.strip()
    return bool(_LABEL_LINE.match(stripped)) and stripped[-1:] not in _CONTINUES


def _mid_sentence(line: str, full: tuple[int, int]) -> bool:
    """A line cut by the wrap: it ends with a comma-like mark or has the typical width
    (between 90 % and 115 % of the median: a longer line is a paragraph of its own)."""
    if line.startswith("附件") or _ends_sentence(line) or _NUMBER_OR_DATE_LINE.match(line.strip()):
        return False
    if _complete_label_line(line):
        return False
    return line[-1:] in _CONTINUES or full[0] <= len(line) <= full[1]


def _continues(previous: str, text: str, short: int, mid_sentence: bool) -> bool:
    if "\t" in previous or starts_paragraph(text):
        return False
    if is_title_line(text) and not mid_sentence:
        return False  # a title line opens a paragraph unless it finishes a wrapped sentence
    return not _ends_paragraph(previous, short)


def _title_tail(previous: str, text: str) -> bool:
    """``text`` ends a plan title whose topic words stand on the line before."""
    if not is_title_line(text) or _TITLE_TOPIC.search(text) or is_title_line(previous):
        return False
    return bool(_TITLE_TOPIC.search(previous)) and is_title_line(previous + text) and len(previous) <= 30


def normalize_text(raw: str) -> str:
    """The cleaned text of a notice, one paragraph per line (see the module docstring)."""
    return "\n".join(p.text for p in join_paragraphs(clean_lines(raw)))
