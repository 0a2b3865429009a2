"""Dashboard, ledger, 「我的任务」 and plan tree: each page against its JSON twin, filters, XLSX export."""

from __future__ import annotations

import html
import io
import json
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from web.web_helpers import REPORT, lead_assignment, sign_in


def _kpi(html: str, name: str) -> int:
    match = re.search(rf'id="kpi-{name}">(\d+)<', html)
    assert match, name
    return int(match.group(1))


def test_dashboard_page_shows_its_twin_and_changes_after_a_report(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    token = sign_in(client, "lead")
    region = client.get("/api/dashboard").json()["region_id"]
    twin = client.get("/api/dashboard").json()
    page = client.get("/").text
    assert region is not None and twin["total"] == 6 == _kpi(page, "total")  # 6 live assignments (吕梁)
    assert twin["by_status"]["not_started"] == 6 and _kpi(page, "in_progress") == 0
    assert twin["overdue"] == _kpi(page, "overdue") and twin["due_within_30_days"] == _kpi(page, "due-soon")
    assert twin["standing"] == 1 and set(twin["by_domain"]) == {"water"}
    assert twin["standing_unreported"] == _kpi(page, "standing-unreported") == 1  # task 2, 长期坚持
    assert "echarts.common.min.js" in page and 'id="chart-unit"' in page
    spec = json.loads(html.unescape(re.search(r'id="chart-status" data-chart=\'([^\']+)\'', page).group(1)))  # type: ignore[union-attr]
    assert (
        dict(zip(spec["labels"], spec["values"], strict=True))["未启动"] == twin["by_status"]["not_started"]
    )
    assignment = lead_assignment(session)
    headers = {"X-CSRF-Token": token}
    assert (
        client.post(f"/api/assignments/{assignment.id}/progress", json=REPORT, headers=headers).status_code
        == 200
    )
    after = client.get("/").text
    assert _kpi(after, "in_progress") == 1 and _kpi(after, "not_started") == 5


def _ids(rows: list[dict[str, object]]) -> list[object]:
    return [r["assignment_id"] for r in rows]


def test_ledger_filters_sort_and_paging_match_the_twin(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    sign_in(client, "viewer")
    everything = client.get("/api/ledger").json()
    assert everything["total"] == 6 and everything["pages"] == 1
    search = client.get("/api/ledger", params={"q": "排污口"}).json()
    assert [r["task_number"] for r in search["rows"]] == ["4"]
    standing = client.get("/api/ledger", params={"domain": "water", "role": "responsible"}).json()
    assert [(r["task_number"], r["standing"]) for r in standing["rows"]] == [("2", True)]
    window = client.get("/api/ledger", params={"due_from": "2023-07-01", "due_to": "2023-10-31"}).json()
    assert {r["task_number"] for r in window["rows"]} == {"1"}
    paged = client.get("/api/ledger", params={"page_size": 2, "page": 2, "sort": "unit"}).json()
    assert paged["pages"] == 3 and len(paged["rows"]) == 2
    html = client.get("/ledger", params={"page_size": 2, "page": 2, "sort": "unit"}).text
    links = re.findall(r'href="/tasks/\d+#assignment-(\d+)"', html)
    assert [int(x) for x in links] == _ids(paged["rows"])
    assert "共 6 条" in html and "第 2/3 页" in html


def test_ledger_partial_for_htmx_and_bad_filters(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    sign_in(client, "viewer")
    partial = client.get("/ledger", params={"status": "overdue"}, headers={"HX-Request": "true"}).text
    assert '<div id="ledger-table">' in partial and "<html" not in partial
    assert 'id="sort-field" value="due_date" hx-swap-oob="true"' in partial  # the filter form keeps the sort
    bad_date = client.get("/api/ledger", params={"due_from": "2023-13-01"})
    bad_status = client.get("/api/ledger", params={"status": "finished"})
    assert bad_date.status_code == bad_status.status_code == 422
    assert "due_from" in bad_date.json()["detail"] and "status" in bad_status.json()["detail"]


def test_xlsx_export_of_the_filtered_view(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    sign_in(client, "viewer")
    response = client.get("/ledger/export.xlsx", params={"domain": "water", "sort": "unit", "page_size": 2})
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.openxml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "领域：water" in sheet["A1"].value
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == 6  # every page, not just the first two rows
    twin = client.get("/api/ledger", params={"domain": "water", "sort": "unit", "page_size": 500}).json()
    assert [r[5] for r in rows] == [r["unit_name"] for r in twin["rows"]]
    assert {r[1] for r in rows} == {"水"}


def test_my_tasks_are_the_units_own(client: TestClient, session: Session, persona_notice: object) -> None:
    sign_in(client, "lead")
    twin = client.get("/api/mine").json()
    assert {r["unit_name"] for r in twin["rows"]} == {"吕梁市生态环境局"}
    assert sorted(r["task_number"] for r in twin["rows"]) == ["1", "2", "3", "4"]
    page = client.get("/mine").text
    assert "我的任务" in page and len(re.findall(r'href="/tasks/\d+#assignment-', page)) == 4
    admin = TestClient(client.app)
    sign_in(admin, "admin")
    assert admin.get("/api/mine").json()["total"] == 0
    assert "不属于任何单位" in admin.get("/mine").text


def test_plan_tree_and_plan_twin(client: TestClient, session: Session, persona_notice: object) -> None:
    sign_in(client, "bureau")
    tree = client.get("/api/plans").json()
    assert [r["region"] for r in tree] == ["山西省吕梁市"]
    (document,) = tree[0]["documents"]
    (plan,) = document["plans"]
    assert document["doc_number"] == "吕政办测〔2023〕1号" and plan["tasks"] == 4
    page = client.get("/plans").text
    assert "吕梁市水环境质量再提升2023年行动计划（测试）" in page and "吕政办测〔2023〕1号" in page
    detail = client.get(f"/api/plans/{plan['id']}").json()
    assert detail["chapters"] == [
        {"path": ["三、重点任务", "（一）水环境治理"], "tasks": detail["chapters"][0]["tasks"]}
    ]
    assert [t["number"] for t in detail["chapters"][0]["tasks"]] == ["1", "2", "3", "4"]
    partial = client.get(f"/plans/{plan['id']}", headers={"HX-Request": "true"}).text
    assert "<html" not in partial and "推进污水处理厂提标改造" in partial


def test_openapi_lists_every_json_twin(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/dashboard",
        "/api/ledger",
        "/api/mine",
        "/api/plans",
        "/api/plans/{plan_id}",
        "/api/tasks/{task_id}",
        "/api/assignments/{assignment_id}/progress",
        "/api/assignments/{assignment_id}/actions/{action}",
        "/api/imports/preview",
        "/api/imports",
        "/api/session",
        "/ledger/export.xlsx",
    ):
        assert path in paths, path


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for path in (
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/echarts/echarts.common.min.js",
        "/static/envplan.css",
        "/static/envplan.js",
        "/static/vendor/echarts/LICENSE",
    ):
        assert client.get(path).status_code == 200, path
    page = client.get("/signin").text
    assert re.findall(r'(?:src|href)="(?:https?:)?//', page) == []  # nothing from another host


def test_ledger_defaults_to_the_users_region(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    sign_in(client, "lead")
    luliang = client.get("/api/dashboard").json()["region_id"]
    outsider = TestClient(client.app)
    sign_in(outsider, "outsider")  # 新绛县水利局: another city's county
    assert outsider.get("/api/ledger").json()["total"] == 0
    assert outsider.get("/api/ledger", params={"region_id": luliang}).json()["total"] == 6
    admin = TestClient(client.app)
    sign_in(admin, "admin")  # no unit: the whole province
    assert admin.get("/api/ledger").json()["total"] == 6


def test_security_headers_and_no_cdn_api_docs(client: TestClient) -> None:
    response = client.get("/signin")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN
