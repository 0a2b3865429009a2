"""Helpers of the web tests (importable as ``web.web_helpers``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from envplan.settings import Settings

PERSONA_PASSWORD = "persona-password-1"  # the same as tests/conftest.py's


def make_settings(database_url: str, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        "data_dir": data_dir,
        "secret_key": "web-tests-secret",
        "login_max_failures": 3,
        "login_window_seconds": 60,
        "session_max_age_seconds": 3600,
        **overrides,
    }
    return Settings.model_validate(values)


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token (creates the anonymous session if needed)."""
    token = client.get("/api/session").json()["csrf_token"]
    assert isinstance(token, str) and len(token) > 20
    return token


def sign_in(client: TestClient, username: str, password: str = PERSONA_PASSWORD) -> str:
    """Sign in through the JSON API; returns the new CSRF token."""
    response = client.post(
        "/api/session",
        json={"username": username, "password": password},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert response.status_code == 200, response.text
    token = response.json()["csrf_token"]
    assert isinstance(token, str)
    return token
