"""Plan page project tables with every unit, and the projects of one unit: pages and JSON twins."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.documents.parser import parse_file
from envplan.ledger.models import Plan, Unit
from envplan.ledger.services.importing import import_notice
from ledger.projects_helpers import PLAN_TITLE, project_notice
from support import seed_path
from web.web_helpers import sign_in


def _import_projects(session: Session) -> int:
    """Imports the made-up project notice; returns its plan's id."""
    import_notice(session, project_notice(), actor=None)
    session.commit()
    return session.scalars(select(Plan.id).where(Plan.title == PLAN_TITLE)).one()


def _unit_id(session: Session, name: str) -> int:
    return session.scalars(select(Unit.id).where(Unit.name == name)).one()


def _units(project: dict[str, Any]) -> list[tuple[str, str]]:
    return [(u["name"], u["role_label"]) for u in project["units"]]


def test_plan_twin_and_page_show_every_unit_of_each_project(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    plan_id = _import_projects(session)
    sign_in(client, "viewer")
    twin = client.get(f"/api/plans/{plan_id}").json()
    (table,) = twin["project_tables"]
    assert table["title"] == "重点项目表" and [p["row_number"] for p in table["projects"]] == [1, 2, 3, 4]
    assert _units(table["projects"][0]) == [
        ("吕梁市住建局", "牵头"),
        ("吕梁市生态环境局", "配合"),
        ("吕梁市财政局", "配合"),
        ("吕梁市各县（市、区）人民政府", "负责落实"),
    ]
    assert table["projects"][0]["due_text"] == "2023年12月底前"
    page = client.get(f"/plans/{plan_id}").text
    row = re.search(r'<tr id="project-\d+"><td>1</td>(.*?)</tr>', page, re.S)
    assert row is not None
    linked = re.findall(r'<a href="/projects\?unit_id=(\d+)" class="project-unit">([^<]+)</a>', row.group(1))
    assert [(int(i), html.unescape(n)) for i, n in linked] == [
        (u["unit_id"], u["name"]) for u in table["projects"][0]["units"]
    ]
    assert "<dt>项目内容</dt><dd>改造管网12公里</dd>" in row.group(1)  # the whole row, folded
    partial = client.get(f"/plans/{plan_id}", headers={"HX-Request": "true"}).text
    assert f'href="/plans/{plan_id}#projects-1"' in partial and "（4 项）" in partial


def test_projects_of_one_unit_page_and_twin(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    _import_projects(session)
    sign_in(client, "viewer")
    water = _unit_id(session, "吕梁市水利局")
    twin = client.get("/api/projects", params={"unit_id": water}).json()
    assert twin["unit"] == {"id": water, "name": "吕梁市水利局"}
    assert [(p["row_number"], p["name"]) for p in twin["projects"]] == [
        (2, "饮用水水源地规范化建设"),  # responsible
        (3, "入河排污口整治"),  # lead, written after 市财政局配合
    ]
    assert all(p["plan_title"] == PLAN_TITLE and p["table_title"] == "重点项目表" for p in twin["projects"])
    page = client.get("/projects", params={"unit_id": water}).text
    assert "<h1>重点项目 · 吕梁市水利局</h1>" in page and f'href="/ledger?unit_id={water}"' in page
    assert page.count("<td>饮用水水源地规范化建设</td>") == 1 and "<td>城区雨污分流改造</td>" not in page
    everything = client.get("/api/projects").json()
    assert len(everything["projects"]) == 5  # 4 made-up rows + the persona notice's 1
    housing = _unit_id(session, "吕梁市住建局")
    assert {u["name"] for u in everything["units"]} >= {"吕梁市住建局", "吕梁市水利局", "吕梁市县级人民政府"}
    assert len(client.get("/api/projects", params={"unit_id": housing}).json()["projects"]) == 2
    assert f'<option value="{housing}" >' in client.get("/projects").text


def test_projects_follow_the_region_scope_and_refuse_unknown_units(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    _import_projects(session)
    assert client.get("/api/projects").status_code == 401
    sign_in(client, "outsider")  # 新绛县: no 吕梁 project in its scope
    assert client.get("/api/projects").json()["projects"] == []
    water = _unit_id(session, "吕梁市水利局")
    assert client.get("/api/projects", params={"unit_id": water}).json()["projects"] == []
    assert client.get("/api/projects", params={"unit_id": 999_999}).status_code == 404
    assert client.get("/projects", params={"unit_id": 999_999}).status_code == 404


def test_seed_project_with_three_units_on_the_plan_page(
    client: TestClient, session: Session, administrator: object
) -> None:
    import_notice(session, parse_file(seed_path("004_4a1c0cf63212e619.txt")), actor=None)
    session.commit()
    sign_in(client, "admin")
    tree = client.get("/api/plans").json()
    plans = [p for region in tree for doc in region["documents"] for p in doc["plans"]]
    water = next(p for p in plans if "水环境" in p["title"])
    (table,) = client.get(f"/api/plans/{water['id']}").json()["project_tables"]
    assert len(table["projects"]) == 3
    assert _units(table["projects"][0]) == [
        ("晋城市城区生态环境分局", "负责落实"),
        ("晋城市凤禹排水有限公司", "负责落实"),
        ("晋城市城区相关镇（街道）", "负责落实"),
    ]
    company = table["projects"][1]["units"][0]["unit_id"]
    listed = client.get("/api/projects", params={"unit_id": company}).json()["projects"]
    assert [p["row_number"] for p in listed] == [2, 3]


def test_upload_preview_twin_lists_project_changes_of_a_revision(
    client: TestClient, session: Session, administrator: object
) -> None:
    seed = seed_path("004_4a1c0cf63212e619.txt").read_text(encoding="utf-8")
    token = sign_in(client, "admin")
    headers = {"X-CSRF-Token": token}

    def preview(text: str) -> dict[str, Any]:
        files = {"file": ("notice.txt", text.encode("utf-8"), "text/plain")}
        response = client.post("/api/imports/preview", files=files, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    first = preview(seed)
    assert [(c["row_number"], c["change"]) for c in first["diff"]["project_changes"]] == [
        (1, "added"),
        (2, "added"),
        (3, "added"),
    ]
    body = {"token": first["token"], "filename": "notice.txt"}
    assert client.post("/api/imports", json=body, headers=headers).json()["projects"] == 3
    company = "山西省晋城晋普山煤业有限责任公司"
    row_two = f"{company}\t2023 年 10 月"
    assert seed.count(row_two) == 1
    revised = preview(seed.replace(row_two, f"区水务局、{company}\t2023 年 10 月"))
    assert revised["diff"]["status"] == "revision" and revised["diff"]["changes"] == []
    (change,) = revised["diff"]["project_changes"]
    assert (change["row_number"], change["change"]) == (2, "units")
    assert change["old"] == f"{company}（负责落实）"
    assert change["new"] == f"晋城市城区水务局（负责落实）、{company}（负责落实）"
