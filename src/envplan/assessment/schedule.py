"""Schedule state and 序时进度 (time-proportional progress) of an assignment on a date.

Inputs are plain values so that the rules can be tested without a database: the milestones of the
task (``documents.model.Milestone`` or anything with the same attributes), the dates the work was
started and completed, an approved extension, and the progress reports.

Rules (documented in docs/dispatch.md):

* the *final deadline* is the latest ``due`` / window ``end`` / season ``end`` of the milestones,
  or the approved extension when there is one; the *next deadline* is the earliest of those on or
  after the date;
* a ``start`` milestone is a deadline to start: an assignment not started after it is overdue;
* ``ongoing`` (长期坚持) work is never overdue;
* ``recurring`` work is due at the end of each period (day, week, month, quarter, year); it is
  overdue when the last fully elapsed period has no report;
* 序时进度: expected share = days elapsed since the start of the period / days of the period
  (clamped to 0..1); achieved share = latest reported percentage, or, with a numeric goal,
  (current − baseline) / (goal − baseline); gap = expected − achieved
  [percentage points], rounded half-to-even to 0.1 (GB/T 8170).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import numpy as np

from envplan.documents.model import MilestoneKind
from envplan.standards.rounding import round_half_even


class ScheduleState(StrEnum):
    NOT_DUE = "not_due"  # 未到期
    DUE_SOON = "due_soon"  # 即将到期
    OVERDUE = "overdue"  # 已逾期
    COMPLETED_ON_TIME = "completed_on_time"  # 按期完成
    COMPLETED_LATE = "completed_late"  # 逾期完成
    STANDING = "standing"  # 长期坚持
    UNSCHEDULED = "unscheduled"  # 无时限


STATE_LABELS: dict[ScheduleState, str] = {
    ScheduleState.NOT_DUE: "未到期",
    ScheduleState.DUE_SOON: "即将到期",
    ScheduleState.OVERDUE: "已逾期",
    ScheduleState.COMPLETED_ON_TIME: "按期完成",
    ScheduleState.COMPLETED_LATE: "逾期完成",
    ScheduleState.STANDING: "长期坚持",
    ScheduleState.UNSCHEDULED: "无明确时限",
}


class MilestoneLike(Protocol):
    @property
    def kind(self) -> MilestoneKind | str: ...
    @property
    def due(self) -> dt.date | None: ...
    @property
    def start(self) -> dt.date | None: ...
    @property
    def end(self) -> dt.date | None: ...
    @property
    def recurrence(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Report:
    """One progress report: date, completion [%], 进展情况 text."""

    reported_on: dt.date
    percent: float | None = None
    progress_text: str = ""
    value: float | None = None  # current value of a numeric goal, when reported


@dataclass(frozen=True, slots=True)
class NumericGoal:
    """A numeric goal: progress is (current − baseline) / (goal − baseline)."""

    baseline: float
    goal: float


@dataclass(slots=True)
class Assignment:
    """What the schedule rules need to know about one unit's assignment."""

    key: str
    milestones: Sequence[MilestoneLike]
    region: str | None = None
    period_start: dt.date | None = None  # start of the plan period or of the assignment
    started_on: dt.date | None = None
    completed_on: dt.date | None = None
    extended_due: dt.date | None = None  # approved extension (延期) replaces the final deadline
    reports: Sequence[Report] = field(default_factory=tuple)  # in date order
    # reported in the last elapsed recurrence period; None: look it up in ``reports``
    reported_last_period: bool | None = None
    goal: NumericGoal | None = None


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The deadlines of an assignment; ``standing`` when all its milestones are ongoing."""

    final: dt.date | None
    upcoming: tuple[dt.date, ...]  # every dated deadline, sorted
    start_by: dt.date | None
    recurrence: str | None
    standing: bool


def _kind(milestone: MilestoneLike) -> str:
    return str(getattr(milestone.kind, "value", milestone.kind))


def deadlines_of(milestones: Sequence[MilestoneLike], extended_due: dt.date | None = None) -> Deadlines:
    """Collect the deadlines of the milestones (see the module docstring for the rules)."""
    dates: list[dt.date] = []
    start_by: dt.date | None = None
    recurrence: str | None = None
    kinds = {_kind(m) for m in milestones}
    for milestone in milestones:
        kind = _kind(milestone)
        if kind == MilestoneKind.START and milestone.start is not None:
            start_by = min(start_by or milestone.start, milestone.start)
        elif kind == MilestoneKind.RECURRING:
            recurrence = recurrence or milestone.recurrence or "yearly"
        elif kind != MilestoneKind.ONGOING:
            last = milestone.due or milestone.end
            if last is not None:
                dates.append(last)
    if extended_due is not None:
        dates = [d for d in dates if d < extended_due] + [extended_due]
    dates.sort()
    standing = bool(kinds) and kinds <= {MilestoneKind.ONGOING.value}
    return Deadlines(dates[-1] if dates else None, tuple(dates), start_by, recurrence, standing)


def period_bounds(on: dt.date, recurrence: str) -> tuple[dt.date, dt.date]:
    """First and last day of the recurrence period (daily … yearly) that contains ``on``."""
    if recurrence == "daily":
        return on, on
    if recurrence == "weekly":
        monday = on - dt.timedelta(days=on.weekday())
        return monday, monday + dt.timedelta(days=6)
    if recurrence in ("monthly", "quarterly"):
        months = 1 if recurrence == "monthly" else 3
        first_month = (on.month - 1) // months * months + 1
        first = dt.date(on.year, first_month, 1)
        next_first = _add_months(first, months)
        return first, next_first - dt.timedelta(days=1)
    if recurrence == "yearly":
        return dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    raise ValueError(f"unknown recurrence {recurrence!r} (daily, weekly, monthly, quarterly, yearly)")


def previous_period(on: dt.date, recurrence: str) -> tuple[dt.date, dt.date]:
    """The last fully elapsed recurrence period before the one that contains ``on``."""
    first, _ = period_bounds(on, recurrence)
    return period_bounds(first - dt.timedelta(days=1), recurrence)


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Progress:
    """序时进度 of an assignment on a date; shares in 0..1, gap in percentage points."""

    period_start: dt.date
    period_end: dt.date
    elapsed_days: int
    period_days: int
    expected_share: float
    achieved_share: float | None
    gap_pp: float | None  # expected − achieved, ×100; positive = behind
    expected_pct: float = 0.0  # expected share ×100, as shown
    achieved_pct: float | None = None  # achieved share ×100, as shown


def time_progress(
    assignment: Assignment, deadline: dt.date | None, on: dt.date, *, rounded: bool = True
) -> Progress | None:
    """序时进度 between the period start and ``deadline``; None without both dates.

    The percentages are rounded half-to-even to 0.1 (GB/T 8170); with ``rounded=False`` they are
    left raw for :func:`round_progress` to round many at once.
    """
    start = assignment.period_start or _earliest_start(assignment.milestones)
    if deadline is None or start is None or deadline < start:
        return None
    period_days = (deadline - start).days + 1
    elapsed = min(max((on - start).days + 1, 0), period_days)
    expected = elapsed / period_days
    achieved = achieved_share(assignment)
    gap = None if achieved is None else (expected - achieved) * 100
    achieved_pct = None if achieved is None else achieved * 100
    progress = Progress(
        start, deadline, elapsed, period_days, expected, achieved, gap, expected * 100, achieved_pct
    )
    return round_progress([progress])[0] if rounded else progress


def round_progress(items: Sequence[Progress | None]) -> list[Progress | None]:
    """Round the gaps and percentages of many raw progresses at once (GB/T 8170, 0.1)."""
    nan = float("nan")
    raw = np.array(
        [
            (
                p.expected_pct,
                nan if p.achieved_pct is None else p.achieved_pct,
                nan if p.gap_pp is None else p.gap_pp,
            )
            if p is not None
            else (nan, nan, nan)
            for p in items
        ],
        dtype=float,
    ).reshape(-1, 3)
    values = round_half_even(raw, 1).tolist()
    return [
        None
        if p is None
        else dataclasses.replace(
            p,
            expected_pct=expected,
            achieved_pct=None if p.achieved_pct is None else achieved,
            gap_pp=None if p.gap_pp is None else gap,
        )
        for p, (expected, achieved, gap) in zip(items, values, strict=True)
    ]


def _earliest_start(milestones: Sequence[MilestoneLike]) -> dt.date | None:
    starts = [m.start for m in milestones if m.start is not None]
    return min(starts) if starts else None


def achieved_share(assignment: Assignment) -> float | None:
    """Share achieved (0..1) from the latest report; completed work counts as 1."""
    if assignment.completed_on is not None:
        return 1.0
    for report in reversed(assignment.reports):  # the latest report that carries a figure
        if assignment.goal is not None and report.value is not None:
            span = assignment.goal.goal - assignment.goal.baseline
            if span != 0:
                return min(max((report.value - assignment.goal.baseline) / span, 0.0), 1.0)
        if report.percent is not None:
            return min(max(report.percent / 100.0, 0.0), 1.0)
    return None


@dataclass(frozen=True, slots=True)
class StateResult:
    """The schedule state with the dates and day counts it was computed from."""

    state: ScheduleState
    next_due: dt.date | None
    final_due: dt.date | None
    days_to_due: int | None  # days from the date to the next deadline
    days_overdue: int  # days past the missed deadline (0 when none)
    reason: str  # Chinese, shown beside the state


def schedule_state(assignment: Assignment, on: dt.date, due_soon_days: int) -> StateResult:
    """The schedule state of the assignment on ``on``."""
    dl = deadlines_of(assignment.milestones, assignment.extended_due)
    if assignment.completed_on is not None:
        return _completed_state(assignment.completed_on, dl)
    if dl.start_by is not None and assignment.started_on is None and on > dl.start_by:
        days = (on - dl.start_by).days
        reason = f"应于{_cn(dl.start_by)}启动，未启动，逾期 {days} 天"
        return StateResult(ScheduleState.OVERDUE, None, dl.final, None, days, reason)
    if dl.final is not None:
        return _dated_state(dl, on, due_soon_days)
    if dl.recurrence is not None:
        return _recurring_state(assignment, dl.recurrence, on)
    if dl.standing:
        return StateResult(ScheduleState.STANDING, None, None, None, 0, "长期坚持任务，不设完成时限")
    return StateResult(ScheduleState.UNSCHEDULED, None, None, None, 0, "任务未载明完成时限")


def _completed_state(completed_on: dt.date, dl: Deadlines) -> StateResult:
    if dl.final is not None and completed_on > dl.final:
        days = (completed_on - dl.final).days
        reason = f"{_cn(completed_on)}完成，晚于时限{_cn(dl.final)} {days} 天"
        return StateResult(ScheduleState.COMPLETED_LATE, None, dl.final, None, days, reason)
    return StateResult(ScheduleState.COMPLETED_ON_TIME, None, dl.final, None, 0, f"{_cn(completed_on)}完成")


def _dated_state(dl: Deadlines, on: dt.date, due_soon_days: int) -> StateResult:
    assert dl.final is not None
    if on > dl.final:
        days = (on - dl.final).days
        reason = f"时限{_cn(dl.final)}已过，未完成，逾期 {days} 天"
        return StateResult(ScheduleState.OVERDUE, None, dl.final, None, days, reason)
    next_due = next(d for d in dl.upcoming if d >= on)
    days_left = (next_due - on).days
    if days_left <= due_soon_days:
        reason = f"距时限{_cn(next_due)}还有 {days_left} 天"
        return StateResult(ScheduleState.DUE_SOON, next_due, dl.final, days_left, 0, reason)
    return StateResult(ScheduleState.NOT_DUE, next_due, dl.final, days_left, 0, f"时限{_cn(next_due)}")


def _recurring_state(assignment: Assignment, recurrence: str, on: dt.date) -> StateResult:
    _, last = period_bounds(on, recurrence)
    previous_first, previous_last = previous_period(on, recurrence)
    begun = assignment.period_start or _earliest_start(assignment.milestones)
    owes_previous = begun is None or begun <= previous_first
    reported = assignment.reported_last_period
    if reported is None:
        reported = any(previous_first <= r.reported_on <= previous_last for r in assignment.reports)
    if owes_previous and not reported:
        days = (on - previous_last).days
        reason = f"周期性任务：上一周期（{_cn(previous_first)}至{_cn(previous_last)}）未报送进展"
        return StateResult(ScheduleState.OVERDUE, last, None, (last - on).days, days, reason)
    reason = f"周期性任务：本周期截至{_cn(last)}"
    return StateResult(ScheduleState.STANDING, last, None, (last - on).days, 0, reason)


def _cn(day: dt.date) -> str:
    """A date in Chinese: 2023年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日"
