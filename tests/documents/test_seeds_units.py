"""Exact units and due dates of 77 seed tasks, written by reading the seed texts.

Every clause style of the seeds is covered: （A牵头，B配合，C负责）, （A、B按职责牵头）, （A负责）,
（A、B按职责分工负责）, 〔责任单位：A、B〕, 〔责任单位：A牵头，B配合〕, 「以下各项任务…均需X负责，不再列出」
carried to every later task, a task with two clauses, nested brackets (各县（市、区）人民政府,
区发改（能源）局) and a bracket closed by "]". Due dates are the ``due`` of the task's milestones of
kind ``due`` (the plan year fills in 12月底前 / 10月底之前).
"""

from __future__ import annotations

import pytest

from envplan.documents.model import Task
from support import parsed_seed as parsed

LULIANG, SHANXI, XINJIANG, JINCHENG = (
    "000_bb95c80613778daa.txt",
    "002_51e324a2bd90c1c6.txt",
    "003_1a3a67b7a1f5494e.txt",
    "004_4a1c0cf63212e619.txt",
)
GOV_LL = "各县（市、区）人民政府"  # 吕梁 water plan: carried from task 1 to every later task
GOV_LL_AIR = "各相关县市区人民政府"  # 吕梁 air plan
GOV_LL_SOIL = "各县市区人民政府"  # 吕梁 soil and groundwater plans
GOV_SX = "各市人民政府"  # 山西 water plan
GOV_SX_AIR = "各相关市人民政府"  # 山西 air plan
EPB_XJ = "市生态环境局新绛分局"
ZONE_XJ = "新绛经济技术开发区管委会"
ZONE_XJ_APPROVAL = "新绛经济技术开发区管委会行政审批局"
TOWNS_JC = "各镇（街道）"
EPB_JC = "区生态环境分局"

