"""Dispatch pages and JSON API: board, rankings, letters, replies, inbox; writes refused without rights."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.ledger.models import Assignment, Task, User
from envplan.web.routes import ROUTERS
from envplan.web.routes import dispatch as dispatch_routes
from web.web_helpers import sign_in

DAY = dt.date(2023, 7, 1)


@pytest.fixture
def dispatch_app(app: FastAPI) -> FastAPI:
    """The app with the dispatch router (also when the router list does not carry it yet)."""
    if dispatch_routes.router not in ROUTERS:
        app.include_router(dispatch_routes.router)
    return app


@pytest.fixture
def web(dispatch_app: FastAPI, session: Session, persona_notice: object) -> TestClient:
    run_day(session, DAY)
    session.commit()
    return TestClient(dispatch_app, follow_redirects=False)


def overdue_of(session: Session, username: str) -> int:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    found = session.scalar(
        select(Assignment.id).join(Task).where(Task.number == "3", Assignment.unit_id == user.unit_id)
    )
    assert found is not None
    return found


def test_board_and_rankings_json(web: TestClient, session: Session) -> None:
    sign_in(web, "bureau")
    board = web.get("/api/dispatch/board").json()
    assert board["day"] == "2023-07-01" and board["counts"]["red"] >= 1
    red = next(r for r in board["rows"] if r["assignment_id"] == overdue_of(session, "lead"))
    assert (
        red["colour"] == "red"
        and "逾期 1 天" in red["reason"]
        and red["numbers"]["final_due"] == "2023-06-30"
    )
    assert red["assignment_id"] in board["queue"]
    rankings = web.get("/api/dispatch/rankings").json()
    assert "1、2、2、4" in rankings["tie_rule"] and rankings["scores"]
    page = web.get("/dispatch")
    assert page.status_code == 200 and "判定依据" in page.text and "工作排名" in page.text


def test_letter_issue_reply_and_inbox(web: TestClient, session: Session) -> None:
    target = overdue_of(session, "lead")
    token = sign_in(web, "bureau")
    body = {"kind": "warning_letter", "assignment_ids": [target], "day": "2023-07-01"}
    issued = web.post("/api/dispatch/letters", json=body, headers={"X-CSRF-Token": token})
    assert issued.status_code == 200, issued.text
    action = issued.json()
    assert action["doc_number"] == "吕环预警〔2023〕1号" and action["recipient"] == "吕梁市生态环境局"
    pdf = web.get(f"/dispatch/actions/{action['id']}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    web.cookies.clear()
    token = sign_in(web, "lead")
    inbox = web.get("/api/inbox").json()
    assert any(m["action_id"] == action["id"] and "预警函" in m["title"] for m in inbox)
    assert "吕环预警〔2023〕1号" in web.get("/inbox").text
    replied = web.post(f"/api/dispatch/actions/{action['id']}/reply", json={"note": "已整改"},
                       headers={"X-CSRF-Token": token})  # fmt: skip
    assert replied.json()["status"] == "replied"


@pytest.mark.parametrize("persona", [None, "lead", "outsider", "viewer"])
def test_issue_refused_without_rights(web: TestClient, session: Session, persona: str | None) -> None:
    target = overdue_of(session, "lead")
    headers = {"X-CSRF-Token": sign_in(web, persona)} if persona else {}
    body = {"kind": "warning_letter", "assignment_ids": [target], "day": "2023-07-01"}
    response = web.post("/api/dispatch/letters", json=body, headers=headers)
    assert response.status_code in (401, 403)
    run = web.post("/api/dispatch/run", json={"day": "2023-07-02"}, headers=headers)
    assert run.status_code in (401, 403)


def test_excel_download_and_reimport(web: TestClient) -> None:
    token = sign_in(web, "lead")
    template = web.get("/dispatch/excel")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    files = {"file": ("t.xlsx", template.content, "application/octet-stream")}
    unchanged = web.post("/api/dispatch/excel", files=files, headers={"X-CSRF-Token": token})
    assert unchanged.status_code == 200 and unchanged.json()["applied"] == []
    garbage = {"file": ("t.xlsx", b"junk", "application/octet-stream")}
    rejected = web.post("/api/dispatch/excel", files=garbage, headers={"X-CSRF-Token": token})
    assert rejected.status_code == 422 and "XLSX" in rejected.json()["errors"][0]
