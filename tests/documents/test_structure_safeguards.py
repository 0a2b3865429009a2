"""Safeguard chapters (保障措施) whose items are numbered like the tasks: each item is a safeguard
task. Within a （一） safeguard, 1. points stay its text (docs/clauses.md, Chapters)."""

from __future__ import annotations

from envplan.demo import demo_notice_text
from envplan.documents import parse_text
from envplan.documents.model import TaskKind

HEAD = """青岚县水环境质量再提升2024年行动计划
为改善水环境，根据《山西省水环境质量再提升2024年行动计划》，制定本行动计划。
一、重点任务
1.推进污水处理。2024年10月底前完成。（县住建局负责）
2.加强水源保护。2024年9月底前完成。（县水利局负责）
二、保障措施
"""


def test_demo_water_plans_numbered_safeguard_is_a_safeguard_task() -> None:
    water = parse_text(demo_notice_text("qinghe_county_2023.txt")).plans[0]
    assert [task.number for task in water.tasks] == [str(n) for n in range(1, 9)]
    last = water.tasks[-1]
    assert (last.title, last.kind, last.path) == ("强化组织领导", TaskKind.SAFEGUARD, ["五、保障措施"])
    assert last.responsible_units == ["县生态环境局"]
    assert [m.kind for m in last.milestones] == ["ongoing"]


def test_safeguards_continuing_the_task_numbers() -> None:
    text = HEAD + "3.强化组织领导。建立调度制度。（县生态环境局负责）\n4.加强资金保障。（县财政局负责）\n"
    tasks = parse_text(text).plans[0].tasks
    assert [(t.number, t.kind) for t in tasks[2:]] == [("3", TaskKind.SAFEGUARD), ("4", TaskKind.SAFEGUARD)]
    assert tasks[3].responsible_units == ["县财政局"]


def test_safeguards_numbered_from_one_again() -> None:
    text = HEAD + "1.强化组织领导。建立调度制度。\n2.严格考核问责。对工作不力的约谈。\n"
    tasks = parse_text(text).plans[0].tasks
    assert [(t.number, t.title, t.kind) for t in tasks[2:]] == [
        ("1", "强化组织领导", TaskKind.SAFEGUARD),
        ("2", "严格考核问责", TaskKind.SAFEGUARD),
    ]


def test_points_inside_a_section_safeguard_stay_its_text() -> None:
    text = HEAD + "（一）加强组织领导\n1.建立调度制度。\n2.定期通报进展。\n（二）强化资金保障\n加大投入。\n"
    tasks = parse_text(text).plans[0].tasks
    assert [(t.number, t.kind) for t in tasks[2:]] == [
        ("（一）", TaskKind.SAFEGUARD),
        ("（二）", TaskKind.SAFEGUARD),
    ]
    assert "定期通报进展" in tasks[2].text
