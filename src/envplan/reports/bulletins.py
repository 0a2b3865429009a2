"""Weekly and monthly work bulletins (工作进展通报) that say what changed since the last one.

A bulletin compares two daily snapshots (the state of every assignment at the end of the last
bulletin's period and now) and lists only the changes: assignments newly overdue, newly
completed, warnings raised or lifted, letters issued in the period and changes of rank. Work that
was already behind and still is appears as a count with the change of that count, not as the same
推进缓慢 list again. Rendered as DOCX (official layout) and as HTML from the same sections.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from envplan.assessment.colours import COLOUR_LABELS, Colour
from envplan.assessment.schedule import ScheduleState
from envplan.assessment.work_rankings import FORMULAS, TIE_RULE, UnitScore
from envplan.reports.official_docx import HEADING_FONT, add_blank, add_text, add_title, official_document


class BulletinKind(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


KIND_NAMES = {BulletinKind.WEEKLY: "周通报", BulletinKind.MONTHLY: "月通报"}
_COMPLETED = (ScheduleState.COMPLETED_ON_TIME, ScheduleState.COMPLETED_LATE)


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One assignment in a snapshot, with what a reader needs to recognise it."""

    key: str
    unit: str
    plan: str
    number: str
    title: str
    state: ScheduleState
    colour: Colour
    reason: str
    days_late: int = 0  # days overdue so far, or days a completion came late [d]

    @property
    def label(self) -> str:
        return f"{self.unit}：{self.plan}第{self.number}项“{self.title}”"


@dataclass(frozen=True, slots=True)
class Snapshot:
    on: dt.date
    lines: Mapping[str, TaskLine]


@dataclass(frozen=True, slots=True)
class IssuedLetter:
    doc_number: str
    kind_name: str  # 预警函 / 督办单 / 催办函
    recipient: str
    task_count: int


@dataclass(frozen=True, slots=True)
class RankChange:
    unit: str
    previous: int | None
    current: int | None


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    lines: list[str]
    table: list[list[str]] = field(default_factory=list)  # header row first; lines are its notes


@dataclass(frozen=True, slots=True)
class Bulletin:
    kind: BulletinKind
    issuer: str
    serial: int
    period_start: dt.date
    period_end: dt.date
    sections: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        issue = f"（{self.period_end.year}年第{self.serial}期）"
        return f"{self.issuer}污染防治攻坚工作进展{KIND_NAMES[self.kind]}{issue}"


ChangeTest = Callable[[TaskLine | None, TaskLine], bool]


def _changed(previous: Snapshot | None, current: Snapshot, test: ChangeTest) -> list[TaskLine]:
    before = previous.lines if previous else {}
    return sorted(
        (line for key, line in current.lines.items() if test(before.get(key), line)),
        key=lambda line: (line.unit, line.plan, line.number),
    )


def _newly_overdue(old: TaskLine | None, new: TaskLine) -> bool:
    return new.state == ScheduleState.OVERDUE and (old is None or old.state != ScheduleState.OVERDUE)


def _newly_completed(old: TaskLine | None, new: TaskLine) -> bool:
    return new.state in _COMPLETED and (old is None or old.state not in _COMPLETED)


def _colour_raised(old: TaskLine | None, new: TaskLine) -> bool:
    order = list(Colour)
    return order.index(new.colour) > order.index(old.colour if old else Colour.NONE)


def _colour_lifted(old: TaskLine | None, new: TaskLine) -> bool:
    return old is not None and list(Colour).index(new.colour) < list(Colour).index(old.colour)


def compose_bulletin(
    kind: BulletinKind,
    issuer: str,
    serial: int,
    previous: Snapshot | None,
    current: Snapshot,
    letters: Sequence[IssuedLetter] = (),
    ranks_before: Sequence[UnitScore] = (),
    ranks_now: Sequence[UnitScore] = (),
) -> Bulletin:
    """The bulletin for the period from the previous snapshot (exclusive) to the current one."""
    start = previous.on + dt.timedelta(days=1) if previous else current.on
    sections = [_summary(previous, current)]
    checks: tuple[tuple[str, ChangeTest, bool], ...] = (
        ("一、本期新增逾期任务", _newly_overdue, True),
        ("二、本期新完成任务", _newly_completed, False),
        ("三、本期预警升级", _colour_raised, True),
        ("四、本期预警解除或降级", _colour_lifted, True),
    )
    for heading, test, with_reason in checks:
        changed = _changed(previous, current, test)
        lines = [_task_text(line, with_reason) for line in changed] or ["无。"]
        sections.append(Section(f"{heading}（{len(changed)}项）", lines))
    sections.append(_letters_section(letters))
    sections.append(_ranks_section(ranks_before, ranks_now))
    sections.append(ranking_table(ranks_now))
    return Bulletin(kind, issuer, serial, start, current.on, sections)


def _task_text(line: TaskLine, with_reason: bool) -> str:
    colour = f"【{COLOUR_LABELS[line.colour]}】" if line.colour != Colour.NONE else ""
    return f"{colour}{line.label}" + (f"：{line.reason}" if with_reason else "")


def _count(snapshot: Snapshot | None, state: ScheduleState) -> int:
    return sum(line.state == state for line in snapshot.lines.values()) if snapshot else 0


def _summary(previous: Snapshot | None, current: Snapshot) -> Section:
    overdue_now, overdue_before = (_count(s, ScheduleState.OVERDUE) for s in (current, previous))
    done = sum(line.state in _COMPLETED for line in current.lines.values())
    delta = overdue_now - overdue_before
    change = f"较上期增加{delta}项" if delta > 0 else f"较上期减少{-delta}项" if delta < 0 else "与上期持平"
    still = sum(
        1
        for key, line in current.lines.items()
        if line.state == ScheduleState.OVERDUE
        and previous is not None
        and key in previous.lines
        and previous.lines[key].state == ScheduleState.OVERDUE
    )
    text = (
        f"截至{_cn(current.on)}，纳入调度的任务共{len(current.lines)}项，已完成{done}项，"
        f"逾期未完成{overdue_now}项（{change}），其中持续逾期{still}项（名单见往期通报，本期不再重复列出）。"
    )
    return Section("总体情况", [text])


def _letters_section(letters: Sequence[IssuedLetter]) -> Section:
    lines = [
        f"{item.doc_number}：向{item.recipient}发出{item.kind_name}，涉及任务{item.task_count}项。"
        for item in letters
    ]
    return Section(f"五、本期发出的预警督办（{len(letters)}件）", lines or ["无。"])


def _ranks_section(before: Sequence[UnitScore], now: Sequence[UnitScore]) -> Section:
    old = {s.unit: s.rank for s in before}
    changes = [
        RankChange(s.unit, old.get(s.unit), s.rank) for s in now if s.unit in old and old[s.unit] != s.rank
    ]
    lines = [_rank_text(change) for change in sorted(changes, key=lambda c: (c.current or 10**6, c.unit))]
    return Section(f"六、排名变化（{len(changes)}个单位）", lines or ["排名无变化。"])


RANKING_HEADER = [
    "名次",
    "单位",
    "应完成任务数",
    "按期完成数",
    "按期完成率（%）",
    "逾期任务数",
    "平均延误天数",
]


def ranking_table(scores: Sequence[UnitScore]) -> Section:
    """七、工作排名: the table of every unit with the formulas and the tie rule beside it."""
    rows = [
        [
            str(s.rank) if s.rank is not None else "—",
            s.unit,
            str(s.due),
            str(s.on_time),
            f"{s.on_time_rate:.1f}" if s.on_time_rate is not None else "—",
            str(s.overdue),
            f"{s.average_delay_days:.1f}" if s.average_delay_days is not None else "—",
        ]
        for s in scores
    ]
    ranked = sum(s.rank is not None for s in scores)
    notes = [FORMULAS[key] for key in ("on_time_rate", "overdue", "average_delay")] + [
        f"排名规则：{TIE_RULE}"
    ]
    return Section(f"七、工作排名（{ranked}个单位参与排名）", notes, [RANKING_HEADER, *rows] if rows else [])


def _rank_text(change: RankChange) -> str:
    if change.previous is None or change.current is None:
        return f"{change.unit}：由第{change.previous or '—'}名变为第{change.current or '—'}名"
    moved = change.previous - change.current
    direction = f"上升{moved}位" if moved > 0 else f"下降{-moved}位"
    return f"{change.unit}：由第{change.previous}名变为第{change.current}名，{direction}"


def bulletin_html(bulletin: Bulletin) -> str:
    """The bulletin as a self-contained HTML fragment (escaped)."""
    parts = [f'<article class="bulletin"><h1>{html.escape(bulletin.title)}</h1>']
    parts.append(f'<p class="period">统计期：{_cn(bulletin.period_start)}至{_cn(bulletin.period_end)}</p>')
    for section in bulletin.sections:
        parts.append(f"<section><h2>{html.escape(section.heading)}</h2>")
        if section.table:
            parts.append('<div class="ranking" style="display:flex;gap:1.5em;align-items:flex-start">')
            parts.append(_html_table(section.table))
            parts.append('<ul class="formulas">')
        else:
            parts.append("<ul>")
        parts += [f"<li>{html.escape(line)}</li>" for line in section.lines]
        parts.append("</ul></div></section>" if section.table else "</ul></section>")
    parts.append("</article>")
    return "\n".join(parts)


def _html_table(table: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in table[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in table[1:]
    )
    return f'<table class="grid"><tr>{head}</tr>{body}</table>'


def write_bulletin_docx(bulletin: Bulletin, path: Path) -> Path:
    """The bulletin as DOCX in the official layout; returns ``path``."""
    document = official_document()
    add_title(document, bulletin.title)
    add_text(
        document, f"（统计期：{_cn(bulletin.period_start)}至{_cn(bulletin.period_end)}）", indent_chars=0
    )
    add_blank(document)
    for section in bulletin.sections:
        add_text(document, section.heading, font=HEADING_FONT, indent_chars=2)
        if section.table:
            grid = document.add_table(rows=len(section.table), cols=len(section.table[0]))
            grid.style = "Table Grid"
            for cells, row in zip(grid.rows, section.table, strict=True):
                for cell, text in zip(cells.cells, row, strict=True):
                    cell.text = text
        for line in section.lines:
            add_text(document, line, indent_chars=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
