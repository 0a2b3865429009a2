"""Browser test (headless Debian chromium): a bureau user issues a warning letter, the unit sees it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.ledger.models import Assignment, Task, User
from web.web_helpers import PERSONA_PASSWORD

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_load_state()


def test_bureau_issues_letter_unit_sees_it(
    live_server: str, page: Any, session: Session, persona_notice: object
) -> None:
    """Uses the web tests' browser harness (tests/web/conftest.py: live_server, page)."""
    base = live_server
    run_day(session, dt.date(2023, 7, 1))
    session.commit()
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
