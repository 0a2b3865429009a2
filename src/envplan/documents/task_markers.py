"""How a plan numbers its chapters and tasks: the house style, found once per plan.

Notices of different cities and counties number the same levels differently. The walker of
:mod:`envplan.documents.structure` asks this module which marker opens a task in the plan at hand:

* ``1.`` (also ``1．`` ``1、``) — the usual task level under ``一、`` / ``（一）`` chapters;
* ``2.1`` — when the chapters themselves are numbered ``1.`` ``2.`` (Arabic chapter headings), the
  tasks are the dotted items (at least two of them, each opening with a word, not a quantity);
* ``一、`` — a short plan whose only numbered items are ``一、`` paragraphs carrying bracketed unit
  clauses (two at least, and no ``（一）`` item with unit words): each is a task, not a chapter;
* ``一是…；二是…`` written inline in one paragraph counts as well: the paragraph is cut before each
  item when nothing else numbered carries a unit clause (:func:`inline_style`);
* ``（1）``, ``①``, ``第一条``, ``一是`` — when no ``1.`` item of the plan carries a unit clause
  (牵头/负责/配合/责任单位…), the first of these (in this order) whose items do is the task level.
  Items without unit words are lists inside a task and stay text; with no unit words anywhere
  the task level is ``1.``.

A task's printed number is kept as written (``2.1``, ``（1）``, ``①``, ``第一条``, ``一是``); its
sequence number (``1, 2, 3…`` within its chapter, the minor part of ``2.1``) decides whether a
numbered line continues the tasks or is a list inside a task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envplan.documents.normalize import Line

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
UNIT_WORDS = re.compile(r"牵头|负责|配合|责任单位|责任部门|落实|协办")
# a bracketed unit clause: 一、 headings only count as tasks when they carry one (not 「四、抓好落实」)
UNIT_CLAUSE = re.compile(
    r"[（(〔【][^（(〔【）)〕】]*(?:牵头|负责|配合|责任单位|责任部门)[^（(〔【）)〕】]*[）)〕】]"
)
# a quantity right after 2.1 (4.3米焦炉, 1.5万吨) is a number, not a dotted task heading
_DOTTED_QUANTITY = re.compile(r"[米吨万亿千百公平立个座台家户条处项倍%]")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (numbers up to 99, as headings print them)."""
    if "十" not in text:
        return CHINESE_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)


@dataclass(frozen=True, slots=True)
class TaskMarker:
    """A task numbering style: its pattern (groups: number, rest) and how to read the number."""

    name: str
    pattern: re.Pattern[str]

    def match(self, text: str) -> tuple[str, int, str] | None:
        """(number as printed, sequence number, rest of the line) when ``text`` opens a task."""
        found = self.pattern.match(text)
        if not found:
            return None
        printed, rest = found.group(1), found.group(2)
        if self.name == "dotted" and _DOTTED_QUANTITY.match(rest):
            return None
        return self._printed(printed), self._sequence(printed), rest

    def _printed(self, number: str) -> str:
        if self.name == "paren":
            return f"（{number}）"
        if self.name == "article":
            return f"第{number}条"
        if self.name == "shi":
            return f"{number}是"
        return number

    def _sequence(self, number: str) -> int:
        if self.name in ("arabic", "paren"):
            return int(number)
        if self.name == "dotted":
            return int(number.split(".")[1])
        if self.name == "circled":
            return CIRCLED.index(number) + 1
        return chinese_number(number)


ARABIC = TaskMarker("arabic", re.compile(r"^(\d{1,2})[.．、](?!\d)\s*(.*)$"))
DOTTED = TaskMarker("dotted", re.compile(r"^(\d{1,2}\.\d{1,2})(?![\d.．])\s*(.*)$"))
PAREN = TaskMarker("paren", re.compile(r"^[（(](\d{1,2})[）)]\s*(.*)$"))
CIRCLED_MARKER = TaskMarker("circled", re.compile(f"^([{CIRCLED}])\\s*(.*)$"))
ARTICLE = TaskMarker("article", re.compile(r"^第([一二三四五六七八九十]{1,3})条\s*(.*)$"))
SHI = TaskMarker("shi", re.compile(r"^([一二三四五六七八九十]{1,3})是\s*(.*)$"))
CHAPTER_ITEM = TaskMarker("chapter", re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$"))
_LEVEL2_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}节)")
_ALTERNATIVES = (PAREN, CIRCLED_MARKER, ARTICLE, SHI)
ARABIC_CHAPTER = re.compile(r"^(\d{1,2})[.．、](?!\d)\s*([^。；，]{2,20})$")


@dataclass(frozen=True, slots=True)
class PlanStyle:
    """The numbering of one plan: the task marker and whether ``1.`` lines are chapters."""

    task: TaskMarker = ARABIC
    arabic_chapters: bool = False
    fallback: bool = False  # nothing numbered carried a unit clause: 1. by default


def plan_style(paragraphs: list[Line]) -> PlanStyle:
    """The house style of a plan's paragraphs (see the module docstring)."""
    texts = [p.text.strip() for p in paragraphs]
    dotted = sum(1 for t in texts if DOTTED.match(t))
    if dotted >= 2 and any(ARABIC_CHAPTER.match(t) for t in texts):
        return PlanStyle(DOTTED, arabic_chapters=True)
    for marker in (ARABIC, *_ALTERNATIVES):
        if any(marker.pattern.match(t) and UNIT_WORDS.search(t) for t in texts):
            return PlanStyle(marker)
    sections_with_units = any(_LEVEL2_ITEM.match(t) and UNIT_WORDS.search(t) for t in texts)
    chapters_with_units = sum(1 for t in texts if CHAPTER_ITEM.pattern.match(t) and UNIT_CLAUSE.search(t))
    if not sections_with_units and chapters_with_units >= 2:
        return PlanStyle(CHAPTER_ITEM)
    return PlanStyle(fallback=True)


_INLINE_SHI = re.compile(r"(?<=[。；;：:])\s*(?=[一二三四五六七八九十]{1,2}是)")


def split_inline_items(paragraphs: list[Line]) -> list[Line]:
    """Paragraphs with ``一是…；二是…`` written inline, cut before each item (two items at least):
    「（一）推进工业治理。一是…（A负责）；二是…（B负责）。」 → the heading, 「一是…」, 「二是…」."""
    out: list[Line] = []
    for paragraph in paragraphs:
        pieces = [piece for piece in _INLINE_SHI.split(paragraph.text) if piece.strip()]
        if sum(1 for piece in pieces if SHI.pattern.match(piece)) >= 2:
            out += [Line(piece, paragraph.number) for piece in pieces]
        else:
            out.append(paragraph)
    return out


def inline_style(paragraphs: list[Line], style: PlanStyle) -> tuple[list[Line], PlanStyle]:
    """When nothing numbered carries a unit clause but inline 一是/二是 items do, the items are
    the tasks: the paragraphs cut before each item, with the 一是 style."""
    if not style.fallback:
        return paragraphs, style
    split = split_inline_items(paragraphs)
    if len(split) > len(paragraphs) and (inline := plan_style(split)).task is SHI:
        return split, inline
    return paragraphs, style
