"""One router module per resource; each HTML page and its JSON twin call the same service."""

from __future__ import annotations

from fastapi import APIRouter

from envplan.web.routes import (
    assignments,
    auth,
    dashboard,
    dispatch,
    health,
    imports,
    ledger,
    mine,
    plans,
    tasks,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    dashboard.router,
    plans.router,
    ledger.router,
    mine.router,
    tasks.router,
    assignments.router,
    imports.router,
    dispatch.router,
    health.router,
]
