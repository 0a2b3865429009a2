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
    replied = web.post(
        f"/api/dispatch/actions/{action['id']}/reply",
        json={"note": "已整改"},
        headers={"X-CSRF-Token": token},
    )
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


def test_cascade_api(dispatch_app: FastAPI, session: Session, administrator: object) -> None:
    from envplan.documents.parser import parse_file
    from envplan.ledger.models import Plan
    from envplan.ledger.services.importing import import_notice
    from support import seed_path

    plans = []
    for seed in ("002_51e324a2bd90c1c6.txt", "003_1a3a67b7a1f5494e.txt"):
        result = import_notice(session, parse_file(seed_path(seed)), actor=None)
        plans.append(
            session.scalar(
                select(Plan.id).where(Plan.document_id == result.document_id, Plan.domain == "water")
            )
        )
    session.commit()
    client = TestClient(dispatch_app)
    token = sign_in(client, "admin")
    body = {"parent_plan_id": plans[0], "child_plan_id": plans[1]}
    suggested = client.post("/api/dispatch/cascade", json=body, headers={"X-CSRF-Token": token}).json()
    link = next(x for x in suggested["links"] if x["child"].startswith("14 "))
    assert link["parent"].startswith("16 ") and link["status"] == "suggested"
    decided = client.post(
        f"/api/dispatch/cascade/links/{link['id']}",
        json={"parent_task_id": None},
        headers={"X-CSRF-Token": token},
    )
    assert decided.json()["status"] == "rejected"
    view = client.get("/api/dispatch/cascade", params=body).json()
    assert "16" in {g["number"] for g in view["coverage_gaps"]}
    anonymous = TestClient(dispatch_app).post("/api/dispatch/cascade", json=body)
    assert anonymous.status_code in (401, 403)
    page = client.get("/dispatch/cascade", params=body)
    assert page.status_code == 200 and "覆盖缺口" in page.text and "无对应" in page.text


def test_interview_recorded(web: TestClient, session: Session) -> None:
    target = overdue_of(session, "lead")
    unit_id = session.scalar(select(Assignment.unit_id).where(Assignment.id == target))
    token = sign_in(web, "bureau")
    body = {
        "kind": "interview",
        "recipient_unit_id": unit_id,
        "assignment_ids": [target],
        "title": "约谈吕梁市生态环境局",
    }
    recorded = web.post("/api/dispatch/actions", json=body, headers={"X-CSRF-Token": token})
    assert recorded.status_code == 200 and recorded.json()["kind_label"] == "约谈"
    letter = web.post(
        "/api/dispatch/actions", json={**body, "kind": "warning_letter"}, headers={"X-CSRF-Token": token}
    )
    assert letter.status_code == 422


def test_bulletin_page_and_json(web: TestClient) -> None:
    sign_in(web, "bureau")
    page = web.get("/dispatch/bulletin", params={"day": "2023-07-01"})
    assert page.status_code == 200 and "工作进展周通报" in page.text
    sections = web.get("/api/dispatch/bulletin", params={"day": "2023-07-01"}).json()["sections"]
    assert sections[0]["heading"] == "总体情况"
    assert web.get("/api/dispatch/bulletin", params={"day": "2023-07-09"}).status_code == 422


def test_daily_digest_in_inbox_with_links(web: TestClient) -> None:
    sign_in(web, "lead")
    (digest,) = [m for m in web.get("/api/inbox").json() if m["category"] == "digest"]
    assert digest["day"] == "2023-07-01" and digest["link"] == "/dispatch?day=2023-07-01"
    assert digest["title"].startswith("今日调度提醒（2023-07-01）：红色1项")
    page = web.get("/inbox").text
    assert '<a href="/dispatch?day=2023-07-01">今日调度提醒（2023-07-01）' in page and "明细" in page


def test_extension_through_the_workflow_in_the_supervision_history(web: TestClient, session: Session) -> None:
    from envplan.ledger.services.workflow import transition

    lead = session.scalar(select(User).where(User.username == "lead"))
    bureau = session.scalar(select(User).where(User.username == "bureau"))
    assert lead is not None and bureau is not None
    target = overdue_of(session, "lead")
    transition(session, target, "request_extension", actor=lead, reason="设备到货延迟",
               new_due_date=dt.date(2023, 12, 31))  # fmt: skip
    transition(session, target, "approve_extension", actor=bureau)
    session.commit()
    sign_in(web, "bureau")
    (action,) = web.get(f"/api/dispatch/assignments/{target}/actions").json()
    assert (action["kind"], action["status"], action["requested_due"]) == (
        "extension",
        "approved",
        "2023-12-31",
    )
    assert [e["event"] for e in action["events"]] == ["requested", "approved"]
    assert all(e["status_event_id"] for e in action["events"])
    assert any(a["id"] == action["id"] for a in web.get("/api/dispatch/actions").json())
    page = web.get(f"/dispatch/assignments/{target}").text
    assert (
        "督办历程：3 " in page and "延期申请" in page and "申请延期至 2023-12-31" in page and "已批准" in page
    )
    assert web.get("/api/dispatch/assignments/999999/actions").status_code == 404
    sign_in(web, "outsider")
    assert web.get(f"/api/dispatch/assignments/{target}/actions").json() == []
