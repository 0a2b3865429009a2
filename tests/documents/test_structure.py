"""Structure rules on short notices written for the test (house styles beyond the five seeds)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from envplan.documents import parse_file, parse_text
from envplan.documents.structure import domain_of, period_of

NOTICE = """青川县人民政府办公室文件
青政办〔2024〕7号
青川县人民政府办公室
关于印发青川县大气污染防治2024年行动计划和青川县土壤污染防治2024年行动计划的通知
各乡镇人民政府，县直各单位：
《青川县土壤污染防治2024年行动计划》《青川县大气污染防治2024年行动计划》已经县人民政府同意，现印发给你们。
青川县人民政府办公室
2024年1月15日
青川县土壤污染防治2024年行动计划
为扎实推进我县土壤污染防治工作，根据《某市土壤污染防治2024年行动计划》，制定本行动计划。
一、工作目标
受污染耕地安全利用率达到93%以上。
二、重点任务
（一）源头防控
1、严格重点监管单位监管。2024年6月底前完成隐患排查。（县生态环境局负责）
2、加强涉重金属企业监管。（县生态环境局牵头，县工信局配合）
（二）农用地管控
1、加强耕地保护。（县自然资源局负责）
三、专项行动
（一）开展污染地块清零行动。2024年底前完成。（县生态环境局、县自然资源局按职责分工负责）
（二）开展执法专项行动。每季度开展一次。（县生态环境局负责）
四、保障措施
（一）加强组织领导。各乡镇落实主体责任。
青川县大气污染防治2024年行动计划
为打好蓝天保卫战，制定本行动计划。
一、重点任务
1.推进清洁取暖。2024年采暖季前完成。（县能源局牵头，各乡镇配合）
"""


def test_header_of_a_county_notice() -> None:
    document = parse_text(NOTICE, source="qingchuan.txt").document
    assert (document.doc_number, document.issuer, document.issue_date) == (
        "青政办〔2024〕7号",
        "青川县人民政府办公室",
        dt.date(2024, 1, 15),
    )
    assert (document.region, document.level, document.source) == ("青川县", "county", "qingchuan.txt")


def test_plans_in_their_printed_order_with_numbering_restarting_per_section() -> None:
    soil, air = parse_text(NOTICE).plans
    assert (soil.domain.value, air.domain.value) == ("soil", "air")
    assert soil.parent_plans == ["某市土壤污染防治2024年行动计划"]
    assert [(t.number, t.kind.value) for t in soil.tasks] == [
        ("1", "task"),
        ("2", "task"),
        ("1", "task"),
        ("（一）", "special_action"),
        ("（二）", "special_action"),
        ("（一）", "safeguard"),
    ]
    assert soil.tasks[2].path == ["二、重点任务", "（二）农用地管控"]
    assert soil.tasks[3].title == "开展污染地块清零行动"
    assert soil.tasks[3].responsible_units == ["县生态环境局", "县自然资源局"]
    assert [m.due for m in soil.tasks[3].milestones] == [dt.date(2024, 12, 31)]
    assert air.tasks[0].lead_units == ["县能源局"]


def test_a_single_plan_without_cover_letter() -> None:
    text = "某区水环境质量再提升2023年行动计划\n一、重点任务\n1.加强排污口整治。（区生态环境分局负责）\n"
    notice = parse_text(text)
    assert [(p.title, p.domain.value, p.period, p.region) for p in notice.plans] == [
        ("某区水环境质量再提升2023年行动计划", "water", "2023", "某区")
    ]
    assert notice.document.doc_number is None


@pytest.mark.parametrize(
    ("words", "domain"),
    [
        ("山西省地下水污染防治2022—2023年行动计划", "groundwater"),
        ("土壤、地下水污染防治", "groundwater"),
        ("土壤污染防治", "soil"),
        ("坚决打好蓝天保卫战", "air"),
        ("大气污染防治", "air"),
        ("水环境质量再提升", "water"),
        ("噪声污染防治", "other"),
    ],
)
def test_domain_words(words: str, domain: str) -> None:
    assert domain_of(words).value == domain


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("山西省水环境质量再提升2022—2023年行动计划", ("2022—2023", 2022, 2023)),
        ("山西省水环境质量再提升2022-2023年行动计划", ("2022—2023", 2022, 2023)),
        ("吕梁市土壤污染防治2023年行动计划", ("2023", 2023, 2023)),
        ("某县行动计划", ("", None, None)),
    ],
)
def test_period_of_a_title(title: str, period: tuple[str, int | None, int | None]) -> None:
    assert period_of(title) == period


def test_a_date_without_year_in_a_multi_year_plan_is_flagged() -> None:
    text = "\n".join(
        [
            "某市水环境质量再提升2022—2023年行动计划",
            "一、重点任务",
            "1.完成排查。12月底前完成，每年5月底前报告。（市水利局负责）",
        ]
    )
    task = parse_text(text).plans[0].tasks[0]
    assert [m.due for m in task.milestones if m.kind.value == "due"] == [dt.date(2022, 12, 31)]
    assert task.warnings == ["12月底前：未写年份，按2022年（计划首年）读入（计划期 2022—2023）"]


def test_a_date_without_year_after_a_dated_one_takes_that_year_and_says_so() -> None:
    text = "\n".join(
        [
            "某市水环境质量再提升2022—2023年行动计划",
            "一、重点任务",
            "1.完成排查。2023年3月底前完成排查，6月底前完成整治。9月底前验收。（市水利局负责）",
        ]
    )
    task = parse_text(text).plans[0].tasks[0]
    assert [m.due for m in task.milestones] == [
        dt.date(2023, 3, 31),
        dt.date(2023, 6, 30),
        dt.date(2022, 9, 30),
    ]
    assert task.warnings == [
        "6月底前：未写年份，按2023年（前文所写年份）读入（计划期 2022—2023）",
        "9月底前：未写年份，按2022年（计划首年）读入（计划期 2022—2023）",
    ]


def test_docx_notice_with_a_table(tmp_path: Path) -> None:
    document = docx.Document()
    for text in [
        "某县人民政府办公室",
        "关于印发某县空气质量再提升2023年行动计划的通知某政办发〔2023〕3号",
        "某县空气质量再提升2023年行动计划",
        "为打好蓝天保卫战，制定本行动计划。",
        "一、重点任务",
        "1.推进清洁取暖。2023年10月底前完成。（县能源局牵头，县住建局配合）",
        "附件",
        "重点工作任务台账",
    ]:
        document.add_paragraph(text)
    rows = [["序号", "具体措施", "完成时限", "牵头单位"], ["1", "推进清洁取暖", "2023年10月底前", "县能源局"]]
    table = document.add_table(rows=2, cols=4)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    path = tmp_path / "notice.docx"
    document.save(str(path))
    notice = parse_file(path)
    assert notice.document.doc_number == "某政办发〔2023〕3号"
    plan = notice.plans[0]
    assert (plan.tasks[0].lead_units, plan.tasks[0].cooperating_units) == (["县能源局"], ["县住建局"])
    assert [(t.kind, t.rows) for t in plan.tables] == [("ledger", rows[1:])]


def test_a_title_with_its_period_in_brackets() -> None:
    text = "某市空气质量持续改善行动计划（2023—2025年）\n一、重点任务\n1.推进清洁取暖。（市能源局负责）\n"
    plan = parse_text(text).plans[0]
    assert (plan.title, plan.domain.value) == ("某市空气质量持续改善行动计划（2023—2025年）", "air")
    assert (plan.period, plan.period_start, plan.period_end) == ("2023—2025", 2023, 2025)


def test_a_cover_title_wrapped_like_a_plan_title_opens_no_plan() -> None:
    text = "\n".join(
        [
            "某县人民政府办公室",
            "关于印发某县土壤污染防治",
            "某县土壤污染防治2023年行动计划",
            "的通知",
            "某县土壤污染防治2023年行动计划",
            "一、重点任务",
            "1.加强监管。（县生态环境局负责）",
        ]
    )
    plans = parse_text(text).plans
    assert [(p.title, len(p.tasks)) for p in plans] == [("某县土壤污染防治2023年行动计划", 1)]
