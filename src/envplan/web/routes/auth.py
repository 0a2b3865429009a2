"""Sign-in and sign-out (pages and JSON), throttled by account and by client address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from envplan.ledger.services import users as user_service
from envplan.web.deps import (
    CsrfChecked,
    OptionalUser,
    WebSessionDep,
    WebUser,
    client_address,
    write_transaction,
)
from envplan.web.render import render
from envplan.web.throttle import LoginThrottle

router = APIRouter(tags=["会话"])


class SignIn(BaseModel):
    username: str
    password: str


class SessionPublic(BaseModel):
    csrf_token: str
    user: dict[str, object] | None


def _safe_next(target: str | None) -> str:
    """Only local paths, never '//host' (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _attempt(request: Request, username: str, password: str) -> tuple[WebUser | None, int]:
    """(user or None, seconds to wait when throttled). The counts are the database's (shared by
    every worker process); the argon2 check runs outside any write transaction."""
    shield: LoginThrottle = request.app.state.throttle
    address = client_address(request)
    wait = shield.blocked_for(address)
    if wait:
        return None, wait
    engine = request.app.state.engine
    result = user_service.sign_in(
        engine,
        username,
        password,
        address=address,
        settings=request.app.state.settings,
        write=lambda: write_transaction(engine),
    )
    shield.block(address, result.address_wait)
    return (WebUser.of(result.user) if result.user is not None else None), result.wait


@router.get("/signin", include_in_schema=False)
def signin_page(request: Request, next: str = "/") -> Response:
    return render(request, "signin.html", {"next_url": _safe_next(next), "page_title": "登录"})


@router.post("/signin", include_in_schema=False)
def signin(
    request: Request,
    web_session: WebSessionDep,
    _csrf: CsrfChecked,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    user, wait = _attempt(request, username, password)
    if user is None:
        error = f"登录尝试过多，请 {wait} 秒后再试" if wait else "用户名或密码错误"
        context = {"error": error, "username": username, "next_url": _safe_next(next)}
        return render(request, "signin.html", context, status_code=429 if wait else 401)
    web_session.sign_in(user.id)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/signout", include_in_schema=False)
def signout(web_session: WebSessionDep, _csrf: CsrfChecked) -> Response:
    web_session.sign_out()
    return RedirectResponse("/signin", status_code=303)


@router.get("/api/session")
def session_info(web_session: WebSessionDep, user: OptionalUser) -> SessionPublic:
    """The CSRF token to send as X-CSRF-Token, and the signed-in user (or null)."""
    public = WebUser.of(user) if user else None
    return SessionPublic(csrf_token=web_session.csrf_token, user=_user_dict(public))


@router.post("/api/session")
def api_signin(request: Request, web_session: WebSessionDep, _csrf: CsrfChecked, body: SignIn) -> Response:
    """Sign in: 200 with the new CSRF token, 401 on a wrong password, 429 when throttled."""
    user, wait = _attempt(request, body.username, body.password)
    if user is None:
        headers = {"Retry-After": str(wait)} if wait else None
        detail = "登录尝试过多" if wait else "用户名或密码错误"
        return JSONResponse({"detail": detail}, status_code=429 if wait else 401, headers=headers)
    web_session.sign_in(user.id)
    return JSONResponse({"csrf_token": web_session.csrf_token, "user": _user_dict(user)})


@router.delete("/api/session")
def api_signout(web_session: WebSessionDep, _csrf: CsrfChecked) -> dict[str, str]:
    web_session.sign_out()
    return {"csrf_token": web_session.csrf_token}


def _user_dict(user: WebUser | None) -> dict[str, object] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit_id": user.unit_id,
        "unit_name": user.unit_name,
    }
