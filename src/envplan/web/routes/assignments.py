"""Writes on one unit assignment: progress reports (with evidence) and status actions.

Authorisation, validation, events and audit rows are the ledger services' (progress, workflow);
these routes parse the request, run one service call in a write transaction and answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from envplan.ledger.models import EvidenceFile, User
from envplan.ledger.services import progress, workflow
from envplan.web.deps import CurrentUser, EngineDep, SessionDep, SettingsDep, WriteUser, write_transaction
from envplan.web.errors import NotFound
from envplan.web.render import render

router = APIRouter(tags=["进展与状态"])


class ProgressIn(BaseModel):
    """A progress report as the API takes it (evidence files only through the form endpoint)."""

    period: str = Field(examples=["2023-05"])
    completion_percent: float = Field(ge=0, le=100, description="[%]")
    progress: str = Field(description="进展情况")
    problems: str = Field("", description="存在问题")
    causes: str = Field("", description="原因")
    next_steps: str = Field("", description="下一步措施")
    coordination: str = Field("", description="需协调事项")
    expected_version: int | None = None


class ActionIn(BaseModel):
    reason: str = ""
    new_due_date: dt.date | None = None
    expected_version: int | None = None


class AssignmentState(BaseModel):
    assignment_id: int
    task_id: int
    status: str
    version: int
    completion_percent: float | None
    due_date: dt.date | None
    report_id: int | None = None


def _report(
    engine: Engine,
    user: User,
    assignment_id: int,
    body: ProgressIn,
    files: list[progress.EvidenceUpload],
    settings: SettingsDep,
) -> AssignmentState:
    form = progress.ProgressForm(**body.model_dump(exclude={"expected_version"}))
    with write_transaction(engine) as db:
        actor = db.get(User, user.id)
        assert actor is not None
        report = progress.report_progress(
            db,
            assignment_id,
            form,
            actor,
            evidence=files,
            expected_version=body.expected_version,
            settings=settings,
        )
        return _state(report.assignment, report.id)


def _act(engine: Engine, user: User, assignment_id: int, action: str, body: ActionIn) -> AssignmentState:
    with write_transaction(engine) as db:
        actor = db.get(User, user.id)
        assert actor is not None
        assignment = workflow.transition(
            db,
            assignment_id,
            action,
            actor=actor,
            reason=body.reason,
            expected_version=body.expected_version,
            new_due_date=body.new_due_date,
        )
        return _state(assignment)


def _state(assignment: workflow.Assignment, report_id: int | None = None) -> AssignmentState:
    return AssignmentState(
        assignment_id=assignment.id,
        task_id=assignment.task_id,
        status=str(assignment.status),
        version=assignment.version,
        completion_percent=assignment.completion_percent,
        due_date=assignment.due_date,
        report_id=report_id,
    )


def _evidence(files: list[UploadFile]) -> list[progress.EvidenceUpload]:
    """The uploaded files (read from their spooled temporary files: routes stay synchronous, so the
    database work runs in the thread pool and never blocks the event loop)."""
    return [
        progress.EvidenceUpload(f.filename or "evidence", f.file.read(), f.content_type)
        for f in files
        if f.filename
    ]


@router.get("/assignments/{assignment_id}/report", include_in_schema=False)
def report_page(request: Request, db: SessionDep, user: CurrentUser, assignment_id: int) -> Response:
    assignment = workflow.get_assignment(db, assignment_id)
    today = dt.date.today()
    period = progress.reporting_period(None, today)
    context = {"assignment": assignment, "task": assignment.task, "period": period, "nav": "mine"}
    return render(request, "assignments.html", context)


@router.post("/assignments/{assignment_id}/progress", include_in_schema=False)
def report_submit(
    engine: EngineDep,
    user: WriteUser,
    settings: SettingsDep,
    assignment_id: int,
    form: Annotated[ProgressIn, Form()],
    evidence: Annotated[list[UploadFile], File()] = [],  # noqa: B006
) -> Response:
    state = _report(engine, user, assignment_id, form, _evidence(evidence), settings)
    return RedirectResponse(f"/tasks/{state.task_id}#assignment-{assignment_id}", status_code=303)


@router.post("/assignments/{assignment_id}/actions/{action}", include_in_schema=False)
def action_submit(
    engine: EngineDep,
    user: WriteUser,
    assignment_id: int,
    action: str,
    reason: Annotated[str, Form()] = "",
    new_due_date: Annotated[dt.date | None, Form()] = None,
    expected_version: Annotated[int | None, Form()] = None,
) -> Response:
    body = ActionIn(reason=reason, new_due_date=new_due_date, expected_version=expected_version)
    state = _act(engine, user, assignment_id, action, body)
    return RedirectResponse(f"/tasks/{state.task_id}#assignment-{assignment_id}", status_code=303)


@router.post("/api/assignments/{assignment_id}/progress")
def report_api(
    engine: EngineDep, user: WriteUser, settings: SettingsDep, assignment_id: int, body: ProgressIn
) -> AssignmentState:
    """Report progress on an assignment (unit officers of its unit; 未启动 becomes 推进中)."""
    return _report(engine, user, assignment_id, body, [], settings)


@router.post("/api/assignments/{assignment_id}/actions/{action}")
def action_api(
    engine: EngineDep, user: WriteUser, assignment_id: int, action: str, body: ActionIn
) -> AssignmentState:
    """Status action: start, submit, request_extension, approve_extension, reject_extension, return, close."""
    return _act(engine, user, assignment_id, action, body)


@router.get("/evidence/{evidence_id}", include_in_schema=False)
def evidence_file(db: SessionDep, user: CurrentUser, settings: SettingsDep, evidence_id: int) -> Response:
    """An evidence file as uploaded (signed-in users; the ledger is open to every reader)."""
    row = db.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFound(f"佐证材料 {evidence_id} 不存在")
    path = progress.evidence_path(row, settings)
    media = row.content_type or "application/octet-stream"
    return FileResponse(path, media_type=media, filename=row.filename)