# (seed, plan index, task number): (lead, cooperating, responsible, due dates)
EXPECTED: dict[tuple[str, int, str], tuple[list[str], list[str], list[str], set[str]]] = {
    # 吕梁 water
    (LULIANG, 0, "1"): (["市水利局"], ["市生态环境局", "市财政局"], [GOV_LL], set()),
    (LULIANG, 0, "2"): (["市城市管理局"], ["市生态环境局", "市发展改革委", "市水利局"], [GOV_LL], set()),
    (LULIANG, 0, "3"): (["市生态环境局"], ["市水利局"], [GOV_LL], set()),
    (LULIANG, 0, "4"): (
        ["市住建局"],
        ["市城市管理局", "市生态环境局", "市工信局", "市商务局", "市能源局"],
        [GOV_LL],
        set(),
    ),
    (LULIANG, 0, "5"): (
        ["市生态环境局", "市工信局"],
        ["市城市管理局", "市住建局", "市商务局"],
        [GOV_LL],
        set(),
    ),
    (LULIANG, 0, "6"): (["市城市管理局"], ["市生态环境局"], [GOV_LL], {"2023-08-31", "2023-12-31"}),
    (LULIANG, 0, "9"): (
        ["市生态环境局"],
        ["市住建局", "市农业农村局"],
        [GOV_LL],
        {"2023-06-30", "2023-10-31"},
    ),
    (LULIANG, 0, "10"): (["市生态环境局"], ["市水利局", "市规划和自然资源局"], [GOV_LL], set()),
    (LULIANG, 0, "11"): (["市水利局", "市规划和自然资源局"], [], [GOV_LL], set()),
    (LULIANG, 0, "15"): (["市生态环境局"], [], [GOV_LL], {"2023-10-31"}),
    (LULIANG, 0, "16"): (["市生态环境局", "市农业农村局", "市水利局"], [], [GOV_LL], set()),
    (LULIANG, 0, "17"): (["市城市管理局", "市生态环境局"], [], [GOV_LL], {"2023-12-31"}),
    (LULIANG, 0, "18"): (["市城市管理局"], [], [GOV_LL], {"2023-12-31"}),
    (LULIANG, 0, "19"): (["市城市管理局", "市生态环境局", "市住建局"], [], [GOV_LL], set()),
    # 吕梁 air
    (LULIANG, 1, "1"): (
        [],
        [],
        ["市行政审批服务管理局", "市发展改革委", "市工信局", "市生态环境局", "市能源局", GOV_LL_AIR],
        set(),
    ),
    (LULIANG, 1, "3"): ([], [], ["市工信局", "市生态环境局", "市发展改革委", GOV_LL_AIR], {"2023-12-31"}),
    (LULIANG, 1, "4"): ([], [], ["市生态环境局", "市工信局", GOV_LL_AIR], {"2023-10-31", "2023-12-31"}),
    (LULIANG, 1, "6"): ([], [], ["市生态环境局", GOV_LL_AIR], set()),
    (LULIANG, 1, "7"): ([], [], ["市生态环境局", "市工信局", GOV_LL_AIR], {"2023-06-30"}),
    (LULIANG, 1, "9"): (
        ["市冬季清洁取暖领导小组办公室"],
        ["市冬季清洁取暖领导小组成员单位"],
        [GOV_LL_AIR],
        set(),
    ),
    (LULIANG, 1, "13"): ([], [], ["市住建局", "市城管局", "市公安交警支队", GOV_LL_AIR], set()),
    (LULIANG, 1, "20"): (
        [],
        [],
        ["市市场监管局", "市商务局", "市公安局", "市应急局", "市生态环境局", GOV_LL_AIR],
        set(),
    ),
    (LULIANG, 1, "（五）"): ([], [], ["市生态环境局"], set()),
    # 吕梁 soil
    (LULIANG, 2, "1"): ([], [], ["市生态环境局", "市农业农村局", "市发展和改革委员会", GOV_LL_SOIL], set()),
    (LULIANG, 2, "3"): ([], [], ["市生态环境局", "市行政审批服务管理局", GOV_LL_SOIL], set()),
    (LULIANG, 2, "4"): ([], [], ["市生态环境局", GOV_LL_SOIL], {"2023-12-31"}),
    (LULIANG, 2, "14"): (
        [],
        [],
        ["市生态环境局", "市公安局", "市规划和自然资源局", "市农业农村局", GOV_LL_SOIL],
        set(),
    ),
    # 吕梁 groundwater
    (LULIANG, 3, "1"): (
        ["市生态环境局"],
        ["市规划和自然资源局", "市住建局", "市发展改革委"],
        [GOV_LL_SOIL],
        {"2023-12-31"},
    ),
    (LULIANG, 3, "2"): (["市生态环境局"], ["市规划和自然资源局", "市能源局"], [GOV_LL_SOIL], {"2023-10-31"}),
    (LULIANG, 3, "6"): ([], [], ["市生态环境局", GOV_LL_SOIL], set()),
    (LULIANG, 3, "9"): (
        [],
        [],
        ["市生态环境局", "市规划和自然资源局", "市水利局", "市能源局", GOV_LL_SOIL],
        {"2023-06-30"},
    ),
    (LULIANG, 3, "15"): (
        ["市生态环境局"],
        ["市水利局", "市发展改革委", "市住建局"],
        [GOV_LL_SOIL],
        {"2023-12-31"},
    ),
    # 山西 water
    (SHANXI, 0, "1"): (["省生态环境厅"], ["省水利厅", "省财政厅"], [GOV_SX], set()),
    (SHANXI, 0, "3"): (["省住建厅"], ["省生态环境厅", "省发展改革委", "省水利厅"], [GOV_SX], set()),
    (SHANXI, 0, "4"): (["省生态环境厅"], ["省水利厅"], [GOV_SX], {"2022-12-31"}),
    (SHANXI, 0, "6"): (["省生态环境厅", "省工信厅"], ["省商务厅"], [GOV_SX], set()),
    (SHANXI, 0, "14"): (["省水利厅", "省生态环境厅"], [], [GOV_SX], set()),
    (SHANXI, 0, "19"): (["省住建厅"], ["省生态环境厅"], [GOV_SX], {"2022-12-31", "2023-12-31"}),
    # 山西 air
    (SHANXI, 1, "9"): ([], [], ["省能源局", "省清洁取暖工作领导小组其他成员单位", GOV_SX_AIR], set()),
    (SHANXI, 1, "13"): ([], [], ["省住建厅", "省公安厅", GOV_SX_AIR], set()),
    (SHANXI, 1, "14"): ([], [], ["省生态环境厅", GOV_SX_AIR], set()),
    (SHANXI, 1, "17"): ([], [], ["省工信厅", "省生态环境厅", GOV_SX_AIR], set()),
    (SHANXI, 1, "21"): ([], [], ["省公安厅", "省交通厅", GOV_SX_AIR], set()),
    # 山西 soil
    (SHANXI, 2, "2"): (
        [],
        [],
        ["省生态环境厅", "省发展改革委", "省农业农村厅", "省粮食和储备局", GOV_SX],
        set(),
    ),
    (SHANXI, 2, "4"): (["省生态环境厅"], ["省农业农村厅"], [GOV_SX], set()),
    (SHANXI, 2, "5"): (
        [],
        [],
        ["省自然资源厅", "省农业农村厅", "省生态环境厅", "省市场监管局", GOV_SX],
        set(),
    ),
    (SHANXI, 2, "13"): ([], [], ["省生态环境厅", "省农业农村厅", GOV_SX], set()),
    # 山西 groundwater
    (SHANXI, 3, "3"): (
        ["省生态环境厅"],
        ["省自然资源厅", "省水利厅", "省住建厅", "省商务厅"],
        [GOV_SX],
        set(),
    ),
    (SHANXI, 3, "6"): ([], [], ["省生态环境厅", GOV_SX], set()),
    (SHANXI, 3, "9"): (["省生态环境厅"], ["省住建厅"], [GOV_SX], set()),
    # 新绛 water
    (XINJIANG, 0, "1"): ([EPB_XJ, "县水利局"], ["县财政局", "沿河各镇"], [], set()),
    (XINJIANG, 0, "2"): (["县住建局", ZONE_XJ, EPB_XJ], ["县发改局", "县水利局"], [], set()),
    (XINJIANG, 0, "3"): ([EPB_XJ], ["县水利局", "各镇"], [], set()),
    (XINJIANG, 0, "4"): ([ZONE_XJ, EPB_XJ, "县工信科技局", "县住建局"], [], [], set()),
    (XINJIANG, 0, "5"): (["县住建局", EPB_XJ], [], [], {"2023-12-31", "2025-06-30"}),
    (XINJIANG, 0, "6"): ([EPB_XJ, "横桥镇"], ["县住建局", "其余各镇"], [], {"2023-12-31"}),
    (XINJIANG, 0, "10"): (["县水利局"], ["县林业局", "相关镇"], [], set()),
    # 新绛 air
    (XINJIANG, 1, "2"): (["县工信科技局"], [ZONE_XJ, EPB_XJ], [], {"2023-10-31"}),
    (XINJIANG, 1, "4"): ([], [], ["各镇人民政府", ZONE_XJ], set()),
    (XINJIANG, 1, "11"): ([], [], [EPB_XJ], {"2023-07-31", "2023-08-31", "2023-09-30"}),
    (XINJIANG, 1, "14"): (["县能源局"], ["县住建局", "相关镇", "社区服务中心"], [], {"2023-10-31"}),
    (XINJIANG, 1, "20"): ([], [], ["县农业农村局", "各镇人民政府", ZONE_XJ], set()),
    (XINJIANG, 1, "21"): ([], [], ["县城市管理综合行政执法队", "县市场监管局"], set()),
    (XINJIANG, 1, "25"): (
        [EPB_XJ],
        ["县行政审批局", ZONE_XJ_APPROVAL, "县气象局"],
        [],
        {"2023-09-30", "2023-10-31"},
    ),
    # 新绛 soil and groundwater
    (XINJIANG, 2, "1"): ([], [], [EPB_XJ, ZONE_XJ], set()),
    (XINJIANG, 2, "3"): ([EPB_XJ], ["县农业农村局"], [], set()),
    (XINJIANG, 3, "5"): ([], ["县行政审批局", ZONE_XJ_APPROVAL], [EPB_XJ], set()),
    (XINJIANG, 3, "7"): ([EPB_XJ, ZONE_XJ], ["县住建局", "县园林绿化中心"], [], set()),
    (XINJIANG, 3, "14"): ([EPB_XJ], ["县水利局"], [], {"2023-12-31"}),
    # 晋城城区 air
    (JINCHENG, 0, "1"): (
        [],
        [],
        ["区发改（能源）局", "区工信局", "区民营经济局", "区行政审批局", EPB_JC],
        {"2024-12-31"},
    ),
    (JINCHENG, 0, "2"): ([], [], [EPB_JC, "南村镇"], {"2023-04-30", "2023-09-30"}),
    (JINCHENG, 0, "5"): ([], [], [EPB_JC], {"2023-02-28"}),
    (JINCHENG, 0, "8"): (
        [],
        [],
        ["区发改（能源）局", "区市场监管局", TOWNS_JC],
        {"2023-04-30", "2023-10-31"},
    ),
    (JINCHENG, 0, "14"): ([], [], ["区农业农村局", EPB_JC, "各相关镇（街道）"], set()),
    # 晋城城区 water
    (JINCHENG, 1, "1"): (["区水务局"], [TOWNS_JC], [], set()),
    (JINCHENG, 1, "2"): (["区水务局", "晋城市凤禹排水有限责任公司"], [TOWNS_JC], [], set()),
    (JINCHENG, 1, "5"): ([EPB_JC], ["区行政审批局"], [], set()),
    (JINCHENG, 1, "7"): (["区住建局"], [TOWNS_JC], [], {"2023-12-31"}),
    (JINCHENG, 1, "10"): (
        [],
        [],
        ["区住建局", "区农业农村局", "区水务局", "区城管局", EPB_JC, TOWNS_JC],
        set(),
    ),
    # 晋城城区 soil
    (JINCHENG, 2, "1"): ([EPB_JC], [TOWNS_JC], [], {"2023-10-31"}),
    (JINCHENG, 2, "4"): (["区发改（能源）局", "区农业农村局", "区市场监管局", EPB_JC], [TOWNS_JC], [], set()),
    (JINCHENG, 2, "12"): (["区农业农村局", "区自然资源局", "区公安分局", EPB_JC], [TOWNS_JC], [], set()),
}


def task_of(name: str, plan: int, number: str) -> Task:
    return next(t for t in parsed(name).plans[plan].tasks if t.number == number)


def test_at_least_sixty_tasks_over_every_plan() -> None:
    assert len(EXPECTED) >= 60
    plans = {(name, plan) for name, plan, _ in EXPECTED}
    assert len(plans) == 15  # every plan of the four notices


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda k: f"{k[0][:3]}-{k[1]}-{k[2]}")
def test_units_and_due_dates(key: tuple[str, int, str]) -> None:
    lead, cooperating, responsible, dues = EXPECTED[key]
    task = task_of(*key)
    assert (task.lead_units, task.cooperating_units, task.responsible_units) == (
        lead,
        cooperating,
        responsible,
    )
    assert {m.due.isoformat() for m in task.milestones if m.kind.value == "due" and m.due} == dues


def test_town_list_is_split_before_a_county_office() -> None:
    task = task_of(XINJIANG, 3, "2")
    assert task.cooperating_units[:2] == ["各镇", "县行政审批局"]


def test_a_task_with_two_clauses_keeps_each_clause_with_its_units() -> None:
    task = task_of(XINJIANG, 1, "20")
    assert [c.responsible_units for c in task.clauses] == [["县农业农村局"], ["各镇人民政府", ZONE_XJ]]
    assert task.clauses[0].text.startswith("20.严格秸秆禁烧管控")
    assert task.clauses[1].text.startswith("强化各镇主体责任")


