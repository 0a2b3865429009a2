"""Unit clauses: every clause style of the seeds and of common use, prefixes, non-unit brackets."""

# ruff: noqa: E501  (tables of Chinese clauses: one case per line reads better than wrapped)

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envplan.documents.units import UnitAssignment, find_unit_clauses, parse_unit_clause
from envplan.documents.units_names import split_unit_names
from support import seed_path


def roles(assignment: UnitAssignment) -> tuple[list[str], list[str], list[str]]:
    return assignment.lead, assignment.cooperating, assignment.responsible


@pytest.mark.parametrize(
    ("clause", "lead", "cooperating", "responsible"),
    [
        ("（市水利局牵头，市生态环境局、市财政局配合，各县（市、区）人民政府负责）",
         ["市水利局"], ["市生态环境局", "市财政局"], ["各县（市、区）人民政府"]),
        ("（市生态环境局、市农业农村局、市水利局按职责牵头）",
         ["市生态环境局", "市农业农村局", "市水利局"], [], []),
        ("（市生态环境局、市工信局按职责分工负责）", [], [], ["市生态环境局", "市工信局"]),
        ("（市生态环境局、市行政审批服务管理局按照职责分工负责）", [], [], ["市生态环境局", "市行政审批服务管理局"]),
        ("（市生态环境局负责）", [], [], ["市生态环境局"]),
        ("〔责任单位：区发改（能源）局、区交通局〕", [], [], ["区发改（能源）局", "区交通局"]),
        ("〔责任单位：区生态环境分局牵头，各镇（街道）配合〕", ["区生态环境分局"], ["各镇（街道）"], []),
        ("〔责任单位：区自然资源局、区生态环境分局按职责分工牵头、各镇（街道）配合〕",
         ["区自然资源局", "区生态环境分局"], ["各镇（街道）"], []),
        ("（牵头单位：市生态环境局；责任单位：各县（市、区）人民政府）",
         ["市生态环境局"], [], ["各县（市、区）人民政府"]),
        ("（牵头单位：市生态环境局；配合单位：市住建局；责任单位：各镇）", ["市生态环境局"], ["市住建局"], ["各镇"]),
        ("〔区住建局牵头，区城管局参与，各镇（街道）负责落实〕", ["区住建局"], ["区城管局"], ["各镇（街道）"]),
        ("（责任单位：市生态环境局、市住建局、市水利局，排在前位为牵头部门）",
         ["市生态环境局"], [], ["市住建局", "市水利局"]),
        ("（责任单位：县水利局、县农业农村局，排在第一位的为牵头单位）", ["县水利局"], [], ["县农业农村局"]),
        ("（市生态环境局牵头督导，市住建局协办）", ["市生态环境局"], ["市住建局"], []),
        ("（省工信厅、省国资委等相关部门按职责分工加强督促指导）", ["省工信厅", "省国资委"], [], []),
        ("（县能源局牵头，县住建局、相关镇、社区服务中心配合）", ["县能源局"], ["县住建局", "相关镇", "社区服务中心"], []),
        ("（市生态环境局新绛分局、县水利局按职责分工落实）", [], [], ["市生态环境局新绛分局", "县水利局"]),
        ("(省住建厅牵头,省生态环境厅配合)", ["省住建厅"], ["省生态环境厅"], []),
        ("〔责任单位：区水务局牵头，各镇（街道）配合]", ["区水务局"], ["各镇（街道）"], []),
        ("市生态环境局牵头，市水利局配合", ["市生态环境局"], ["市水利局"], []),
        ("（牵头单位：市生态环境局 配合单位：市住建局、水务局）", ["市生态环境局"], ["市住建局", "市水务局"], []),
        ("（市生态环境局为牵头单位，市住建局为配合单位）", ["市生态环境局"], ["市住建局"], []),
        ("(责任单位:县环保局,配合单位:县住建局)", [], ["县住建局"], ["县环保局"]),
        ("（配合责任单位：县水利局）", [], ["县水利局"], []),
        ("（由市城管局牵头，市公安局协助）", ["市城管局"], ["市公安局"], []),
        ("（太原海关、市气象台、国网大同供电公司配合）", [], ["太原海关", "市气象台", "国网大同供电公司"], []),
        ("（牵头领导：张副市长；牵头单位：市生态环境局）", ["市生态环境局"], [], []),
        ("（省生态环境厅指导，各市人民政府负责）", ["省生态环境厅"], [], ["各市人民政府"]),
        ("〔市生态环境局主责，各县（区、市）政府、晋中开发区管委会落实〕", ["市生态环境局"], [], ["各县（区、市）政府", "晋中开发区管委会"]),
        ("（县人民政府负总责，县直有关部门按职责分工负责）", ["县人民政府"], [], ["县直有关部门"]),
        ("（市住建局牵头，市城管局配合；各县（市、区）人民政府落实）", ["市住建局"], ["市城管局"], ["各县（市、区）人民政府"]),
        ("〔责任单位：市生态环境局（牵头），市发改委、市工信局〕", ["市生态环境局"], [], ["市发改委", "市工信局"]),
        ("（市住建局（牵头单位）、市城管局（配合））", ["市住建局"], ["市城管局"], []),
        ("（责任单位：市生态环境局；完成时限：2023年12月底前）", [], [], ["市生态环境局"]),
        ("（各县（市、区）党委、政府负责）", [], [], ["各县（市、区）党委", "各县（市、区）政府"]),
    ],
)  # fmt: skip
def test_clause_styles(clause: str, lead: list[str], cooperating: list[str], responsible: list[str]) -> None:
    assignment = parse_unit_clause(clause)
    assert roles(assignment) == (lead, cooperating, responsible)
    assert assignment.warnings == []
    assert assignment.text == clause


