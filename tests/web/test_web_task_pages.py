"""The task page and its JSON twin, the progress form page, evidence download, the import pages."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from web.web_helpers import NOTICE, REPORT, lead_assignment, sign_in


def test_task_page_and_twin_show_clause_units_milestones_and_history(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    assignment = lead_assignment(session)
    token = sign_in(client, "lead")
    report = {**REPORT, "csrf_token": token, "next_steps": "10月完成调试"}
    files = {"evidence": ("招标公告.pdf", b"%PDF-1.4 test", "application/pdf")}
    assert client.post(f"/assignments/{assignment.id}/progress", data=report, files=files).status_code == 303
    twin = client.get(f"/api/tasks/{assignment.task_id}").json()
    page = client.get(f"/tasks/{assignment.task_id}")
    assert page.status_code == 200
    assert twin["clauses"][0]["units_text"] == "市生态环境局牵头，市住建局配合"
    assert [m["due"] for m in twin["milestones"]] == ["2023-10-31"]
    lead = next(a for a in twin["assignments"] if a["role"] == "lead")
    assert lead["status"] == "in_progress" and lead["completion_percent"] == 40
    assert lead["reports"][0]["next_steps"] == "10月完成调试"
    assert [(e["old_status"], e["new_status"]) for e in lead["events"]] == [("not_started", "in_progress")]
    assert "submit" in lead["actions"] and "close" not in lead["actions"]
    for text in (
        "推进污水处理厂提标改造，2023年10月底前完成",
        "市生态环境局牵头，市住建局配合",
        "2023-10-31",
        "推进中",
        "10月完成调试",
        "招标公告.pdf",
        "提交完成",
    ):
        assert text in page.text, text
    evidence_id = lead["reports"][0]["evidence"][0]["id"]
    download = client.get(f"/evidence/{evidence_id}")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 test"


def test_cooperating_officer_sees_no_actions_on_the_lead_assignment(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    assignment = lead_assignment(session)
    sign_in(client, "cooperating")
    twin = client.get(f"/api/tasks/{assignment.task_id}").json()
    lead = next(a for a in twin["assignments"] if a["role"] == "lead")
    cooperating = next(a for a in twin["assignments"] if a["role"] == "cooperating")
    assert lead["actions"] == [] and not lead["may_report"]
    assert cooperating["actions"] == ["start", "request_extension"] and cooperating["may_report"]


def test_pages_need_a_signed_in_user(client: TestClient, session: Session, persona_notice: object) -> None:
    assignment = lead_assignment(session)
    page = client.get(f"/tasks/{assignment.task_id}")
    assert page.status_code == 303 and page.headers["location"] == f"/signin?next=/tasks/{assignment.task_id}"
    assert client.get(f"/api/tasks/{assignment.task_id}").status_code == 401
    sign_in(client, "viewer")
    assert client.get("/api/tasks/999999").status_code == 404


def test_report_form_page(client: TestClient, session: Session, persona_notice: object) -> None:
    assignment = lead_assignment(session)
    sign_in(client, "lead")
    page = client.get(f"/assignments/{assignment.id}/report")
    assert page.status_code == 200
    for label in (
        "进展情况",
        "存在问题",
        "原因",
        "下一步措施",
        "需协调事项",
        "佐证材料",
        'name="csrf_token"',
    ):
        assert label in page.text


def test_upload_preview_and_confirm_pages(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    token = sign_in(client, "bureau")
    assert "通知文件" in client.get("/imports/new").text
    files = {"file": ("吕梁大气2024.txt", NOTICE.encode(), "text/plain")}
    preview = client.post("/imports/preview", data={"csrf_token": token}, files=files)
    assert preview.status_code == 200, preview.text
    assert "吕梁市大气污染防治2024年行动计划" in preview.text and "确认导入" in preview.text
    upload_token = preview.text.split('name="token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "token": upload_token, "filename": "吕梁大气2024.txt"}
    done = client.post("/imports/confirm", data=form)
    assert done.status_code == 200 and "已导入" in done.text
    again = client.post("/imports/confirm", data=form)
    assert "内容未变" in again.text


def test_bad_uploads_are_refused_with_the_reason(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    token = sign_in(client, "bureau")
    headers = {"X-CSRF-Token": token}
    wrong_type = client.post(
        "/api/imports/preview", files={"file": ("a.exe", b"MZ", "application/x")}, headers=headers
    )
    empty = client.post("/api/imports/preview", files={"file": ("a.txt", b"", "text/plain")}, headers=headers)
    assert wrong_type.status_code == empty.status_code == 422
    assert "DOCX" in wrong_type.json()["detail"] and "为空" in empty.json()["detail"]
    bogus = client.post(
        "/api/imports", json={"token": "../../etc/passwd", "filename": "x.txt"}, headers=headers
    )
    assert bogus.status_code == 404
