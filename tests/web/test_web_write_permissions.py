"""Every write endpoint tried by every persona: anonymous 401, forbidden 403, allowed 200.

The task is 「推进污水处理厂提标改造」 of the persona notice (吕梁): 市生态环境局 leads, 市住建局
cooperates. Authorisation is decided by the ledger services; these tests check that the web layer
passes their answer through unchanged, for the JSON endpoints and for their HTML form twins.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, AuditEntry, StatusEvent, User
from envplan.ledger.services.workflow import start_assignment, submit_assignment
from web.web_helpers import NOTICE, REPORT, lead_assignment, sign_in

PERSONAS = (
    "administrator",
    "bureau_staff",
    "lead_officer",
    "cooperating_officer",
    "outsider_officer",
    "viewer",
)
USERNAMES = {
    "administrator": "admin",
    "bureau_staff": "bureau",
    "lead_officer": "lead",
    "cooperating_officer": "cooperating",
    "outsider_officer": "outsider",
    "viewer": "viewer",
}
# who may write what (the rules of envplan.ledger.services.permissions)
MAY_REPORT = {"administrator", "lead_officer"}
MAY_REVIEW = {"administrator", "bureau_staff"}
MAY_IMPORT = {"administrator", "bureau_staff"}


def _headers(client: TestClient, persona: str | None) -> dict[str, str]:
    """Sign in (or not) and return the headers a JSON write needs."""
    if persona is None:
        return {"X-CSRF-Token": client.get("/api/session").json()["csrf_token"]}
    return {"X-CSRF-Token": sign_in(client, USERNAMES[persona])}


def _expected(persona: str | None, allowed: set[str]) -> int:
    return 401 if persona is None else 200 if persona in allowed else 403


def _forbidden_first(allowed: set[str]) -> list[str | None]:
    """Anonymous and refused personas first, so their attempts meet the unchanged state."""
    return [None, *[p for p in PERSONAS if p not in allowed], *[p for p in PERSONAS if p in allowed]]


def _as(app: FastAPI, persona: str | None) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app, follow_redirects=False)
    return client, _headers(client, persona)


def _reports(session: Session, assignment_id: int) -> int:
    session.rollback()  # end the test session's read snapshot
    return len(session.get(Assignment, assignment_id).reports)  # type: ignore[union-attr]


def test_progress_report_api_by_persona(app: FastAPI, session: Session, persona_notice: object) -> None:
    target = lead_assignment(session).id
    for persona in _forbidden_first(MAY_REPORT):
        client, headers = _as(app, persona)
        before = _reports(session, target)
        response = client.post(f"/api/assignments/{target}/progress", json=REPORT, headers=headers)
        assert response.status_code == _expected(persona, MAY_REPORT), (persona, response.text)
        assert _reports(session, target) == before + (response.status_code == 200)
        if response.status_code == 200:
            assert response.json()["status"] == "in_progress"  # 未启动 → 推进中 on the first report


def test_progress_report_form_by_persona(app: FastAPI, session: Session, persona_notice: object) -> None:
    target = lead_assignment(session).id
    files = {"evidence": ("验收照片.txt", "照片说明".encode(), "text/plain")}
    for persona in _forbidden_first(MAY_REPORT):
        client, headers = _as(app, persona)
        data = {**REPORT, "csrf_token": headers["X-CSRF-Token"], "problems": "资金未到位"}
        response = client.post(f"/assignments/{target}/progress", data=data, files=files)
        if persona is None:
            assert response.status_code == 303 and response.headers["location"].startswith("/signin")
            continue
        assert response.status_code == (303 if persona in MAY_REPORT else 403), (persona, response.text)
    session.rollback()
    reports = session.get(Assignment, target).reports  # type: ignore[union-attr]
    assert [r.problems for r in reports] == ["资金未到位", "资金未到位"]  # administrator's and lead's
    assert reports[0].evidence[0].filename == "验收照片.txt"


def test_start_action_by_persona(app: FastAPI, session: Session, persona_notice: object) -> None:
    targets = {
        "administrator": lead_assignment(session, "1").id,
        "lead_officer": lead_assignment(session, "4").id,
    }
    for persona in _forbidden_first(MAY_REPORT):
        client, headers = _as(app, persona)
        target = targets.get(persona or "", targets["administrator"])
        response = client.post(f"/api/assignments/{target}/actions/start", json={}, headers=headers)
        assert response.status_code == _expected(persona, MAY_REPORT), (persona, response.text)
    session.rollback()
    events = session.scalars(select(StatusEvent.assignment_id).order_by(StatusEvent.id)).all()
    assert events == [targets["administrator"], targets["lead_officer"]]


@pytest.mark.parametrize("action", ["close", "return"])
def test_review_actions_by_persona(
    app: FastAPI, session: Session, persona_notice: object, action: str
) -> None:
    lead = session.scalars(select(User).where(User.username == "lead")).one()
    targets = {
        "administrator": lead_assignment(session, "1").id,
        "bureau_staff": lead_assignment(session, "4").id,
    }
    for target in targets.values():
        start_assignment(session, target, actor=lead)
        submit_assignment(session, target, actor=lead)
    session.commit()
    for persona in _forbidden_first(MAY_REVIEW):
        client, headers = _as(app, persona)
        target = targets.get(persona or "", targets["administrator"])
        body = {"reason": "佐证材料不全"}
        response = client.post(f"/api/assignments/{target}/actions/{action}", json=body, headers=headers)
        assert response.status_code == _expected(persona, MAY_REVIEW), (persona, response.text)
    session.rollback()
    moved = {"close": "closed", "return": "in_progress"}[action]
    assert [str(session.get(Assignment, t).status) for t in targets.values()] == [moved, moved]  # type: ignore[union-attr]


def test_import_by_persona(app: FastAPI, session: Session, persona_notice: object) -> None:
    outcomes = []
    for persona in _forbidden_first(MAY_IMPORT):
        client, headers = _as(app, persona)
        files = {"file": ("吕梁大气2024.txt", NOTICE.encode(), "text/plain")}
        preview = client.post("/api/imports/preview", files=files, headers=headers)
        assert preview.status_code == _expected(persona, MAY_IMPORT), (persona, preview.text)
        if preview.status_code != 200:
            continue
        body = preview.json()
        assert body["region"].endswith("吕梁市") and [p["tasks"] for p in body["plans"]] == [2]
        confirm = {"token": body["token"], "filename": body["filename"]}
        done = client.post("/api/imports", json=confirm, headers=headers)
        assert done.status_code == 200, done.text
        outcomes.append((body["diff"]["status"], done.json()["status"], done.json()["tasks"]))
    assert outcomes == [("new", "created", 2), ("unchanged", "unchanged", 2)]  # unchanged: what it holds
    session.rollback()
    created = session.scalars(select(AuditEntry.action).where(AuditEntry.action == "document.created")).all()
    assert len(created) == 2  # the persona notice and this one


def test_every_unsafe_route_checks_csrf() -> None:
    """No POST/PUT/PATCH/DELETE route without the CSRF dependency (WriteUser or CsrfChecked)."""
    from fastapi.routing import APIRoute

    from envplan.web.csrf import check_csrf
    from envplan.web.routes import ROUTERS

    def calls(dependant: object) -> set[object]:
        found = {getattr(dependant, "call", None)}
        for sub in getattr(dependant, "dependencies", []):
            found |= calls(sub)
        return found

    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    unsafe = [r for r in routes if r.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert len(unsafe) >= 8
    assert [r.path for r in unsafe if check_csrf not in calls(r.dependant)] == []


def test_write_without_csrf_token_is_refused(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    assignment = lead_assignment(session)
    sign_in(client, "lead")
    api = client.post(f"/api/assignments/{assignment.id}/progress", json=REPORT)
    form = client.post(f"/assignments/{assignment.id}/progress", data=REPORT)
    assert api.status_code == form.status_code == 403
    assert "CSRF" in api.json()["detail"]
    session.rollback()
    assert lead_assignment(session).reports == []


def test_stale_version_is_a_conflict(client: TestClient, session: Session, persona_notice: object) -> None:
    assignment = lead_assignment(session)
    headers = {"X-CSRF-Token": sign_in(client, "lead")}
    first = client.post(
        f"/api/assignments/{assignment.id}/progress",
        json={**REPORT, "expected_version": assignment.version},
        headers=headers,
    )
    again = client.post(
        f"/api/assignments/{assignment.id}/progress",
        json={**REPORT, "expected_version": assignment.version},
        headers=headers,
    )
    assert first.status_code == 200 and again.status_code == 409


def test_action_and_import_forms_by_persona(app: FastAPI, session: Session, persona_notice: object) -> None:
    """The HTML twins of the action and import endpoints give the same answers as the JSON ones."""
    targets = {
        "administrator": lead_assignment(session, "1").id,
        "lead_officer": lead_assignment(session, "4").id,
    }
    for persona in _forbidden_first(MAY_REPORT):
        client, headers = _as(app, persona)
        target = targets.get(persona or "", targets["administrator"])
        response = client.post(
            f"/assignments/{target}/actions/start", data={"csrf_token": headers["X-CSRF-Token"]}
        )
        expected = 303 if persona is None or persona in MAY_REPORT else 403
        assert response.status_code == expected, (persona, response.text)
        if persona is None:
            assert response.headers["location"].startswith("/signin")
    for persona in _forbidden_first(MAY_IMPORT):
        client, headers = _as(app, persona)
        files = {"file": ("吕梁大气2024.txt", NOTICE.encode(), "text/plain")}
        response = client.post("/imports/preview", data={"csrf_token": headers["X-CSRF-Token"]}, files=files)
        expected = 303 if persona is None else 200 if persona in MAY_IMPORT else 403
        assert response.status_code == expected, (persona, response.text)


def test_revised_notice_shows_the_diff_before_it_is_applied(
    app: FastAPI, session: Session, persona_notice: object
) -> None:
    client, headers = _as(app, "bureau_staff")
    first = client.post(
        "/api/imports/preview", files={"file": ("v1.txt", NOTICE.encode(), "text/plain")}, headers=headers
    )
    client.post("/api/imports", json={"token": first.json()["token"], "filename": "v1.txt"}, headers=headers)
    revised = NOTICE.replace("2024年10月底前完成散煤清零", "2024年9月底前完成散煤清零")
    preview = client.post(
        "/api/imports/preview", files={"file": ("v2.txt", revised.encode(), "text/plain")}, headers=headers
    )
    diff = preview.json()["diff"]
    assert diff["status"] == "revision"
    assert ("1", "deadline", "2024-10-31", "2024-09-30") in [
        (c["number"], c["change"], c["old"], c["new"]) for c in diff["changes"]
    ]
    page = client.post(
        "/imports/preview",
        data={"csrf_token": headers["X-CSRF-Token"]},
        files={"file": ("v2.txt", revised.encode(), "text/plain")},
    )
    assert "修订稿" in page.text and "时限变更" in page.text and "2024-09-30" in page.text
    done = client.post(
        "/api/imports", json={"token": preview.json()["token"], "filename": "v2.txt"}, headers=headers
    )
    assert done.status_code == 200 and done.json()["status"] == "revised"
