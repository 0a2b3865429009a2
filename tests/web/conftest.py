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


# ─── browser tests: the app served by uvicorn in a thread, Debian's chromium through Playwright ───

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The app on 127.0.0.1 and a free port (the socket is bound first, so no race); its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start within 20 s"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Debian chromium (skipped when absent, failed under ENVPLAN_REQUIRE_BROWSER=1)."""
    from support import require_external

    if not CHROMIUM.exists():
        require_external("chromium", f"{CHROMIUM} does not exist", "ENVPLAN_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser page (1366×900); screenshots go to test-artifacts/web/."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(20_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield page
    finally:
        context.close()
