"""Page rendering: one Jinja2 environment; every page gets the user and the CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` with the session's user and CSRF token added."""
    session = getattr(request.state, "web_session", None)
    full: dict[str, Any] = {
        "user": getattr(request.state, "web_user", None),
        "csrf_token": session.csrf_token if session else "",
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, full, status_code=status_code)
