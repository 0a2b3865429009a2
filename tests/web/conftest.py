"""Fixtures of the web tests: the app on F's migrated database (SQLite and PostgreSQL) and a client.
Personas come from tests/conftest.py (password ``PERSONA_PASSWORD``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from envplan.settings import Settings
from envplan.web import create_app
from web.web_helpers import make_settings


@pytest.fixture
def web_settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path / "data")


@pytest.fixture
def app(web_settings: Settings, engine: Engine, session: Session) -> FastAPI:
    """The application on the test database (regions seeded by the ``session`` fixture)."""
    return create_app(web_settings, engine=engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
