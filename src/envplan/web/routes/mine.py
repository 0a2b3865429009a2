"""「我的任务」: the ledger of the signed-in user's unit, with its JSON twin."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from envplan.ledger.clock import beijing_today
from envplan.ledger.services.queries import my_tasks
from envplan.web.deps import CurrentUser, SessionDep
from envplan.web.filters import LedgerQueryDep
from envplan.web.render import render
from envplan.web.routes.ledger import LedgerPublic, public, table_context

router = APIRouter(tags=["我的任务"])


@router.get("/mine", include_in_schema=False)
def mine_page(request: Request, db: SessionDep, user: CurrentUser, query: LedgerQueryDep) -> Response:
    page = my_tasks(db, user, query, today=beijing_today())
    partial = bool(request.headers.get("HX-Request"))
    template = "ledger_table.html" if partial else "mine.html"
    context = {
        **table_context(page, query, "/mine"),
        "nav": "mine",
        "page_title": "我的任务",
        "partial": partial,
    }
    return render(request, template, context)


@router.get("/api/mine")
def mine_api(db: SessionDep, user: CurrentUser, query: LedgerQueryDep) -> LedgerPublic:
    """The assignments of the user's unit (empty for users without a unit)."""
    return public(my_tasks(db, user, query, today=beijing_today()), query)
