"""Task and heading numbers out of sequence (skipped, repeated): which open a task, and the warnings
(envplan.documents.numbering; docs/clauses.md, Numbers out of sequence)."""

from __future__ import annotations

import pytest

from envplan.documents import parse_text
from envplan.documents.numbering import out_of_sequence, printed_task_number
from envplan.documents.task_markers import ARTICLE, CIRCLED_MARKER, DOTTED, PAREN, SHI, TaskMarker
from support import PLAN_SEEDS
from support import parsed_seed as parsed

TITLE = "青川县大气污染防治2024年行动计划"
HEAD = f"""{TITLE}
为打好蓝天保卫战，制定本行动计划。
一、重点任务
（一）调整产业结构
"""  # lines 1-4


def plan_of(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    plan = parse_text(text).plans[0]
    return [(t.number, t.title) for t in plan.tasks], plan.warnings


def line_of(text: str, number: int) -> str:
    return text.splitlines()[number - 1]


def test_a_skipped_task_number_opens_a_task_with_a_warning() -> None:
    text = HEAD + (
        "1.淘汰落后产能。2024年6月底前完成。（县工信局负责）\n"
        "2.整治散乱污企业。（各乡镇负责）\n"
        "4.推进超低排放改造。2024年10月底前完成。（县生态环境局负责）\n"
        "5.加强扬尘管控。（县住建局负责）\n"
    )
    tasks, warnings = plan_of(text)
    assert [number for number, _ in tasks] == ["1", "2", "4", "5"]
    assert tasks[2] == ("4", "推进超低排放改造")
    assert warnings == [
        f"《{TITLE}》第7行：任务编号跳号，应为“3”，实为“4”，已按新任务读入：「4.推进超低排放改造。2024年10月底前完成。…」"
    ]
    assert line_of(text, 7).startswith("4.推进超低排放改造")
    task = parse_text(text).plans[0].tasks[2]
    assert task.warnings[0] == warnings[0]
    assert task.responsible_units == ["县生态环境局"]
    assert "推进超低排放改造" not in parse_text(text).plans[0].tasks[1].text


def test_a_repeated_task_number_opens_a_task_with_a_warning() -> None:
    text = HEAD + (
        "1.淘汰落后产能。（县工信局负责）\n"
        "2.整治散乱污企业。（各乡镇负责）\n"
        "2.推进超低排放改造。（县生态环境局负责）\n"
        "3.加强扬尘管控。（县住建局负责）\n"
    )
    tasks, warnings = plan_of(text)
    assert tasks == [
        ("1", "淘汰落后产能"),
        ("2", "整治散乱污企业"),
        ("2", "推进超低排放改造"),
        ("3", "加强扬尘管控"),
    ]
    assert warnings == [
        f"《{TITLE}》第7行：任务编号重复，应为“3”，实为“2”（第6行已有“2”），已按新任务读入：「2.推进超低排放改造。（县生态环境局负责）」"
    ]


def test_a_skip_at_the_start_of_a_section_continuing_the_numbers() -> None:
    text = HEAD + (
        "1.淘汰落后产能。（县工信局负责）\n"
        "2.整治散乱污企业。（各乡镇负责）\n"
        "（二）调整能源结构\n"
        "4.推进清洁取暖。（县能源局负责）\n"
    )
    tasks, warnings = plan_of(text)
    assert tasks[-1] == ("4", "推进清洁取暖")
    assert parse_text(text).plans[0].tasks[-1].path == ["一、重点任务", "（二）调整能源结构"]
    assert warnings == [
        f"《{TITLE}》第8行：任务编号跳号，应为“3”，实为“4”，已按新任务读入：「4.推进清洁取暖。（县能源局负责）」"
    ]


def test_a_section_numbered_from_2_where_numbers_restart_per_section() -> None:
    text = HEAD + "1.淘汰落后产能。（县工信局负责）\n（二）调整能源结构\n2.推进清洁取暖。（县能源局负责）\n"
    tasks, warnings = plan_of(text)
    assert tasks == [("1", "淘汰落后产能"), ("2", "推进清洁取暖")]  # 2 follows 1: no warning
    assert warnings == []
    text = (
        HEAD
        + "1.淘汰落后产能。（县工信局负责）\n2.整治散乱污。（各乡镇负责）\n"
        + "（二）调整能源结构\n2.推进清洁取暖。（县能源局负责）\n"
    )
    assert plan_of(text)[1] == [
        f"《{TITLE}》第8行：任务编号重复，应为“3”，实为“2”（第6行已有“2”），已按新任务读入：「2.推进清洁取暖。（县能源局负责）」"
    ]


def test_a_list_inside_a_task_stays_its_text() -> None:
    text = HEAD + (
        "1.淘汰落后产能。（县工信局负责）\n"
        "2.加强重点企业管控。具体如下：\n"
        "1.甲钢铁公司：完成烧结机改造。\n"
        "2.乙冶炼公司：完成烟气治理。（县生态环境局负责）\n"
        "3.加强扬尘管控。（县住建局负责）\n"
    )
    tasks, warnings = plan_of(text)
    assert [number for number, _ in tasks] == ["1", "2", "3"]
    assert "乙冶炼公司" in parse_text(text).plans[0].tasks[1].text
    assert warnings == []


@pytest.mark.parametrize(
    "line",
    [
        "9.推进扬尘治理。（县住建局负责）",  # more than three numbers missing
        "5.甲公司：完成改造。",  # no heading sentence, no unit clause
        "5.推进扬尘治理，加大执法力度，严格落实各项要求，确保工地扬尘得到有效控制和持续改善。",
    ],
)
def test_a_skip_that_the_structure_does_not_make_plain_stays_text(line: str) -> None:
    text = HEAD + "1.淘汰落后产能。（县工信局负责）\n2.整治散乱污企业。（各乡镇负责）\n" + line + "\n"
    tasks, warnings = plan_of(text)
    assert [number for number, _ in tasks] == ["1", "2"]
    assert warnings == []


def test_a_skip_in_a_target_chapter_or_inside_a_safeguard_is_no_task() -> None:
    text = f"""{TITLE}
为打好蓝天保卫战，制定本行动计划。
一、工作目标
1.PM2.5平均浓度降到36微克/立方米。
3.优良天数比例达到75%。
二、重点任务
1.淘汰落后产能。（县工信局负责）
三、保障措施
（一）加强组织领导
1.建立调度制度。
3.定期通报进展。
"""
    tasks, warnings = plan_of(text)
    assert tasks == [("1", "淘汰落后产能"), ("（一）", "加强组织领导")]
    assert warnings == []


def test_a_skipped_marker_of_another_house_style() -> None:
    text = f"""{TITLE}
为打好蓝天保卫战，制定本行动计划。
一、重点任务
（1）淘汰落后产能。（县工信局负责）
（3）推进清洁取暖。（县能源局负责）
"""
    tasks, warnings = plan_of(text)
    assert tasks == [("（1）", "淘汰落后产能"), ("（3）", "推进清洁取暖")]
    assert warnings == [
        f"《{TITLE}》第5行：任务编号跳号，应为“（2）”，实为“（3）”，已按新任务读入：「（3）推进清洁取暖。（县能源局负责）」"
    ]


def test_sections_out_of_sequence_warn_and_stay_tasks() -> None:
    text = f"""{TITLE}
为打好蓝天保卫战，制定本行动计划。
一、重点任务
1.淘汰落后产能。（县工信局负责）
三、保障措施
（一）加强组织领导
（二）强化资金保障
（四）严格考核问责
（四）加强宣传引导
"""
    tasks, warnings = plan_of(text)
    assert [number for number, _ in tasks] == ["1", "（一）", "（二）", "（四）", "（四）"]
    assert warnings == [
        f"《{TITLE}》第5行：章节编号不连续，应为“二、”，实为“三、”：「三、保障措施」",
        f"《{TITLE}》第8行：章节编号不连续，应为“（三）”，实为“（四）”：「（四）严格考核问责」",
        f"《{TITLE}》第9行：章节编号重复，应为“（五）”，实为“（四）”：「（四）加强宣传引导」",
    ]
    assert parse_text(text).plans[0].tasks[3].warnings == [warnings[1]]


def test_sections_number_from_one_in_every_chapter() -> None:
    text = HEAD + "1.淘汰落后产能。（县工信局负责）\n（二）调整能源结构\n2.推进清洁取暖。（县能源局负责）\n"
    text += "二、专项行动\n（一）开展臭氧攻坚行动。（县生态环境局负责）\n"
    assert plan_of(text)[1] == []


@pytest.mark.parametrize(
    ("marker", "sequence", "found", "printed"),
    [
        (PAREN, 2, "（3）", "（2）"),
        (DOTTED, 2, "3.3", "3.2"),
        (CIRCLED_MARKER, 4, "⑤", "④"),
        (ARTICLE, 12, "第十三条", "第十二条"),
        (SHI, 3, "四是", "三是"),
    ],
)
def test_expected_numbers_are_printed_in_the_plans_style(
    marker: TaskMarker, sequence: int, found: str, printed: str
) -> None:
    assert printed_task_number(marker, sequence, found) == printed


@pytest.mark.parametrize(
    ("sequence", "last", "chapter_start", "listed", "expected"),
    [
        (7, 5, False, set(), ("skip", 6)),
        (9, 5, False, set(), ("skip", 6)),  # three missing: the limit
        (10, 5, False, set(), None),
        (5, 5, False, set(), ("duplicate", 6)),
        (5, 5, False, {4}, None),  # the next item of a list inside the task
        (3, 7, False, set(), None),  # back: a list inside the task
        (3, 7, True, set(), ("skip", 1)),  # a section numbered from 1 again, 1 and 2 missing
    ],
)
def test_out_of_sequence_rule(
    sequence: int, last: int, chapter_start: bool, listed: set[int], expected: tuple[str, int] | None
) -> None:
    text = f"{sequence}.推进扬尘治理。（县住建局负责）"
    assert out_of_sequence(sequence, last, chapter_start, listed, text[2:], text) == expected


@pytest.mark.parametrize("name", PLAN_SEEDS)
def test_the_seeds_number_in_sequence(name: str) -> None:
    """The seeds' numbers all follow (the hand counts of test_seeds_structure.py stay as they are)."""
    warnings = [w for plan in parsed(name).plans for w in plan.warnings]
    assert [w for w in warnings if "编号" in w] == []


def test_the_seed_list_that_goes_back_stays_text() -> None:
    """新绛 air task 7 lists its companies 1. 2. 3.: each goes back from 7 and stays its text."""
    air = parsed(PLAN_SEEDS[2]).plans[1]
    assert [t.number for t in air.tasks[5:9]] == ["6", "7", "8", "9"]
    assert "\n3.新绛县信义源铁合金有限公司" in air.tasks[6].text


def test_a_skip_among_chapter_items_and_inline_items() -> None:
    """A short scheme whose tasks are 一、 items, and 一是…；二是… written inline: the same rule."""
    scheme = "青川县餐饮油烟整治2024年工作方案"
    text = f"""{scheme}
为改善空气质量，制定本工作方案。
一、开展排查。2024年3月底前完成。（县市场监管局负责）
二、集中整治。（县城管局牵头，各乡镇配合）
四、巩固提升。（县生态环境局负责）
"""
    tasks, warnings = plan_of(text)
    assert [number for number, _ in tasks] == ["一", "二", "四"]
    assert warnings == [
        f"《{scheme}》第5行：任务编号跳号，应为“三”，实为“四”，已按新任务读入：「四、巩固提升。（县生态环境局负责）」"
    ]
    text = HEAD.replace("（一）调整产业结构\n", "") + (
        "（一）推进工业治理。一是开展排查（县工信局负责）；二是集中整治（县生态环境局负责）；"
        "四是巩固提升（县住建局负责）。\n"
    )
    tasks, warnings = plan_of(text)
    assert [number for number, _ in tasks] == ["一是", "二是", "四是"]
    assert warnings == [
        f"《{TITLE}》第4行：任务编号跳号，应为“三是”，实为“四是”，已按新任务读入：「四是巩固提升（县住建局负责）。」"
    ]
