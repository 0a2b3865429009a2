"""``/healthz``: 200 when the database answers at the current schema, 503 with the reason otherwise."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from envplan.web import create_app
from web.web_helpers import make_settings


def test_health_is_ok_without_sign_in_on_both_databases(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    head = client.head("/healthz")
    assert head.status_code == 200 and head.content == b""


def test_health_reports_a_schema_that_was_not_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"  # a database no migration has run on
    app = create_app(make_settings(url, tmp_path))
    with TestClient(app) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "reason": "schema not upgraded (run envplan db upgrade)"}


def test_health_reports_an_unreachable_database(tmp_path: Path) -> None:
    url = "postgresql+psycopg://envplan@127.0.0.1:9/envplan"  # port 9 (discard): nothing listens
    engine = create_engine(url, connect_args={"connect_timeout": 2})
    app = create_app(make_settings(url, tmp_path), engine=engine)
    with TestClient(app) as client:
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (
        503,
        {"status": "error", "reason": "database unreachable"},
    )
    engine.dispose()
