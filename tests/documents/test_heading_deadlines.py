"""A chapter or section heading's deadline passes down to its tasks that print no time of their own
(docs/clauses.md, Deadlines from headings); tasks with their own deadline keep theirs."""

from __future__ import annotations

import datetime as dt

import pytest

from envplan.documents import parse_text
from envplan.documents.model import MilestoneKind, Task
from support import PLAN_SEEDS
from support import parsed_seed as parsed

TITLE = "青川县大气污染防治2023年行动计划"
HEAD = f"{TITLE}\n为打好蓝天保卫战，制定本行动计划。\n"


def tasks_of(body: str, title: str = TITLE) -> list[Task]:
    return parse_text(f"{title}\n为打好蓝天保卫战，制定本行动计划。\n{body}").plans[0].tasks


def dues(task: Task) -> list[tuple[str, dt.date | None, str | None]]:
    return [(m.text, m.due, m.inherited_from) for m in task.milestones]


def test_a_section_heading_deadline_passes_to_its_undated_tasks_only() -> None:
    body = (
        "一、重点任务\n"
        "（一）2023年6月底前完成燃煤锅炉淘汰\n"
        "1.全面排查燃煤锅炉。建立清单。（县生态环境局负责）\n"
        "2.淘汰城区燃煤锅炉。2023年9月底前完成。（县能源局负责）\n"
    )
    first, second = tasks_of(body)
    heading = "（一）2023年6月底前完成燃煤锅炉淘汰"
    assert dues(first) == [("2023年6月底前", dt.date(2023, 6, 30), heading)]
    assert first.milestones[0].kind is MilestoneKind.DUE
    assert first.warnings == [f"完成时限“2023年6月底前”取自所在章节标题「{heading}」（任务本身未写时限）"]
    assert dues(second) == [("2023年9月底前", dt.date(2023, 9, 30), None)]
    assert second.warnings == []


def test_a_chapter_heading_deadline_in_brackets() -> None:
    body = (
        "三、重点任务（2023年10月底前）\n"
        "1.整治散乱污企业。（各乡镇负责）\n"
        "2.加强扬尘管控。2023年12月底前完成。（县住建局负责）\n"
    )
    first, second = tasks_of(body)
    assert dues(first) == [("2023年10月底前", dt.date(2023, 10, 31), "三、重点任务（2023年10月底前）")]
    assert dues(second) == [("2023年12月底前", dt.date(2023, 12, 31), None)]


def test_the_nearest_dated_heading_wins() -> None:
    body = (
        "三、重点任务（2023年10月底前）\n"
        "（一）调整产业结构\n"
        "1.整治散乱污企业。（各乡镇负责）\n"
        "（二）2023年6月底前完成清洁取暖改造\n"
        "2.推进清洁取暖。（县能源局负责）\n"
    )
    first, second = tasks_of(body)
    assert dues(first) == [("2023年10月底前", dt.date(2023, 10, 31), "三、重点任务（2023年10月底前）")]
    assert dues(second) == [("2023年6月底前", dt.date(2023, 6, 30), "（二）2023年6月底前完成清洁取暖改造")]


def test_a_section_that_is_itself_a_task_takes_its_chapters_deadline() -> None:
    body = (
        "三、专项行动（2023年10月底前完成）\n"
        "（一）开展散煤清零行动。（县能源局负责）\n"
        "（二）开展执法行动。每月开展一次。（县生态环境局负责）\n"
    )
    first, second = tasks_of(body)
    assert (first.number, first.kind.value) == ("（一）", "special_action")
    assert dues(first) == [("2023年10月底前", dt.date(2023, 10, 31), "三、专项行动（2023年10月底前完成）")]
    assert [(m.kind.value, m.inherited_from) for m in second.milestones] == [("recurring", None)]


@pytest.mark.parametrize(
    ("words", "inherits"),
    [
        ("2023年4月1日起执行。", True),  # a start is no deadline
        ("长期坚持。", False),
        ("每季度开展一次。", False),
        ("2023年5-9月加密巡查。", False),
        ("秋冬季加强管控。", False),
        ("春节前完成排查。", False),  # a holiday deadline without a date is a deadline all the same
    ],
)
def test_what_counts_as_the_tasks_own_time(words: str, inherits: bool) -> None:
    body = f"一、重点任务\n（一）2023年6月底前完成燃煤锅炉淘汰\n1.排查燃煤锅炉。{words}（县生态环境局负责）\n"
    [task] = tasks_of(body)
    inherited = [m for m in task.milestones if m.inherited_from]
    assert [m.due for m in inherited] == ([dt.date(2023, 6, 30)] if inherits else [])


def test_dates_after_the_heading_sentence_are_the_sections_not_the_tasks() -> None:
    body = "一、重点任务\n（一）淘汰燃煤锅炉。2023年6月底前全部完成。\n1.排查燃煤锅炉。（县生态环境局负责）\n"
    [task] = tasks_of(body)
    assert task.milestones == []


def test_a_season_or_window_in_a_heading_is_not_passed_down() -> None:
    body = "四、攻坚行动\n（一）持续开展秋冬季大气污染综合治理攻坚行动\n"
    body += "1.加强重污染天气应对。（县生态环境局负责）\n"
    [task] = tasks_of(body)
    assert task.milestones == []


def test_a_heading_date_without_year_in_a_multi_year_plan_is_flagged() -> None:
    body = "一、重点任务\n（一）6月底前完成燃煤锅炉淘汰\n1.排查燃煤锅炉。（县生态环境局负责）\n"
    [task] = tasks_of(body, title="青川县大气污染防治2022—2023年行动计划")
    assert dues(task) == [("6月底前", dt.date(2022, 6, 30), "（一）6月底前完成燃煤锅炉淘汰")]
    assert task.warnings[1] == "6月底前：未写年份，按2022年（计划首年）读入（计划期 2022—2023）"


def test_the_json_marks_inherited_milestones() -> None:
    body = "一、重点任务\n（一）2023年6月底前完成燃煤锅炉淘汰\n1.排查燃煤锅炉。（县生态环境局负责）\n"
    data = parse_text(HEAD + body).to_dict()
    [milestone] = data["plans"][0]["tasks"][0]["milestones"]
    assert (milestone["due"], milestone["inherited_from"]) == (
        "2023-06-30",
        "（一）2023年6月底前完成燃煤锅炉淘汰",
    )


@pytest.mark.parametrize("name", PLAN_SEEDS)
def test_no_seed_heading_prints_a_deadline_so_no_seed_task_inherits_one(name: str) -> None:
    """Grepping the seeds' headings for time words finds only campaign names (持续开展…, 夏季臭氧,
    秋冬季, 长效减排): no heading prints a deadline, so every seed task keeps exactly its own."""
    inherited = [
        m for plan in parsed(name).plans for t in plan.tasks for m in t.milestones if m.inherited_from
    ]
    assert inherited == []


def test_seed_campaign_sections_with_season_words_pass_nothing_down() -> None:
    """吕梁 air 四、攻坚行动 （二）持续开展秋冬季大气污染综合治理攻坚行动: special actions 17 and 18;
    17 prints no time of its own and stays without a milestone (秋冬季 names the campaign)."""
    air = parsed(PLAN_SEEDS[0]).plans[1]
    task17 = next(t for t in air.tasks if t.number == "17")
    assert task17.path == ["四、攻坚行动", "（二）持续开展秋冬季大气污染综合治理攻坚行动"]
    assert task17.milestones == []
