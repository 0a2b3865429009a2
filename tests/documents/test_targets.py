"""Targets: absolute, relative, ranking, water-class, elimination, threshold and text-only targets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envplan.documents.model import Binding, Target
from envplan.documents.targets import parse_targets, parse_threshold_targets
from envplan.documents.targets_patterns import normalise_unit, split_values

ASPIRATIONAL, BINDING, UNSPECIFIED = Binding.ASPIRATIONAL, Binding.BINDING, Binding.UNSPECIFIED


def reading(target: Target) -> tuple[object, ...]:
    return (target.indicator, target.comparator, target.value, target.unit, target.year, target.binding)


def only(text: str, plan_year: int | None = 2023, scope: str | None = None) -> Target:
    targets = parse_targets(text, plan_year, scope)
    assert len(targets) == 1, targets
    assert targets[0].quantitative
    return targets[0]


def test_one_target_per_year_with_respective_values() -> None:
    text = "2022年、2023年地表水国考断面达到或优于Ⅲ类比例分别达到72.3%、76.6%"
    targets = parse_targets(text, 2023)
    indicator = "地表水国考断面达到或优于Ⅲ类比例"
    assert [reading(t) for t in targets] == [
        (indicator, ">=", 72.3, "%", 2022, UNSPECIFIED),
        (indicator, ">=", 76.6, "%", 2023, UNSPECIFIED),
    ]
    assert all(t.text == text for t in targets)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PM2.5平均浓度力争降到36微克/立方米", ("PM2.5平均浓度", "<=", 36.0, "µg/m³", 2023, ASPIRATIONAL)),
        ("CO平均浓度力争降到1.6毫克/立方米", ("CO平均浓度", "<=", 1.6, "mg/m³", 2023, ASPIRATIONAL)),
        (
            "二氧化硫平均浓度力争降到10微克/立方米以内",
            ("二氧化硫平均浓度", "<=", 10.0, "µg/m³", 2023, ASPIRATIONAL),
        ),
        ("正常运行率达80%以上", ("正常运行率", ">=", 80.0, "%", 2023, UNSPECIFIED)),
        ("优良天数比例确保达到75.5%", ("优良天数比例", ">=", 75.5, "%", 2023, BINDING)),
        ("重污染天数控制在3天以内", ("重污染天数", "<=", 3.0, "天", 2023, UNSPECIFIED)),
        (
            "地下水国考区域点位V类比例不高于6.67%",
            ("地下水国考区域点位V类比例", "<=", 6.67, "%", 2023, UNSPECIFIED),
        ),
        ("全区平均降尘量不得高于5吨/月·平方公里", ("平均降尘量", "<=", 5.0, "t/(km²·30d)", 2023, BINDING)),
    ],
)
def test_absolute_targets(text: str, expected: tuple[object, ...]) -> None:
    assert reading(only(text)) == expected


def test_scope_from_the_sentence_or_the_caller() -> None:
    assert only("全省11个设区市PM2.5平均浓度力争降到35微克/立方米").scope == "全省11个设区市"
    assert only("PM2.5平均浓度力争降到35微克/立方米", scope="吕梁市").scope == "吕梁市"


def test_relative_decrease_from_a_baseline_year() -> None:
    target = only("PM2.5浓度在2022年的基础上力争降10%")
    assert reading(target) == ("PM2.5浓度", ">=", 10.0, "%", 2023, ASPIRATIONAL)
    assert (target.baseline, target.change) == ("2022年", "decrease")


def test_year_on_year_change_takes_the_previous_year_as_baseline() -> None:
    target = only("二氧化硫力争同比下降30%以上")
    assert (target.indicator, target.value, target.baseline, target.change) == (
        "二氧化硫",
        30.0,
        "2022年",
        "decrease",
    )


def test_rank_outside_bottom_in_a_ranking_universe() -> None:
    target = only("市区环境空气质量综合指数在全国168个重点城市排名退出后40位")
    assert (target.indicator, target.comparator, target.value, target.unit, target.scope) == (
        "环境空气质量综合指数",
        "rank_outside_bottom",
        40.0,
        "位",
        "168个重点城市",
    )


def test_rank_advance_from_a_baseline_ranking() -> None:
    target = only("环境空气质量综合指数在全国168个重点城市2022年排名的基础上前移10位以上")
    assert (target.indicator, target.comparator, target.value, target.change, target.baseline) == (
        "环境空气质量综合指数排名",
        ">=",
        10.0,
        "decrease",
        "2022年",
    )


def test_rank_within_top() -> None:
    target = only("环境空气质量综合指数在全省119个区县排名进入前30名")
    assert (target.indicator, target.comparator, target.value, target.unit, target.scope) == (
        "环境空气质量综合指数排名",
        "<=",
        30.0,
        "位",
        "119个区县",
    )


def test_rank_for_named_cities_keeps_the_indicator_named_before() -> None:
    text = "11个设区市环境空气质量综合指数在全国168个重点城市中排名前移,其中太原市、临汾市要退出后10位"
    targets = parse_targets(text, 2023)
    assert [t.quantitative for t in targets] == [False, True]
    assert (targets[1].indicator, targets[1].scope, targets[1].value) == (
        "环境空气质量综合指数",
        "太原市、临汾市",
        10.0,
    )


@pytest.mark.parametrize(
    ("text", "indicator", "comparator", "value"),
    [
        ("地表水国考、省考断面全部达到或优于Ⅲ类水质", "地表水国考、省考断面", "<=", 3.0),
        ("地下水国考饮用水源点位水质达到或优于III类", "地下水国考饮用水源点位水质", "<=", 3.0),
        ("地下水国考区域点位水质不低于V类", "地下水国考区域点位水质", "<=", 5.0),
        ("地下水国考区域点位不出现V类水质", "地下水国考区域点位", "none", 5.0),
        ("出境断面水质优于Ⅳ类", "出境断面水质", "<", 4.0),
        ("城市集中式饮用水水源水质达到Ⅲ类及以上", "城市集中式饮用水水源水质", "<=", 3.0),
        ("劣Ⅴ类水质断面全部消除", "劣Ⅴ类水质断面", "none", 6.0),
    ],
)
def test_water_class_targets(text: str, indicator: str, comparator: str, value: float) -> None:
    target = only(text)
    assert (target.indicator, target.comparator, target.value, target.unit) == (
        indicator,
        comparator,
        value,
        "类",
    )


def test_two_class_targets_in_one_clause() -> None:
    targets = parse_targets("地表水省考断面达到Ⅲ类水质、市考断面达到Ⅴ类水质", 2023)
    assert [(t.indicator, t.value) for t in targets] == [("地表水省考断面", 3.0), ("市考断面", 5.0)]


def test_black_odorous_water_eliminated() -> None:
    target = only("各县（市、区）建成区黑臭水体全面消除")
    assert (target.indicator, target.comparator, target.value, target.scope) == (
        "建成区黑臭水体",
        "none",
        None,
        "各县（市、区）",
    )
    assert only("全面消除县城建成区黑臭水体").indicator == "建成区黑臭水体"


def test_sections_decide_binding_and_text_targets_are_kept() -> None:
    text = (
        "（一）约束性指标。坚决完成省下达我市的年度约束性指标。（二）争取性指标。"
        "PM2.5平均浓度降到36微克/立方米，受污染耕地安全利用率达到国家考核要求。"
    )
    targets = parse_targets(text, 2023)
    assert [(t.quantitative, t.binding) for t in targets] == [
        (False, BINDING),
        (True, ASPIRATIONAL),
        (False, ASPIRATIONAL),
    ]
    assert targets[0].text == "坚决完成省下达我市的年度约束性指标"
    assert targets[2].text == "受污染耕地安全利用率达到国家考核要求"


def test_ratio_without_a_number_is_text() -> None:
    targets = parse_targets(
        "饮用水水源水质达到或优于Ⅲ类比例达到国家年度目标；黑臭水体消除比例完成市定年度目标", 2023
    )
    assert [t.quantitative for t in targets] == [False, False]


def test_year_from_a_deadline_sentence() -> None:
    target = only("2022年底前,全面消除沿黄城市建成区黑臭水体")
    assert (target.year, target.indicator) == (2022, "沿黄城市建成区黑臭水体")


@pytest.mark.parametrize("text", ["", "。。", "（含乡镇）", "二、主要目标"])
def test_empty_or_heading_only(text: str) -> None:
    assert parse_targets(text, 2023) == []


def test_threshold_trigger_inside_a_task() -> None:
    text = (
        "每月通报各县（市、区）降尘量监测结果，"
        "平均降尘量高于7吨/月·平方公里的县（市、区）要组织开展降尘专项整治。"
    )
    targets = parse_threshold_targets(text)
    assert len(targets) == 1
    target = targets[0]
    assert (target.indicator, target.comparator, target.value, target.unit, target.scope) == (
        "平均降尘量",
        ">",
        7.0,
        "t/(km²·30d)",
        "县（市、区）",
    )
    assert target.threshold and target.quantitative


def test_threshold_needs_a_subject_that_must_act() -> None:
    assert parse_threshold_targets("全区平均降尘量不得高于5吨/月·平方公里。") == []
    assert parse_threshold_targets("") == []


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("微克/立方米", "µg/m³"),
        ("mg/m3", "mg/m³"),
        ("吨/月·平方公里", "t/(km²·30d)"),
        ("％", "%"),
        ("名", "位"),
        (None, None),
    ],
)
def test_units_are_normalised(written: str | None, normal: str | None) -> None:
    assert normalise_unit(written) == normal


def test_a_unit_written_once_applies_to_every_value() -> None:
    assert split_values("72.3、76.6%") == [(72.3, "%"), (76.6, "%")]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789.%年、，。在的基础上力争降到达以上排名退出后位Ⅲ类V劣消除高于的县要")
        )
        | st.characters(),
        max_size=80,
    ),
    st.one_of(st.none(), st.integers(min_value=1900, max_value=2200)),
)
def test_arbitrary_text_never_crashes(text: str, plan_year: int | None) -> None:
    for target in parse_targets(text, plan_year) + parse_threshold_targets(text):
        assert target.text


def test_relative_change_in_concentration_units() -> None:
    target = only("PM2.5平均浓度较2022年下降2微克/立方米")
    assert (target.baseline, target.change, target.value, target.unit) == ("2022年", "decrease", 2.0, "µg/m³")


def test_relative_increase_in_percentage_points() -> None:
    target = only("优良天数比例比2022年提高3个百分点")
    assert (target.indicator, target.change, target.value, target.unit) == (
        "优良天数比例",
        "increase",
        3.0,
        "百分点",
    )


def test_class_named_inside_an_elimination() -> None:
    target = only("其中劣Ⅴ类断面全部消除")
    assert (target.indicator, target.comparator, target.value, target.unit) == (
        "劣Ⅴ类断面",
        "none",
        6.0,
        "类",
    )


def test_class_elimination_written_verb_first() -> None:
    target = only("全面消除劣Ⅴ类断面")
    assert (target.indicator, target.comparator, target.value, target.unit) == (
        "劣Ⅴ类断面",
        "none",
        6.0,
        "类",
    )


def test_kept_at_zero_is_an_elimination() -> None:
    target = only("县城建成区黑臭水体保持动态清零")
    assert (target.indicator, target.comparator, target.scope) == ("建成区黑臭水体", "none", "县城")


def test_ratio_kept_at_a_value() -> None:
    target = only("县级集中式饮用水水源水质达到或优于Ⅲ类比例保持100%")
    assert (target.comparator, target.value, target.unit) == (">=", 100.0, "%")


def test_threshold_sentence_in_the_target_chapter() -> None:
    text = "（二）争取性指标。平均降尘量高于7吨/月·平方公里的乡（镇），要制定专项整治方案。"
    targets = parse_targets(text, 2023)
    assert [(t.indicator, t.comparator, t.value, t.scope, t.threshold, t.binding) for t in targets] == [
        ("平均降尘量", ">", 7.0, "乡（镇）", True, ASPIRATIONAL)
    ]


def test_year_of_a_sentence_starting_with_dao() -> None:
    target = only("到2025年，PM2.5平均浓度降到35微克/立方米", plan_year=2023)
    assert (target.year, target.indicator, target.value) == (2025, "PM2.5平均浓度", 35.0)
