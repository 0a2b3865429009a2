"""The daily dispatch run: evaluate every open assignment of the ledger on a day and store it.

``run_day(session, day)`` reads the assignments with their milestones, reports and status events,
the region policies and the previous day's colours; evaluates them
(:func:`envplan.assessment.colours.evaluate_all`); replaces the day's snapshots; sends the unit
officers one digest per day and a message per assignment newly red or yellow
(:mod:`envplan.assessment.daily_notices`); and records the run. Running a day again gives the same
snapshots and no second notification (idempotent); when the ledger or a policy changed in between,
the day's unread digests are updated in place. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from envplan.assessment.colours import Colour, Evaluation, evaluate_all
from envplan.assessment.daily_notices import baseline_colours, notify_day
from envplan.assessment.policy import PolicySet, WarningPolicy, policy_from_mapping
from envplan.assessment.schedule import Assignment as ScheduleInput
from envplan.assessment.schedule import Report, previous_period
from envplan.documents.model import Milestone as ModelMilestone
from envplan.documents.model import MilestoneKind
from envplan.ledger.dispatch_models import DispatchRun, ScheduleSnapshot, WarningPolicyRow
from envplan.ledger.models import (
    Assignment,
    AssignmentStatus,
    Milestone,
    Plan,
    ProgressReport,
    Region,
    StatusEvent,
    Task,
    utcnow,
)
from envplan.ledger.services.audit import record

_DONE = (AssignmentStatus.PENDING_REVIEW, AssignmentStatus.CLOSED)


@dataclass(frozen=True, slots=True)
class RunResult:
    day: dt.date
    evaluated: int
    colours: dict[str, int]
    notified: int  # messages inserted
    digests_updated: int = 0  # unread digests of the day rewritten by a re-run (daily_notices)


def region_policies(session: Session) -> PolicySet:
    """Policies keyed by region id (as text), each region inheriting its nearest ancestor's."""
    rows = {row.region_id: row.values for row in session.scalars(select(WarningPolicyRow))}
    default = policy_from_mapping(dict(rows.get(None, {})), WarningPolicy(), "policy [default]")
    parents: dict[int, int | None] = {
        rid: parent for rid, parent in session.execute(select(Region.id, Region.parent_id))
    }
    resolved: dict[str, WarningPolicy] = {}
    for region_id in parents:
        chain: list[int] = []
        current: int | None = region_id
        while current is not None:
            chain.append(current)
            current = parents.get(current)
        policy = default
        for ancestor in reversed(chain):
            if ancestor in rows:
                policy = policy_from_mapping(dict(rows[ancestor]), policy, f"policy [region {ancestor}]")
        resolved[str(region_id)] = policy
    return PolicySet(default=default, regions=resolved)


def load_inputs(session: Session, day: dt.date) -> list[ScheduleInput]:
    """Every open (not withdrawn) assignment as the schedule rules see it on ``day``.

    Only what the rules use is read: the two latest reports made by the day, whether recurring
    work was reported in its last elapsed period, and the day each assignment was submitted.
    """
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.task_id,
            Assignment.status,
            Assignment.due_date,
            Assignment.updated_at,
            Task.due_date,
            Plan.period_start,
            Plan.region_id,
        )
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(Assignment.withdrawn.is_(False), Task.withdrawn.is_(False))
        .order_by(Assignment.id)
    ).all()
    milestones = _milestones(session)
    reports = _latest_reports(session, day)
    reported_last = _reported_last_period(session, milestones, day)
    completed = _completion_dates(session)
    inputs = []
    for assignment_id, task_id, status, due, updated_at, task_due, period_start, region_id in rows:
        own = reports.get(assignment_id, [])
        recurrence = _recurrence(milestones.get(task_id, []))
        started = own[0].reported_on if own else None
        if started is None and status != AssignmentStatus.NOT_STARTED:
            started = updated_at.date()
        inputs.append(
            ScheduleInput(
                key=str(assignment_id),
                milestones=milestones.get(task_id, []),
                region=str(region_id) if region_id is not None else None,
                period_start=dt.date(period_start, 1, 1) if period_start else None,
                started_on=started,
                completed_on=completed.get(assignment_id) if status in _DONE else None,
                extended_due=due if task_due and due and due > task_due else None,
                reports=own,
                reported_last_period=None
                if recurrence is None
                else assignment_id in reported_last[recurrence],
            )
        )
    return inputs


def _recurrence(milestones: list[ModelMilestone]) -> str | None:
    for milestone in milestones:
        if milestone.kind == MilestoneKind.RECURRING:
            return milestone.recurrence or "yearly"
    return None


def _milestones(session: Session) -> dict[int, list[ModelMilestone]]:
    result: dict[int, list[ModelMilestone]] = defaultdict(list)
    query = select(
        Milestone.task_id, Milestone.text, Milestone.kind, Milestone.due, Milestone.start, Milestone.end,
        Milestone.recurrence,
    ).order_by(Milestone.task_id, Milestone.position)  # fmt: skip
    for task_id, text, kind, due, start, end, recurrence in session.execute(query):
        result[task_id].append(ModelMilestone(text, MilestoneKind(kind), due, start, end, recurrence))
    return result


