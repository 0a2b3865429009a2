"""Numbers out of sequence: which skipped or repeated task numbers still open a task, and the warnings.

Rules (used by the chapter walker of :mod:`envplan.documents.structure`):

* A task number that follows the previous task (``5.`` → ``6.``) or restarts a chapter at ``1``
  opens a task, as before.
* A number that **skips** ahead (``5.`` → ``7.``, at most :data:`MAX_SKIP` numbers missing) or
  **repeats** the previous task's number (``5.`` → ``5.``) opens a task only when the structure makes
  it plain: the plan's own task marker (same style) at the start of a paragraph (same level), where
  tasks are read (not a 目标 chapter, not the ``1.`` points of a ``（一）`` safeguard), not the next
  item of a numbered list inside the current task (``1.`` ``2.`` inside task 2 stay text), and shaped
  like a task: a heading sentence (at most 40 characters, no comma) closed by 。 (``7.推进扬尘治理。…``), a
  heading in 【】, or a bracketed unit clause (…（县住建局负责）). A number that goes back
  (task 7's list ``3.新绛县信义源…：``) stays text, as before.
* Chapter and section headings (``一、``, ``（一）``, ``第一节``) are read as headings whatever their
  number; a number that does not follow the previous one of its kind only gives a warning.

Every such number gives one plan warning, written for the import preview: the plan, the source line,
the expected and the found number, and the first words of the paragraph, e.g.
「《某县空气质量再提升2023年行动计划》第42行：任务编号跳号，应为“6”，实为“7”，已按新任务读入：「7.推进扬尘治理。…」」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from envplan.documents.readers.numbering import chinese_number as chinese_numeral
from envplan.documents.task_markers import CIRCLED, UNIT_CLAUSE, TaskMarker, chinese_number

MAX_SKIP = 3  # at most three numbers missing (5. → 9.); a larger jump is no plain sequence
_HEADING_SENTENCE = re.compile(r"^(?:[【\[][^】\]]{2,40}[】\]]|[^。：:；;，,]{2,40}。)")
_EXCERPT = 24


def printed_task_number(marker: TaskMarker, sequence: int, found: str) -> str:
    """The printed form of task number ``sequence`` in ``marker``'s style (``found`` gives 2. of 2.1)."""
    if marker.name == "paren":
        return f"（{sequence}）"
    if marker.name == "dotted":
        return f"{found.split('.')[0]}.{sequence}"
    if marker.name == "circled":
        return CIRCLED[sequence - 1] if 0 < sequence <= len(CIRCLED) else str(sequence)
    if marker.name in ("article", "shi", "chapter"):
        numeral = chinese_numeral(sequence)
        return {"article": f"第{numeral}条", "shi": f"{numeral}是"}.get(marker.name, numeral)
    return str(sequence)


def looks_like_task(rest: str, text: str) -> bool:
    """A heading sentence (≤ 40 characters, no comma, closed by 。; or in 【】) or a unit clause."""
    return bool(_HEADING_SENTENCE.match(rest.strip()) or UNIT_CLAUSE.search(text))


def excerpt(text: str) -> str:
    """The first words of a paragraph, for a warning: 「7.推进扬尘治理。…」."""
    text = text.strip()
    return f"「{text[:_EXCERPT]}…」" if len(text) > _EXCERPT else f"「{text}」"


def skip_warning(plan: str, line: int, expected: str, found: str, text: str) -> str:
    """A task number that skips ahead, read as a new task."""
    return (
        f"《{plan}》第{line}行：任务编号跳号，应为“{expected}”，实为“{found}”，"
        f"已按新任务读入：{excerpt(text)}"
    )


def duplicate_warning(plan: str, line: int, expected: str, found: str, first_line: int, text: str) -> str:
    """A task number printed twice, the second read as a new task."""
    return (
        f"《{plan}》第{line}行：任务编号重复，应为“{expected}”，实为“{found}”"
        f"（第{first_line}行已有“{found}”），已按新任务读入：{excerpt(text)}"
    )


def heading_warning(plan: str, line: int, expected: str, found: str, repeated: bool, text: str) -> str:
    """A chapter or section number out of sequence (the heading is read as a heading all the same)."""
    what = "章节编号重复" if repeated else "章节编号不连续"
    return f"《{plan}》第{line}行：{what}，应为“{expected}”，实为“{found}”：{excerpt(text)}"


def out_of_sequence(
    sequence: int, last: int, chapter_start: bool, list_items: set[int], rest: str, text: str
) -> tuple[str, int] | None:
    """("skip" or "duplicate", the expected number) when a task number out of sequence plainly opens
    a task (see the module docstring); None when it is text of the current task.

    ``last`` is the previous task's number, ``chapter_start`` tells that no task was read since the
    last heading (the number may restart at 1), ``list_items`` the numbers of the same marker read
    as text inside the current task."""
    if sequence - 1 in list_items or not looks_like_task(rest, text):
        return None
    if sequence == last:
        return "duplicate", last + 1
    for expected in (last + 1, 1) if chapter_start else (last + 1,):
        if expected < sequence <= expected + MAX_SKIP:
            return "skip", expected
    return None


@dataclass(slots=True)
class HeadingSequence:
    """The numbers of one heading kind seen so far (``一、`` of a plan, ``（一）`` of a chapter)."""

    last: int = 0
    seen: set[int] = field(default_factory=set)

    def follow(self, number: int) -> tuple[int, bool] | None:
        """Record ``number``; (expected number, repeated) when it is out of sequence, else None."""
        expected, repeated = self.last + 1, number in self.seen
        self.last = number
        self.seen.add(number)
        return None if number == expected else (expected, repeated)

    def restart(self) -> None:
        self.last = 0
        self.seen.clear()


def numbered_heading(text: str) -> tuple[str, int, str] | None:
    """(kind, number, form) of a numbered chapter or section heading (一、 （一） 第一节 第一章); the
    form prints another number the same way: 「（{}）」."""
    for kind, pattern in _HEADINGS:
        if match := pattern.match(text):
            form = match.group(0).replace(match.group(1), "{}", 1).replace("(", "（").replace(")", "）")
            return kind, chinese_number(match.group(1)), form
    return None


def printed_heading(form: str, number: int) -> str:
    """Heading ``number`` printed in ``form``: 「（{}）」, 6 → （六）."""
    return form.format(chinese_numeral(number))


_HEADINGS = (
    ("level1", re.compile(r"^([一二三四五六七八九十]{1,3})、")),
    ("level2", re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]")),
    ("section", re.compile(r"^第([一二三四五六七八九十]{1,3})节")),
    ("chapter", re.compile(r"^第([一二三四五六七八九十]{1,3})(?:章|部分)")),
)
