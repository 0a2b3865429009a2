"""Warning colours (预警等级) of assignments on a date, each with its reason and numbers.

Rules, by precedence (thresholds from :class:`~envplan.assessment.policy.WarningPolicy`):

* **red** (红色): the assignment is overdue (see :mod:`envplan.assessment.schedule`);
* **yellow** (黄色): more than ``progress_tolerance_pp`` behind 序时进度, or a poor-quality report:
  latest 进展情况 shorter than ``min_report_chars``, identical (text and percentage) to the
  previous report, or no report for more than ``report_interval_days``;
* **blue** (蓝色): the next deadline is within ``due_soon_days``;
* otherwise none.

Red is sticky: an assignment red on the previous day stays red, even when no longer overdue (for
example after an approved extension), until its 序时进度 gap is made up (gap ≤ 0 or completed); it
is then yellow for that day, and from the next day follows the rules above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from envplan.assessment.policy import PolicySet, WarningPolicy
from envplan.assessment.schedule import (
    STATE_LABELS,
    Assignment,
    Progress,
    ScheduleState,
    StateResult,
    round_progress,
    schedule_state,
    time_progress,
)

Number = int | float | str | None


class Colour(StrEnum):
    NONE = "none"
    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"


COLOUR_LABELS = {Colour.NONE: "无", Colour.BLUE: "蓝色", Colour.YELLOW: "黄色", Colour.RED: "红色"}
_OPEN = {ScheduleState.NOT_DUE, ScheduleState.DUE_SOON, ScheduleState.OVERDUE, ScheduleState.STANDING}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Schedule state and colour of one assignment on one date, with how they were computed."""

    key: str
    on: dt.date
    state: ScheduleState
    colour: Colour
    reason: str  # the reason of the colour, Chinese
    state_reason: str
    numbers: dict[str, Number]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS[self.colour]


def report_quality_issue(assignment: Assignment, on: dt.date, policy: WarningPolicy) -> str | None:
    """Why the reporting of an open assignment is poor (Chinese), or None when it is fine."""
    reports = [r for r in assignment.reports if r.reported_on <= on]
    if reports:
        latest = reports[-1]
        chars = len("".join(latest.progress_text.split()))
        if chars < policy.min_report_chars:
            limit = policy.min_report_chars
            return f"{_cn(latest.reported_on)}报送的进展情况为空或过于简略（{chars} 字，少于 {limit} 字）"
        if policy.flag_unchanged_report and len(reports) >= 2:
            previous = reports[-2]
            same_text = previous.progress_text.strip() == latest.progress_text.strip()
            if same_text and previous.percent == latest.percent:
                dates = f"{_cn(latest.reported_on)}报送的进展情况与上期（{_cn(previous.reported_on)}）"
                return f"{dates}相同，无实质进展"
        since = latest.reported_on
    elif assignment.period_start is not None:
        since = assignment.period_start
    else:
        return None
    silent = (on - since).days
    if silent > policy.report_interval_days:
        return f"已 {silent} 天未报送进展（超过 {policy.report_interval_days} 天）"
    return None


def evaluate(
    assignment: Assignment, on: dt.date, policy: WarningPolicy, previous: Colour | None = None
) -> Evaluation:
    """Evaluate one assignment on ``on``; ``previous`` is its colour on the day before."""
    state = schedule_state(assignment, on, policy.due_soon_days)
    progress = time_progress(assignment, state.final_due or state.next_due, on)
    return _decide(assignment, on, policy, previous, state, progress)


def _decide(
    assignment: Assignment,
    on: dt.date,
    policy: WarningPolicy,
    previous: Colour | None,
    state: StateResult,
    progress: Progress | None,
) -> Evaluation:
    colour, reason = _raw_colour(assignment, on, policy, state, progress)
    if previous == Colour.RED and colour != Colour.RED:
        colour, reason = _after_red(state, progress)
    numbers = _numbers(on, policy, state, progress, previous)
    return Evaluation(assignment.key, on, state.state, colour, reason, state.reason, numbers)


