"""Warning-policy and notification-address pages and their JSON twins: who may, audit, validation."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import region_policies
from envplan.ledger.models import AuditEntry, User
from envplan.ledger.regions import find_region
from envplan.web.routes import ROUTERS
from envplan.web.routes import dispatch as dispatch_routes
from web.web_helpers import sign_in


@pytest.fixture
def client(app: FastAPI, session: Session, persona_notice: object) -> TestClient:
    if dispatch_routes.router not in ROUTERS:
        app.include_router(dispatch_routes.router)
    return TestClient(app, follow_redirects=False)


def user_id(session: Session, name: str) -> int:
    found = session.scalar(select(User.id).where(User.username == name))
    assert found is not None
    return found


def audits(session: Session, action: str) -> list[AuditEntry]:
    session.rollback()  # end the read transaction: see the app's commits
    return list(
        session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    )


def csrf_of_page(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_bureau_edits_its_region_policy_json_and_form(client: TestClient, session: Session) -> None:
    lvliang = find_region(session, "141100").id
    token = sign_in(client, "bureau")
    view = client.get("/api/dispatch/policy").json()  # default: the bureau's own region
    assert (view["region_id"], view["region_name"], view["overrides"]) == (lvliang, "吕梁市", {})
    assert view["effective"]["due_soon_days"] == 15 and view["inherited"]["report_interval_days"] == 31
    put = client.put("/api/dispatch/policy", json={"values": {"due_soon_days": 60}},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert put.status_code == 200, put.text
    assert put.json()["overrides"] == {"due_soon_days": 60} and put.json()["effective"]["due_soon_days"] == 60
    session.rollback()  # end the read transaction: see the app's commits
    assert region_policies(session).for_region(str(lvliang)).due_soon_days == 60  # what the run applies
    (entry,) = audits(session, "dispatch.policy")
    assert entry.actor_id == user_id(session, "bureau") and entry.object_id == lvliang
    assert entry.details["old"] is None and entry.details["values"] == {"due_soon_days": 60}

    page = client.get("/dispatch/policy")
    assert page.status_code == 200 and "预警规则：吕梁市" in page.text and 'value="60"' in page.text
    form = {"csrf_token": csrf_of_page(page.text), "region_id": str(lvliang), "due_soon_days": "30",
            "progress_tolerance_pp": "7.5", "min_report_chars": "", "report_interval_days": "",
            "flag_unchanged_report": "false"}  # fmt: skip
    saved = client.post("/dispatch/policy", data=form)
    assert (
        saved.status_code == 303
        and saved.headers["location"] == f"/dispatch/policy?region_id={lvliang}&saved=true"
    )
    session.rollback()
    policy = region_policies(session).for_region(str(lvliang))
    assert (policy.due_soon_days, policy.progress_tolerance_pp, policy.flag_unchanged_report) == (
        30,
        7.5,
        False,
    )
    assert policy.report_interval_days == 31  # left empty: inherited
    assert audits(session, "dispatch.policy")[-1].details["old"] == {"due_soon_days": 60}
    assert 'id="saved"' in client.get(saved.headers["location"]).text

    bad = client.put("/api/dispatch/policy", json={"values": {"due_soon_days": -1}},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert bad.status_code == 422 and "due_soon_days" in bad.text
    bad_form = client.post("/dispatch/policy", data={**form, "due_soon_days": "两周"})
    assert bad_form.status_code == 422 and "due_soon_days" in bad_form.text
    province = find_region(session, "140000").id
    above = client.put("/api/dispatch/policy", json={"region_id": province, "values": {}},
                       headers={"X-CSRF-Token": token})  # fmt: skip
    assert above.status_code == 403


@pytest.mark.parametrize("persona", ["lead", "viewer"])
def test_policy_refused_to_others(client: TestClient, persona: str) -> None:
    token = sign_in(client, persona)
    assert client.get("/api/dispatch/policy").status_code == 403
    assert client.get("/dispatch/policy").status_code == 403
    put = client.put(
        "/api/dispatch/policy", json={"values": {"due_soon_days": 1}}, headers={"X-CSRF-Token": token}
    )
    assert put.status_code == 403


def test_administrator_sets_the_default_policy(client: TestClient, session: Session) -> None:
    token = sign_in(client, "admin")  # no unit: the default policy
    put = client.put("/api/dispatch/policy", json={"values": {"report_interval_days": 45}},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert put.status_code == 200 and put.json()["region_name"] == "默认"
    session.rollback()  # end the read transaction: see the app's commits
    assert (
        region_policies(session).for_region(str(find_region(session, "141100").id)).report_interval_days == 45
    )
    assert audits(session, "dispatch.policy")[-1].object_id is None


def test_notification_address_own_and_administrator(client: TestClient, session: Session) -> None:
    lead = user_id(session, "lead")
    token = sign_in(client, "lead")
    assert client.get("/api/dispatch/notification-address").json() == {"user_id": lead, "address": None}
    put = client.put("/api/dispatch/notification-address", json={"address": "lead@lvliang.example"},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert put.json() == {"user_id": lead, "address": "lead@lvliang.example"}
    assert audits(session, "dispatch.notification_address")[-1].actor_id == lead
    other = user_id(session, "cooperating")
    body = {"user_id": other, "address": "x@y.example"}
    refused = client.put("/api/dispatch/notification-address", json=body, headers={"X-CSRF-Token": token})
    assert refused.status_code == 403
    assert client.get(f"/api/dispatch/notification-address?user_id={other}").status_code == 403
    bad = client.put("/api/dispatch/notification-address", json={"address": "lead-at-lvliang"},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert bad.status_code == 422
    page = client.get("/dispatch/notification-address")
    assert page.status_code == 200 and 'value="lead@lvliang.example"' in page.text
    form = {"csrf_token": csrf_of_page(page.text), "user_id": str(lead), "address": ""}
    cleared = client.post("/dispatch/notification-address", data=form)
    assert cleared.status_code == 303
    assert client.get("/api/dispatch/notification-address").json()["address"] is None

    client.cookies.clear()
    token = sign_in(client, "admin")
    body = {"user_id": lead, "address": "duty@lvliang.example"}
    put = client.put("/api/dispatch/notification-address", json=body, headers={"X-CSRF-Token": token})
    assert put.status_code == 200
    entry = audits(session, "dispatch.notification_address")[-1]
    assert (entry.actor_id, entry.object_id) == (user_id(session, "admin"), lead)
    assert client.get(f"/dispatch/notification-address?user_id={lead}").status_code == 200
    assert client.get("/api/dispatch/notification-address?user_id=999999").status_code == 404
