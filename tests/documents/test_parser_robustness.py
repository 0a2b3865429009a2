"""parse_text / parse_bytes on bad input: never a traceback, a clear warning or a one-line error."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envplan.documents import DocumentError, parse_bytes, parse_text
from envplan.documents.parser import NO_PLAN_WARNING
from support import seed_path

# fragments of notice syntax, so that generated text reaches headings, clauses and tables
FRAGMENTS = [
    "某县空气质量再提升2023年行动计划",
    "一、重点任务",
    "（一）",
    "1.",
    "2.",
    "（1）",
    "①",
    "附件",
    "序号\t项目",
    "\t",
    "（县生态环境局牵头，",
    "县水利局配合）",
    "〔责任单位：",
    "〕",
    "2023年10月底前",
    "每年5月底前",
    "采暖季前",
    "以下均需各县人民政府负责落实，不再列出",
    "为深入打好蓝天保卫战，制定本行动计划。",
    "保障措施",
    "PM_{2.5}",
    "。",
    "\n",
    "$",
    # house styles beyond the seeds (test_parser_house_styles.py)
    "第一章 ",
    "第一节 ",
    "第一条 ",
    "一是",
    "二是",
    "2.1",
    "附件1：",
    "责任单位：",
    "完成时限：",
    "（2024—2025年）",
    "二〇二四年三月五日",
    "【",
    "】",
    "主要做好以下工作：",
    "指标\t2024年目标",
    "序号\t重点任务\t牵头单位",
    "\\text{",
    "mg/m",
    "3",
    "《",
    "》",
    "- 5 -",
]
NOTICE_LIKE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), NOTICE_LIKE))
def test_arbitrary_text_never_crashes_the_parser(text: str) -> None:
    notice = parse_text(text)
    assert notice.plans or notice.warnings
    for plan in notice.plans:
        for task in plan.tasks:
            assert task.number and task.path is not None


def test_empty_text_gives_a_warning_and_no_plan() -> None:
    notice = parse_text("")
    assert (notice.plans, notice.warnings) == ([], ["文件为空"])


def test_text_without_a_plan_says_so() -> None:
    notice = parse_text("今年以来，全市生态环境质量持续改善。\n一、主要成效\n空气质量优良天数比例提升。")
    assert notice.plans == []
    assert notice.warnings == [NO_PLAN_WARNING]


def test_a_task_without_unit_clause_is_warned_not_guessed() -> None:
    text = "某县水环境质量再提升2023年行动计划\n一、重点任务\n1.加强河流整治。2023年底前完成。\n"
    task = parse_text(text).plans[0].tasks[0]
    assert task.lead_units == task.responsible_units == []
    assert any("未找到责任单位条款" in w for w in task.warnings)


def test_a_plan_without_year_warns_and_resolves_no_date() -> None:
    text = "某县水环境质量再提升行动计划\n一、重点任务\n1.加强河流整治。12月底前完成。（县水利局负责）\n"
    plan = parse_text(text).plans[0]
    assert any("计划年度" in w for w in plan.warnings)
    assert plan.tasks[0].milestones == []
    assert plan.tasks[0].responsible_units == ["县水利局"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"", "empty"), (b"%PDF-1.4\n" + b"\x00" * 50, ""), (bytes(range(256)) * 8, "")],
    ids=["empty", "broken-pdf", "binary"],
)
def test_unreadable_bytes_raise_a_one_line_document_error(data: bytes, problem: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_bytes(data, "upload.bin")
    message = str(caught.value)
    assert message.startswith("upload.bin") and "\n" not in message and problem in message


def test_gb18030_bytes_are_decoded() -> None:
    data = seed_path("004_4a1c0cf63212e619.txt").read_text(encoding="utf-8").encode("gb18030")
    notice = parse_bytes(data, "jincheng.txt")
    assert notice.document.doc_number == "城政办发〔2023〕20号"
    assert [plan.domain.value for plan in notice.plans] == ["air", "water", "soil"]


def test_a_long_line_of_brackets_is_parsed_quickly() -> None:
    text = "某县水环境质量再提升2023年行动计划\n一、重点任务\n1.整治。" + "（" * 3000 + "牵头" + "）" * 3000
    started = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - started < 2.0
