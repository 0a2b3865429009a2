"""Reads for the pages and the JSON API: the ledger table, "my tasks", task detail, plans.

The ledger (台账) has one row per live assignment (task × unit × role). ``today`` is always passed
in, so that pages, tests and reports agree on what is overdue. Overdue: a dated, non-standing
assignment still open (未启动, 推进中, 延期申请中) after its deadline; standing tasks never are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from envplan.ledger.db import is_sqlite
from envplan.ledger.errors import LedgerValidationError, NotFound
from envplan.ledger.models import (
    ROLE_LABELS,
    STATUS_LABELS,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Document,
    Plan,
    ProgressReport,
    Region,
    StatusEvent,
    Task,
    Unit,
    User,
)
from envplan.ledger.regions import region_scope_ids

OPEN_STATUSES = (
    AssignmentStatus.NOT_STARTED,
    AssignmentStatus.IN_PROGRESS,
    AssignmentStatus.EXTENSION_REQUESTED,
)
SORTS: dict[str, Any] = {
    "due_date": (Assignment.due_date.is_(None), Assignment.due_date, Task.position, Assignment.id),
    "-due_date": (Assignment.due_date.is_(None), Assignment.due_date.desc(), Assignment.id),
    "task": (Plan.id, Task.position, Assignment.id),
    "unit": (Unit.name, Assignment.due_date, Assignment.id),
    "status": (Assignment.status, Assignment.due_date, Assignment.id),
    "updated": (Assignment.updated_at, Assignment.id),
    "-updated": (Assignment.updated_at.desc(), Assignment.id.desc()),
    "completion": (Assignment.completion_percent.is_(None), Assignment.completion_percent, Assignment.id),
}
MAX_PAGE_SIZE = 500
ROLE_ORDER = list(AssignmentRole)  # lead, cooperating, responsible


@dataclass(slots=True)
class LedgerQuery:
    """Filters, sort and page of the ledger table (every field optional)."""

    region_id: int | None = None  # plans of this region or below
    domain: str | None = None  # water, air, soil, groundwater, other
    unit_id: int | None = None
    role: str | None = None  # lead, cooperating, responsible
    status: str | None = None  # an AssignmentStatus value, or "overdue"
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    text: str | None = None  # every word (space-separated) in task number, title, text, unit or plan title
    plan_id: int | None = None
    document_id: int | None = None
    sort: str = "due_date"  # a key of SORTS
    page: int = 1
    page_size: int = 50


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One row of the ledger table."""

    assignment_id: int
    version: int
    task_id: int
    task_number: str
    task_title: str
    plan_id: int
    plan_title: str
    domain: str
    unit_id: int
    unit_name: str
    role: str
    role_label: str
    status: str
    status_label: str
    due_date: dt.date | None
    standing: bool
    overdue: bool
    days_left: int | None  # negative when overdue; None without a date
    completion_percent: float | None  # [%]
    last_report_at: dt.datetime | None
    report_missing: bool = False  # standing task without a report in today's month (报送提醒)


