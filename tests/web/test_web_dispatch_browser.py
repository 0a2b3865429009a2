"""Browser test (headless Debian chromium): a bureau user issues a warning letter, the unit sees it."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.ledger.models import Assignment, Task, User
from envplan.web.routes import ROUTERS
from envplan.web.routes import dispatch as dispatch_routes
from support import require_external
from web.web_helpers import PERSONA_PASSWORD

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture
def dispatch_server(app: FastAPI, session: Session, persona_notice: object) -> Iterator[str]:
    """The app (with the dispatch router) served by uvicorn on loopback after a daily run."""
    import uvicorn

    if dispatch_routes.router not in ROUTERS:
        app.include_router(dispatch_routes.router)
    run_day(session, dt.date(2023, 7, 1))
    session.commit()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start within 20 s"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        require_external("chromium", f"{CHROMIUM} does not exist", "ENVPLAN_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
        )
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            yield page
        finally:
            browser.close()


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_load_state()


def test_bureau_issues_letter_unit_sees_it(dispatch_server: str, browser_page: Any, session: Session) -> None:
    page, base = browser_page, dispatch_server
    lead = session.scalar(select(User).where(User.username == "lead"))
    assert lead is not None
    target = session.scalar(
        select(Assignment.id).join(Task).where(Task.number == "3", Assignment.unit_id == lead.unit_id)
    )
    sign_in(page, base, "bureau")
    page.goto(f"{base}/dispatch")
    page.wait_for_selector("#ranking-chart canvas")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dispatch-board.png"), full_page=True)
    page.check(f"input[name=assignment_ids][value='{target}']")
    page.select_option("select[name=kind]", "warning_letter")
    page.click("#issue-letter")
    page.wait_for_url("**/dispatch/actions/*")
    assert "吕环预警〔2023〕1号" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "dispatch-letter-issued.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, base, "lead")
    page.goto(f"{base}/inbox")
    inbox = page.inner_text("#inbox")
    assert "收到预警函（吕环预警〔2023〕1号）" in inbox
    page.click("#inbox a")
    assert "你单位负责的以下1项任务推进滞后" in page.inner_text("#letter-body")
    page.screenshot(path=str(ARTIFACTS / "dispatch-inbox.png"), full_page=True)
