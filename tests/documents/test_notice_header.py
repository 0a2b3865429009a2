"""Notice headers beyond the seeds: county-level cities, untitled plans, notices without a cover
letter. Short notices written for these tests (fictional places except the county-level cities
named in the documented list)."""

from __future__ import annotations

import datetime as dt

import pytest

from envplan.documents import parse_text
from envplan.documents.regions import SHANXI_COUNTY_LEVEL_CITIES

PLAN_BODY = """{region}空气质量再提升2024年行动计划
为改善空气质量，根据《{parent}》，制定本行动计划。
一、重点任务
1.推进燃煤锅炉淘汰。2024年10月底前完成。（{office}生态环境局牵头，{office}发改局配合）
"""


def notice(
    issuer: str, addressees: str, region: str, parent: str = "山西省空气质量再提升2024年行动计划"
) -> str:
    cover = (
        f"云政办发〔2024〕3号\n{issuer}关于印发{region}空气质量再提升2024年行动计划的通知\n"
        f"{addressees}：\n现将《{region}空气质量再提升2024年行动计划》印发给你们，请认真贯彻执行。\n"
        f"{issuer}\n2024年3月1日\n"
    )
    return cover + PLAN_BODY.format(region=region, parent=parent, office="市")


def test_prefecture_city_writing_to_its_counties_is_a_city() -> None:
    text = notice("云岭市人民政府办公室", "各县（市、区）人民政府，市直各有关单位", "云岭市")
    document = parse_text(text).document
    assert (document.region, document.level, document.doc_number) == ("云岭市", "city", "云政办发〔2024〕3号")


@pytest.mark.parametrize(
    "addressees", ["各乡（镇）人民政府，各街道办事处，市直各有关单位", "各镇人民政府，市直各单位"]
)
def test_city_writing_to_towns_is_a_county_level_city(addressees: str) -> None:
    document = parse_text(notice("云岭市人民政府办公室", addressees, "云岭市")).document
    assert (document.region, document.level) == ("云岭市", "county")


def test_city_following_another_citys_plan_is_a_county_level_city() -> None:
    text = notice(
        "云岭市人民政府办公室", "市直各有关单位", "云岭市", parent="白河市空气质量再提升2024年行动计划"
    )
    assert parse_text(text).document.level == "county"


def test_listed_county_level_city_is_county_whatever_the_addressees() -> None:
    assert "孝义市" in SHANXI_COUNTY_LEVEL_CITIES and len(SHANXI_COUNTY_LEVEL_CITIES) == 11
    text = notice("孝义市人民政府办公室", "市直各有关单位", "孝义市")
    assert (parse_text(text).document.region, parse_text(text).document.level) == ("孝义市", "county")


def test_a_county_and_a_district_keep_their_suffix_level() -> None:
    assert parse_text(notice("青岚县人民政府办公室", "各乡镇人民政府", "青岚县")).document.level == "county"
    assert parse_text(notice("松溪区人民政府办公室", "各街道办事处", "松溪区")).document.level == "district"


UNTITLED = """白政办发〔2024〕8号
各县（市、区）人民政府，市直各有关单位：
《白河市黑臭水体治理2024年行动计划》《白河市饮用水水源地保护2024年行动计划》已经市政府同意，现印发给你们。
白河市人民政府办公室
2024年4月2日
为消除城市黑臭水体，根据《白河市水污染防治规划》，制定本行动计划。
一、重点任务
1.完成黑臭水体排查。2024年6月底前完成。（市住建局牵头，市生态环境局配合）
为保障饮用水安全，根据《白河市水污染防治规划》，制定本行动计划。
一、重点任务
1.划定水源保护区。2024年9月底前完成。（市生态环境局负责）
"""


def test_untitled_plans_take_the_cover_letters_titles_in_order_with_a_warning() -> None:
    parsed = parse_text(UNTITLED)
    assert [plan.title for plan in parsed.plans] == [
        "白河市黑臭水体治理2024年行动计划",
        "白河市饮用水水源地保护2024年行动计划",
    ]
    assert [plan.domain.value for plan in parsed.plans] == ["water", "water"]
    assert parsed.plans[1].warnings == [
        "未印计划标题，取自通知正文（所列下一个水计划标题）：白河市饮用水水源地保护2024年行动计划"
    ]
    assert parsed.document.title == ""  # no 关于印发…通知 printed: nothing invented
    assert "未印通知标题（关于印发……的通知）：文件标题留空" in parsed.warnings
    assert [(p.tasks[0].lead_units, p.tasks[0].responsible_units) for p in parsed.plans] == [
        (["市住建局"], []),
        ([], ["市生态环境局"]),
    ]


def test_a_plan_without_cover_letter_takes_its_region_from_the_title_with_a_warning() -> None:
    parsed = parse_text(
        PLAN_BODY.format(region="青岚县", parent="白河市空气质量再提升2024年行动计划", office="县")
    )
    assert (parsed.document.region, parsed.document.level, parsed.document.issuer) == (
        "青岚县",
        "county",
        None,
    )
    assert "未印发文机关：所属地区“青岚县”取自计划标题" in parsed.warnings
    assert parsed.plans[0].tasks[0].lead_units == ["县生态环境局"]


@pytest.mark.parametrize(
    ("issuer", "region", "level"),
    [
        ("中共青岚县委办公室  青岚县人民政府办公室", "青岚县", "county"),
        ("青岚县生态环境保护委员会办公室", "青岚县", "county"),
        ("松溪区污染防治攻坚战领导小组办公室", "松溪区", "district"),
        ("山西省生态环境厅", "山西省", "province"),
        ("白河市生态环境局", "白河市", "city"),
        ("晋城市城区人民政府办公室", "晋城市城区", "district"),
    ],
)
def test_region_of_other_issuers(issuer: str, region: str, level: str) -> None:
    text = f"青环委办发〔2024〕1号\n{issuer}\n2024年3月1日\n" + PLAN_BODY.format(
        region=region, parent="山西省空气质量再提升2024年行动计划", office="县"
    )
    document = parse_text(text).document
    assert document.issuer == issuer.replace(" ", "")
    assert (document.region, document.level) == (region, level)


@pytest.mark.parametrize(
    ("signed", "date"),
    [
        ("二〇二四年三月五日", dt.date(2024, 3, 5)),
        ("二○二三年十二月三十一日", dt.date(2023, 12, 31)),
        ("二〇二四年十月二十日", dt.date(2024, 10, 20)),
    ],
)
def test_a_signature_date_in_chinese_numerals(signed: str, date: dt.date) -> None:
    text = f"青政办发〔2024〕5号\n青岚县人民政府办公室\n{signed}\n" + PLAN_BODY.format(
        region="青岚县", parent="山西省空气质量再提升2024年行动计划", office="县"
    )
    document = parse_text(text).document
    assert (document.issuer, document.issue_date) == ("青岚县人民政府办公室", date)
