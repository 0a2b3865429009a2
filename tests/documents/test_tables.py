"""Tables of the notices: the 晋城城区 ledger appendix against its air plan, targets and project lists."""

from __future__ import annotations

import datetime as dt
import re

from envplan.documents import parse_text
from envplan.documents.milestones import parse_milestones
from envplan.documents.model import Table, Task
from envplan.documents.normalize import clean_lines
from envplan.documents.tables import classify_table, find_line_tables
from support import parsed_seed as parsed

LULIANG = "000_bb95c80613778daa.txt"
JINCHENG = "004_4a1c0cf63212e619.txt"

# ledger row 序号 → the air-plan task that carries the measure (read by hand, 34 rows)
_ROW_TASK_NUMBERS = "1 1 2 2 4 5 6 6 7 7 8 8 8 8 8 9 10 11 11 11 12 12 13 13 13 13 13 13 13 14 14 15 16 16"
ROW_TASK = dict(enumerate(_ROW_TASK_NUMBERS.split(), start=1))
# rows whose 牵头单位 the plan's text words differently (区城市管理局 vs 区城管局; four named
# towns vs 各相关镇（街道）), and the rows whose deadline only the ledger prints (the text of air
# tasks 9, 11 and 16 gives no 2023年4月底前 / 5月底前 for these measures)
UNITS_WORDED_DIFFERENTLY = {"28", "31"}
DEADLINE_NOT_IN_TASK = {"16", "18", "34"}


def table_of(name: str, plan: int, kind: str) -> Table:
    return next(t for t in parsed(name).plans[plan].tables if t.kind == kind)


def canonical(name: str) -> str:
    return name.replace("(", "（").replace(")", "）")


def heading_words(heading: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])", "", heading)


def test_ledger_appendix_is_read_as_a_table_of_34_rows() -> None:
    ledger = table_of(JINCHENG, 0, "ledger")
    assert ledger.title == "晋城市城区2023年大气污染防治重点工作任务台账"
    assert ledger.headers == ["任务类别", "序号", "具体措施", "完成时限", "牵头单位", "备注"]
    assert [row[1] for row in ledger.rows] == [str(n) for n in range(1, 35)]
    assert ledger.rows[1][0] == "一、产业结构优化调整"  # merged category cell filled down
    assert ledger.rows[32][3:5] == ["2023年5-9月", "区生态环境分局"]


def _air_task(number: str) -> Task:
    return next(t for t in parsed(JINCHENG).plans[0].tasks if t.number == number)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _best_covering_task(measure: str) -> str:
    """The air task whose text holds the largest share of the measure's character bigrams."""
    tasks = [t for t in parsed(JINCHENG).plans[0].tasks if t.kind.value != "safeguard"]
    return max(tasks, key=lambda t: len(_bigrams(measure) & _bigrams(t.text))).number


def test_ledger_rows_agree_with_the_air_plan_tasks() -> None:
    units_differ, deadline_missing = set(), set()
    for category, serial, measure, deadline, lead, _ in table_of(JINCHENG, 0, "ledger").rows:
        task = _air_task(ROW_TASK[int(serial)])
        assert heading_words(category) == heading_words(task.path[-1]), serial
        assert _best_covering_task(measure) == task.number, serial
        task_units = {canonical(u) for u in task.lead_units + task.cooperating_units + task.responsible_units}
        if not {canonical(u) for u in lead.split("、")} <= task_units:
            units_differ.add(serial)
        for milestone in parse_milestones(deadline, 2023):
            if milestone.kind.value == "due" and milestone.due not in {m.due for m in task.milestones}:
                deadline_missing.add(serial)
            if milestone.kind.value == "start" and milestone.start not in {m.start for m in task.milestones}:
                deadline_missing.add(serial)
    assert units_differ == UNITS_WORDED_DIFFERENTLY
    assert deadline_missing == DEADLINE_NOT_IN_TASK


def test_monthly_pre_control_targets() -> None:
    monthly = table_of(JINCHENG, 0, "monthly_targets")
    assert monthly.headers[1:3] == ["SO2 2022年", "SO2 2023年"]
    assert monthly.headers[-2:] == ["PM2.5 2022年", "PM2.5 2023年"]
    assert [row[0] for row in monthly.rows] == [f"{m}月" for m in range(1, 13)] + ["全年"]
    annual = dict(zip(monthly.headers, monthly.rows[-1], strict=True))
    # the annual PM2.5 2023 pre-control value is the plan's PM2.5 target (力争降到36微克/立方米)
    assert annual["PM2.5 2023年"] == "36"
    assert annual["O3 2023年"] == "178"