def test_applies_to_later_is_kept_apart() -> None:
    clause = (
        "（市水利局牵头,市生态环境局、市财政局配合,各县（市、区）人民政府负责。"
        "以下各项任务和专项行动均需各县（市、区）人民政府负责,不再列出）"
    )
    assignment = parse_unit_clause(clause)
    assert assignment.applies_to_later == ["各县（市、区）人民政府"]
    assert assignment.responsible == ["各县（市、区）人民政府"]
    assert assignment.lead == ["市水利局"]


def test_applies_to_later_with_implementation_wording() -> None:
    clause = "（省生态环境厅负责，各市人民政府负责落实。以下均需各市人民政府负责落实，不再列出）"
    assignment = parse_unit_clause(clause)
    assert roles(assignment) == ([], [], ["省生态环境厅", "各市人民政府"])
    assert assignment.applies_to_later == ["各市人民政府"]


def test_list_split_by_a_comma_takes_the_next_role() -> None:
    clause = "（省交通厅，中国铁路太原局、北京局、郑州局集团有限公司等相关单位按职责分工负责）"
    assert parse_unit_clause(clause).responsible == [
        "省交通厅",
        "中国铁路太原局集团有限公司",
        "中国铁路北京局集团有限公司",
        "中国铁路郑州局集团有限公司",
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # the railway group companies: prefix and company tail written once for the run
        ("太原局、北京局集团有限公司", ["太原局集团有限公司", "北京局集团有限公司"]),
        ("山西焦煤集团、潞安化工集团有限公司", ["山西焦煤集团", "潞安化工集团有限公司"]),
        # offices with their own prefix never take a company's tail
        ("市公安局、市交通局、太原局集团有限公司", ["市公安局", "市交通局", "太原局集团有限公司"]),
        ("区水务局、晋城市凤禹排水有限责任公司", ["区水务局", "晋城市凤禹排水有限责任公司"]),
    ],
)
def test_a_company_tail_written_once_for_a_run_of_bureaus(names: str, expected: list[str]) -> None:
    assert split_unit_names(names) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("市发展和改革局、工业和信息化局、财政局", ["市发展和改革局", "市工业和信息化局", "市财政局"]),
        ("县住建局、财政局、市场监管局", ["县住建局", "县财政局", "县市场监管局"]),
        ("区住建局、城市管理局", ["区住建局", "区城市管理局"]),
        ("新绛县住建局、财政局", ["新绛县住建局", "新绛县财政局"]),
        ("市生态环境局新绛分局、县工信科技局、新绛经济技术开发区管委会",
         ["市生态环境局新绛分局", "县工信科技局", "新绛经济技术开发区管委会"]),
        ("县水利局、沿河各镇", ["县水利局", "沿河各镇"]),
        ("区生态环境分局、南村镇", ["区生态环境分局", "南村镇"]),
        ("区水务局、晋城市凤禹排水有限责任公司", ["区水务局", "晋城市凤禹排水有限责任公司"]),
        ("各镇人民政府和新绛经济技术开发区管委会", ["各镇人民政府", "新绛经济技术开发区管委会"]),
        ("各县市区人民政府和市直相关部门", ["各县市区人民政府", "市直相关部门"]),
        ("各市、县人民政府和省直相关部门", ["各市、县人民政府", "省直相关部门"]),
        ("各镇、县行政审批局、县水利局", ["各镇", "县行政审批局", "县水利局"]),
        ("各市、县（区）人民政府", ["各市、县（区）人民政府"]),
        ("省粮食和储备局、省住房和城乡建设厅", ["省粮食和储备局", "省住房和城乡建设厅"]),
        ("省能源局及省清洁取暖工作领导小组其他成员单位", ["省能源局", "省清洁取暖工作领导小组其他成员单位"]),
        ("区发改（能源）局、工信局", ["区发改（能源）局", "区工信局"]),
        ("市生态环境-5-局、市工信局", ["市生态环境局", "市工信局"]),
        ("各镇（街道）、财政所", ["各镇（街道）", "财政所"]),
        ("", []),
    ],
)  # fmt: skip
def test_unit_names_and_prefix_restoration(names: str, expected: list[str]) -> None:
    assert split_unit_names(names) == expected


