"""House styles that differ from the seeds: short notices written for these tests (fictional
regions 青岚县, 白河市, 松溪区), each checked task by task: number, path, units, milestones."""

from __future__ import annotations

import datetime as dt

from envplan.documents import parse_text
from envplan.documents.model import Plan, TaskKind


def only_plan(text: str) -> Plan:
    notice = parse_text(text)
    assert len(notice.plans) == 1
    return notice.plans[0]


def rows(plan: Plan) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    """(number, title, lead, cooperating, responsible) of every task."""
    return [(t.number, t.title, t.lead_units, t.cooperating_units, t.responsible_units) for t in plan.tasks]


def dues(plan: Plan) -> list[list[tuple[str, dt.date | None]]]:
    return [[(m.kind.value, m.due) for m in t.milestones] for t in plan.tasks]


CHAPTERS_AND_SECTIONS = """青岚县大气污染防治2024年行动计划
为持续改善全县环境空气质量，根据《白河市大气污染防治2024年行动计划》，结合我县实际，制定本行动计划。
第一章 工作目标
到2024年底，全县PM2.5平均浓度力争降到38微克/立方米。
第二章 重点任务
第一节 调整产业结构
1.淘汰落后产能。2024年6月底前完成焦化企业评估。（县发改局牵头，县工信局、县生态环境局配合）
2.整治散乱污企业。9月底前完成动态清零。（县工信局负责）
第二节 深化面源治理
3.强化扬尘管控。长期坚持。（县住建局牵头，交通局配合）
第三章 保障措施
第一节 加强组织领导
各乡镇要落实属地责任。
"""


def test_one_plan_without_cover_letter_in_chapters_and_sections() -> None:
    plan = only_plan(CHAPTERS_AND_SECTIONS)
    assert (plan.title, plan.domain.value, plan.period, plan.region) == (
        "青岚县大气污染防治2024年行动计划",
        "air",
        "2024",
        "青岚县",
    )
    assert plan.parent_plans == ["白河市大气污染防治2024年行动计划"]
    assert rows(plan) == [
        ("1", "淘汰落后产能", ["县发改局"], ["县工信局", "县生态环境局"], []),
        ("2", "整治散乱污企业", [], [], ["县工信局"]),
        ("3", "强化扬尘管控", ["县住建局"], ["县交通局"], []),
        ("第一节", "加强组织领导", [], [], []),
    ]
    assert [t.path for t in plan.tasks] == [
        ["第二章 重点任务", "第一节 调整产业结构"],
        ["第二章 重点任务", "第一节 调整产业结构"],
        ["第二章 重点任务", "第二节 深化面源治理"],
        ["第三章 保障措施"],
    ]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK] * 3 + [TaskKind.SAFEGUARD]
    assert dues(plan) == [
        [("due", dt.date(2024, 6, 30))],
        [("due", dt.date(2024, 9, 30))],
        [("ongoing", None)],
        [],
    ]
    assert [(t.indicator, t.value, t.year) for t in plan.targets] == [("PM2.5平均浓度", 38.0, 2024)]


ARABIC_CHAPTERS = """松溪区土壤污染防治2024年工作方案
为防范土壤环境风险，制定本方案。
1.工作目标
到2024年底，受污染耕地安全利用率达到93%以上。
2.重点任务
2.1加强重点监管单位管理。2024年5月底前更新名录，4.3万吨污染土壤完成处置。（区生态环境分局负责）
2.2推进农用地分类管理。2024年12月底前完成。（区农业农村局牵头，区自然资源局配合）
3.保障措施
3.1强化资金保障。区财政局统筹安排。
"""


def test_arabic_chapter_headings_with_dotted_tasks() -> None:
    plan = only_plan(ARABIC_CHAPTERS)
    assert rows(plan) == [
        ("2.1", "加强重点监管单位管理", [], [], ["区生态环境分局"]),
        ("2.2", "推进农用地分类管理", ["区农业农村局"], ["区自然资源局"], []),
        ("3.1", "强化资金保障", [], [], []),
    ]
    assert [t.path for t in plan.tasks] == [["2.重点任务"], ["2.重点任务"], ["3.保障措施"]]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SAFEGUARD]
    assert dues(plan) == [[("due", dt.date(2024, 5, 31))], [("due", dt.date(2024, 12, 31))], []]
    targets = [(t.indicator, t.comparator, t.value) for t in plan.targets]
    assert targets == [("受污染耕地安全利用率", ">=", 93.0)]


HALF_WIDTH = """白河市空气质量提升2024年行动计划
为改善空气质量,制定本行动计划.
一、重点任务
1.开展锅炉综合整治.2024年9月底前完成燃煤锅炉淘汰,PM2.5浓度下降1.5%.(市生态环境局牵头,市市场监管局、住建局配合)
2.加强柴油货车管控.2024年5-9月每日10-16时开展路检.(市公安局、市交通运输局按职责分工负责)
"""


def test_half_width_punctuation_throughout() -> None:
    plan = only_plan(HALF_WIDTH)
    assert rows(plan) == [
        ("1", "开展锅炉综合整治", ["市生态环境局"], ["市市场监管局", "市住建局"], []),
        ("2", "加强柴油货车管控", [], [], ["市公安局", "市交通运输局"]),
    ]
    assert "1.5%" in plan.tasks[0].text  # a decimal point stays a point
    window = plan.tasks[1].milestones[0]
    assert (window.kind.value, window.start, window.end, window.time_of_day) == (
        "window",
        dt.date(2024, 5, 1),
        dt.date(2024, 9, 30),
        "10:00-16:00",
    )


PAREN_TASKS = """白河市土壤污染防治2024年行动计划
为保障农产品质量安全，制定本行动计划。
一、重点任务
（1）严格建设用地准入管理。2024年9月底前完成地块调查。（市自然资源局牵头，市生态环境局配合）
（2）加强涉重金属企业监管。每月开展一次巡查。（市生态环境局负责）
二、保障措施
（一）加强组织领导。
"""


def test_tasks_numbered_in_parentheses_only() -> None:
    plan = only_plan(PAREN_TASKS)
    assert rows(plan) == [
        ("（1）", "严格建设用地准入管理", ["市自然资源局"], ["市生态环境局"], []),
        ("（2）", "加强涉重金属企业监管", [], [], ["市生态环境局"]),
        ("（一）", "加强组织领导", [], [], []),
    ]
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.TASK, TaskKind.SAFEGUARD]
    assert plan.tasks[1].milestones[0].recurrence == "monthly"
