"""Dashboard aggregates of a region scope on a given day: status, overdue, due soon, domain, unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Date, and_, bindparam, case, func, or_, select
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


# The day's parameters: the statements are built once (per scoped / unscoped and unit limit) and
# executed with these values, so no condition, option or cache key is rebuilt per request.
TODAY = bindparam("today", type_=Date())
SOON_UNTIL = bindparam("soon_until", type_=Date())  # today + DUE_SOON_DAYS
MONTH_START = bindparam("month_start", type_=Assignment.last_report_at.type)
SCOPE: BindParameter[list[int]] = bindparam("scope", expanding=True)  # region ids


def _scoped(statement: Any, scoped: bool) -> Any:
    """``statement`` over live assignments joined to their task and plan (within SCOPE if ``scoped``)."""
    statement = (
        statement.select_from(Assignment)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(~Assignment.withdrawn, ~Task.withdrawn)
    )
    return statement.where(Plan.region_id.in_(SCOPE)) if scoped else statement


def due_soon_condition(today: Any, until: Any) -> ColumnElement[bool]:
    """SQL: open, dated, non-standing, due from ``today`` to ``until`` inclusive."""
    return and_(
        ~Task.standing,
        Assignment.status.in_(OPEN_STATUSES),
        Assignment.due_date >= today,
        Assignment.due_date <= until,
    )


def unreported_condition(since: Any) -> ColumnElement[bool]:
    """SQL: an open standing assignment with no report since ``since`` (its month's first day)."""
    return and_(
        Task.standing,
        Assignment.status.in_(OPEN_STATUSES),
        or_(Assignment.last_report_at.is_(None), Assignment.last_report_at < since),
    )


def _grouped_statement(scoped: bool) -> Any:
    """Per (domain, status): count, overdue, due within 30 days, standing, standing unreported."""
    conditions = (
        overdue_condition(TODAY),
        due_soon_condition(TODAY, SOON_UNTIL),
        Task.standing,
        unreported_condition(MONTH_START),
    )
    sums = [func.sum(case((condition, 1), else_=0)) for condition in conditions]
    statement = _scoped(select(Plan.domain, Assignment.status, func.count(), *sums), scoped)
    return statement.group_by(Plan.domain, Assignment.status)


def _by_unit_statement(scoped: bool, limit: int) -> Any:
    closed = func.sum(case((Assignment.status == AssignmentStatus.CLOSED, 1), else_=0))
    overdue = func.sum(case((overdue_condition(TODAY), 1), else_=0))
    return (
        _scoped(select(Unit.id, Unit.name, func.count(), closed, overdue), scoped)
        .join(Unit, Assignment.unit_id == Unit.id)
        .group_by(Unit.id, Unit.name)
        .order_by(overdue.desc(), func.count().desc(), Unit.name)
        .limit(limit)
    )


_GROUPED = {scoped: _grouped_statement(scoped) for scoped in (True, False)}
_BY_UNIT: dict[tuple[bool, int], Any] = {}


def dashboard(
    session: Session, *, today: dt.date, region_id: int | None = None, unit_limit: int = 20
) -> Dashboard:
    """The dashboard of ``region_id`` (None: everything) on ``today``."""
    result = Dashboard(today=today, region_id=region_id)
    values: dict[str, Any] = {
        "today": today,
        "soon_until": today + dt.timedelta(days=DUE_SOON_DAYS),
        "month_start": month_start(today),
    }
    if region_id is not None:
        values["scope"] = sorted(_scope(session, region_id))
    scoped = region_id is not None
    # one scan of the scope: every figure is a sum over the (domain, status) groups
    for domain, status, count, late, soon, standing, unreported in session.execute(_GROUPED[scoped], values):
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
    by_unit = _BY_UNIT.get((scoped, unit_limit))
    if by_unit is None:
        by_unit = _BY_UNIT[(scoped, unit_limit)] = _by_unit_statement(scoped, unit_limit)
    result.by_unit = [
        UnitCount(uid, name, n, int(c or 0), int(o or 0))
        for uid, name, n, c, o in session.execute(by_unit, values)
    ]
    return result
