"""Supervision letters: warning letter (预警函), supervision notice (督办单), reminder (催办函).

A letter names the tasks it cites, with their deadlines and the facts the daily evaluation found
(days overdue, 序时进度 gap), the requirements and the reply deadline; it is laid out after
GB/T 9704-2012 (文号, title, 主送, body, 落款, date, 抄送) and rendered as DOCX (this module) and
PDF (:mod:`envplan.reports.letters_pdf`) from the same lines, so both say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from envplan.assessment.colours import Evaluation, figure_text
from envplan.reports.official_docx import (
    NOTE_SIZE,
    add_blank,
    add_text,
    add_title,
    official_document,
)


class LetterKind(StrEnum):
    WARNING = "warning"  # 预警函
    SUPERVISION = "supervision"  # 督办单
    REMINDER = "reminder"  # 催办函


KIND_NAMES = {LetterKind.WARNING: "预警函", LetterKind.SUPERVISION: "督办单", LetterKind.REMINDER: "催办函"}
_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class CitedTask:
    """A task cited by a letter, with the facts that justify citing it."""

    assignment_key: str
    plan: str
    number: str
    title: str
    deadline: dt.date | None
    facts: str  # e.g. 已逾期 10 天；应完成 49.9%，实际完成 30%，落后序时进度 19.9 个百分点


@dataclass(frozen=True, slots=True)
class Letter:
    kind: LetterKind
    number_prefix: str  # 发文字号 prefix, e.g. 清环预警
    serial: int
    issuer: str  # 落款
    recipients: tuple[str, ...]  # 主送单位
    tasks: tuple[CitedTask, ...]
    as_of: dt.date  # 截至
    issue_date: dt.date
    reply_by: dt.date
    basis: str = ""  # e.g. 《清河县水环境质量再提升2023年行动计划》
    cc: tuple[str, ...] = field(default_factory=tuple)  # 抄送

    def __post_init__(self) -> None:
        if not self.recipients:
            raise ValueError("a letter needs at least one recipient (主送单位)")
        if not self.tasks:
            raise ValueError("a letter must cite at least one task")
        if self.reply_by < self.issue_date:
            raise ValueError(f"reply deadline {self.reply_by} is before the issue date {self.issue_date}")

    @property
    def doc_number(self) -> str:
        """文号 after GB/T 9704 clause 7.2.4: 清环预警〔2023〕3号."""
        return f"{self.number_prefix}〔{self.issue_date.year}〕{self.serial}号"

    @property
    def title(self) -> str:
        who = "、".join(self.recipients)
        count = len(self.tasks)
        if self.kind == LetterKind.WARNING:
            return f"关于对{who}{count}项任务推进滞后予以预警的函"
        if self.kind == LetterKind.SUPERVISION:
            return f"关于督促{who}加快推进{count}项滞后任务的督办单"
        return f"关于{who}{count}项任务临近时限的催办函"


@dataclass(frozen=True, slots=True)
class LetterLine:
    role: str  # number, title, recipient, body, item, requirement, closing, signature, date, cc
    text: str


def cn_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals (GB/T 9704 clause 7.3.5.1): 2023年7月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def facts_from_evaluation(evaluation: Evaluation) -> str:
    """The facts of a cited task from its daily evaluation: days overdue and the 序时进度 gap."""
    return facts_from_numbers(evaluation.numbers, evaluation.reason)


def facts_from_numbers(numbers: Mapping[str, object], reason: str) -> str:
    """Facts from the numbers of an evaluation (or a stored snapshot); ``reason`` when none apply."""
    facts = []
    if numbers.get("days_overdue"):
        facts.append(f"已逾期 {numbers['days_overdue']} 天")
    gap, expected, achieved = (numbers.get(k) for k in ("gap_pp", "expected_pct", "achieved_pct"))
    if (
        isinstance(gap, int | float)
        and isinstance(expected, int | float)
        and isinstance(achieved, int | float)
    ) and gap > 0:
        shares = f"应完成 {figure_text(expected)}%，实际完成 {figure_text(achieved)}%"
        facts.append(f"{shares}，落后序时进度 {figure_text(gap)} 个百分点")
    if not facts:
        facts.append(reason)
    return "；".join(facts)


_OPENING_TAIL = {
    LetterKind.WARNING: "项任务推进滞后，现予以预警：",
    LetterKind.SUPERVISION: "项任务仍未按期完成，现予以督办：",
    LetterKind.REMINDER: "项任务临近或已过完成时限，现予以催办：",
}


def _opening(letter: Letter) -> str:
    basis = f"根据{letter.basis}任务分工和" if letter.basis else "根据"
    situation = f"{basis}工作调度情况，截至{cn_date(letter.as_of)}"
    return f"{situation}，你单位负责的以下{len(letter.tasks)}{_OPENING_TAIL[letter.kind]}"


def _requirements(letter: Letter) -> list[str]:
    reply = f"于{cn_date(letter.reply_by)}前将整改落实情况书面报送{letter.issuer}"
    items = [
        "高度重视，认真分析滞后原因，逐项制定整改措施，明确责任人和完成时限",
        "加快工作进度，尽快补齐差距，确保按期完成任务",
        reply,
    ]
    if letter.kind == LetterKind.SUPERVISION:
        items.insert(2, "督办期间每周报送一次工作进展；逾期仍未完成的，将按规定提请约谈或挂牌督办")
    return [f"（{_ORDINALS[i]}）{text}。" for i, text in enumerate(items)]


def _item(index: int, task: CitedTask) -> str:
    deadline = cn_date(task.deadline) if task.deadline else "未载明"
    ordinal = _ORDINALS[index] if index < len(_ORDINALS) else str(index + 1)
    return f"{ordinal}、{task.plan}第{task.number}项“{task.title}”。完成时限：{deadline}；{task.facts}。"


def letter_lines(letter: Letter) -> list[LetterLine]:
    """The letter as lines with their roles, in reading order."""
    lines = [
        LetterLine("number", letter.doc_number),
        LetterLine("title", letter.title),
        LetterLine("recipient", "、".join(letter.recipients) + "："),
        LetterLine("body", _opening(letter)),
    ]
    lines += [LetterLine("item", _item(i, t)) for i, t in enumerate(letter.tasks)]
    lines.append(LetterLine("body", "请你单位："))
    lines += [LetterLine("requirement", text) for text in _requirements(letter)]
    closing = "特此督办。" if letter.kind == LetterKind.SUPERVISION else "特此函告。"
    lines += [
        LetterLine("closing", closing),
        LetterLine("signature", letter.issuer),
        LetterLine("date", cn_date(letter.issue_date)),
    ]
    if letter.cc:
        lines.append(LetterLine("cc", "抄送：" + "，".join(letter.cc) + "。"))
    return lines


def write_letter_docx(letter: Letter, path: Path) -> Path:
    """Write the letter as DOCX in the official layout; returns ``path``."""
    document = official_document()
    for line in letter_lines(letter):
        _add_line(document, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _add_line(document: Document, line: LetterLine) -> None:
    if line.role == "number":
        add_text(document, line.text, align=WD_ALIGN_PARAGRAPH.CENTER)
        add_blank(document)
    elif line.role == "title":
        add_title(document, line.text)
        add_blank(document)
    elif line.role == "recipient":
        add_text(document, line.text)
    elif line.role == "signature":
        add_blank(document)
        add_text(document, line.text + "　" * 4, align=WD_ALIGN_PARAGRAPH.RIGHT)
    elif line.role == "date":
        add_text(document, line.text + "　" * 4, align=WD_ALIGN_PARAGRAPH.RIGHT)
    elif line.role == "cc":
        add_blank(document)
        add_text(document, line.text, size=NOTE_SIZE)
    else:
        add_text(document, line.text, indent_chars=2)


def letters_for_recipients(
    kind: LetterKind,
    tasks_by_recipient: dict[str, Sequence[CitedTask]],
    *,
    number_prefix: str,
    first_serial: int,
    issuer: str,
    as_of: dt.date,
    issue_date: dt.date,
    reply_days: int = 10,
    basis: str = "",
    cc: Sequence[str] = (),
) -> list[Letter]:
    """One letter per recipient, numbered consecutively in recipient order."""
    return [
        Letter(
            kind=kind,
            number_prefix=number_prefix,
            serial=first_serial + i,
            issuer=issuer,
            recipients=(recipient,),
            tasks=tuple(tasks),
            as_of=as_of,
            issue_date=issue_date,
            reply_by=issue_date + dt.timedelta(days=reply_days),
            basis=basis,
            cc=tuple(cc),
        )
        for i, (recipient, tasks) in enumerate(sorted(tasks_by_recipient.items()))
    ]