def _end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def _latest_reports(session: Session, day: dt.date) -> dict[int, list[Report]]:
    """The two latest reports of each assignment made by ``day``, oldest first."""
    order = func.row_number().over(
        partition_by=ProgressReport.assignment_id,
        order_by=(ProgressReport.reported_at.desc(), ProgressReport.id.desc()),
    )
    ranked = (
        select(
            ProgressReport.assignment_id,
            ProgressReport.reported_at,
            ProgressReport.completion_percent,
            ProgressReport.progress,
            order.label("recency"),
        )
        .where(ProgressReport.reported_at < _end_of(day))
        .subquery()
    )
    query = (
        select(ranked).where(ranked.c.recency <= 2).order_by(ranked.c.assignment_id, ranked.c.recency.desc())
    )
    result: dict[int, list[Report]] = defaultdict(list)
    for assignment_id, reported_at, percent, progress, _ in session.execute(query):
        at = (
            reported_at
            if isinstance(reported_at, dt.datetime)
            else dt.datetime.fromisoformat(str(reported_at))
        )
        result[assignment_id].append(Report(at.date(), percent, progress or ""))
    return result


def _reported_last_period(
    session: Session, milestones: dict[int, list[ModelMilestone]], day: dt.date
) -> dict[str, set[int]]:
    """Per recurrence, the assignments with a report in the last elapsed period before ``day``."""
    found: dict[str, set[int]] = defaultdict(set)
    for recurrence in {r for ms in milestones.values() if (r := _recurrence(ms)) is not None}:
        first, last = previous_period(day, recurrence)
        query = select(ProgressReport.assignment_id).where(
            ProgressReport.reported_at >= _end_of(first - dt.timedelta(days=1)),
            ProgressReport.reported_at < _end_of(last),
        )
        found[recurrence] = set(session.scalars(query.distinct()))
    return found


def _completion_dates(session: Session) -> dict[int, dt.date]:
    """The day each assignment was last submitted as completed (待审核)."""
    query = (
        select(StatusEvent.assignment_id, StatusEvent.at)
        .where(StatusEvent.new_status == AssignmentStatus.PENDING_REVIEW)
        .order_by(StatusEvent.id)
    )
    return {assignment_id: at.date() for assignment_id, at in session.execute(query)}


def previous_colours(session: Session, day: dt.date) -> dict[str, Colour]:
    """Colours stored for the day before ``day``."""
    query = select(ScheduleSnapshot.assignment_id, ScheduleSnapshot.colour).where(
        ScheduleSnapshot.day == day - dt.timedelta(days=1)
    )
    return {str(assignment_id): Colour(colour) for assignment_id, colour in session.execute(query)}


_SNAPSHOT_COLUMNS = ("assignment_id", "day", "state", "colour", "reason", "state_reason", "numbers")


def store_snapshots(session: Session, day: dt.date, evaluations: Iterable[Evaluation]) -> None:
    """Replace the day's snapshots with ``evaluations`` (PostgreSQL: by COPY, much faster)."""
    session.execute(delete(ScheduleSnapshot).where(ScheduleSnapshot.day == day))
    rows = [
        (int(e.key), day, e.state.value, e.colour.value, e.reason, e.state_reason, e.numbers)
        for e in evaluations
    ]
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        _copy_snapshots(session, rows)
    else:
        session.execute(
            insert(ScheduleSnapshot), [dict(zip(_SNAPSHOT_COLUMNS, row, strict=True)) for row in rows]
        )


def _copy_snapshots(session: Session, rows: list[tuple[Any, ...]]) -> None:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    statement = f"COPY schedule_snapshots ({', '.join(_SNAPSHOT_COLUMNS)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row[:-1], json.dumps(row[-1], ensure_ascii=False)))


def run_day(session: Session, day: dt.date) -> RunResult:
    """Evaluate, store, notify and record the run of ``day`` (idempotent)."""
    policies = region_policies(session)
    previous = previous_colours(session, day)
    baseline = baseline_colours(session, day)
    evaluations = evaluate_all(load_inputs(session, day), day, policies, previous)
    store_snapshots(session, day, evaluations)
    notified = notify_day(session, day, evaluations, baseline)
    counts = {colour.value: sum(e.colour == colour for e in evaluations) for colour in Colour}
    run = session.scalar(select(DispatchRun).where(DispatchRun.day == day)) or DispatchRun(day=day)
    run.started_at = run.started_at or utcnow()
    run.finished_at = utcnow()
    run.counts = {"evaluated": len(evaluations), **counts}
    session.add(run)
    session.flush()
    record(session, None, "dispatch.run", "dispatch_run", run.id, day=day.isoformat(), counts=run.counts)
    return RunResult(day, len(evaluations), counts, notified.inserted, notified.updated)