def _raw_colour(
    assignment: Assignment,
    on: dt.date,
    policy: WarningPolicy,
    state: StateResult,
    progress: Progress | None,
) -> tuple[Colour, str]:
    if state.state == ScheduleState.OVERDUE:
        return Colour.RED, f"红色预警：{state.reason}"
    if state.state not in _OPEN:
        return Colour.NONE, state.reason
    if (
        progress is not None
        and progress.gap_pp is not None
        and progress.gap_pp > policy.progress_tolerance_pp
    ):
        tolerance = figure_text(policy.progress_tolerance_pp)
        return (
            Colour.YELLOW,
            f"黄色预警：{_gap_text(progress)}，超过容许的 {tolerance} 个百分点",
        )
    issue = report_quality_issue(assignment, on, policy)
    if issue is not None:
        return Colour.YELLOW, f"黄色预警：{issue}"
    if state.state == ScheduleState.DUE_SOON:
        return Colour.BLUE, f"蓝色提醒：{state.reason}（提醒期 {policy.due_soon_days} 天）"
    return Colour.NONE, state.reason


def _after_red(state: StateResult, progress: Progress | None) -> tuple[Colour, str]:
    completed = state.state in (ScheduleState.COMPLETED_LATE, ScheduleState.COMPLETED_ON_TIME)
    if completed:
        return Colour.YELLOW, f"红色预警降为黄色：任务已完成（{state.reason}），差距已补齐"
    if progress is not None and progress.gap_pp is not None and progress.gap_pp <= 0:
        return Colour.YELLOW, f"红色预警降为黄色：序时进度差距已补齐（{_gap_text(progress)}）"
    detail = _gap_text(progress) if progress is not None and progress.gap_pp is not None else "进度未报送"
    return Colour.RED, f"红色预警保持：前一日为红色，序时进度差距尚未补齐（{detail}）"


def _gap_text(progress: Progress) -> str:
    expected = progress.expected_pct
    achieved = progress.achieved_pct or 0.0
    gap = progress.gap_pp or 0.0
    direction = (
        f"落后序时进度 {figure_text(gap)} 个百分点"
        if gap > 0
        else f"领先或持平序时进度 {figure_text(-gap)} 个百分点"
    )
    return f"应完成 {figure_text(expected)}%，实际完成 {figure_text(achieved)}%，{direction}"


def _numbers(
    on: dt.date, policy: WarningPolicy, state: StateResult, progress: Progress | None, previous: Colour | None
) -> dict[str, Number]:
    numbers: dict[str, Number] = {
        "date": on.isoformat(),
        "next_due": state.next_due.isoformat() if state.next_due else None,
        "final_due": state.final_due.isoformat() if state.final_due else None,
        "days_to_due": state.days_to_due,
        "days_overdue": state.days_overdue,
        "due_soon_days": policy.due_soon_days,
        "tolerance_pp": policy.progress_tolerance_pp,
        "previous_colour": previous.value if previous else None,
    }
    if progress is not None:
        numbers.update(
            period_start=progress.period_start.isoformat(),
            elapsed_days=progress.elapsed_days,
            period_days=progress.period_days,
            expected_pct=progress.expected_pct,
            achieved_pct=progress.achieved_pct,
            gap_pp=progress.gap_pp,
        )
    return numbers


def evaluate_all(
    assignments: Iterable[Assignment],
    on: dt.date,
    policies: PolicySet,
    previous: Mapping[str, Colour] | None = None,
) -> list[Evaluation]:
    """Evaluate many assignments; ``previous`` maps keys to the colour of the day before."""
    previous = previous or {}
    items = list(assignments)
    chosen = [policies.for_region(a.region) for a in items]
    states = [schedule_state(a, on, p.due_soon_days) for a, p in zip(items, chosen, strict=True)]
    raw = [
        time_progress(a, s.final_due or s.next_due, on, rounded=False)
        for a, s in zip(items, states, strict=True)
    ]
    return [
        _decide(a, on, p, previous.get(a.key), s, g)
        for a, p, s, g in zip(items, chosen, states, round_progress(raw), strict=True)
    ]


def figure_text(value: float) -> str:
    """A figure shown with at most one decimal: 12.5, 10 (not 10.0)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
