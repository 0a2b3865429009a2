"""The task page: the original clause text beside the parsed units and milestones, and per unit
assignment its status, progress history, status events and the actions the user may take."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import NotFound as LedgerNotFound
from envplan.ledger.models import Task, User, UserRole
from envplan.ledger.services import queries
from envplan.ledger.services.workflow import TRANSITIONS, allowed_actions
from envplan.web.deps import CurrentUser, SessionDep
from envplan.web.errors import NotFound
from envplan.web.evidence_links import readable_evidence_ids
from envplan.web.render import render

router = APIRouter(tags=["任务"])


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EvidencePublic(Public):
    id: int
    filename: str
    size: int  # [bytes]
    sha256: str
    downloadable: bool = False  # the signed-in user may download it (GET /api/evidence/{id})


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


def _names(db: Session, user_ids: set[int]) -> dict[int, str]:
    """Display names of the people who reported or acted (one query)."""
    if not user_ids:
        return {}
    rows = db.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: name for user_id, name in rows}


def _assignments(db: Session, user: User, found: queries.TaskDetail) -> list[AssignmentPublic]:
    """Each assignment with its reports (newest first), events (newest first) and allowed actions."""
    names = _names(
        db,
        {r.reported_by_id for r in found.reports if r.reported_by_id}
        | {e.actor_id for e in found.events if e.actor_id},
    )
    result = []
    for row in found.assignments:
        public = AssignmentPublic.model_validate({**_columns(row), "unit": row.unit.name})
        public.reports = [ReportPublic.model_validate(r) for r in found.reports if r.assignment_id == row.id]
        public.events = [
            EventPublic.model_validate(e) for e in reversed(found.events) if e.assignment_id == row.id
        ]
        for report in public.reports:
            report.reported_by = names.get(report.reported_by_id or 0)
        for event in public.events:
            event.actor = names.get(event.actor_id or 0)
        public.actions = allowed_actions(db, user, row)
        public.may_report = not row.withdrawn and (
            user.role == UserRole.ADMINISTRATOR
            or (user.role == UserRole.UNIT_OFFICER and user.unit_id == row.unit_id)
        )  # only whether the form is offered: report_progress decides
        result.append(public)
    return result


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
    """The task page's data, from the ledger's task_detail service."""
    try:
        found = queries.task_detail(db, task_id)
    except LedgerNotFound:
        raise NotFound(f"任务 {task_id} 不存在") from None
    task, plan, document = found.task, found.plan, found.document
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
    detail.assignments = _assignments(db, user, found)
    readable = readable_evidence_ids(db, user, detail)
    for assignment in detail.assignments:
        for report in assignment.reports:
            for evidence in report.evidence:
                evidence.downloadable = evidence.id in readable
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
