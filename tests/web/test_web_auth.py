"""Sign-in, sign-out, CSRF, throttling (by account and by address, in the database) and session expiry."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from envplan.ledger.models import AuditEntry, User
from envplan.ledger.services import users as user_service
from envplan.settings import Settings
from envplan.web import create_app
from envplan.web.deps import write_transaction
from envplan.web.throttle import LoginThrottle
from web.web_helpers import PERSONA_PASSWORD, csrf_of, sign_in


def _form_sign_in(client: TestClient, username: str, password: str, **extra: str) -> httpx.Response:
    data = {"username": username, "password": password, "csrf_token": csrf_of(client), **extra}
    return client.post("/signin", data=data)


def test_signin_page_is_chinese_and_carries_a_csrf_field(client: TestClient) -> None:
    response = client.get("/signin")
    assert response.status_code == 200
    assert "登录" in response.text and 'name="csrf_token"' in response.text
    assert "envplan_session" in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"]


def test_form_signin_redirects_to_a_local_next_only(client: TestClient, lead_officer: object) -> None:
    response = _form_sign_in(client, "lead", PERSONA_PASSWORD, next="//evil.example/x")
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert client.get("/api/session").json()["user"]["username"] == "lead"


def test_wrong_password_is_refused_without_saying_which_part(
    client: TestClient, lead_officer: object
) -> None:
    wrong = _form_sign_in(client, "lead", "not-the-password")
    unknown = _form_sign_in(client, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert client.get("/api/session").json()["user"] is None


def test_signin_without_csrf_token_is_refused(client: TestClient, lead_officer: object) -> None:
    form = client.post("/signin", data={"username": "lead", "password": PERSONA_PASSWORD})
    api = client.post("/api/session", json={"username": "lead", "password": PERSONA_PASSWORD})
    forged = client.post(
        "/api/session",
        json={"username": "lead", "password": PERSONA_PASSWORD},
        headers={"X-CSRF-Token": "forged-token-forged-token-forged"},
    )
    assert form.status_code == api.status_code == forged.status_code == 403
    assert client.get("/api/session").json()["user"] is None


def test_signin_rotates_the_csrf_token_and_signout_forgets_the_user(
    client: TestClient, lead_officer: object
) -> None:
    anonymous_token = csrf_of(client)
    token = sign_in(client, "lead")
    assert token != anonymous_token
    assert client.post("/signout", data={"csrf_token": anonymous_token}).status_code == 403
    response = client.post("/signout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/signin"
    assert client.get("/api/session").json()["user"] is None


def test_throttled_by_user_name_after_max_failures_even_with_the_right_password(
    client: TestClient, lead_officer: object
) -> None:
    for _ in range(3):  # login_max_failures = 3 in these tests
        assert _form_sign_in(client, "lead", "wrong-password").status_code == 401
    throttled = _form_sign_in(client, "lead", PERSONA_PASSWORD)
    assert throttled.status_code == 429 and "登录尝试过多" in throttled.text
    assert client.get("/api/session").json()["user"] is None


def test_throttle_window_ends(client: TestClient, lead_officer: object) -> None:
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            _form_sign_in(client, "lead", "wrong-password")
        assert _form_sign_in(client, "lead", PERSONA_PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert _form_sign_in(client, "lead", PERSONA_PASSWORD).status_code == 303


def test_throttled_by_client_address_across_user_names(
    client: TestClient, lead_officer: object, viewer: object
) -> None:
    for name in ("someone", "else", "entirely"):
        assert _form_sign_in(client, name, "wrong-password").status_code == 401
    assert _form_sign_in(client, "viewer", PERSONA_PASSWORD).status_code == 429
    response = client.post(
        "/api/session",
        json={"username": "lead", "password": PERSONA_PASSWORD},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0


def test_session_expires_after_max_age(client: TestClient, lead_officer: object) -> None:
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        sign_in(client, "lead")
    with time_machine.travel(start + dt.timedelta(seconds=3599), tick=False):
        assert client.get("/api/session").json()["user"]["username"] == "lead"
    with time_machine.travel(start + dt.timedelta(seconds=3601), tick=False):
        assert client.get("/api/session").json()["user"] is None


def test_tampered_session_cookie_is_ignored(client: TestClient, lead_officer: object) -> None:
    sign_in(client, "lead")
    cookie = client.cookies["envplan_session"]
    client.cookies.set("envplan_session", cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"))
    assert client.get("/api/session").json()["user"] is None


# ─── the throttle in the database: shared by worker processes, argon2 outside the write lock ───


@pytest.fixture
def slow_verify(monkeypatch: pytest.MonkeyPatch) -> SlowVerify:
    """argon2 verification slowed to SLOW_VERIFY_SECONDS, with its start and calls observable."""
    slow = SlowVerify(user_service._verify)
    monkeypatch.setattr(user_service, "_verify", slow)
    return slow


SLOW_VERIFY_SECONDS = 1.0


class SlowVerify:
    def __init__(self, real: Callable[[str, str], bool]) -> None:
        self.real, self.calls = real, 0
        self.started, self.finished = threading.Event(), threading.Event()
        self._lock = threading.Lock()

    def __call__(self, password_hash: str, password: str) -> bool:
        with self._lock:
            self.calls += 1
        self.started.set()
        time.sleep(SLOW_VERIFY_SECONDS)
        self.finished.set()
        return self.real(password_hash, password)


def _api_sign_in(app: FastAPI, username: str, password: str) -> httpx.Response:
    client = TestClient(app, follow_redirects=False)
    return client.post(
        "/api/session",
        json={"username": username, "password": password},
        headers={"X-CSRF-Token": csrf_of(client)},
    )


def test_a_write_proceeds_while_a_sign_in_hashes(
    app: FastAPI, session: Session, lead_officer: object, administrator: object, slow_verify: SlowVerify
) -> None:
    """The password check holds no write transaction (on SQLite that would stop every writer)."""
    results: list[int] = []
    signer = threading.Thread(
        target=lambda: results.append(_api_sign_in(app, "lead", PERSONA_PASSWORD).status_code)
    )
    signer.start()
    assert slow_verify.started.wait(10)
    began = time.perf_counter()
    with write_transaction(app.state.engine) as db:  # the app's own writers' path
        admin = db.scalars(select(User).where(User.username == "admin")).one()
        lead = db.scalars(select(User).where(User.username == "lead")).one()
        user_service.set_active(db, lead, True, actor=admin)  # touches the signing-in user's row
    waited = time.perf_counter() - began
    assert not slow_verify.finished.is_set() and waited < SLOW_VERIFY_SECONDS / 2, waited
    signer.join(10)
    assert results == [200]


@pytest.mark.parametrize("names", [["lead"] * 6, [f"nobody{i}" for i in range(6)]])
def test_concurrent_wrong_passwords_cannot_pass_the_limit(
    app: FastAPI, lead_officer: object, slow_verify: SlowVerify, names: list[str]
) -> None:
    """Six tries at once (same account, or same address): three are checked, three refused
    before any hashing; then even the right password waits."""
    with ThreadPoolExecutor(len(names)) as pool:
        statuses = sorted(pool.map(lambda n: _api_sign_in(app, n, "wrong-password").status_code, names))
    assert statuses == [401, 401, 401, 429, 429, 429] and slow_verify.calls == 3
    assert _api_sign_in(app, "lead", PERSONA_PASSWORD).status_code == 429


def test_address_throttle_is_shared_by_worker_processes(
    app: FastAPI, database_url: str, web_settings: Settings, lead_officer: object
) -> None:
    """A second application with its own engine and shield (another worker) sees the failures."""
    from envplan.ledger.db import make_engine

    other_engine = make_engine(database_url)
    try:
        worker2 = create_app(web_settings, engine=other_engine)
        for name in ("someone", "else", "entirely"):
            assert _api_sign_in(app, name, "wrong-password").status_code == 401
        refused = _api_sign_in(worker2, "lead", PERSONA_PASSWORD)
        assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 60
    finally:
        other_engine.dispose()


def test_retry_after_counts_from_the_oldest_failure_and_sign_ins_cancel_their_attempt(
    app: FastAPI, session: Session, lead_officer: object, viewer: object
) -> None:
    start = dt.datetime.now(dt.UTC)
    for second, (name, password) in enumerate(
        [("x", "wrong"), ("viewer", PERSONA_PASSWORD), ("y", "wrong"), ("z", "wrong")]
    ):
        with time_machine.travel(start + dt.timedelta(seconds=10 * second), tick=False):
            assert _api_sign_in(app, name, password).status_code == (200 if name == "viewer" else 401)
    with time_machine.travel(start + dt.timedelta(seconds=45), tick=False):
        refused = _api_sign_in(app, "lead", PERSONA_PASSWORD)
    assert (
        refused.status_code == 429 and refused.headers["retry-after"] == "15"
    )  # x failed at 0 s, window 60 s
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert _api_sign_in(app, "lead", PERSONA_PASSWORD).status_code == 200
    session.rollback()
    rows = session.scalars(select(AuditEntry).where(AuditEntry.action.like("signin.%"))).all()
    assert [r.action for r in rows].count("signin.attempt") == 5
    assert [r.details.get("username") for r in rows if r.action == "signin.attempt"] == [
        None, "viewer", None, None, "lead",
    ]  # fmt: skip
    assert all("x" not in r.details.values() and r.details["address"] == "testclient" for r in rows)


def test_address_count_reads_only_the_window_through_the_at_index(session: Session) -> None:
    """The address count is one query on ix_audit_log_at, never a scan of all sign-ins ever."""
    statements: list[tuple[str, object]] = []
    bind = session.get_bind()

    def capture(conn: object, cursor: object, statement: str, parameters: object, *args: object) -> None:
        statements.append((statement, parameters))

    event.listen(bind, "before_cursor_execute", capture)
    try:
        now = dt.datetime.now(dt.UTC)
        user_service.address_wait(session, "10.0.0.1", now=now, settings=Settings())
    finally:
        event.remove(bind, "before_cursor_execute", capture)
    (statement, parameters), *_ = [s for s in statements if "audit_log" in s[0]]
    connection = session.connection()
    if bind.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()  # type: ignore[arg-type]
    else:
        plan = [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]  # type: ignore[arg-type]
    assert any("ix_audit_log_at" in line for line in plan), plan
    assert not any("ix_audit_log_action" in line for line in plan), plan


def test_shield_remembers_refusals_only_until_their_end() -> None:
    now = [1000.0]
    shield = LoginThrottle(3, 60, clock=lambda: now[0])
    assert shield.blocked_for("10.0.0.1") == 0
    shield.block("10.0.0.1", 15)
    shield.block("10.0.0.2", 0)  # no refusal: nothing remembered
    now[0] += 14.5
    assert (shield.blocked_for("10.0.0.1"), shield.blocked_for("10.0.0.2")) == (1, 0)
    now[0] += 0.5
    assert shield.blocked_for("10.0.0.1") == 0
    for i in range(LoginThrottle.MAX_ADDRESSES + 5):
        shield.block(f"a{i}", 60)
    assert len(shield._blocked_until) <= LoginThrottle.MAX_ADDRESSES
