"""Writes on one unit assignment: progress reports (with evidence) and status actions; evidence
downloads.

Authorisation, validation, events and audit rows are the ledger services' (progress, workflow,
permissions); these routes parse the request, run one service call in a write transaction and
answer. Evidence is checked by :mod:`envplan.web.uploads` (format, size, count) before the report's
transaction, the same for the form and the API.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Engine
from starlette.datastructures import UploadFile as StarletteUpload

from envplan.ledger.models import User
from envplan.ledger.services import progress, workflow
from envplan.web.deps import CurrentUser, EngineDep, SessionDep, SettingsDep, WriteUser, write_transaction
from envplan.web.errors import BadInput
from envplan.web.render import render
from envplan.web.uploads import MAX_EVIDENCE_FILES, evidence_response, read_evidence

router = APIRouter(tags=["进展与状态"])


class ProgressIn(BaseModel):
    """A progress report as the API takes it (JSON; or multipart with files in ``evidence``)."""

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


class EvidenceStored(BaseModel):
    """An evidence file as stored with a report (download: ``GET /api/evidence/{id}``)."""

    id: int
    filename: str
    sha256: str
    size: int = Field(description="[bytes]")
    content_type: str | None


class AssignmentState(BaseModel):
    assignment_id: int
    task_id: int
    status: str
    version: int
    completion_percent: float | None
    due_date: dt.date | None
    report_id: int | None = None
    evidence: list[EvidenceStored] = []


@dataclass
class ProgressSubmission:
    """A parsed report request: the fields and the (not yet read) evidence parts."""

    body: ProgressIn
    files: list[StarletteUpload] = field(default_factory=list)


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
        state = _state(report.assignment, report.id)
        state.evidence = [EvidenceStored.model_validate(e, from_attributes=True) for e in report.evidence]
        return state


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


def _validated(fields: Any) -> ProgressIn:
    try:
        return ProgressIn.model_validate(fields)
    except ValidationError as error:
        errors = error.errors(include_url=False, include_context=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None


async def progress_submission(request: Request) -> ProgressSubmission:
    """The report of a JSON body, or of a multipart form (the JSON fields as form fields, files as
    repeated ``evidence`` parts); anything else is 415."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()  # parsed once: the CSRF check read it already
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k in ProgressIn.model_fields}
        if fields.get("expected_version") == "":
            del fields["expected_version"]
        files = [f for f in form.getlist("evidence") if not isinstance(f, str)]
        return ProgressSubmission(_validated(fields), files)
    if content_type.startswith("application/json"):
        try:
            payload = json.loads(await request.body())
        except ValueError:
            error = {"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error", "input": None}
            raise RequestValidationError([error]) from None
        return ProgressSubmission(_validated(payload))
    raise BadInput("请求体须为 application/json 或 multipart/form-data", status_code=415)


def _progress_request_body() -> dict[str, Any]:
    """OpenAPI of the two bodies :func:`progress_submission` takes."""
    schema = ProgressIn.model_json_schema()
    evidence = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "maxItems": MAX_EVIDENCE_FILES,
        "description": "佐证材料: PDF, OFD, Office/WPS, images, TXT/CSV or ZIP; each at most "
        "upload_max_bytes; checked by suffix and content",
    }
    with_files = {**schema, "title": "ProgressWithEvidence"}
    with_files["properties"] = {**schema["properties"], "evidence": evidence}
    content = {"application/json": {"schema": schema}, "multipart/form-data": {"schema": with_files}}
    return {"requestBody": {"required": True, "content": content}}


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
    files = read_evidence(evidence, settings.upload_max_bytes)
    state = _report(engine, user, assignment_id, form, files, settings)
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


@router.post("/api/assignments/{assignment_id}/progress", openapi_extra=_progress_request_body())
def report_api(
    engine: EngineDep,
    user: WriteUser,
    settings: SettingsDep,
    assignment_id: int,
    submission: Annotated[ProgressSubmission, Depends(progress_submission)],
) -> AssignmentState:
    """Report progress on an assignment (unit officers of its unit; 未启动 becomes 推进中).

    JSON, or multipart/form-data with the same fields and evidence files in ``evidence`` (stored in
    the report's transaction: all or nothing). 413 for a file over the size limit or too many files,
    422 for a format not accepted or bytes that do not match the suffix.
    """
    files = read_evidence(submission.files, settings.upload_max_bytes)
    return _report(engine, user, assignment_id, submission.body, files, settings)


@router.post("/api/assignments/{assignment_id}/actions/{action}")
def action_api(
    engine: EngineDep, user: WriteUser, assignment_id: int, action: str, body: ActionIn
) -> AssignmentState:
    """Status action: start, submit, request_extension, approve_extension, reject_extension, return, close."""
    return _act(engine, user, assignment_id, action, body)


@router.get("/evidence/{evidence_id}", include_in_schema=False)
@router.get(
    "/api/evidence/{evidence_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the file"}},
)
def evidence_file(db: SessionDep, user: CurrentUser, settings: SettingsDep, evidence_id: int) -> Response:
    """An evidence file, as a download (attachment). Administrators; bureau staff and viewers of the
    plan's region or above; officers of the reporting unit and of the other units of the task.
    403 for others, 404 when it does not exist (see docs/ledger.md, access)."""
    evidence, path = progress.evidence_for_download(db, evidence_id, user, settings)
    return evidence_response(evidence, path)
