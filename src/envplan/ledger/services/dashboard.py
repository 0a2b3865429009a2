"""Dashboard aggregates of a region scope on a given day: status, overdue, due soon, domain, unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, AssignmentStatus, Plan, Task, Unit
from envplan.ledger.services.queries import OPEN_STATUSES, _scope, month_start, overdue_condition

DUE_SOON_DAYS = 30


@dataclass(frozen=True, slots=True)
class UnitCount:
    """One unit's assignments in the scope."""

    unit_id: int
    unit_name: str
    total: int
    closed: int
    overdue: int


@dataclass(slots=True)
class Dashboard:
    """Counts of live assignments; ``by_domain[domain]`` holds status counts plus "overdue"."""

    today: dt.date
    region_id: int | None
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_within_30_days: int = 0
    standing: int = 0
    standing_unreported: int = 0  # open standing assignments without a report in today's month
    by_domain: dict[str, dict[str, int]] = field(default_factory=dict)
    by_unit: list[UnitCount] = field(default_factory=list)


def _scoped(statement: Any, scope: set[int] | None) -> Any:
    """``statement`` over live assignments joined to their task and plan, within ``scope``."""
    statement = (
        statement.select_from(Assignment)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(~Assignment.withdrawn, ~Task.withdrawn)
    )
    if scope is not None:
        statement = statement.where(Plan.region_id.in_(scope))
    return statement


def due_soon_condition(today: dt.date, days: int = DUE_SOON_DAYS) -> ColumnElement[bool]:
    """SQL: open, dated, non-standing, due from ``today`` to ``today + days`` inclusive."""
    return and_(
        ~Task.standing,
        Assignment.status.in_(OPEN_STATUSES),
        Assignment.due_date >= today,
        Assignment.due_date <= today + dt.timedelta(days=days),
    )


def unreported_condition(today: dt.date) -> ColumnElement[bool]:
    """SQL: an open standing assignment with no report since the first day of ``today``'s month."""
    return and_(
        Task.standing,
        Assignment.status.in_(OPEN_STATUSES),
        or_(Assignment.last_report_at.is_(None), Assignment.last_report_at < month_start(today)),
    )


def dashboard(
    session: Session, *, today: dt.date, region_id: int | None = None, unit_limit: int = 20
) -> Dashboard:
    """The dashboard of ``region_id`` (None: everything) on ``today``."""
    result = Dashboard(today=today, region_id=region_id)
    scope = _scope(session, region_id) if region_id is not None else None  # regions read once
    # one scan of the scope: every figure is a sum over the (domain, status) groups
    grouped = _scoped(select(Plan.domain, Assignment.status, func.count(), *_sums(today)), scope)
    rows = session.execute(grouped.group_by(Plan.domain, Assignment.status))
    for domain, status, count, late, soon, standing, unreported in rows:
        by_domain = result.by_domain.setdefault(str(domain), {"overdue": 0})
        by_domain[str(status)] = by_domain.get(str(status), 0) + count
        by_domain["overdue"] += int(late or 0)
        result.by_status[str(status)] = result.by_status.get(str(status), 0) + count
        result.total += count
        result.overdue += int(late or 0)
        result.due_within_30_days += int(soon or 0)
        result.standing += int(standing or 0)
        result.standing_unreported += int(unreported or 0)
    for status in AssignmentStatus:
        result.by_status.setdefault(status.value, 0)
    result.by_unit = _by_unit(session, today, scope, unit_limit)
    return result


def _sums(today: dt.date) -> list[Any]:
    """Per group: overdue, due within 30 days, standing, standing without a report this month."""
    conditions = (
        overdue_condition(today),
        due_soon_condition(today),
        Task.standing,
        unreported_condition(today),
    )
    return [func.sum(case((condition, 1), else_=0)) for condition in conditions]


def _by_unit(session: Session, today: dt.date, scope: set[int] | None, limit: int) -> list[UnitCount]:
    closed = func.sum(case((Assignment.status == AssignmentStatus.CLOSED, 1), else_=0))
    overdue = func.sum(case((overdue_condition(today), 1), else_=0))
    statement = (
        _scoped(select(Unit.id, Unit.name, func.count(), closed, overdue), scope)
        .join(Unit, Assignment.unit_id == Unit.id)
        .group_by(Unit.id, Unit.name)
        .order_by(overdue.desc(), func.count().desc(), Unit.name)
        .limit(limit)
    )
    return [
        UnitCount(uid, name, n, int(c or 0), int(o or 0)) for uid, name, n, c, o in session.execute(statement)
    ]
