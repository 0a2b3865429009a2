"""CSRF protection for every unsafe request (POST, PUT, PATCH, DELETE).

The token lives in the signed session (:mod:`envplan.web.sessions`). Forms send it in the hidden
field ``csrf_token``; htmx and JSON clients send it in the ``X-CSRF-Token`` header (``base.html``
puts it in ``hx-headers`` on ``<body>``). ``GET /api/session`` returns it for API clients.
"""

from __future__ import annotations

from fastapi import Request

from envplan.web.errors import CsrfRejected
from envplan.web.sessions import CSRF_FIELD, CSRF_HEADER, WebSession

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def presented_token(request: Request) -> str | None:
    """The token from the header, else from the form body (the form is cached by Starlette)."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def check_csrf(request: Request) -> None:
    """FastAPI dependency: refuse an unsafe request whose token does not match the session's."""
    if request.method in SAFE_METHODS:
        return
    session: WebSession = request.state.web_session
    if not session.csrf_matches(await presented_token(request)):
        raise CsrfRejected()
