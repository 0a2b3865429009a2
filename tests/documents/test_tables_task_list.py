"""Flattened task-list tables (序号 | 重点工作 | 主要任务 | 完成时限 | 工程措施 | 牵头单位, one wrapped cell
per line): the 新绛 air appendix row by row, checked by hand against the seed's lines, and the rules
on a table written for the test (envplan.documents.tables_task_list)."""

from __future__ import annotations

from functools import cache

import pytest

from envplan.documents import parse_file
from envplan.documents.model import Plan, Table
from envplan.documents.normalize import clean_lines
from envplan.documents.tables import find_line_tables
from envplan.documents.tables_task_list import display_width, task_list_headers
from support import seed_path

XINJIANG = "003_1a3a67b7a1f5494e.txt"
HEADERS = ["序号", "重点工作", "主要任务", "完成时限", "工程措施", "牵头单位"]
TITLE = "新绛县空气质量再提升2023年行动计划措施任务表"


@cache
def air_plan() -> Plan:
    return parse_file(seed_path(XINJIANG)).plans[1]


def annex() -> Table:
    return next(t for t in air_plan().tables if t.title == TITLE)


def test_the_air_appendix_is_a_ledger_of_19_rows_with_its_headers() -> None:
    table = annex()
    assert (table.kind, table.headers, table.line) == ("ledger", HEADERS, 799)
    assert [row[0] for row in table.rows] == [str(n) for n in range(1, 20)]
    assert all(len(row) == 6 for row in table.rows)


# 序号, 重点工作, 主要任务, 完成时限, 牵头单位 — read by hand from the seed's lines 801–1040
HAND_ROWS = {
    "1": ("产业结构调整", "遏制“两高”项目盲目发展", "2023年12月底前", "县发改局"),
    "2": ("产业结构调整", "粗钢总量调控", "2023年12月底前", "县工信科技局"),  # 「2 粗钢总量调控 2023年…」
    "3": ("产业结构调整", "4.3m焦炉关停淘汰", "2023年10月底前", "县工信科技局"),  # 4.3m is no serial
    "4": ("产业结构调整", "持续整治“散乱污”企业", "长期坚持", "各镇政府、新绛经济技术开发区管委会"),
    "8": (
        "重点工业行业综合治理",
        "工业炉窑和锅炉综合治理",
        "2023年12月底前",
        "市生态环境局新绛分局、县工信科技局",
    ),
    "12": ("能源结构调整", "散煤清零", "2023年10月底前", "县能源局"),  # all on one line after the category
    "14": ("能源结构调整", "淘汰燃煤锅炉", "长期坚持", "市生态环境局新绛分局"),
    "18": ("用地结构调整", "强化降尘量控制", "长期坚持", "市生态环境局新绛分局"),
    "19": ("用地结构调整", "加强秸秆综合利用", "2023年12月底前", "县农业农村局"),  # unit right after 。
}


@pytest.mark.parametrize("number", list(HAND_ROWS))
def test_rows_read_by_hand(number: str) -> None:
    row = annex().rows[int(number) - 1]
    assert (row[0], row[1], row[2], row[3], row[5]) == (number, *HAND_ROWS[number])


@pytest.mark.parametrize(
    ("number", "starts", "ends"),
    [
        ("1", "严格落实产业政策", "为转型项目腾出环境容量。"),
        ("3", "淘汰新绛县同瑞煤化", "4.3米焦炉。"),
        ("5", "新绛信义源钢铁完成", "要在半年内完成评估监测工作。"),
        ("10", "完成一批VOCs企业", "LDAR检测、储罐/装载废气等综合治理。"),  # LDAR|检测 joined
        ("12", "在“禁煤区”内开展", "燃煤设施清零工作。"),
        ("19", "加强秸秆综合利用，", "利用率达到90%以上。"),
    ],
)
def test_the_measure_cell_is_whole(number: str, starts: str, ends: str) -> None:
    measure = annex().rows[int(number) - 1][4]
    assert measure.startswith(starts) and measure.endswith(ends)
    assert measure.count("。") == 1 and "局" not in measure[-8:]


def test_a_row_whose_number_was_lost_is_numbered_by_sequence_with_a_warning() -> None:
    """Rows 5 and 13 print no 序号 in the TXT; row 5's 完成时限 cell wraps in its narrow column."""
    row5, row13 = annex().rows[4], annex().rows[12]
    assert row5[:4] == [
        "5",
        "重点工业行业综合治理",
        "超低排放改造和评估监测",
        "2023年10月底前完成焦化企业超低排放改造，2023年12月底前完成水泥企业超低排放改造。",
    ]
    assert row5[5] == "市生态环境局新绛分局"
    assert row13[:4] == ["13", "能源结构调整", "煤炭消费总量控制", "2023年12月底前"]
    assert [w for w in air_plan().warnings if "序号" in w] == [
        f"《{TITLE}》第852行：序号未印出，按前后顺序补为“5”",
        f"《{TITLE}》第967行：序号未印出，按前后顺序补为“13”",
    ]


