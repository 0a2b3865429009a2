"""Work bulletins from the ledger: two days' snapshots, the letters issued between them, the ranks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.colours import Colour
from envplan.assessment.schedule import ScheduleState
from envplan.assessment.work_rankings import Outcome, UnitScore, rank_units
from envplan.ledger.dispatch_models import ACTION_LABELS, ScheduleSnapshot, SupervisionAction
from envplan.ledger.models import Assignment, Plan, Task, Unit
from envplan.reports.bulletins import (
    Bulletin,
    BulletinKind,
    IssuedLetter,
    Snapshot,
    TaskLine,
    compose_bulletin,
)

LETTER_KINDS = ("warning_letter", "supervision_notice", "reminder")


def snapshot_of(session: Session, day: dt.date) -> Snapshot:
    """Every assignment's stored state on ``day`` (empty when the day was not run)."""
    rows = session.execute(
        select(ScheduleSnapshot, Unit.name, Plan.title, Task.number, Task.title)
        .join(Assignment, ScheduleSnapshot.assignment_id == Assignment.id)
        .join(Unit, Assignment.unit_id == Unit.id)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(ScheduleSnapshot.day == day)
    ).all()
    lines = {
        str(s.assignment_id): TaskLine(
            str(s.assignment_id),
            unit,
            plan,
            number,
            title,
            ScheduleState(s.state),
            Colour(s.colour),
            s.reason,
            int(s.numbers.get("days_overdue") or 0),
        )
        for s, unit, plan, number, title in rows
    }
    return Snapshot(day, lines)


def ranks_of(snapshot: Snapshot) -> list[UnitScore]:
    outcomes = [Outcome(line.unit, line.state, line.days_late) for line in snapshot.lines.values()]
    return rank_units(outcomes)


def letters_between(session: Session, after: dt.date | None, until: dt.date) -> list[IssuedLetter]:
    query = (
        select(SupervisionAction)
        .where(SupervisionAction.kind.in_(LETTER_KINDS), SupervisionAction.as_of <= until)
        .order_by(SupervisionAction.id)
    )
    if after is not None:
        query = query.where(SupervisionAction.as_of > after)
    return [
        IssuedLetter(
            a.doc_number or "—",
            ACTION_LABELS[a.kind],
            a.recipient_unit.name if a.recipient_unit else "—",
            len(a.citations),
        )
        for a in session.scalars(query)
    ]


def bulletin_from_ledger(
    session: Session, kind: BulletinKind, issuer: str, serial: int, day: dt.date, since: dt.date | None
) -> Bulletin:
    """The bulletin of the period (``since``, ``day``]; ``since`` None for the first one."""
    current = snapshot_of(session, day)
    if not current.lines:
        raise ValueError(f"no dispatch run for {day}: run 'envplan dispatch run --date {day}' first")
    previous = snapshot_of(session, since) if since is not None else None
    if previous is not None and not previous.lines:
        raise ValueError(f"no dispatch run for {since}: the bulletin compares two run days")
    ranks_before = ranks_of(previous) if previous is not None else []
    return compose_bulletin(
        kind,
        issuer,
        serial,
        previous,
        current,
        letters_between(session, since, day),
        ranks_before,
        ranks_of(current),
    )