def test_prefix_carries_across_groups_of_one_clause() -> None:
    assignment = parse_unit_clause("（县住建局牵头，财政局、市场监管局配合）")
    assert assignment.cooperating == ["县财政局", "县市场监管局"]


@pytest.mark.parametrize(
    "text",
    [
        "（试行）",
        "（永济市、古交市、介休市）",
        "（运环发〔2022〕95号）",
        "（含县城）",
        "（市、区）",
        "",
        "（）",
    ],
)
def test_brackets_that_are_not_unit_clauses(text: str) -> None:
    assert find_unit_clauses(f"参照《细则{text}》执行，开展整治{text}。") == []
    assert parse_unit_clause(text).names() == []


def test_office_names_without_role_word_close_a_sentence() -> None:
    matches = find_unit_clauses("完成整治。（市生态环境局、市住建局）")
    assert [m.assignment.responsible for m in matches] == [["市生态环境局", "市住建局"]]
    assert matches[0].assignment.warnings, "a clause read without a role word must say so"
    assert find_unit_clauses("要求（市生态环境局、市住建局）组织实施整治") == []


def test_unknown_shape_is_a_warning() -> None:
    assignment = parse_unit_clause("（市生态环境局牵头，督促整改到位）")
    assert assignment.lead == ["市生态环境局"]
    assert any("督促整改到位" in w for w in assignment.warnings)
    # a date in the clause is a milestone of the task, not an unknown word
    assert parse_unit_clause("（市生态环境局牵头，2023年底前完成）").warnings == []


def test_find_unit_clauses_offsets_and_order() -> None:
    text = (
        "保障河流生态流量。（市水利局牵头，市生态环境局配合）参照《细则（试行）》执行。"
        "〔责任单位：区住建局、财政局〕\n责任单位：县交通局、公安局"
    )
    matches = find_unit_clauses(text)
    assert [text[m.start : m.end] for m in matches] == [
        "（市水利局牵头，市生态环境局配合）",
        "〔责任单位：区住建局、财政局〕",
        "责任单位：县交通局、公安局",
    ]
    assert [m.assignment.responsible for m in matches] == [
        [],
        ["区住建局", "区财政局"],
        ["县交通局", "县公安局"],
    ]


