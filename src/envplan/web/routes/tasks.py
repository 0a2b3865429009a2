"""The task page: the original clause text beside the parsed units and milestones, and per unit
assignment its status, progress history, status events and the actions the user may take."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, Task, User, UserRole
from envplan.ledger.services.import_revise import task_assignments
from envplan.ledger.services.workflow import TRANSITIONS, allowed_actions
from envplan.web.deps import CurrentUser, SessionDep
from envplan.web.errors import NotFound
from envplan.web.render import render

router = APIRouter(tags=["任务"])


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EvidencePublic(Public):
    id: int
    filename: str
    size: int  # [bytes]
    sha256: str


class ReportPublic(Public):
    id: int
    period: str
    completion_percent: float  # [%]
    progress: str
    problems: str
    causes: str
    next_steps: str
    coordination: str
    reported_by_id: int | None
    reported_by: str | None = None
    reported_at: dt.datetime
    evidence: list[EvidencePublic]


class EventPublic(Public):
    action: str
    old_status: str | None
    new_status: str
    reason: str
    actor_id: int | None
    actor: str | None = None
    at: dt.datetime


class AssignmentPublic(Public):
    id: int
    unit_id: int
    unit: str
    role: str
    status: str
    version: int
    due_date: dt.date | None
    requested_due_date: dt.date | None
    completion_percent: float | None
    withdrawn: bool
    actions: list[str] = []
    may_report: bool = False
    reports: list[ReportPublic] = []
    events: list[EventPublic] = []


class MilestonePublic(Public):
    text: str
    kind: str
    due: dt.date | None
    start: dt.date | None
    end: dt.date | None
    recurrence: str | None
    time_of_day: str | None
    clause_index: int | None


class TaskDetail(Public):
    id: int
    number: str
    title: str
    text: str
    path: list[str]
    kind: str
    standing: bool
    withdrawn: bool
    due_date: dt.date | None
    warnings: list[str]
    clauses: list[dict[str, Any]]
    milestones: list[MilestonePublic]
    plan: dict[str, Any] = {}
    document: dict[str, Any] = {}
    assignments: list[AssignmentPublic] = []


def _name(db: Session, user_id: int | None) -> str | None:
    user = db.get(User, user_id) if user_id is not None else None
    return user.display_name if user else None


def _assignment(db: Session, user: User, row: Assignment) -> AssignmentPublic:
    reports = [ReportPublic.model_validate(r) for r in reversed(row.reports)]
    for report in reports:
        report.reported_by = _name(db, report.reported_by_id)
    events = [EventPublic.model_validate(e) for e in reversed(row.events)]
    for event in events:
        event.actor = _name(db, event.actor_id)
    public = AssignmentPublic.model_validate({**_columns(row), "unit": row.unit.name})
    public.actions = allowed_actions(db, user, row)
    public.may_report = not row.withdrawn and (
        user.role == UserRole.ADMINISTRATOR
        or (user.role == UserRole.UNIT_OFFICER and user.unit_id == row.unit_id)
    )  # only whether the form is offered: report_progress decides
    public.reports, public.events = reports, events
    return public


def _columns(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def distinct_milestones(task: Task) -> list[MilestonePublic]:
    """The task's milestones, each time expression once (a clause's and the task's are often the same)."""
    seen: dict[tuple[object, ...], MilestonePublic] = {}
    for row in task.milestones:
        milestone = MilestonePublic.model_validate(row)
        key = (
            milestone.text,
            milestone.kind,
            milestone.due,
            milestone.start,
            milestone.end,
            milestone.recurrence,
        )
        seen.setdefault(key, milestone)
    return list(seen.values())


def task_detail(db: Session, user: User, task_id: int) -> TaskDetail:
    """The task page's data (``may_report`` only decides whether the form is offered)."""
    task = db.get(Task, task_id)
    if task is None:
        raise NotFound(f"任务 {task_id} 不存在")
    plan, document = task.plan, task.plan.document
    summary = {"id": plan.id, "title": plan.title, "domain": plan.domain, "period": plan.period}
    summary["region"] = plan.region.full_name if plan.region else None
    detail = TaskDetail.model_validate(
        {
            **_columns(task),
            "milestones": distinct_milestones(task),
            "plan": summary,
            "document": {"id": document.id, "title": document.title, "doc_number": document.doc_number},
        }
    )
    detail.assignments = [_assignment(db, user, a) for a in task_assignments(db, task.id)]
    return detail


@router.get("/tasks/{task_id}", include_in_schema=False)
def task_page(request: Request, db: SessionDep, user: CurrentUser, task_id: int) -> Response:
    detail = task_detail(db, user, task_id)
    labels = {k: t.label for k, t in TRANSITIONS.items()}
    reasons = {k for k, t in TRANSITIONS.items() if t.needs_reason}
    context = {"task": detail, "action_labels": labels, "needs_reason": reasons, "nav": "ledger"}
    return render(request, "tasks.html", context)


@router.get("/api/tasks/{task_id}")
def task_api(db: SessionDep, user: CurrentUser, task_id: int) -> TaskDetail:
    """One task: clause text, parsed units and milestones, assignments with reports and events."""
    return task_detail(db, user, task_id)