def test_the_appendix_agrees_with_the_plans_tasks_on_lead_units_and_deadlines() -> None:
    """Row 3 (焦炉) is air task 2, row 12 (散煤清零) task 14: the table's 牵头单位 leads the task; row
    12's deadline is one of task 14's; row 4 (散乱污, task 4) writes 各镇政府, the task 各镇人民政府."""
    tasks = {t.number: t for t in air_plan().tasks}
    rows = annex().rows
    assert [rows[2][5]] == tasks["2"].lead_units == ["县工信科技局"]
    assert [rows[11][5]] == tasks["14"].lead_units == ["县能源局"]
    assert rows[11][3] in [m.text for m in tasks["14"].milestones]
    assert rows[3][5] == "各镇政府、新绛经济技术开发区管委会"
    assert tasks["4"].responsible_units == ["各镇人民政府", "新绛经济技术开发区管委会"]


BODY = """附件
序号 重点工作 主要任务 完成时限 工 程 措 施 牵头单位
1
产业结构
调整
淘汰落后
产能
2023年6月底前 完成两台燃煤锅炉淘汰。
县工信局
2整治散乱污2023年9月底前
排查全县散乱污企业，动态清零。
各乡镇人民
政府
能源结构
调整
清洁取暖
2023年10月底前完
成城区改造，12月底
前完成农村改造。
完成3000户清洁取暖改造任务。
县能源局、县
住建局
"""


def test_a_task_list_written_for_the_test() -> None:
    found = find_line_tables(clean_lines(BODY))
    [table] = found.tables
    assert table.headers == HEADERS
    assert table.rows == [
        ["1", "产业结构调整", "淘汰落后产能", "2023年6月底前", "完成两台燃煤锅炉淘汰。", "县工信局"],
        [
            "2",
            "产业结构调整",
            "整治散乱污",
            "2023年9月底前",
            "排查全县散乱污企业，动态清零。",
            "各乡镇人民政府",
        ],
        [
            "3",
            "能源结构调整",
            "清洁取暖",
            "2023年10月底前完成城区改造，12月底前完成农村改造。",
            "完成3000户清洁取暖改造任务。",
            "县能源局、县住建局",
        ],
    ]
    assert found.warnings == {2: ["表格第14行：序号未印出，按前后顺序补为“3”"]}  # no title above it


def test_a_row_that_does_not_read_as_a_task_row_keeps_the_table_as_text() -> None:
    body = BODY.replace("2023年9月底前", "")  # row 2 without a deadline
    [table] = find_line_tables(clean_lines(body)).tables
    assert (table.kind, len(table.headers)) == ("other", 2)


@pytest.mark.parametrize(
    ("header", "headers"),
    [
        ("序号 重点工作 主要任务 完成时限 工 程 措 施 牵头单位", HEADERS),
        (
            "序号 主要任务 完成时限 具体措施 责任单位",
            ["序号", "主要任务", "完成时限", "具体措施", "责任单位"],
        ),
        ("序号 项目名称 完成时限 内容 实施主体 备注", None),  # the unit column is not last
        ("序号 重点工作 完成时限 牵头单位", None),  # no content column
    ],
)
def test_task_list_headers(header: str, headers: list[str] | None) -> None:
    assert task_list_headers(header) == headers


def test_display_width() -> None:
    assert display_width("SO2管控治理") == 5.5
    assert display_width("“散乱") == 3


def test_a_task_list_with_one_name_column() -> None:
    body = (
        "附件：某县2024年大气污染防治任务表\n序号 主要任务 完成时限 具体措施 责任单位\n"
        "1\n淘汰燃煤\n锅炉\n2024年6月底前 完成城区燃煤锅炉淘汰。 县能源局\n"
        "2清理散煤长期坚持\n确保散煤动态清零。\n县能源局、县\n市场监管局\n"
    )
    found = find_line_tables(clean_lines(body))
    [table] = found.tables
    assert (table.title, table.kind) == ("某县2024年大气污染防治任务表", "ledger")
    assert table.rows == [
        ["1", "淘汰燃煤锅炉", "2024年6月底前", "完成城区燃煤锅炉淘汰。", "县能源局"],
        ["2", "清理散煤", "长期坚持", "确保散煤动态清零。", "县能源局、县市场监管局"],
    ]
    assert found.warnings == {2: []}