def test_bare_applies_to_later_sentence() -> None:
    matches = find_unit_clauses("开展整治。以下各项任务均需各镇人民政府负责，不再列出。")
    assert [m.assignment.applies_to_later for m in matches] == [["各镇人民政府"]]


@pytest.mark.parametrize(
    "seed",
    [
        "000_bb95c80613778daa.txt",
        "002_51e324a2bd90c1c6.txt",
        "003_1a3a67b7a1f5494e.txt",
        "004_4a1c0cf63212e619.txt",
    ],
)
def test_every_seed_clause_reads_without_warning(seed: str) -> None:
    text = re.sub(r"\s+", "", seed_path(seed).read_text(encoding="utf-8"))
    matches = find_unit_clauses(text)
    assert len(matches) >= 40
    for match in matches:
        assert match.assignment.warnings == [], match.assignment.text
        assert match.assignment.names(), match.assignment.text


CLAUSE_ALPHABET = "（）()〔〕[]、，,；:：。市县区局各镇牵头配合负责落实责任单位以下均需不再列出和及排在前位为"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(CLAUSE_ALPHABET)) | st.characters(), max_size=80))
def test_arbitrary_text_never_crashes(text: str) -> None:
    for match in find_unit_clauses(text):
        assert 0 <= match.start < match.end <= len(text)
    assert isinstance(parse_unit_clause(text), UnitAssignment)


def test_hard_wrapped_clause_with_stray_blanks() -> None:
    clause = "（市水利局牵头，市生态 环境局、市财政局配合，各县（市、\n区）人民政府负\n责）"
    assignment = parse_unit_clause(clause)
    assert roles(assignment) == (["市水利局"], ["市生态环境局", "市财政局"], ["各县（市、区）人民政府"])


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("市委宣传部、网信办", ["市委宣传部", "市委网信办"]),
        ("县委网信办、宣传部、县公安局", ["县委网信办", "县委宣传部", "县公安局"]),
        ("市委组织部、编办、财政局", ["市委组织部", "市委编办", "市财政局"]),
        ("市委宣传部、财政局", ["市委宣传部", "市财政局"]),  # a government office takes 市, not 市委
        ("市委宣传部、市网信办", ["市委宣传部", "市网信办"]),  # a printed prefix is kept
        ("市委、市政府", ["市委", "市政府"]),
        ("市政府办、财政局", ["市政府办", "市财政局"]),
    ],
)
def test_party_organs_take_the_committees_prefix(written: str, names: list[str]) -> None:
    assert split_unit_names(written) == names


def test_party_organ_prefix_in_a_clause() -> None:
    assignment = parse_unit_clause("（市委宣传部、网信办牵头，市公安局配合）")
    assert (assignment.lead, assignment.cooperating) == (["市委宣传部", "市委网信办"], ["市公安局"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("完成改造。由市生态环境局牵头，市工信局配合。", [(["市生态环境局"], ["市工信局"], [])]),
        ("完成改造。各县（市、区）人民政府负责。", [([], [], ["各县（市、区）人民政府"])]),
        ("完成改造。市水利局、财政局按职责分工负责", [([], [], ["市水利局", "市财政局"])]),
        ("督促企业落实。", []),  # 企业 is no office
        ("加强监管，市生态环境局负责。", []),  # other words in the sentence: not a clause
    ],
)
def test_unbracketed_unit_sentences(text: str, expected: list[tuple[list[str], ...]]) -> None:
    found = [
        (m.assignment.lead, m.assignment.cooperating, m.assignment.responsible)
        for m in find_unit_clauses(text)
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("clause", "lead", "responsible"),
    [
        ("（市公安局牵头，2024年6月底前完成）", ["市公安局"], []),
        ("（2024年底前，市水利局负责）", [], ["市水利局"]),
        ("（市公安局牵头，长期坚持）", ["市公安局"], []),
    ],
)
def test_a_date_inside_a_unit_clause_is_no_unit(clause: str, lead: list[str], responsible: list[str]) -> None:
    assignment = parse_unit_clause(clause)
    assert (assignment.lead, assignment.responsible, assignment.warnings) == (lead, responsible, [])
