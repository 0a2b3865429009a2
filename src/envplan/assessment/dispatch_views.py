"""Read models of the dispatch pages: the colour board, the letter queue and the unit rankings of a day.

Each function returns plain dataclasses used by both the HTML page and its JSON twin. Visibility:
administrators see everything, bureau staff the assignments of plans in their region or below,
everyone else the assignments of their own unit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from envplan.assessment.colours import COLOUR_LABELS, Colour
from envplan.assessment.schedule import STATE_LABELS, ScheduleState
from envplan.assessment.work_rankings import FORMULAS, TIE_RULE, Outcome, UnitScore, rank_units
from envplan.ledger.dispatch_models import ActionCitation, DispatchRun, ScheduleSnapshot, SupervisionAction
from envplan.ledger.models import Assignment, AssignmentStatus, Plan, Task, Unit, User, UserRole
from envplan.ledger.regions import region_scope_ids

BoardQuery = Select[ScheduleSnapshot, int, str, str, str, str]
LETTER_KINDS_ISSUED = ("warning_letter", "supervision_notice", "reminder")


@dataclass(frozen=True, slots=True)
class BoardRow:
    assignment_id: int
    unit: str
    plan: str
    task_number: str
    task_title: str
    state: str
    state_label: str
    colour: str
    colour_label: str
    reason: str
    numbers: dict[str, Any]
    letters: int  # letters already issued citing this assignment


@dataclass(slots=True)
class Board:
    day: dt.date | None
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[BoardRow] = field(default_factory=list)  # yellow and red, red first

    @property
    def queue(self) -> list[BoardRow]:
        """Red assignments not yet cited by any letter: the letters to issue."""
        return [r for r in self.rows if r.colour == Colour.RED and r.letters == 0]


def latest_day(session: Session) -> dt.date | None:
    """The last day a dispatch run was recorded for."""
    return session.scalar(select(func.max(DispatchRun.day)))


def _scoped(query: BoardQuery, session: Session, actor: User) -> BoardQuery:
    if actor.role == UserRole.ADMINISTRATOR:
        return query
    if actor.role == UserRole.BUREAU_STAFF and actor.unit is not None and actor.unit.region is not None:
        return query.where(Plan.region_id.in_(region_scope_ids(session, actor.unit.region)))
    return query.where(Assignment.unit_id == actor.unit_id)


def _base(day: dt.date) -> BoardQuery:
    return (
        select(ScheduleSnapshot, Assignment.id, Unit.name, Plan.title, Task.number, Task.title)
        .join(Assignment, ScheduleSnapshot.assignment_id == Assignment.id)
        .join(Unit, Assignment.unit_id == Unit.id)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(ScheduleSnapshot.day == day)
    )


def colour_board(session: Session, actor: User, day: dt.date | None = None) -> Board:
    """Counts per colour and the yellow/red assignments of ``day`` (default: the last run)."""
    day = day or latest_day(session)
    if day is None:
        return Board(None)
    rows = session.execute(_scoped(_base(day), session, actor)).all()
    counts = Counter(snapshot.colour for snapshot, *_ in rows)
    cited = Counter(
        session.scalars(
            select(ActionCitation.assignment_id)
            .join(SupervisionAction)
            .where(SupervisionAction.kind.in_(LETTER_KINDS_ISSUED))
        )
    )
    warned = [
        _row(snapshot, assignment_id, unit, plan, number, title, cited[assignment_id])
        for snapshot, assignment_id, unit, plan, number, title in rows
        if snapshot.colour in (Colour.RED, Colour.YELLOW)
    ]
    warned.sort(key=lambda r: (r.colour != Colour.RED, r.unit, r.plan, r.task_number))
    return Board(day, {c.value: counts.get(c.value, 0) for c in Colour}, warned)


def _row(
    snapshot: ScheduleSnapshot,
    assignment_id: int,
    unit: str,
    plan: str,
    number: str,
    title: str,
    letters: int,
) -> BoardRow:
    state = ScheduleState(snapshot.state)
    colour = Colour(snapshot.colour)
    return BoardRow(
        assignment_id, unit, plan, number, title, state.value, STATE_LABELS[state], colour.value,
        COLOUR_LABELS[colour], snapshot.reason, dict(snapshot.numbers), letters,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rankings:
    day: dt.date | None
    scores: list[UnitScore]
    formulas: dict[str, str]
    tie_rule: str


def unit_rankings(session: Session, actor: User, day: dt.date | None = None) -> Rankings:
    """Rank the units holding assignments on ``day`` by on-time completion (see work_rankings)."""
    day = day or latest_day(session)
    if day is None:
        return Rankings(None, [], FORMULAS, TIE_RULE)
    rows = session.execute(_scoped(_base(day), session, actor)).all()
    outcomes = [
        Outcome(unit, ScheduleState(snapshot.state), int(snapshot.numbers.get("days_overdue") or 0))
        for snapshot, _, unit, *_ in rows
    ]
    warnings = Counter(
        name
        for (name,) in session.execute(
            select(Unit.name)
            .join(SupervisionAction, SupervisionAction.recipient_unit_id == Unit.id)
            .where(SupervisionAction.kind.in_(LETTER_KINDS_ISSUED))
        )
    )
    return Rankings(day, rank_units(outcomes, dict(warnings)), FORMULAS, TIE_RULE)


@dataclass(frozen=True, slots=True)
class ApprovalItem:
    assignment_id: int
    task_id: int
    unit: str
    plan: str
    task_number: str
    task_title: str
    kind: str  # extension (延期申请) or close_out (销号审核)
    due_date: dt.date | None
    requested_due_date: dt.date | None


def approvals_queue(session: Session, actor: User) -> list[ApprovalItem]:
    """Extension requests and completed work awaiting the bureau's decision (延期审批, 销号审核)."""
    if actor.role not in (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF):
        return []
    query = (
        select(Assignment, Unit.name, Plan.title, Task.number, Task.title)
        .join(Unit, Assignment.unit_id == Unit.id)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(
            Assignment.status.in_([AssignmentStatus.EXTENSION_REQUESTED, AssignmentStatus.PENDING_REVIEW]),
            Assignment.withdrawn.is_(False),
        )
        .order_by(Assignment.id)
    )
    if actor.role == UserRole.BUREAU_STAFF:
        region = actor.unit.region if actor.unit is not None else None
        if region is None:
            return []
        query = query.where(Plan.region_id.in_(region_scope_ids(session, region)))
    return [
        ApprovalItem(
            a.id,
            a.task_id,
            unit,
            plan,
            number,
            title,
            "extension" if a.status == AssignmentStatus.EXTENSION_REQUESTED else "close_out",
            a.due_date,
            a.requested_due_date,
        )
        for a, unit, plan, number, title in session.execute(query)
    ]
