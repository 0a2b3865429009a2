"""Who may download an evidence file (佐证材料), and how it is served.

The persona notice (吕梁): task 1 「推进污水处理厂提标改造」 is led by 市生态环境局 with 市住建局
cooperating; task 3 is led by 市水利局 with 市生态环境局 cooperating. Evidence A is the lead
officer's report on task 1, evidence B the administrator's report for 市水利局 on task 3.

The rule (envplan.ledger.services.permissions.may_read_evidence): administrators; bureau staff and
viewers of the plan's region or a region above it; officers of the reporting unit and of the other
units assigned to the task. Existence is not hidden (403, not 404): the task page lists every
report's evidence names to every reader, so a 404 would protect nothing and confuse the units.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import NotFound, PermissionDenied
from envplan.ledger.models import Assignment, AssignmentRole, EvidenceFile, Task, User
from envplan.ledger.regions import find_region
from envplan.ledger.services.permissions import may_read_evidence
from envplan.ledger.services.progress import (
    EvidenceUpload,
    ProgressForm,
    evidence_for_download,
    report_progress,
)
from envplan.ledger.services.users import create_user
from envplan.ledger.units import resolve_unit
from envplan.settings import Settings
from web.web_helpers import PERSONA_PASSWORD, sign_in

FORM = ProgressForm(period="2023-05", completion_percent=40, progress="已完成设备招标")
PDF = b"%PDF-1.4 evidence"
# persona → (may read A, may read B)
EXPECTED = {
    "admin": (True, True),
    "bureau": (True, True),  # 吕梁市生态环境局: the plan's own region
    "province": (True, True),  # 省生态环境厅: a region above
    "yuncheng": (False, False),  # bureau staff of another city
    "lead": (True, True),  # reporting unit of A; cooperating unit of task 3
    "cooperating": (True, False),  # assigned to task 1 only
    "outsider": (False, False),  # 新绛县水利局: unrelated county
    "viewer": (True, True),  # viewer of 吕梁市
    "county_viewer": (False, False),  # viewer of a county below another city
}


def _assignment(session: Session, number: str, role: AssignmentRole) -> Assignment:
    query = select(Assignment).join(Assignment.task).where(Task.number == number, Assignment.role == role)
    return session.scalars(query).one()


def _user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def _extra_persona(session: Session, username: str, role: str, unit: str, region_code: str) -> None:
    """One more persona with the personas' password (their hash is reused: no second argon2 hash)."""
    unit_row = resolve_unit(session, unit, find_region(session, region_code))
    hashed = _user(session, "lead").password_hash
    create_user(session, username, password="", password_hash=hashed, role=role, unit=unit_row, actor=None)


@pytest.fixture
def evidence(session: Session, persona_notice: object, web_settings: Settings) -> dict[str, int]:
    """Evidence A and B (see the module docstring) and the extra personas; their ids."""
    _extra_persona(session, "province", "bureau_staff", "省生态环境厅", "140000")
    _extra_persona(session, "yuncheng", "bureau_staff", "市生态环境局", "140800")
    _extra_persona(session, "county_viewer", "viewer", "县生态环境局", "140825")
    a = report_progress(
        session, _assignment(session, "1", AssignmentRole.LEAD).id, FORM, _user(session, "lead"),
        evidence=[EvidenceUpload("验收报告.pdf", PDF, "application/pdf")], settings=web_settings,
    )  # fmt: skip
    b = report_progress(
        session, _assignment(session, "3", AssignmentRole.LEAD).id, FORM, _user(session, "admin"),
        evidence=[EvidenceUpload("生态流量.pdf", PDF + b"B", "application/pdf")], settings=web_settings,
    )  # fmt: skip
    session.commit()
    return {"A": a.evidence[0].id, "B": b.evidence[0].id}


