"""``/healthz``: for monitors and load balancers, without sign-in (GET and HEAD)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from envplan.ledger.db import schema_problem
from envplan.web.deps import EngineDep

router = APIRouter(tags=["运维"])


@router.api_route("/healthz", methods=["GET", "HEAD"])
def health(engine: EngineDep) -> JSONResponse:
    """200 ``{"status": "ok"}`` when the database answers and its schema is current; else 503 with
    the reason (``database unreachable``, ``schema not upgraded …``). Nothing else is disclosed."""
    problem = schema_problem(engine)
    if problem is None:
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "error", "reason": problem}, status_code=503)
