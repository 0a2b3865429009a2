"""The ledger (台账) table: filters, sort, paging; its JSON twin and the XLSX export of the view."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from envplan.ledger.clock import beijing_today
from envplan.ledger.models import AssignmentStatus, User
from envplan.ledger.services.queries import (
    SORTS,
    LedgerPage,
    LedgerQuery,
    LedgerRow,
    iter_ledger,
    list_ledger,
)
from envplan.reports.ledger_view_xlsx import ledger_view_workbook
from envplan.web.deps import CurrentUser, SessionDep, SnapshotDep
from envplan.web.filters import LedgerQueryDep, describe, query_string
from envplan.web.render import DOMAIN_LABELS, render
from envplan.web.routes.dashboard import scope_of

router = APIRouter(tags=["台账"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerPublic(BaseModel):
    """A page of the ledger: one row per live unit assignment."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    pages: int
    sort: str


def public(page: LedgerPage, query: LedgerQuery) -> LedgerPublic:
    rows = [dataclasses.asdict(r) for r in page.rows]
    return LedgerPublic(
        rows=rows,
        total=page.total,
        page=page.page,
        page_size=page.page_size,
        pages=page.pages,
        sort=query.sort,
    )


def table_context(page: LedgerPage, query: LedgerQuery, base: str) -> dict[str, Any]:
    """What ledger_table.html needs (also used by 「我的任务」)."""
    return {
        "page": page,
        "query": query,
        "base": base,
        "qs": lambda **c: query_string(query, **c),
        "statuses": [s.value for s in AssignmentStatus],
        "sorts": list(SORTS),
    }


def scoped(query: LedgerQuery, user: User) -> LedgerQuery:
    """Without ``region_id``, the user's unit's region and below (administrators: everything)."""
    query.region_id = scope_of(user, query.region_id)
    return query


@router.get("/ledger", include_in_schema=False)
def ledger_page(request: Request, db: SessionDep, user: CurrentUser, query: LedgerQueryDep) -> Response:
    page = list_ledger(db, scoped(query, user), today=beijing_today())
    partial = bool(request.headers.get("HX-Request"))
    template = "ledger_table.html" if partial else "ledger.html"
    context = {
        **table_context(page, query, "/ledger"),
        "nav": "ledger",
        "page_title": "台账",
        "partial": partial,
    }
    return render(request, template, context)


@router.get("/api/ledger")
def ledger_api(db: SessionDep, user: CurrentUser, query: LedgerQueryDep) -> LedgerPublic:
    """One page of the ledger (default scope: the user's unit's region and below)."""
    return public(list_ledger(db, scoped(query, user), today=beijing_today()), query)


def export_row(row: LedgerRow) -> dict[str, Any]:
    return {
        **dataclasses.asdict(row),
        "domain": DOMAIN_LABELS.get(row.domain, row.domain),
        "plan": row.plan_title,
        "number": row.task_number,
        "title": row.task_title,
        "unit": row.unit_name,
        "role": row.role_label,
        "status": row.status_label,
    }


@router.get("/ledger/export.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def ledger_export(db: SnapshotDep, user: CurrentUser, query: LedgerQueryDep) -> Response:
    """The filtered view (every page, in the chosen order, from one snapshot) as an XLSX workbook."""
    title = f"台账（{describe(query)}；导出日期 {beijing_today().isoformat()}）"
    rows = (export_row(r) for r in iter_ledger(db, scoped(query, user), today=beijing_today()))
    workbook = ledger_view_workbook(rows, title)
    filename = quote(f"台账-{beijing_today().isoformat()}.xlsx")
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
    return Response(workbook, media_type=XLSX, headers=headers)
