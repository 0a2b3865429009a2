"""One router module per resource; each HTML page and its JSON twin call the same service."""

from __future__ import annotations

from fastapi import APIRouter

from envplan.web.routes import assignments, auth, dispatch, imports, tasks

ROUTERS: list[APIRouter] = [
    auth.router,
    tasks.router,
    assignments.router,
    imports.router,
    dispatch.router,
]