def _client(app: FastAPI, username: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if username is not None:
        sign_in(client, username, PERSONA_PASSWORD)
    return client


@pytest.mark.parametrize("path", ["/evidence/{}", "/api/evidence/{}"])
def test_every_persona_gets_what_the_rule_says(app: FastAPI, evidence: dict[str, int], path: str) -> None:
    outcomes = {}
    for username in EXPECTED:
        client = _client(app, username)
        outcomes[username] = tuple(client.get(path.format(evidence[k])).status_code for k in ("A", "B"))
    assert outcomes == {u: tuple(200 if ok else 403 for ok in rule) for u, rule in EXPECTED.items()}


def test_anonymous_is_sent_to_sign_in_before_anything_is_looked_up(
    app: FastAPI, evidence: dict[str, int]
) -> None:
    client = _client(app, None)
    for evidence_id in (evidence["A"], 999_999):
        page = client.get(f"/evidence/{evidence_id}")
        assert page.status_code == 303 and page.headers["location"].startswith("/signin")
        assert client.get(f"/api/evidence/{evidence_id}").status_code == 401


def test_unknown_evidence_and_a_missing_file_are_404(
    app: FastAPI, session: Session, evidence: dict[str, int], web_settings: Settings
) -> None:
    admin, outsider = _client(app, "admin"), _client(app, "outsider")
    assert (
        admin.get("/api/evidence/999999").status_code
        == outsider.get("/api/evidence/999999").status_code
        == 404
    )
    row = session.get(EvidenceFile, evidence["B"])
    assert row is not None
    (web_settings.data_dir / row.stored_path).unlink()
    missing = admin.get(f"/api/evidence/{evidence['B']}")
    assert missing.status_code == 404 and "missing" in missing.json()["detail"]


def test_download_is_an_attachment_with_the_chinese_name_and_no_sniffing(
    app: FastAPI, evidence: dict[str, int]
) -> None:
    response = _client(app, "cooperating").get(f"/evidence/{evidence['A']}")
    assert response.status_code == 200 and response.content == PDF
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="evidence-') and disposition.count(".pdf") == 2
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "验收报告.pdf" and encoded.isascii()
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers.get_list("x-content-type-options") == ["nosniff"]
    assert response.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert response.headers["cache-control"] == "private, no-cache"


@pytest.mark.parametrize(
    ("filename", "declared"),
    [("报告.html", "text/html"), ("示意图.svg", "image/svg+xml"), ("x.pdf", "text/html")],
)
def test_stored_type_is_never_trusted(
    app: FastAPI, session: Session, evidence: dict[str, int], filename: str, declared: str
) -> None:
    """A row from before the upload checks (or a forged one) that says HTML is still a download."""
    genuine = session.get(EvidenceFile, evidence["A"])
    assert genuine is not None
    row = EvidenceFile(
        report_id=genuine.report_id, filename=filename, sha256=genuine.sha256, size=genuine.size,
        stored_path=genuine.stored_path, content_type=declared,
    )  # fmt: skip
    session.add(row)
    session.commit()
    response = _client(app, "lead").get(f"/evidence/{row.id}")
    expected = "application/pdf" if filename.endswith(".pdf") else "application/octet-stream"
    assert response.status_code == 200 and response.headers["content-type"] == expected
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["content-security-policy"]


def test_withdrawn_and_deactivated_lose_access(
    session: Session, evidence: dict[str, int], web_settings: Settings
) -> None:
    """A revision that drops the cooperating unit, and deactivating a user, end their access."""
    row = session.get(EvidenceFile, evidence["A"])
    assert row is not None
    cooperating, viewer = _user(session, "cooperating"), _user(session, "viewer")
    assert may_read_evidence(session, cooperating, row) and may_read_evidence(session, viewer, row)
    _assignment(session, "1", AssignmentRole.COOPERATING).withdrawn = True
    viewer.active = False
    session.flush()
    assert not may_read_evidence(session, cooperating, row)
    with pytest.raises(PermissionDenied, match="may not download evidence"):
        evidence_for_download(session, row.id, viewer, web_settings)
    with pytest.raises(NotFound):
        evidence_for_download(session, 999_999, _user(session, "admin"), web_settings)


def test_stored_files_stay_under_the_data_dir(evidence: dict[str, int], web_settings: Settings) -> None:
    stored = sorted(
        p.relative_to(web_settings.data_dir) for p in web_settings.data_dir.rglob("*") if p.is_file()
    )
    assert len(stored) == 2 and all(p.parts[0] == "evidence" and len(p.name) == 64 for p in stored)
    assert not any(Path(p).suffix for p in stored)  # stored by hash, never under the uploaded name
