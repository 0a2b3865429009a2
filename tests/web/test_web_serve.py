"""``envplan serve``: schema created, demo loaded once into an empty database, the app answers."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from envplan.cli import app as cli_app
from envplan.web.serving import database_is_empty, prepare
from web.web_helpers import make_settings


def test_prepare_creates_the_schema_and_loads_the_demo_once(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'serve.sqlite3'}", tmp_path / "data")
    app, sign_ins = prepare(settings, demo=True)
    assert ("bureau", "envplan-demo") in [(name, password) for name, password, _ in sign_ins]
    assert not database_is_empty(app.state.engine)
    with TestClient(app) as client:
        token = client.get("/api/session").json()["csrf_token"]
        body = {"username": "water", "password": "envplan-demo"}
        assert client.post("/api/session", json=body, headers={"X-CSRF-Token": token}).status_code == 200
        assert client.get("/api/ledger").json()["total"] > 0 and client.get("/api/mine").json()["total"] > 0
        admin = {"username": "admin", "password": "envplan-demo"}
        client.post(
            "/api/session",
            json=admin,
            headers={"X-CSRF-Token": client.get("/api/session").json()["csrf_token"]},
        )
        total = client.get("/api/ledger").json()["total"]  # the administrator sees every region
    again, _ = prepare(settings, demo=True)  # not empty any more: nothing imported twice
    with TestClient(again) as client:
        token = client.get("/api/session").json()["csrf_token"]
        client.post(
            "/api/session",
            json={"username": "admin", "password": "envplan-demo"},
            headers={"X-CSRF-Token": token},
        )
        assert client.get("/api/ledger").json()["total"] == total


def test_prepare_without_demo_leaves_the_database_empty(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path / "data")
    app, sign_ins = prepare(settings, demo=False)
    assert sign_ins == [] and database_is_empty(app.state.engine)


def test_serve_help_documents_its_options() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--demo"):
        assert option in result.output


def test_each_process_runs_web_threads_requests_at_once(tmp_path: Path) -> None:
    """The app's lifespan sets the thread limit of its event loop to ENVPLAN_WEB_THREADS."""
    import anyio.to_thread

    from envplan.web import create_app

    for threads in (1, 4, 12):
        settings = make_settings(f"sqlite:///{tmp_path / 'ledger.sqlite3'}", tmp_path, web_threads=threads)
        with TestClient(create_app(settings)) as client:
            limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)  # type: ignore[union-attr]
            assert limiter.total_tokens == threads


def test_web_threads_out_of_range_is_refused(tmp_path: Path) -> None:
    import pytest
    from pydantic import ValidationError

    for threads in (0, -1, 201):
        with pytest.raises(ValidationError, match="web_threads"):
            make_settings("sqlite://", tmp_path, web_threads=threads)
    assert make_settings("sqlite://", tmp_path).web_threads == 4
