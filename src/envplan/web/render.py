"""Page rendering: one Jinja2 environment; every page gets the user and the CSRF token."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from envplan.ledger.models import ROLE_LABELS, STATUS_LABELS

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

DOMAIN_LABELS = {"water": "水", "air": "大气", "soil": "土壤", "groundwater": "地下水", "other": "其他"}

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def beijing(value: dt.datetime | None) -> str:
    """A UTC time as shown on the pages: Beijing time, to the minute."""
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


templates.env.filters["beijing"] = beijing
templates.env.globals.update(
    domain_labels=DOMAIN_LABELS,
    status_labels={str(k): v for k, v in STATUS_LABELS.items()},
    role_labels={str(k): v for k, v in ROLE_LABELS.items()},
)


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
