"""Dispatch pages and their JSON twins: colour board, letter queue, rankings, letters, inbox.

Every write goes through one ledger / reports service call in a write transaction; authorisation
is the services' (bureau staff of the region issue and close, the recipient unit replies).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from envplan.assessment.cascade_store import CascadeView, cascade_view, decide_link, suggest_and_store
from envplan.assessment.daily_run import run_day
from envplan.assessment.dispatch_views import approvals_queue, colour_board, unit_rankings
from envplan.ledger.db import write_session
from envplan.ledger.dispatch_models import ActionKind, InboxMessage, SupervisionAction
from envplan.ledger.dispatch_services import (
    ActionDraft,
    actions_for,
    assignment_history,
    assignment_label,
    can_view_action,
    close_action,
    get_action,
    inbox_for,
    issue_action,
    mark_read,
    reply_action,
)
from envplan.ledger.errors import LedgerValidationError, PermissionDenied
from envplan.ledger.models import Plan, User, UserRole
from envplan.reports.bulletins import Bulletin, BulletinKind, bulletin_html
from envplan.reports.dispatch_bulletin import bulletin_from_ledger
from envplan.reports.dispatch_excel import ExcelImportRejected, export_template, import_progress
from envplan.reports.dispatch_issue import issue_letter
from envplan.web.deps import CurrentUser, EngineDep, SessionDep, SettingsDep, SnapshotDep, WriteUser
from envplan.web.render import render
from envplan.web.routes import dispatch_settings

router = APIRouter(tags=["督办"])
router.include_router(dispatch_settings.router)  # warning policy, notification address


class LetterIn(BaseModel):
    kind: ActionKind = Field(description="warning_letter / supervision_notice / reminder")
    assignment_ids: list[int] = Field(min_length=1)
    day: dt.date = Field(description="The day whose snapshot facts the letter cites")
    reply_days: int = Field(10, ge=1, le=90)
    cc: list[str] = Field(default_factory=list)


class NoteIn(BaseModel):
    note: str = ""


class RunIn(BaseModel):
    day: dt.date


def _action_json(action: SupervisionAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "kind": action.kind.value,
        "kind_label": action.kind_label,
        "status": action.status.value,
        "status_label": action.status_label,
        "doc_number": action.doc_number,
        "title": action.title,
        "recipient": action.recipient_unit.name if action.recipient_unit else None,
        "reply_by": action.reply_by,
        "requested_due": action.requested_due,
        "as_of": action.as_of,
        "citations": [{"assignment_id": c.assignment_id, "facts": c.facts} for c in action.citations],
        "events": [
            {
                "event": e.event,
                "new_status": e.new_status,
                "note": e.note,
                "at": e.at,
                "status_event_id": e.status_event_id,
            }
            for e in action.events
        ],
        "body": action.body,
    }


def _message_json(message: InboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "category": message.category,
        "title": message.title,
        "body": message.body,
        "action_id": message.action_id,
        "assignment_id": message.assignment_id,
        "day": message.day,
        "link": message.link,
        "created_at": message.created_at,
        "read": message.read_at is not None,
    }


def _actor(db: Any, user: User) -> User:
    actor = db.get(User, user.id)
    assert actor is not None
    return actor


def _issue(engine: Engine, user: User, body: LetterIn) -> dict[str, Any]:
    with write_session(engine) as db:
        action = issue_letter(
            db,
            _actor(db, user),
            body.kind,
            body.assignment_ids,
            body.day,
            reply_days=body.reply_days,
            cc=body.cc,
        )
        return _action_json(action)


@router.get("/dispatch", include_in_schema=False)
def board_page(request: Request, db: SessionDep, user: CurrentUser, day: dt.date | None = None) -> Response:
    board = colour_board(db, user, day)
    rankings = unit_rankings(db, user, board.day)
    may_issue = user.role in (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF)
    approvals = approvals_queue(db, user)
    context = {
        "board": board,
        "rankings": rankings,
        "approvals": approvals,
        "may_issue": may_issue,
        "nav": "dispatch",
    }
    return render(request, "dispatch/board.html", {"page_title": "督办预警", **context})


@router.get("/api/dispatch/board")
def board_json(db: SessionDep, user: CurrentUser, day: dt.date | None = None) -> dict[str, Any]:
    """Colour counts, the yellow/red assignments with reasons and numbers, and the letter queue."""
    board = colour_board(db, user, day)
    rows = [dataclasses.asdict(r) for r in board.rows]
    queue = [r.assignment_id for r in board.queue]
    return {"day": board.day, "counts": board.counts, "rows": rows, "queue": queue}


@router.get("/api/dispatch/approvals")
def approvals_json(db: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """Extension requests and completed work awaiting the bureau (decided on the task page's actions)."""
    return [dataclasses.asdict(item) for item in approvals_queue(db, user)]


@router.get("/api/dispatch/rankings")
def rankings_json(db: SessionDep, user: CurrentUser, day: dt.date | None = None) -> dict[str, Any]:
    """Unit rankings with the formulas and the tie rule."""
    rankings = unit_rankings(db, user, day)
    return dataclasses.asdict(rankings)


@router.post("/api/dispatch/run")
def run_json(engine: EngineDep, user: WriteUser, body: RunIn) -> dict[str, Any]:
    """Run the daily evaluation for a day (administrators and bureau staff; idempotent)."""
    if user.role not in (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF):
        raise PermissionDenied(f"{user.username} may not run the daily evaluation")
    with write_session(engine) as db:
        return dataclasses.asdict(run_day(db, body.day))


@router.post("/api/dispatch/letters")
def issue_json(engine: EngineDep, user: WriteUser, body: LetterIn) -> dict[str, Any]:
    """Issue a warning letter, supervision notice or reminder citing assignments of one unit."""
    return _issue(engine, user, body)


@router.post("/dispatch/letters", include_in_schema=False)
def issue_form(
    engine: EngineDep,
    user: WriteUser,
    kind: ActionKind = Form(...),
    assignment_ids: list[int] = Form(...),
    day: dt.date = Form(...),
    reply_days: int = Form(10),
) -> Response:
    action = _issue(
        engine, user, LetterIn(kind=kind, assignment_ids=assignment_ids, day=day, reply_days=reply_days)
    )
    return RedirectResponse(f"/dispatch/actions/{action['id']}", status_code=303)


@router.get("/dispatch/actions", include_in_schema=False)
def actions_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    actions = actions_for(db, user)
    return render(
        request, "dispatch/actions.html", {"page_title": "督办记录", "actions": actions, "nav": "dispatch"}
    )


@router.get("/api/dispatch/actions")
def actions_json(db: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """Supervision actions the user may see, newest first."""
    return [_action_json(a) for a in actions_for(db, user)]


@router.get("/dispatch/assignments/{assignment_id}", include_in_schema=False)
def history_page(request: Request, db: SessionDep, user: CurrentUser, assignment_id: int) -> Response:
    plan, number, title = assignment_label(db, assignment_id)
    context = {
        "actions": assignment_history(db, user, assignment_id),
        "heading": f"{number} {title}",
        "plan": plan,
        "nav": "dispatch",
        "page_title": "督办历程",
    }
    return render(request, "dispatch/history.html", context)


@router.get("/api/dispatch/assignments/{assignment_id}/actions")
def history_json(db: SessionDep, user: CurrentUser, assignment_id: int) -> list[dict[str, Any]]:
    """The assignment's supervision history: every action citing it (letters, interviews, listings,
    extension requests, close-outs) with its events, oldest first."""
    assignment_label(db, assignment_id)  # 404 for an unknown assignment
    return [_action_json(a) for a in assignment_history(db, user, assignment_id)]


def _visible(db: Any, user: User, action_id: int) -> SupervisionAction:
    action = get_action(db, action_id)
    if not can_view_action(user, action):
        raise PermissionDenied(f"{user.username} may not see action {action_id}")
    return action


@router.get("/dispatch/actions/{action_id}", include_in_schema=False)
def action_page(request: Request, db: SessionDep, user: CurrentUser, action_id: int) -> Response:
    action = _visible(db, user, action_id)
    may_reply = user.role == UserRole.UNIT_OFFICER and user.unit_id == action.recipient_unit_id
    context = {"action": action, "may_reply": may_reply, "nav": "dispatch", "page_title": action.title}
    return render(request, "dispatch/action.html", context)


@router.get("/api/dispatch/actions/{action_id}")
def action_json(db: SessionDep, user: CurrentUser, action_id: int) -> dict[str, Any]:
    return _action_json(_visible(db, user, action_id))


@router.get("/dispatch/actions/{action_id}/letter.{fmt}", include_in_schema=False)
def action_file(db: SessionDep, user: CurrentUser, action_id: int, fmt: str) -> Response:
    action = _visible(db, user, action_id)
    content = action.docx if fmt == "docx" else action.pdf if fmt == "pdf" else None
    if content is None:
        return Response(status_code=404)
    media = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"action-{action.id}.{fmt}"
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _step(engine: Engine, user: User, action_id: int, step: str, note: str) -> dict[str, Any]:
    with write_session(engine) as db:
        actor = _actor(db, user)
        action = (
            reply_action(db, actor, action_id, note)
            if step == "reply"
            else close_action(db, actor, action_id, note)
        )
        return _action_json(action)


@router.post("/api/dispatch/actions/{action_id}/{step}")
def step_json(engine: EngineDep, user: WriteUser, action_id: int, step: str, body: NoteIn) -> dict[str, Any]:
    """``reply`` (recipient unit's officer) or ``close`` (bureau) an action."""
    if step not in ("reply", "close"):
        return {"error": f"unknown step {step}"}
    return _step(engine, user, action_id, step, body.note)


@router.post("/dispatch/actions/{action_id}/{step}", include_in_schema=False)
def step_form(
    engine: EngineDep, user: WriteUser, action_id: int, step: str, note: str = Form("")
) -> Response:
    if step in ("reply", "close"):
        _step(engine, user, action_id, step, note)
    return RedirectResponse(f"/dispatch/actions/{action_id}", status_code=303)


@router.get("/inbox", include_in_schema=False)
def inbox_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    messages = inbox_for(db, user)
    return render(
        request, "dispatch/inbox.html", {"page_title": "消息", "messages": messages, "nav": "inbox"}
    )


@router.get("/api/inbox")
def inbox_json(db: SessionDep, user: CurrentUser, unread: bool = False) -> list[dict[str, Any]]:
    """The signed-in user's notifications, newest first."""
    return [_message_json(m) for m in inbox_for(db, user, unread_only=unread)]


@router.post("/api/inbox/{message_id}/read")
def read_json(engine: EngineDep, user: WriteUser, message_id: int) -> dict[str, Any]:
    with write_session(engine) as db:
        return _message_json(mark_read(db, _actor(db, user), message_id))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/dispatch/excel")
def excel_template(db: SnapshotDep, user: CurrentUser, settings: SettingsDep) -> Response:
    """The signed-in unit's assignments as a protected XLSX template to fill offline."""
    if user.unit_id is None:
        raise PermissionDenied(f"{user.username} belongs to no unit")
    content = export_template(db, user, user.unit_id, settings.secret_key)
    headers = {"Content-Disposition": 'attachment; filename="progress-template.xlsx"'}
    return Response(content, media_type=XLSX, headers=headers)


@router.post("/api/dispatch/excel")
async def excel_import(
    engine: EngineDep, user: WriteUser, settings: SettingsDep, file: UploadFile = File(...)
) -> Response:
    """Re-import a filled template: all rows applied, or none with the errors per row (422)."""
    content = await file.read()
    try:
        with write_session(engine) as db:
            summary = import_progress(db, _actor(db, user), content, settings.secret_key)
    except ExcelImportRejected as rejected:
        return JSONResponse({"detail": str(rejected), "errors": rejected.errors}, status_code=422)
    return JSONResponse(dataclasses.asdict(summary))


class CascadeIn(BaseModel):
    parent_plan_id: int
    child_plan_id: int


class DecisionIn(BaseModel):
    parent_task_id: int | None = Field(None, description="The parent task; null: no upper-level counterpart")


def _cascade_json(view: CascadeView) -> dict[str, Any]:
    links = [
        {
            "id": link.id,
            "child_task_id": link.child_task_id,
            "child": f"{link.child_task.number} {link.child_task.title}",
            "parent_task_id": link.parent_task_id,
            "parent": f"{link.parent_task.number} {link.parent_task.title}" if link.parent_task else None,
            "suggested_parent_id": link.suggested_parent_id,
            "score": link.score,
            "confidence": link.confidence,
            "status": link.status.value,
        }
        for link in view.links
    ]
    gaps = [{"number": t.number, "title": t.title} for t in view.coverage_gaps]
    return {
        "links": links,
        "coverage_gaps": gaps,
        "deadline_conflicts": [c.text for c in view.deadline_conflicts],
    }


@router.get("/api/dispatch/cascade")
def cascade_json(
    db: SessionDep, user: CurrentUser, parent_plan_id: int, child_plan_id: int
) -> dict[str, Any]:
    """Links of the child plan's tasks to the parent plan, coverage gaps and deadline conflicts."""
    return _cascade_json(cascade_view(db, parent_plan_id, child_plan_id))


@router.post("/api/dispatch/cascade")
def cascade_suggest(engine: EngineDep, user: WriteUser, body: CascadeIn) -> dict[str, Any]:
    """Suggest (or refresh the suggestions of) the links between two plans (bureau staff)."""
    with write_session(engine) as db:
        suggest_and_store(db, _actor(db, user), body.parent_plan_id, body.child_plan_id)
        return _cascade_json(cascade_view(db, body.parent_plan_id, body.child_plan_id))


@router.post("/api/dispatch/cascade/links/{link_id}")
def cascade_decide(engine: EngineDep, user: WriteUser, link_id: int, body: DecisionIn) -> dict[str, Any]:
    """Confirm (the suggested parent), correct (another parent) or reject (null) a link."""
    with write_session(engine) as db:
        link = decide_link(db, _actor(db, user), link_id, body.parent_task_id)
        return {"id": link.id, "status": link.status.value, "parent_task_id": link.parent_task_id}


class RecordIn(BaseModel):
    kind: ActionKind = Field(description="interview (约谈) or listing (挂牌督办)")
    recipient_unit_id: int
    assignment_ids: list[int] = Field(min_length=1)
    title: str = Field(min_length=1)
    body: str = ""
    as_of: dt.date | None = None


@router.post("/api/dispatch/actions")
def record_json(engine: EngineDep, user: WriteUser, body: RecordIn) -> dict[str, Any]:
    """Record an interview (约谈) or a listing for supervision (挂牌督办) against assignments of one unit."""
    if body.kind not in (ActionKind.INTERVIEW, ActionKind.LISTING):
        raise LedgerValidationError(
            "kind: only interview or listing here; letters go to /api/dispatch/letters"
        )
    draft = ActionDraft(
        kind=body.kind,
        recipient_unit_id=body.recipient_unit_id,
        citations=[(i, "") for i in body.assignment_ids],
        title=body.title,
        body=body.body,
        as_of=body.as_of,
    )
    with write_session(engine) as db:
        return _action_json(issue_action(db, _actor(db, user), draft))


@router.get("/dispatch/cascade", include_in_schema=False)
def cascade_page(
    request: Request, db: SessionDep, user: CurrentUser, parent_plan_id: int, child_plan_id: int
) -> Response:
    view = cascade_view(db, parent_plan_id, child_plan_id)
    parent_tasks = [t for t in db.get_one(Plan, parent_plan_id).tasks if not t.withdrawn]
    context = {"view": view, "parent_tasks": parent_tasks, "nav": "dispatch", "page_title": "上下级任务对应"}
    return render(request, "dispatch/cascade.html", context)


@router.post("/dispatch/cascade/links/{link_id}", include_in_schema=False)
def cascade_decide_form(
    engine: EngineDep,
    user: WriteUser,
    link_id: int,
    parent_task_id: str = Form(""),
    back: str = Form("/dispatch"),
) -> Response:
    with write_session(engine) as db:
        decide_link(db, _actor(db, user), link_id, int(parent_task_id) if parent_task_id else None)
    return RedirectResponse(back if back.startswith("/dispatch/cascade") else "/dispatch", status_code=303)


@router.get("/dispatch/bulletin", include_in_schema=False)
def bulletin_page(
    request: Request,
    db: SnapshotDep,
    user: CurrentUser,
    day: dt.date,
    since: dt.date | None = None,
    kind: str = "weekly",
) -> Response:
    bulletin = _bulletin(db, user, day, since, kind)
    context = {"bulletin_html": bulletin_html(bulletin), "nav": "dispatch", "page_title": bulletin.title}
    return render(request, "dispatch/bulletin.html", context)


@router.get("/api/dispatch/bulletin")
def bulletin_json(
    db: SnapshotDep, user: CurrentUser, day: dt.date, since: dt.date | None = None, kind: str = "weekly"
) -> dict[str, Any]:
    """The work bulletin of the changes between two run days (sections of lines)."""
    return dataclasses.asdict(_bulletin(db, user, day, since, kind))


def _bulletin(db: Any, user: User, day: dt.date, since: dt.date | None, kind: str) -> Bulletin:
    try:
        return bulletin_from_ledger(db, BulletinKind(kind), _issuer(user), 1, day, since)
    except ValueError as error:
        raise LedgerValidationError(str(error)) from None


def _issuer(user: User) -> str:
    region = user.unit.region if user.unit is not None else None
    return region.name if region is not None else "全省"
