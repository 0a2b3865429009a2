"""Unit names separated by blanks or line breaks instead of 、 (table cells, PDF text, clauses typed
with spaces) are split, never run together; every unit name the seeds yield is one organ."""

from __future__ import annotations

import re

import pytest

from envplan.documents import parse_file, parse_text
from envplan.documents.units_names import separate_blank_joined, split_unit_names
from support import seed_path

SEEDS = [
    "000_bb95c80613778daa.txt",
    "001_706581c7fb7291f2.txt",
    "002_51e324a2bd90c1c6.txt",
    "003_1a3a67b7a1f5494e.txt",
    "004_4a1c0cf63212e619.txt",
]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "区生态环境分局 晋城市凤禹排水有限公司 相关镇（街道）",
            ["区生态环境分局", "晋城市凤禹排水有限公司", "相关镇（街道）"],
        ),
        ("县生态环境局\n县住建局", ["县生态环境局", "县住建局"]),
        ("县生态环境局　各乡镇人民政府、县水利局", ["县生态环境局", "各乡镇人民政府", "县水利局"]),
        ("市生态环境局 市场监管局", ["市生态环境局", "市市场监管局"]),
        ("市公安局 交警支队", ["市公安局交警支队"]),
        # a blank inside one name (wrapped or PDF text) is no separator
        ("市生态环境局 新绛分局", ["市生态环境局新绛分局"]),
        ("晋城市 城区生态环境分局", ["晋城市城区生态环境分局"]),
        ("县发展和 改革局", ["县发展和改革局"]),
        ("各县（市、 区）人民政府 市水利局", ["各县（市、区）人民政府", "市水利局"]),
    ],
)
def test_blank_separated_names_are_split(text: str, names: list[str]) -> None:
    assert split_unit_names(text) == names


def test_a_blank_inside_brackets_is_never_a_separator() -> None:
    assert separate_blank_joined("区发改（能 源）局 区水务局") == "区发改（能源）局、区水务局"


def test_clause_with_space_separated_units_in_a_plan() -> None:
    text = (
        "青岚县水环境质量再提升2024年行动计划\n为改善水环境，根据《山西省水环境质量再提升2024年行动计划》，"
        "制定本行动计划。\n一、重点任务\n1.推进污水处理。2024年10月底前完成。"
        "（责任单位：县生态环境局 县住建局 青岚县自来水有限公司）\n"
    )
    task = parse_text(text).plans[0].tasks[0]
    assert task.responsible_units == ["县生态环境局", "县住建局", "青岚县自来水有限公司"]


def test_unit_cells_of_tables_separate_their_names() -> None:
    """The 004 appendix project table prints three units in one cell, separated by spaces."""
    parsed = parse_file(seed_path("004_4a1c0cf63212e619.txt"))
    cells = [
        row[column]
        for plan in parsed.plans
        for table in plan.tables
        for column, header in enumerate(table.headers)
        if re.sub(r"\s", "", header) in {"责任单位", "实施主体", "牵头单位", "配合单位", "责任主体"}
        for row in table.rows
        if column < len(row)
    ]
    assert "区生态环境分局、晋城市凤禹排水有限公司、相关镇（街道）" in cells
    assert not [cell for cell in cells if re.search(r"\S\s+\S", cell)]


# An organ ending, then more text that ends in an organ ending again: two names run together.
_ORGAN = r"(?:局|厅|政府|委员会|管委会|办公室|公司|集团|中心|街道|办事处)"
_TWO_ORGANS = re.compile(rf"{_ORGAN}(?![）)]).+(?:{_ORGAN}|镇|乡)(?:[（(][^（()）]*[）)])?$")
# real names that hold two organ words: a branch of a bureau, a railway group company, a zone's bureau
ALLOW = {
    "市生态环境局新绛分局",
    "中国铁路太原局集团有限公司",
    "中国铁路北京局集团有限公司",
    "中国铁路郑州局集团有限公司",
    "新绛经济技术开发区管委会行政审批局",
}


def _unit_names(name: str) -> list[str]:
    parsed = parse_file(seed_path(name))
    names: list[str] = []
    for plan in parsed.plans:
        for task in plan.tasks:
            names += task.lead_units + task.cooperating_units + task.responsible_units
            for clause in task.clauses:
                names += clause.lead_units + clause.cooperating_units + clause.responsible_units
    return names


@pytest.mark.parametrize("name", SEEDS)
def test_no_seed_unit_name_holds_two_organs_run_together(name: str) -> None:
    merged = {unit for unit in _unit_names(name) if _TWO_ORGANS.search(unit) and unit not in ALLOW}
    assert merged == set()


def test_the_organ_check_catches_names_run_together() -> None:
    runs = [
        "区生态环境分局晋城市凤禹排水有限公司相关镇（街道）",
        "县生态环境局县住建局",
        "市人民政府市水利局",
    ]
    assert all(_TWO_ORGANS.search(run) for run in runs)
    assert not _TWO_ORGANS.search("各县（市、区）人民政府") and not _TWO_ORGANS.search("区发改（能源）局")
