"""The upload preview page (/imports/preview) of a revised seed notice: task and project changes in
Chinese, and the parser's warnings each listed once (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ledger.revision_helpers import PROJECT_TABLE, WATER_PLAN, revised_seed_004, seed_004
from web.web_helpers import NOTICE, sign_in


def _cells(row: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
    ]


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The data rows of the table ``table_id`` of a rendered page, as cell texts."""
    match = re.search(rf'<table class="grid" id="{table_id}">(.*?)</table>', page, re.S)
    assert match, f"no table {table_id}"
    return [_cells(row) for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S) if "<td>" in row]


def warnings_of(page: str) -> list[str]:
    """The items of the page's parser-warning list (none when the page says 无警告)."""
    match = re.search(r'<h2>解析警告（(\d+)）</h2>\s*<ul class="warning">(.*?)</ul>', page, re.S)
    if match is None:
        assert "无警告" in page
        return []
    items = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", match.group(2), re.S)]
    assert int(match.group(1)) == len(items)
    return items


def _preview(client: TestClient, token: str, name: str, text: str) -> str:
    files = {"file": (name, text.encode("utf-8"), "text/plain")}
    response = client.post("/imports/preview", data={"csrf_token": token}, files=files)
    assert response.status_code == 200, response.text
    return response.text


def _confirm(client: TestClient, token: str, page: str, name: str) -> str:
    upload = page.split('name="token" value="')[1].split('"')[0]
    response = client.post("/imports/confirm", data={"csrf_token": token, "token": upload, "filename": name})
    assert response.status_code == 200, response.text
    return response.text


def test_revised_seed_preview_lists_task_and_project_changes(
    client: TestClient, session: Session, administrator: object
) -> None:
    token = sign_in(client, "admin")
    first = _preview(client, token, "004.txt", seed_004())
    assert "新通知：将新增 57 项任务、3 个项目。" in first  # 21 + 18 + 18 tasks; 3 project rows
    assert warnings_of(first) == []
    assert "已导入" in _confirm(client, token, first, "004.txt")

    page = _preview(client, token, "004-rev.txt", revised_seed_004())
    assert "这是已导入通知的修订稿" in page
    assert "任务变化（2）" in page and "项目变化（5）" in page
    tasks = [row[:4] for row in table_rows(page, "task-changes")]
    assert tasks == [
        [WATER_PLAN, "15", "实施城镇污水处理厂尾水生态化治理", "新增任务"],
        [WATER_PLAN, "14", "实施城镇污水处理厂尾水生态化治理", "删除任务"],
    ]
    projects = table_rows(page, "project-changes")
    assert all(row[:2] == [WATER_PLAN, PROJECT_TABLE] for row in projects)
    wetland = "白水河人工湿地及中水资源再利用项目的{}%工程量"
    units = ["晋城市城区生态环境分局", "晋城市凤禹排水有限公司", "晋城市城区相关镇（街道）"]
    old_units = "、".join(f"{unit}（负责落实）" for unit in units)
    new_units = "、".join(f"{unit}（负责落实）" for unit in [units[0], "晋城市城区水务局", *units[1:]])
    deep = "晋普山煤矿3500m³矿井水污水处理系统深度处理工程"
    assert [row[2:] for row in projects] == [
        ["3", "白水河河道清淤工程", "新增项目", "", "白水河河道清淤工程"],
        ["2", "晋普山煤矿新建5000m³矿井水污水处理站", "删除项目", "晋普山煤矿新建5000m³矿井水污水处理站", ""],
        ["2", deep, "完成时限变更", "2023年5月", "2023年6月"],
        ["1", wetland.format(50), "项目更名", wetland.format(30), wetland.format(50)],
        ["1", wetland.format(50), "责任单位变更", old_units, new_units],
    ]
    skip, inherited = warnings_of(page)  # each once, the plan named once
    assert skip.startswith(f"《{WATER_PLAN}》第") and f"》：《{WATER_PLAN}》" not in skip
    assert "任务编号跳号，应为“14”，实为“15”，已按新任务读入：「15.实施城镇污水处理厂尾水生态化治理" in skip
    assert inherited == (
        f"《{WATER_PLAN}》任务15：完成时限“2023年11月底前”取自所在章节标题"
        "「（三）细化水生态修复（2023年11月底前）」（任务本身未写时限）"
    )

    assert "已按修订稿更新" in _confirm(client, token, page, "004-rev.txt")
    again = _preview(client, token, "004-rev.txt", revised_seed_004())
    assert "该通知已导入，内容相同" in again and 'id="project-changes"' not in again


def test_revision_without_project_changes_says_so(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    token = sign_in(client, "bureau")
    _confirm(client, token, _preview(client, token, "v1.txt", NOTICE), "v1.txt")
    revised = NOTICE.replace("2024年10月底前完成散煤清零", "2024年9月底前完成散煤清零")
    page = _preview(client, token, "v2.txt", revised)
    text = "1.开展散煤清零。2024年{}月底前完成散煤清零。（市生态环境局牵头，市住建局配合）"
    assert [row[1:] for row in table_rows(page, "task-changes")] == [
        ["1", "开展散煤清零", "表述调整", text.format(10), text.format(9)],
        ["1", "开展散煤清零", "时限变更", "2024-10-31", "2024-09-30"],
    ]
    assert "项目变化（0）" in page and "项目无变化。" in page


def test_a_repeated_task_number_is_warned_once(
    client: TestClient, session: Session, persona_notice: object
) -> None:
    token = sign_in(client, "bureau")
    repeated = NOTICE + "　　2.强化监测预警。建立空气质量日调度。（市生态环境局负责）\n"
    (warning,) = warnings_of(_preview(client, token, "dup.txt", repeated))
    assert warning == (
        "《吕梁市大气污染防治2024年行动计划》第19行：任务编号重复，应为“3”，实为“2”（第18行已有“2”），"
        "已按新任务读入：「2.强化监测预警。建立空气质量日调度。（市生态环…」"
    )
