"""Upload of a notice (DOCX/PDF/TXT) → parse preview with warnings and the revision diff → import.

Bureau staff of the notice's region and administrators may import (decided by the ledger's
permission service); the preview is refused to others too, since it stores the upload.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from envplan.documents import DocumentError, ParsedNotice, parse_bytes
from envplan.ledger.models import User
from envplan.ledger.services import importing
from envplan.ledger.services.permissions import require_bureau
from envplan.web.deps import CurrentUser, SessionDep, SettingsDep, WriteUser, write_transaction
from envplan.web.errors import BadInput
from envplan.web.render import render
from envplan.web.uploads import check_notice_upload, keep_upload, read_upload

router = APIRouter(tags=["导入通知"])


class PlanSummary(BaseModel):
    title: str
    domain: str
    period: str
    region: str
    targets: int
    tasks: int
    tables: int


class NoticePreview(BaseModel):
    token: str
    filename: str
    document: dict[str, Any]
    region: str
    plans: list[PlanSummary]
    warnings: list[str]
    diff: dict[str, Any]


class ImportRequest(BaseModel):
    token: str
    filename: str


class ImportOutcome(BaseModel):
    document_id: int
    status: str
    plans: int
    tasks: int
    assignments: int
    projects: int
    units_created: int
    diff: dict[str, Any] | None


def notice_warnings(notice: ParsedNotice) -> list[str]:
    """Every warning of the parse once, prefixed with where it was raised (《plan》, 《plan》任务N).

    A warning that names its plan already (「《…》第233行：任务编号跳号…」, which the parser puts on the
    plan and on the task) keeps its own wording and is listed once.
    """
    found = list(notice.warnings)
    for plan in notice.plans:
        found += [_located(f"《{plan.title}》", plan.title, w) for w in plan.warnings]
        for task in plan.tasks:
            where = f"《{plan.title}》任务{task.number}"
            found += [_located(where, plan.title, w) for w in task.warnings]
            for milestone in task.milestones:
                found += [_located(f"{where}「{milestone.text}」", plan.title, w) for w in milestone.warnings]
    return list(dict.fromkeys(found))


def _located(where: str, plan_title: str, warning: str) -> str:
    return warning if warning.startswith(f"《{plan_title}》") else f"{where}：{warning}"


def _parse(data: bytes, filename: str) -> ParsedNotice:
    try:
        return parse_bytes(data, filename)
    except DocumentError as error:
        raise BadInput(str(error)) from error


def _preview(db: SessionDep, user: User, data: bytes, filename: str, token: str) -> NoticePreview:
    notice = _parse(data, filename)
    region = importing.notice_region(db, notice)
    require_bureau(db, user, region.id, "import notices")
    diff = importing.preview_import(db, notice, region=region)
    plans = [
        PlanSummary(
            title=p.title,
            domain=str(p.domain),
            period=p.period,
            region=p.region,
            targets=len(p.targets),
            tasks=len(p.tasks),
            tables=len(p.tables),
        )
        for p in notice.plans
    ]
    document = notice.to_dict()["document"]
    return NoticePreview(
        token=token,
        filename=filename,
        document=document,
        region=region.full_name,
        plans=plans,
        warnings=notice_warnings(notice),
        diff=dataclasses.asdict(diff),
    )


def _receive(file: UploadFile, settings: SettingsDep) -> tuple[bytes, str, str]:
    """(bytes, file name, token) of an accepted upload."""
    data = file.file.read(settings.upload_max_bytes + 1)  # sync route: runs in the thread pool
    filename = file.filename or "upload.txt"
    suffix = check_notice_upload(filename, len(data), settings.upload_max_bytes)
    return data, filename, keep_upload(settings.data_dir, data, suffix)


def _import(request: Request, user: User, token: str, filename: str, settings: SettingsDep) -> ImportOutcome:
    notice = _parse(read_upload(settings.data_dir, token), filename)
    with write_transaction(request.app.state.engine) as db:
        actor = db.get(User, user.id)
        assert actor is not None
        result = importing.apply_import(db, notice, actor=actor)
    fields = dataclasses.asdict(result)
    return ImportOutcome(**{k: fields[k] for k in ImportOutcome.model_fields})


@router.get("/imports/new", include_in_schema=False)
def upload_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "imports.html", {"nav": "imports", "page_title": "导入通知"})


@router.post("/imports/preview", include_in_schema=False)
def preview_page(
    request: Request, db: SessionDep, user: WriteUser, settings: SettingsDep, file: UploadFile
) -> Response:
    data, filename, token = _receive(file, settings)
    preview = _preview(db, user, data, filename, token)
    return render(request, "imports_preview.html", {"nav": "imports", "preview": preview})


@router.post("/imports/confirm", include_in_schema=False)
def confirm_page(
    request: Request,
    user: WriteUser,
    settings: SettingsDep,
    token: Annotated[str, Form()],
    filename: Annotated[str, Form()],
) -> Response:
    outcome = _import(request, user, token, filename, settings)
    return render(request, "imports_done.html", {"nav": "imports", "outcome": outcome})


@router.post("/api/imports/preview")
def preview_api(db: SessionDep, user: WriteUser, settings: SettingsDep, file: UploadFile) -> NoticePreview:
    """Parse an uploaded notice and show what importing it would change (nothing is written)."""
    data, filename, token = _receive(file, settings)
    return _preview(db, user, data, filename, token)


@router.post("/api/imports")
def import_api(
    request: Request, user: WriteUser, settings: SettingsDep, body: ImportRequest
) -> ImportOutcome:
    """Import a previewed upload (by its token); a revision is applied."""
    return _import(request, user, body.token, body.filename, settings)