@dataclass(slots=True)
class LedgerPage:
    """A page of ledger rows and the number of rows of all pages."""

    rows: list[LedgerRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def overdue_condition(today: dt.date | ColumnElement[dt.date]) -> ColumnElement[bool]:
    """SQL: the assignment is overdue on ``today`` (a date, or a bound parameter for one)."""
    return and_(
        ~Task.standing,
        Assignment.due_date.is_not(None),
        Assignment.due_date < today,
        Assignment.status.in_(OPEN_STATUSES),
    )


ROW_COLUMNS = (
    Assignment.id.label("assignment_id"),
    Assignment.version,
    Assignment.role,
    Assignment.status,
    Assignment.due_date,
    Assignment.completion_percent,
    Assignment.last_report_at,
    Task.id.label("task_id"),
    Task.number.label("task_number"),
    Task.title.label("task_title"),
    Task.standing,
    Plan.id.label("plan_id"),
    Plan.title.label("plan_title"),
    Plan.domain,
    Unit.id.label("unit_id"),
    Unit.name.label("unit_name"),
)  # only what a ledger row shows: no clause JSON or task text is loaded or decoded


def _build_base(*, with_unit: bool) -> Any:
    statement = (
        select(*ROW_COLUMNS)
        .join(Task, Assignment.task_id == Task.id)
        .join(Plan, Task.plan_id == Plan.id)
        .where(~Assignment.withdrawn, ~Task.withdrawn)
    )
    if not with_unit:  # every assignment has its unit (foreign key): the join cannot drop rows
        return statement.with_only_columns(Assignment.id)
    return statement.join(Unit, Assignment.unit_id == Unit.id)


_BASES = {with_unit: _build_base(with_unit=with_unit) for with_unit in (True, False)}


def _base(*, with_unit: bool = True) -> Any:
    """Live assignments joined to task, plan (and unit): built once, statements are immutable."""
    return _BASES[with_unit]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_filters(session: Session, statement: Any, query: LedgerQuery, today: dt.date) -> Any:
    """``statement`` (over Assignment, Task, Plan, Unit) narrowed by ``query``."""
    return statement.where(*ledger_conditions(session, query, today))


def ledger_conditions(session: Session, query: LedgerQuery, today: dt.date) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``query`` (over Assignment, Task, Plan; Unit for a text search)."""
    conditions: list[ColumnElement[bool]] = []
    if query.region_id is not None:
        conditions.append(Plan.region_id.in_(_scope(session, query.region_id)))
    if query.domain:
        conditions.append(Plan.domain == query.domain)
    if query.unit_id is not None:
        conditions.append(Assignment.unit_id == query.unit_id)
    if query.role:
        conditions.append(Assignment.role == query.role)
    if query.status == "overdue":
        conditions.append(overdue_condition(today))
    elif query.status:
        conditions.append(Assignment.status == _status(query.status))
    if query.due_from is not None:
        conditions.append(Assignment.due_date >= query.due_from)
    if query.due_to is not None:
        conditions.append(Assignment.due_date <= query.due_to)
    if query.plan_id is not None:
        conditions.append(Plan.id == query.plan_id)
    if query.document_id is not None:
        conditions.append(Plan.document_id == query.document_id)
    if query.text and query.text.split():
        conditions.extend(_text_conditions(session, query.text))
    return conditions


MAX_SEARCH_WORDS = 8
SEARCHED_COLUMNS = (Task.number, Task.title, Task.text, Unit.name, Plan.title)


def _text_conditions(session: Session, text: str) -> list[ColumnElement[bool]]:
    """Every word of ``text`` (split at spaces, also full-width ones) in one of the searched columns.

    LIKE where case cannot matter: SQLite's LIKE ignores ASCII case already, and a word without
    cased letters (Chinese) needs no ILIKE on PostgreSQL (about 3× faster).
    """
    words = text.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise LedgerValidationError(f"text: at most {MAX_SEARCH_WORDS} words, got {len(words)}")
    sqlite = is_sqlite(session)
    conditions = []
    for word in words:
        pattern, caseless = _like(word), sqlite or word.lower() == word.upper()
        conditions.append(
            or_(
                *(
                    c.like(pattern, escape="\\") if caseless else c.ilike(pattern, escape="\\")
                    for c in SEARCHED_COLUMNS
                )
            )
        )
    return conditions


def _status(value: str) -> AssignmentStatus:
    try:
        return AssignmentStatus(value)
    except ValueError:
        choices = ", ".join([*(s.value for s in AssignmentStatus), "overdue"])
        raise LedgerValidationError(f"status: {value!r} is not one of {choices}") from None


def _scope(session: Session, region_id: int) -> set[int]:
    """The ids of the region and every region below it; raises NotFound for an unknown id."""
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"region {region_id} does not exist")
    return region_scope_ids(session, region)


def _row(row: Any, today: dt.date) -> LedgerRow:
    """A ledger row from a result row of :data:`ROW_COLUMNS`."""
    due = row.due_date
    is_open = row.status in OPEN_STATUSES
    last = row.last_report_at
    return LedgerRow(
        assignment_id=row.assignment_id, version=row.version, task_id=row.task_id,
        task_number=row.task_number, task_title=row.task_title, plan_id=row.plan_id,
        plan_title=row.plan_title, domain=str(row.domain), unit_id=row.unit_id,
        unit_name=row.unit_name, role=str(row.role), role_label=ROLE_LABELS[row.role],
        status=str(row.status), status_label=STATUS_LABELS[row.status], due_date=due,
        standing=row.standing, overdue=bool(due and not row.standing and is_open and due < today),
        days_left=(due - today).days if due and not row.standing else None,
        completion_percent=row.completion_percent, last_report_at=last,
        report_missing=row.standing and is_open and not (last is not None and last >= month_start(today)),
    )  # fmt: skip


def month_start(today: dt.date) -> dt.datetime:
    """Midnight UTC of the first day of ``today``'s month (standing tasks report monthly)."""
    return dt.datetime(today.year, today.month, 1, tzinfo=dt.UTC)


def list_ledger(session: Session, query: LedgerQuery, *, today: dt.date) -> LedgerPage:
    """One page of the ledger table."""
    if query.sort not in SORTS:
        raise LedgerValidationError(f"sort: {query.sort!r} is not one of {', '.join(SORTS)}")
    if not 1 <= query.page_size <= MAX_PAGE_SIZE or query.page < 1:
        raise LedgerValidationError(f"page/page_size: page ≥ 1 and 1 ≤ page_size ≤ {MAX_PAGE_SIZE}")
    conditions = ledger_conditions(session, query, today)
    statement = (
        _base()
        .add_columns(func.count().over().label("total"))  # the count in the same scan as the page
        .where(*conditions)
        .order_by(*SORTS[query.sort])
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    found = session.execute(statement).all()
    if found:
        total = int(found[0].total)
    elif query.page == 1:
        total = 0
    else:  # a page past the end carries no count: ask for it
        counted = _base(with_unit=bool(query.text)).where(*conditions)
        total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    return LedgerPage([_row(row, today) for row in found], total, query.page, query.page_size)


def iter_ledger(session: Session, query: LedgerQuery, *, today: dt.date) -> Iterator[LedgerRow]:
    """Every row of a filtered ledger view, sorted, without paging (for XLSX exports)."""
    statement = apply_filters(session, _base(), query, today).order_by(
        *SORTS.get(query.sort, SORTS["due_date"])
    )
    for row in session.execute(statement.execution_options(yield_per=1000)):
        yield _row(row, today)


def my_tasks(session: Session, user: User, query: LedgerQuery | None = None, *, today: dt.date) -> LedgerPage:
    """「我的任务」: the ledger of the user's unit (empty page for users without a unit)."""
    query = query or LedgerQuery()
    if user.unit_id is None:
        return LedgerPage([], 0, query.page, query.page_size)
    query.unit_id = user.unit_id
    return list_ledger(session, query, today=today)


@dataclass(slots=True)
class TaskDetail:
    """A task with its clause text, units, milestones, progress history and events."""

    task: Task
    plan: Plan
    document: Document
    assignments: list[Assignment]
    reports: list[ProgressReport] = field(default_factory=list)  # newest first
    events: list[StatusEvent] = field(default_factory=list)  # oldest first


# The task page's statements, built once (their options and cache keys are not rebuilt per request).
_TASK = (
    select(Task)
    .where(Task.id == bindparam("task_id"))
    .options(
        joinedload(Task.milestones),
        joinedload(Task.plan).joinedload(Plan.document),
        joinedload(Task.plan).joinedload(Plan.region),
    )
)  # one query for the task, its milestones, plan, document and region
_TASK_ASSIGNMENTS = (
    select(Assignment).where(Assignment.task_id == bindparam("task_id")).options(joinedload(Assignment.unit))
)
_TASK_REPORTS = (
    select(ProgressReport)
    .join(Assignment, ProgressReport.assignment_id == Assignment.id)
    .where(Assignment.task_id == bindparam("task_id"))
    .options(joinedload(ProgressReport.evidence))  # evidence is rare: no second query for it
    .order_by(ProgressReport.reported_at.desc(), ProgressReport.id.desc())
)
_TASK_EVENTS = (
    select(StatusEvent)
    .join(Assignment, StatusEvent.assignment_id == Assignment.id)
    .where(Assignment.task_id == bindparam("task_id"))
    .order_by(StatusEvent.id)
)


def task_detail(session: Session, task_id: int) -> TaskDetail:
    """Everything the task page shows; raises NotFound."""
    task_key = {"task_id": task_id}
    task = session.execute(_TASK, task_key).unique().scalar_one_or_none()
    if task is None:
        raise NotFound(f"task {task_id} does not exist")
    assignments = sorted(
        session.scalars(_TASK_ASSIGNMENTS, task_key),
        key=lambda a: (a.withdrawn, ROLE_ORDER.index(a.role), a.id),
    )
    reports = session.scalars(_TASK_REPORTS, task_key).unique()
    events = session.scalars(_TASK_EVENTS, task_key)
    return TaskDetail(task, task.plan, task.plan.document, assignments, list(reports), list(events))


def list_documents(session: Session, region_id: int | None = None) -> list[Document]:
    """Documents (newest first) with their plans loaded, for the plan tree."""
    statement = select(Document).options(selectinload(Document.plans)).order_by(Document.id.desc())
    if region_id is not None:
        statement = statement.where(Document.region_id.in_(_scope(session, region_id)))
    return list(session.scalars(statement))
