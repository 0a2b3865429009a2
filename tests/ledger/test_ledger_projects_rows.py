"""Project-table rows read into (role, unit) lists without the database (project_facts)."""

from __future__ import annotations

import pytest

from envplan.documents.model import Table
from envplan.documents.parser import parse_file
from envplan.ledger.models import AssignmentRole
from envplan.ledger.services.project_facts import column_role, project_rows
from ledger.projects_helpers import synthetic_table
from support import seed_path

LEAD, COOPERATING, RESPONSIBLE = AssignmentRole.LEAD, AssignmentRole.COOPERATING, AssignmentRole.RESPONSIBLE


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("牵头单位", LEAD),
        ("牵头 部门", LEAD),
        ("配合单位", COOPERATING),
        ("配合责任单位", COOPERATING),  # the longest label wins over 责任单位
        ("责任单位", RESPONSIBLE),
        ("实施主体", RESPONSIBLE),
        ("责任主体", RESPONSIBLE),
        ("建设单位", RESPONSIBLE),
        ("项目内容", None),
        ("完成时限", None),
    ],
)
def test_column_role_from_the_header(header: str, role: AssignmentRole | None) -> None:
    assert column_role(header) == role


def test_synthetic_rows_give_every_unit_with_its_role_in_the_order_written() -> None:
    rows = project_rows(synthetic_table())
    assert [r.name for r in rows] == [
        "城区雨污分流改造",
        "饮用水水源地规范化建设",
        "入河排污口整治",
        "污泥处置中心建设",
    ]
    assert rows[0].units == [
        (LEAD, "市住建局"),
        (COOPERATING, "市生态环境局"),
        (COOPERATING, "市财政局"),  # the dropped 市 restored, as in clauses
        (RESPONSIBLE, "各县（市、区）人民政府"),
    ]
    assert rows[1].units == [
        (RESPONSIBLE, "市生态环境局"),
        (RESPONSIBLE, "市水利局"),
        (RESPONSIBLE, "各县（市、区）人民政府"),
    ]
    # role words in the cell win over the 责任单位 header; order as written
    assert rows[2].units == [(COOPERATING, "市财政局"), (LEAD, "市水利局"), (RESPONSIBLE, "县级人民政府")]
    assert rows[3].units == [(LEAD, "市生态环境局"), (RESPONSIBLE, "市生态环境局")]
    assert [r.due_text for r in rows] == ["2023年12月底前", "2023年10月", None, "2024年6月"]
    assert rows[0].cells["项目内容"] == "改造管网12公里"


def test_a_table_without_a_name_column_takes_the_task_column() -> None:
    table = Table(
        "重点工程",
        ["序号", "工作任务", "责任主体", "完成时限"],
        [["1", "新建污水站", "县水利局", "2023年5月"]],
    )
    (row,) = project_rows(table)
    assert (row.name, row.units, row.due_text) == ("新建污水站", [(RESPONSIBLE, "县水利局")], "2023年5月")


@pytest.mark.parametrize("cell", ["/", "—", "——", "无", "待定", "2023年12月", "  "])
def test_placeholder_cells_name_no_unit(cell: str) -> None:
    table = Table("重点项目", ["序号", "项目名称", "责任单位"], [["1", "污水站", cell]])
    (row,) = project_rows(table)
    assert row.units == [] and row.cells["责任单位"] == cell


def _seed_project_rows(name: str) -> list[tuple[str, list[tuple[AssignmentRole, str]]]]:
    notice = parse_file(seed_path(name))
    tables = [t for plan in notice.plans for t in plan.tables if t.kind == "projects"]
    return [(row.name, row.units) for table in tables for row in project_rows(table)]


def test_luliang_seed_project_rows_as_worked_by_hand() -> None:
    rows = _seed_project_rows("000_bb95c80613778daa.txt")
    assert len(rows) == 29  # 吕梁市2023年水污染防治重点工程项目清单, rows 1–29
    assert rows[1] == ("兴县蔚汾河人工湿地水质净化工程", [(RESPONSIBLE, "兴县人民政府")])  # 实施主体
    assert rows[0][1] == [
        (RESPONSIBLE, "市城城市管理局")
    ]  # printed so (a typo of the notice), kept as written
    assert rows[12][1] == [(RESPONSIBLE, "市生态环境局")]
    assert rows[22][1] == [(RESPONSIBLE, "市生态环境局"), (RESPONSIBLE, "市横泉水库管理中心")]
    assert sum(len(units) for _, units in rows) == 30  # row 23 names two units, every other row one


def test_jincheng_district_seed_project_rows_as_worked_by_hand() -> None:
    rows = _seed_project_rows("004_4a1c0cf63212e619.txt")
    assert [name for name, _ in rows][1] == "晋普山煤矿新建5000m³矿井水污水处理站"
    assert rows[0][1] == [
        (RESPONSIBLE, "区生态环境分局"),
        (RESPONSIBLE, "晋城市凤禹排水有限公司"),
        (RESPONSIBLE, "相关镇（街道）"),
    ]
    assert rows[2][1] == [(RESPONSIBLE, "山西省晋城晋普山煤业有限责任公司")]
