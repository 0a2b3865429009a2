"""Rankings of work (工作排名) per county or per department, with the formulas shown beside them.

Each unit is scored on the assignments it holds (one row per assignment, from the daily
evaluation): on-time completion rate, overdue count, warnings received and average delay. Units
are ranked by the on-time completion rate (higher first), then by the average delay (fewer days
first; a unit with no late assignment counts 0 d), both as displayed (rounded to 0.1), with standard
competition ranking: units equal on both keys share a rank and the next rank is skipped
(1, 2, 2, 4); the table lists tied units in name order. Both keys are columns of the table, so a
rank never depends on a criterion the table does not show. Units with nothing due are not ranked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from envplan.assessment.colours import Evaluation
from envplan.assessment.schedule import ScheduleState
from envplan.standards.rounding import round_half_even_scalar

FORMULAS: dict[str, str] = {
    "on_time_rate": "按期完成率 = 按期完成任务数 ÷ 应完成任务数 × 100%（应完成任务：时限已到或已完成的任务）",
    "overdue": "逾期任务数 = 时限已过仍未完成的任务数",
    "warnings": "收到预警数 = 统计期内收到的预警函、督办单、催办件数量",
    "average_delay": "平均延误天数 = Σ(逾期未完成任务的逾期天数 + 逾期完成任务的延误天数) ÷ 上述任务数",
}
TIE_RULE = (
    "按按期完成率由高到低排名；完成率（保留一位小数）相同的，按平均延误天数（保留一位小数，"
    "无延误任务的按0天计）由少到多排名；两项均相同者并列，其后名次顺延跳位（如1、2、2、4）；"
    "尚无应完成任务的单位不参与排名。"
)
RankKey = TypeVar("RankKey", float, tuple[float, float])


@dataclass(frozen=True, slots=True)
class Outcome:
    """One assignment's contribution to its unit's score."""

    unit: str
    state: ScheduleState
    days_late: int  # days overdue so far, or days a completion came late [d]


@dataclass(frozen=True, slots=True)
class UnitScore:
    unit: str
    assignments: int
    due: int  # 应完成任务数
    on_time: int
    completed_late: int
    overdue: int
    warnings: int
    on_time_rate: float | None  # [%], one decimal; None when nothing is due
    average_delay_days: float | None  # [d], one decimal; None without a late assignment
    rank: int | None


def outcomes_from(evaluations: Iterable[Evaluation], unit_of: Mapping[str, str]) -> list[Outcome]:
    """Outcomes of evaluated assignments; ``unit_of`` maps an assignment key to its unit."""
    return [
        Outcome(unit_of[e.key], e.state, int(e.numbers.get("days_overdue") or 0))
        for e in evaluations
        if e.key in unit_of
    ]


def _is_due(outcome: Outcome) -> bool:
    return outcome.state in (
        ScheduleState.OVERDUE,
        ScheduleState.COMPLETED_ON_TIME,
        ScheduleState.COMPLETED_LATE,
    )


def score_unit(unit: str, outcomes: Sequence[Outcome], warnings: int) -> UnitScore:
    """The unit's figures by the formulas of :data:`FORMULAS`."""
    due = [o for o in outcomes if _is_due(o)]
    on_time = sum(o.state == ScheduleState.COMPLETED_ON_TIME for o in due)
    late = [o for o in due if o.state in (ScheduleState.OVERDUE, ScheduleState.COMPLETED_LATE)]
    rate = round_half_even_scalar(on_time / len(due) * 100, 1) if due else None
    delay = round_half_even_scalar(sum(o.days_late for o in late) / len(late), 1) if late else None
    return UnitScore(
        unit=unit,
        assignments=len(outcomes),
        due=len(due),
        on_time=on_time,
        completed_late=sum(o.state == ScheduleState.COMPLETED_LATE for o in due),
        overdue=sum(o.state == ScheduleState.OVERDUE for o in due),
        warnings=warnings,
        on_time_rate=rate,
        average_delay_days=delay,
        rank=None,
    )


def competition_ranks(values: Sequence[RankKey]) -> list[int]:
    """Standard competition ranks of ``values``, higher first: [90, 80, 80, 70] → [1, 2, 2, 4].

    Tuples compare key by key (the second key breaks ties of the first)."""
    ordered = sorted(values, reverse=True)
    first_position: dict[RankKey, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return [first_position[value] for value in values]


def rank_units(
    outcomes: Iterable[Outcome], warnings: Mapping[str, int] | None = None, units: Iterable[str] = ()
) -> list[UnitScore]:
    """Score and rank every unit; ``units`` adds units that hold no assignment (listed unranked)."""
    warnings = warnings or {}
    by_unit: dict[str, list[Outcome]] = defaultdict(list)
    for unit in units:
        by_unit.setdefault(unit, [])
    for outcome in outcomes:
        by_unit[outcome.unit].append(outcome)
    scores = [score_unit(unit, rows, warnings.get(unit, 0)) for unit, rows in by_unit.items()]
    ranked = [s for s in scores if s.on_time_rate is not None]
    ranks = competition_ranks([rank_key(s) for s in ranked])
    result = [_with_rank(s, r) for s, r in zip(ranked, ranks, strict=True)]
    result.sort(key=lambda s: (s.rank or 0, s.unit))
    return result + sorted((s for s in scores if s.on_time_rate is None), key=lambda s: s.unit)


def rank_key(score: UnitScore) -> tuple[float, float]:
    """(按期完成率 [%], −平均延误天数 [d]): higher ranks first; no late assignment counts 0 d."""
    return (score.on_time_rate or 0.0, -(score.average_delay_days or 0.0))


def _with_rank(score: UnitScore, rank: int) -> UnitScore:
    return replace(score, rank=rank)


def rank_changes(previous: Sequence[UnitScore], current: Sequence[UnitScore]) -> dict[str, int]:
    """Rank change per unit between two rankings (positive = moved up); units ranked in both only."""
    before = {s.unit: s.rank for s in previous if s.rank is not None}
    return {s.unit: before[s.unit] - s.rank for s in current if s.rank is not None and s.unit in before}


def ranking_period_label(start: dt.date, end: dt.date) -> str:
    """统计期 text: 2023年7月1日至2023年7月31日."""
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