def test_applies_to_later_is_not_given_to_safeguards() -> None:
    safeguard = parsed(LULIANG).plans[0].tasks[-1]
    assert safeguard.kind.value == "safeguard"
    assert safeguard.responsible_units == []


@pytest.mark.parametrize(
    ("key", "text", "kind", "start", "end"),
    [
        ((LULIANG, 1, "16"), "5-9月每日10-16时", "window", "2023-05-01", "2023-09-30"),
        ((SHANXI, 1, "16"), "5—9月每日10—16时", "window", "2022-05-01", "2022-09-30"),
        ((JINCHENG, 0, "11"), "2023年4月1日起", "start", "2023-04-01", None),
        ((LULIANG, 1, "22"), "2023年采暖季前", "season", None, None),
        ((XINJIANG, 1, "6"), "秋冬季期间", "season", "2023-10-01", "2024-03-31"),
    ],
)
def test_window_start_and_season_milestones(
    key: tuple[str, int, str], text: str, kind: str, start: str | None, end: str | None
) -> None:
    milestone = next(m for m in task_of(*key).milestones if m.text == text)
    assert milestone.kind.value == kind
    if start is not None:
        assert milestone.start is not None and milestone.start.isoformat() == start
    if end is not None:
        assert milestone.end is not None and milestone.end.isoformat() == end


def test_recurring_and_ongoing_milestones() -> None:
    monthly = next(m for m in task_of(LULIANG, 1, "14").milestones if m.text == "每月")
    assert (monthly.kind.value, monthly.recurrence) == ("recurring", "monthly")
    ongoing = next(m for m in task_of(JINCHENG, 1, "13").milestones if m.text == "持续开展")
    assert (ongoing.kind.value, ongoing.due) == ("ongoing", None)


@pytest.mark.parametrize("name", [LULIANG, SHANXI, XINJIANG, JINCHENG])
def test_every_seed_task_has_a_lead_or_responsible_unit(name: str) -> None:
    missing = [
        (plan.domain.value, task.number)
        for plan in parsed(name).plans
        for task in plan.tasks
        if task.kind.value != "safeguard" and not (task.lead_units or task.responsible_units)
    ]
    assert missing == []
