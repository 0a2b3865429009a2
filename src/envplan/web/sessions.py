"""Signed-cookie sessions with an expiry, and the CSRF token that lives in them.

The session is a small JSON object (user id, CSRF token, time of sign-in) signed with
``settings.secret_key`` (itsdangerous, HMAC-SHA1 over a timestamp). A cookie older than
``settings.session_max_age_seconds`` [s] is ignored, so the browser is signed out; a cookie
whose signature does not verify is ignored too. Every visitor gets a session (anonymous ones
carry only the CSRF token) so that even the sign-in form is CSRF-protected.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE_NAME = "envplan_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


@dataclass(slots=True)
class WebSession:
    """What the session cookie carries. ``user_id`` is None for anonymous visitors."""

    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    user_id: int | None = None
    changed: bool = False
    cleared: bool = False

    def sign_in(self, user_id: int) -> None:
        """Bind the session to a user and rotate the CSRF token (no session fixation)."""
        self.user_id = user_id
        self.csrf_token = secrets.token_urlsafe(32)
        self.changed = True

    def sign_out(self) -> None:
        """Forget the user and rotate the CSRF token."""
        self.user_id = None
        self.csrf_token = secrets.token_urlsafe(32)
        self.changed = True
        self.cleared = True

    def csrf_matches(self, presented: str | None) -> bool:
        """Constant-time comparison of a presented token with the session's."""
        return bool(presented) and hmac.compare_digest(str(presented), self.csrf_token)


class SessionCodec:
    """Reads and writes :class:`WebSession` cookies."""

    def __init__(self, secret_key: str, max_age_seconds: int, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="envplan.session")
        self.max_age_seconds = max_age_seconds
        self.secure = secure

    def load(self, request: Request) -> WebSession:
        """The request's session, or a fresh anonymous one (marked changed so it is sent)."""
        raw = request.cookies.get(COOKIE_NAME)
        if raw:
            try:
                data: dict[str, Any] = self._serializer.loads(raw, max_age=self.max_age_seconds)
                return WebSession(csrf_token=str(data["csrf"]), user_id=data.get("uid"))
            except (BadSignature, KeyError, TypeError):
                pass
        return WebSession(changed=True)

    def store(self, session: WebSession, response: Response) -> None:
        """Set the cookie on ``response`` if the session is new or changed."""
        if not session.changed:
            return
        value = self._serializer.dumps({"uid": session.user_id, "csrf": session.csrf_token})
        response.set_cookie(
            COOKIE_NAME,
            value,
            max_age=self.max_age_seconds,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )


class SessionMiddleware:
    """Pure ASGI middleware: puts the :class:`WebSession` on ``request.state.web_session``
    and writes the cookie back when the session changed."""

    def __init__(self, app: Any, codec: SessionCodec) -> None:
        self.app = app
        self.codec = codec

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self.codec.load(Request(scope))
        scope.setdefault("state", {})["web_session"] = session

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start" and session.changed:
                carrier = Response()
                self.codec.store(session, carrier)
                cookies = [(k, v) for k, v in carrier.raw_headers if k == b"set-cookie"]
                message["headers"] = [*message.get("headers", []), *cookies]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