def test_section_targets_and_projects_of_the_water_plan() -> None:
    sections = table_of(JINCHENG, 1, "section_targets")
    assert sections.rows == [
        ["1", "城区", "白水河", "完成省定目标", "省考"],
        ["2", "城区", "洞头", "V类", "市考"],
        ["3", "城区", "金匠桥", "V类", "市考"],
    ]
    projects = table_of(JINCHENG, 1, "projects")
    assert projects.rows[1] == [
        "2",
        "晋普山煤矿新建5000m³矿井水污水处理站",
        "山西省晋城晋普山煤业有限责任公司",
        "2023年10月",
        "",
    ]


def test_flattened_project_list_one_cell_per_line() -> None:
    projects = table_of(LULIANG, 0, "projects")
    assert len(projects.rows) == 29
    first = projects.rows[0]
    assert first[1] == "吕梁新安大道雨污水管网工程（新区部分）"
    assert (first[2], first[4], first[5], first[6]) == (
        "三川河西崖底",
        "市城城市管理局",
        "2023年12月",
        "2022年延期项目",
    )
    assert first[3].startswith("新安大道雨污水管网工程北起") and first[3].endswith("总投资8164.568万元。")
    assert projects.rows[22][4] == "市生态环境局、市横泉水库管理中心"
    assert projects.rows[13][1:3] == ["吕梁市区污水厂扩容提质工程建设", "城镇生活污水收集处理能力建设"]
    assert projects.rows[21][1:3] == [
        "开展吕梁市区域再生水循环试点城市申报项目（国家级试点申报）",
        "再生水循环利用",
    ]
    assert projects.rows[19][1:3] == ["谋划兴县蔚汾河、岚漪河水质自动监测体系建设项目", "监管能力建设"]
    assert [row[5] for row in projects.rows].count("2023年12月") == 17


def test_tables_are_attached_to_their_plan_and_not_to_task_text() -> None:
    assert [t.kind for t in parsed(JINCHENG).plans[0].tables] == ["monthly_targets", "ledger"]
    assert parsed(JINCHENG).plans[2].tables == []
    last_safeguard = parsed(LULIANG).plans[0].tasks[-1]
    assert "序号" not in last_safeguard.text


def test_tab_separated_table_in_plain_text() -> None:
    text = "附件\n重点项目表\n序号\t项目名称\t实施主体\t完成时限\n1\t污水处理厂提标\t县住建局\t2023年12月\n"
    found = find_line_tables(clean_lines(text))
    assert len(found.tables) == 1
    table = found.tables[0]
    assert (table.title, table.kind, table.rows) == (
        "重点项目表",
        "projects",
        [["1", "污水处理厂提标", "县住建局", "2023年12月"]],
    )


def test_classify_table() -> None:
    assert classify_table(["任务类别", "序号", "具体措施", "完成时限", "牵头单位"], []) == "ledger"
    assert classify_table(["序号", "断面名称", "目标水质"], []) == "section_targets"
    assert classify_table(["", "PM2.5"], [[f"{m}月", "1"] for m in range(1, 13)]) == "monthly_targets"
    assert classify_table(["甲", "乙"], [["1", "2"]]) == "other"


def test_reader_tables_are_classified_and_attached_by_line() -> None:
    text = "\n".join(
        [
            "某县空气质量再提升2023年行动计划",
            "一、重点任务",
            "1.开展整治。2023年6月底前完成。（县生态环境局负责）",
        ]
    )
    table = Table(
        title="台账",
        headers=["序号", "具体措施", "完成时限", "牵头单位"],
        rows=[["1", "整治", "2023年6月", "县生态环境局"]],
        line=3,
    )
    notice = parse_text(text, tables=[table])
    assert notice.plans[0].tables[0].kind == "ledger"
    assert notice.plans[0].tasks[0].milestones[0].due == dt.date(2023, 6, 30)


def test_a_flattened_table_of_another_layout_keeps_its_rows_as_text() -> None:
    """No project list, no task list (序号 | names | 完成时限 | content | unit): each row's words stay
    one cell (the 003 air appendix is a task list: tests/documents/test_tables_task_list.py)."""
    lines = clean_lines("附件\n序号 检查内容 情况说明\n1\n餐饮油烟\n已检查\n2\n露天烧烤\n未检查\n")
    [table] = find_line_tables(lines).tables
    assert (table.kind, table.headers) == ("other", ["序号", "检查内容 情况说明"])
    assert table.rows == [["1", "餐饮油烟 已检查"], ["2", "露天烧烤 未检查"]]
