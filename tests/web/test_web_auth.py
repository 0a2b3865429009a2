"""Sign-in, sign-out, CSRF, throttling and session expiry."""

from __future__ import annotations

import datetime as dt

import time_machine
from fastapi.testclient import TestClient

from web.web_helpers import PERSONA_PASSWORD, csrf_of, sign_in


def _form_sign_in(client: TestClient, username: str, password: str, **extra: str) -> object:
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
