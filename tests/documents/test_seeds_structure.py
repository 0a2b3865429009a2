"""The five seed notices: header, plans, domains and the number of tasks of every plan.

Every count below was made by hand, reading the seed: numbered tasks (1. 2. …), the numbered
items of the 专项行动 / 攻坚行动 chapters (special actions) and the （一）（二）… items of the 保障措施
chapter (safeguards). The list inside 新绛 air task 7 (1.山西高义钢铁… 3.新绛县信义源…) is text
of task 7, not tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from support import parsed_seed as parsed
from support import seed_path

LULIANG = "000_bb95c80613778daa.txt"
REVIEW = "001_706581c7fb7291f2.txt"
SHANXI = "002_51e324a2bd90c1c6.txt"
XINJIANG = "003_1a3a67b7a1f5494e.txt"
JINCHENG = "004_4a1c0cf63212e619.txt"


# (domain, tasks, special actions, safeguards) per plan, in the order the notice prints them
HAND_COUNTS = {
    LULIANG: [("water", 15, 4, 5), ("air", 14, 8, 5), ("soil", 16, 0, 4), ("groundwater", 16, 0, 4)],
    SHANXI: [("water", 16, 4, 5), ("air", 14, 8, 5), ("soil", 16, 0, 5), ("groundwater", 17, 0, 3)],
    XINJIANG: [("water", 14, 0, 5), ("air", 21, 8, 4), ("soil", 15, 0, 5), ("groundwater", 15, 0, 3)],
    JINCHENG: [("air", 17, 0, 4), ("water", 14, 0, 4), ("soil", 14, 0, 4)],
}


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_plans_domains_and_task_counts_counted_by_hand(name: str) -> None:
    notice = parsed(name)
    got = []
    for plan in notice.plans:
        kinds = Counter(task.kind.value for task in plan.tasks)
        got.append((plan.domain.value, kinds["task"], kinds["special_action"], kinds["safeguard"]))
    assert got == HAND_COUNTS[name]


@pytest.mark.parametrize(
    ("name", "doc_number", "issuer", "issue_date", "region", "level"),
    [
        (LULIANG, "吕政办发〔2023〕4号", "吕梁市人民政府办公室", dt.date(2023, 3, 30), "吕梁市", "city"),
        (SHANXI, "晋政办发〔2022〕95号", "山西省人民政府办公厅", dt.date(2022, 11, 20), "山西省", "province"),
        (XINJIANG, "新政办发〔2023〕14号", "新绛县人民政府办公室", dt.date(2023, 8, 18), "新绛县", "county"),
        (
            JINCHENG,
            "城政办发〔2023〕20号",
            "晋城市城区人民政府办公室",
            dt.date(2023, 5, 31),
            "晋城市城区",
            "district",
        ),
    ],
)
def test_document_header(
    name: str, doc_number: str, issuer: str, issue_date: dt.date, region: str, level: str
) -> None:
    document = parsed(name).document
    assert (document.doc_number, document.issuer, document.issue_date) == (doc_number, issuer, issue_date)
    assert (document.region, document.level) == (region, level)


def test_notice_titles() -> None:
    assert parsed(LULIANG).document.title == (
        "吕梁市人民政府办公室关于印发吕梁市2023年水环境、空气质量再提升和土壤、地下水污染防治行动计划的通知"
    )
    assert parsed(JINCHENG).document.title.endswith("土壤污染防治2023年行动计划的通知")


def test_plan_titles_periods_and_regions() -> None:
    water, air, _, _ = parsed(SHANXI).plans
    assert water.title == "山西省水环境质量再提升2022—2023年行动计划"
    assert (water.period, water.period_start, water.period_end) == ("2022—2023", 2022, 2023)
    assert water.region == "山西省"
    assert air.title == "山西省空气质量再提升2022—2023年行动计划"
    district_air = parsed(JINCHENG).plans[0]
    assert (district_air.period, district_air.region) == ("2023", "晋城市城区")


def test_untitled_plans_take_the_cover_letter_title_of_their_domain() -> None:
    titles = [plan.title for plan in parsed(XINJIANG).plans]
    assert titles == [
        "新绛县水环境质量再提升2023年行动计划",
        "新绛县空气质量再提升2023年行动计划",
        "新绛县土壤污染防治2023年行动计划",
        "新绛县地下水污染防治2023年行动计划",
    ]
    assert all(any("未印计划标题" in w for w in plan.warnings) for plan in parsed(XINJIANG).plans)


def test_parent_plans_cited_in_the_preamble() -> None:
    assert "山西省水环境质量再提升2022-2023年行动计划" in parsed(LULIANG).plans[0].parent_plans
    assert "山西省地下水污染防治2022—2023年行动计划" in parsed(LULIANG).plans[3].parent_plans
    assert parsed(XINJIANG).plans[0].parent_plans[-1] == "运城市水环境质量再提升2023年行动计划"
    assert "晋城市水环境质量再提升2023年行动计划" in parsed(JINCHENG).plans[1].parent_plans


def test_task_number_title_path_and_line() -> None:
    task = parsed(LULIANG).plans[0].tasks[5]
    assert (task.number, task.title) == ("6", "加快城镇生活污水处理能力扩容提质")
    assert task.path == ["三、重点任务", "（二）全力提升水环境治理"]
    assert task.line is not None
    raw = seed_path(LULIANG).read_text(encoding="utf-8").splitlines()
    assert raw[task.line - 1].startswith("6.加快城镇生活污水处理能力扩容提质")


def test_special_actions_and_safeguards() -> None:
    air = parsed(LULIANG).plans[1]
    special = [t for t in air.tasks if t.kind.value == "special_action"]
    assert [t.number for t in special] == [str(n) for n in range(15, 23)]
    assert special[0].path == ["四、攻坚行动", "（一）持续开展夏季臭氧污染治理攻坚行动"]
    safeguard = air.tasks[-1]
    assert (safeguard.number, safeguard.title) == ("（五）", "加强调度预警")
    assert safeguard.kind.value == "safeguard"
    inline = parsed(XINJIANG).plans[0].tasks[-5]
    assert (inline.number, inline.title) == ("（一）", "强化组织领导")


def test_list_inside_a_task_stays_in_that_task() -> None:
    task7 = parsed(XINJIANG).plans[1].tasks[6]
    assert task7.number == "7"
    assert "新绛县信义源铁合金有限公司" in task7.text
    assert parsed(XINJIANG).plans[1].tasks[7].title == "开展工业炉窑和锅炉综合治理"


def test_continuation_paragraphs_belong_to_their_task() -> None:
    task9 = parsed(LULIANG).plans[1].tasks[8]
    assert task9.title == "持续推进清洁取暖改造"
    assert task9.text.count("\n") >= 3  # four paragraphs, the unit clause on its own
    assert "市冬季清洁取暖领导小组办公室" in task9.lead_units[0]


def test_year_end_review_is_not_a_plan() -> None:
    notice = parsed(REVIEW)
    assert notice.plans == []
    assert any("未找到行动计划" in w for w in notice.warnings)


def test_targets_from_the_target_chapter_and_thresholds_from_tasks() -> None:
    water = parsed(SHANXI).plans[0]
    shares = [(t.value, t.year) for t in water.targets if t.indicator == "地表水国考断面达到或优于Ⅲ类比例"]
    assert shares == [(72.3, 2022), (76.6, 2023)]
    pm25 = next(t for t in parsed(JINCHENG).plans[0].targets if t.indicator == "PM2.5平均浓度")
    assert (pm25.comparator, pm25.value, pm25.unit) == ("<=", 36.0, "µg/m³")
    assert pm25.binding.value == "aspirational"
    dustfall = [t for t in parsed(LULIANG).plans[1].targets if t.threshold]
    assert [(t.indicator, t.comparator, t.value) for t in dustfall] == [("平均降尘量", ">", 7.0)]


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_every_task_line_points_at_its_number_in_the_seed(name: str) -> None:
    raw = seed_path(name).read_text(encoding="utf-8").splitlines()
    for plan in parsed(name).plans:
        for task in plan.tasks:
            assert task.line is not None
            printed = raw[task.line - 1].strip().replace("(", "（").replace(")", "）")
            assert printed.startswith(task.number), (plan.domain, task.number, printed[:20])
