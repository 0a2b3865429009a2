"""Evidence through the JSON API: multipart ``POST /api/assignments/{id}/progress``.

The same checks as the form (format by suffix and first bytes, size, count), the report and its
files in one transaction, audited, 401/403 like the other API writes, described in the OpenAPI.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, AuditEntry, EvidenceFile, ProgressReport
from envplan.settings import Settings
from envplan.web import create_app
from web.web_helpers import REPORT, csrf_of, lead_assignment, make_settings, sign_in

PDF = ("招标公告.pdf", b"%PDF-1.7\n%tender", "application/pdf")
PNG = ("现场照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png")
TEXT = ("说明.txt", "整改说明".encode("gb18030"), "text/plain")


def _fields(**extra: object) -> dict[str, str]:
    return {k: str(v) for k, v in {**REPORT, **extra}.items()}


def _post(client: TestClient, target: int, files: list[tuple[str, bytes, str]], token: str) -> httpx.Response:
    parts = [("evidence", f) for f in files]
    return client.post(
        f"/api/assignments/{target}/progress", data=_fields(), files=parts, headers={"X-CSRF-Token": token}
    )


def _counts(session: Session) -> tuple[int, int, int]:
    session.rollback()
    return tuple(  # type: ignore[return-value]
        len(session.scalars(select(model.id)).all()) for model in (ProgressReport, EvidenceFile, AuditEntry)
    )


def _stored_files(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "evidence").rglob("*") if p.is_file()] if data_dir.exists() else []


def test_report_with_files_is_one_audited_write(
    client: TestClient, session: Session, persona_notice: object, web_settings: Settings
) -> None:
    target = lead_assignment(session).id
    response = _post(client, target, [PDF, PNG, TEXT], sign_in(client, "lead"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "in_progress" and body["completion_percent"] == 40
    stored = [(e["filename"], e["size"], e["content_type"]) for e in body["evidence"]]
    assert stored == [
        ("招标公告.pdf", len(PDF[1]), "application/pdf"),
        ("现场照片.png", 40, "image/png"),
        ("说明.txt", 8, "text/plain"),  # 4 characters of GB 18030, 2 bytes each
    ]
    session.rollback()
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "progress.report")).one()
    assert audit.object_id == body["report_id"] and audit.actor_id is not None
    assert [f["filename"] for f in audit.details["evidence"]] == ["招标公告.pdf", "现场照片.png", "说明.txt"]
    download = client.get(f"/api/evidence/{body['evidence'][1]['id']}")
    assert download.status_code == 200 and download.content == PNG[1]


@pytest.mark.parametrize(
    ("upload", "status", "message"),
    [
        (("报告.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"), 422, "不符"),
        (("示意图.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"), 422, "只接受"),
        (("page.html", b"<html></html>", "text/html"), 422, "只接受"),
        (("tool.exe", b"MZ\x90\x00", "application/octet-stream"), 422, "只接受"),
        (("空.pdf", b"", "application/pdf"), 422, "文件为空"),
        (("二进制.txt", b"\x00\x01\x02", "text/plain"), 422, "不符"),
        (("大.pdf", b"%PDF-" + b"x" * 2000, "application/pdf"), 413, "文件过大"),
    ],
)
def test_refused_file_leaves_no_report_no_row_no_file(
    app_small: FastAPI,
    session: Session,
    persona_notice: object,
    upload: tuple[str, bytes, str],
    status: int,
    message: str,
) -> None:
    client = TestClient(app_small, follow_redirects=False)
    target = lead_assignment(session).id
    token = sign_in(client, "lead")
    before = _counts(session)
    response = _post(client, target, [PDF, upload], token)
    assert response.status_code == status and message in response.json()["detail"]
    assert upload[0] in response.json()["detail"]
    assert _counts(session) == before
    assert _stored_files(app_small.state.settings.data_dir) == []
    assert str(session.get(Assignment, target).status) == "not_started"  # type: ignore[union-attr]


def test_at_most_ten_files(client: TestClient, session: Session, persona_notice: object) -> None:
    target = lead_assignment(session).id
    files = [(f"照片{i}.png", PNG[1] + bytes([i]), "image/png") for i in range(11)]
    token = sign_in(client, "lead")
    assert _post(client, target, files, token).status_code == 413
    assert _post(client, target, files[:10], token).status_code == 200


def test_the_form_applies_the_same_checks(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    target = lead_assignment(session).id
    data = {**_fields(), "csrf_token": sign_in(client, "lead")}
    fake = {"evidence": ("报告.pdf", b"<html></html>", "application/pdf")}
    response = client.post(f"/assignments/{target}/progress", data=data, files=fake)
    assert response.status_code == 422 and "不符" in response.text
    assert _counts(session)[0] == 0


def test_stale_version_stores_neither_report_nor_evidence_row(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    target = lead_assignment(session)
    token = sign_in(client, "lead")
    stale = target.version - 1
    response = client.post(
        f"/api/assignments/{target.id}/progress",
        data=_fields(expected_version=stale),
        files=[("evidence", PDF)],
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 409
    assert _counts(session)[:2] == (0, 0)


@pytest.mark.parametrize(
    ("persona", "csrf", "expected"),
    [(None, True, 401), ("lead", False, 403), ("outsider", True, 403), ("viewer", True, 403)],
)
def test_multipart_is_authorised_like_every_write(
    app: FastAPI,
    session: Session,
    persona_notice: object,
    web_settings: Settings,
    persona: str | None,
    csrf: bool,
    expected: int,
) -> None:
    client = TestClient(app, follow_redirects=False)
    token = sign_in(client, persona) if persona else csrf_of(client)
    target = lead_assignment(session).id
    response = _post(client, target, [PDF], token if csrf else "")
    assert response.status_code == expected
    assert _counts(session)[:2] == (0, 0) and _stored_files(web_settings.data_dir) == []


def test_json_still_works_and_other_bodies_are_refused(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    target = lead_assignment(session).id
    headers = {"X-CSRF-Token": sign_in(client, "lead")}
    url = f"/api/assignments/{target}/progress"
    bad_json = client.post(url, content=b"{", headers={**headers, "Content-Type": "application/json"})
    plain = client.post(url, content=b"x", headers={**headers, "Content-Type": "text/plain"})
    invalid = client.post(url, json={**REPORT, "completion_percent": 101}, headers=headers)
    multipart_invalid = client.post(url, data=_fields(period=""), files=[("evidence", PDF)], headers=headers)
    assert (bad_json.status_code, plain.status_code, invalid.status_code) == (422, 415, 422)
    assert invalid.json()["detail"][0]["loc"] == ["body", "completion_percent"]
    assert multipart_invalid.status_code == 422
    ok = client.post(url, json=REPORT, headers=headers)
    assert ok.status_code == 200 and ok.json()["evidence"] == []


def test_openapi_describes_both_bodies(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/assignments/{assignment_id}/progress"]["post"]
    content = operation["requestBody"]["content"]
    assert content["application/json"]["schema"]["required"] == ["period", "completion_percent", "progress"]
    multipart = content["multipart/form-data"]["schema"]["properties"]
    assert multipart["evidence"]["items"] == {"type": "string", "format": "binary"}
    assert multipart["evidence"]["maxItems"] == 10 and "period" in multipart
    assert "/api/evidence/{evidence_id}" in spec["paths"]


@pytest.fixture
def app_small(database_url: str, tmp_path: Path, engine: object, session: Session) -> FastAPI:
    """The application with a 1000-byte upload limit."""
    settings = make_settings(database_url, tmp_path / "small", upload_max_bytes=1000)
    return create_app(settings, engine=engine)  # type: ignore[arg-type]
