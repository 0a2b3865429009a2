"""Errors of the web layer and how they are shown: JSON for /api/…, a Chinese page otherwise.

Unauthenticated requests get 401 (JSON) or a redirect to the sign-in page (HTML); forbidden ones
403; a failed CSRF check 403 with its own message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError


class NotSignedIn(Exception):
    """The request needs a signed-in user."""


class CsrfRejected(Exception):
    """The CSRF token is missing or does not match the session's."""


class Forbidden(Exception):
    """The signed-in user may not do this."""

    def __init__(self, detail: str = "无权执行此操作") -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(Exception):
    def __init__(self, detail: str = "未找到") -> None:
        super().__init__(detail)
        self.detail = detail


class BadInput(Exception):
    """Input the user can correct (shown with 400/422)."""

    def __init__(self, detail: str, status_code: int = 422) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status_code = status_code


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status_code: int, heading: str, detail: str) -> Response:
    """JSON ``{"detail": …}`` for the API, the error page for browsers."""
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status_code)
    from envplan.web.render import render

    context: dict[str, Any] = {"status_code": status_code, "heading": heading, "detail": detail}
    return render(request, "error.html", context, status_code=status_code)


LEDGER_STATUS: dict[str, tuple[int, str]] = {
    "PermissionDenied": (403, "无权访问"),
    "NotFound": (404, "未找到"),
    "ConflictError": (409, "数据已被他人修改"),
    "TransitionError": (422, "不允许的状态变更"),
    "LedgerValidationError": (422, "输入有误"),
    "ImportFailed": (422, "导入失败"),
    "LoginThrottled": (429, "登录尝试过多"),
}


def install_handlers(app: FastAPI, ledger_errors: tuple[type[Exception], ...] = ()) -> None:
    """Register the handlers; ``ledger_errors`` are shown by class name through LEDGER_STATUS."""

    async def not_signed_in(request: Request, exc: Exception) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "需要登录"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/"
        return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)

    async def csrf(request: Request, exc: Exception) -> Response:
        return error_response(request, 403, "请求已失效", "CSRF 校验失败：请刷新页面后重试")

    async def forbidden(request: Request, exc: Exception) -> Response:
        return error_response(request, 403, "无权访问", str(getattr(exc, "detail", exc) or "无权执行此操作"))

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(request, 404, "未找到", str(getattr(exc, "detail", exc)))

    async def bad_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadInput)
        return error_response(request, exc.status_code, "输入有误", exc.detail)

    app.add_exception_handler(NotSignedIn, not_signed_in)
    app.add_exception_handler(CsrfRejected, csrf)
    app.add_exception_handler(Forbidden, forbidden)

    async def ledger_error(request: Request, exc: Exception) -> Response:
        status_code, heading = LEDGER_STATUS.get(type(exc).__name__, (400, "请求有误"))
        return error_response(request, status_code, heading, str(exc) or heading)

    for kind in ledger_errors:
        app.add_exception_handler(kind, ledger_error)

    async def invalid_form(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        fields = "、".join(str(e["loc"][-1]) for e in exc.errors())
        return error_response(request, 422, "输入有误", f"请检查这些字段：{fields}")

    app.add_exception_handler(RequestValidationError, invalid_form)

    async def out_of_range(request: Request, exc: Exception) -> Response:
        # a number no database column can hold (SQLite: OverflowError; PostgreSQL: DataError)
        return error_response(request, 422, "输入有误", "数值超出范围：请求中的编号或数字过大")

    app.add_exception_handler(OverflowError, out_of_range)
    app.add_exception_handler(DataError, out_of_range)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(BadInput, bad_input)
