"""Milestones: every time style of issue 2 (due, start, window, daily window, recurring, season, ongoing)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envplan.documents.milestones import SeasonSettings, parse_milestones
from envplan.documents.model import Milestone, MilestoneKind
from support import seed_path

D = dt.date
DUE, START, WINDOW, RECURRING, SEASON, ONGOING = (
    MilestoneKind.DUE,
    MilestoneKind.START,
    MilestoneKind.WINDOW,
    MilestoneKind.RECURRING,
    MilestoneKind.SEASON,
    MilestoneKind.ONGOING,
)


def only(text: str, plan_year: int | None = 2023, seasons: SeasonSettings | None = None) -> Milestone:
    milestones = parse_milestones(text, plan_year, seasons)
    assert len(milestones) == 1, milestones
    return milestones[0]


@pytest.mark.parametrize(
    ("text", "words", "due"),
    [
        ("2023年10月底前完成焦化企业改造", "2023年10月底前", D(2023, 10, 31)),
        ("12月底前完成污水厂提标", "12月底前", D(2023, 12, 31)),
        ("10月底之前完成关停工作", "10月底之前", D(2023, 10, 31)),
        ("2023年2月底前，动态更新锅炉清单", "2023年2月底前", D(2023, 2, 28)),
        ("2024年2月底前完成", "2024年2月底前", D(2024, 2, 29)),
        ("2023年6月前，建立报废矿井清单", "2023年6月前", D(2023, 6, 30)),
        ("年底前完成", "年底前", D(2023, 12, 31)),
        ("2023年底前全面消除黑臭水体", "2023年底前", D(2023, 12, 31)),
        ("2022年底,完成雨污分流", "2022年底", D(2022, 12, 31)),
        ("今年底前完成", "今年底前", D(2023, 12, 31)),
        ("11月15日前报送", "11月15日前", D(2023, 11, 15)),
        ("2024年12月底前完成", "2024年12月底前", D(2024, 12, 31)),
        ("2023年 年 8月底前完成孝义城镇污水厂", "2023年 年 8月底前", D(2023, 8, 31)),
        ("7月底完成升级改造", "7月底", D(2023, 7, 31)),
        ("预计2023年6月完工", "2023年6月", D(2023, 6, 30)),
        ("10月中旬前完成", "10月中旬前", D(2023, 10, 20)),
        ("2023年完成11个村污水处理站建设", "2023年", D(2023, 12, 31)),
        ("次年3月底前完成", "次年3月底前", D(2024, 3, 31)),
        ("截至2023年10月完成", "截至2023年10月", D(2023, 10, 31)),
    ],
)
def test_due_dates(text: str, words: str, due: dt.date) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind, milestone.due, milestone.warnings) == (words, DUE, due, [])


@pytest.mark.parametrize(
    ("text", "words", "start", "due"),
    [
        ("上半年完成", "上半年", D(2023, 1, 1), D(2023, 6, 30)),
        ("下半年开展", "下半年", D(2023, 7, 1), D(2023, 12, 31)),
        ("2024年一季度完成", "2024年一季度", D(2024, 1, 1), D(2024, 3, 31)),
        ("第三季度末前完成", "第三季度末前", D(2023, 7, 1), D(2023, 9, 30)),
    ],
)
def test_halves_and_quarters(text: str, words: str, start: dt.date, due: dt.date) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind, milestone.start, milestone.due) == (words, DUE, start, due)


@pytest.mark.parametrize(
    ("text", "words", "start"),
    [
        ("2023年4月1日起，全区范围内禁止", "2023年4月1日起", D(2023, 4, 1)),
        ("自2022年12月1日起,全省范围内", "自2022年12月1日起", D(2022, 12, 1)),
        ("9月1日起，排灰车辆全部", "9月1日起", D(2023, 9, 1)),
        ("自2023年起，执行特别排放限值", "自2023年起", D(2023, 1, 1)),
        ("2023年5月起实施", "2023年5月起", D(2023, 5, 1)),
    ],
)
def test_starts(text: str, words: str, start: dt.date) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind, milestone.start, milestone.due) == (words, START, start, None)


@pytest.mark.parametrize(
    ("text", "words", "start", "end"),
    [
        ("2023年5-9月，以工业涂装为重点", "2023年5-9月", D(2023, 5, 1), D(2023, 9, 30)),
        ("2023年5月至9月，开展", "2023年5月至9月", D(2023, 5, 1), D(2023, 9, 30)),
        ("5—9月，针对重点企业", "5—9月", D(2023, 5, 1), D(2023, 9, 30)),
        ("9~12月超滤设备安装", "9~12月", D(2023, 9, 1), D(2023, 12, 31)),
        ("2024年2-5月，土建工程收尾", "2024年2-5月", D(2024, 2, 1), D(2024, 5, 31)),
        ("12月至次年3月实施生态补水", "12月至次年3月", D(2023, 12, 1), D(2024, 3, 31)),
        ("10-3月错峰生产", "10-3月", D(2023, 10, 1), D(2024, 3, 31)),
        (
            "2023年11月15日至2024年3月15日停工",
            "2023年11月15日至2024年3月15日",
            D(2023, 11, 15),
            D(2024, 3, 15),
        ),
    ],
)
def test_windows(text: str, words: str, start: dt.date, end: dt.date) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind, milestone.start, milestone.end) == (words, WINDOW, start, end)
    assert milestone.due == end
    assert milestone.recurrence is None


@pytest.mark.parametrize(
    ("text", "start", "end", "hours"),
    [
        ("5-9月每日10-16时，以化工行业为重点", D(2023, 5, 1), D(2023, 9, 30), "10:00-16:00"),
        ("2023年7-9月每日10—16时，错时作业", D(2023, 7, 1), D(2023, 9, 30), "10:00-16:00"),
        ("6月至8月每天10:30-15:00停止喷涂", D(2023, 6, 1), D(2023, 8, 31), "10:30-15:00"),
    ],
)
def test_daily_windows_are_windows_not_deadlines(text: str, start: dt.date, end: dt.date, hours: str) -> None:
    milestone = only(text)
    assert milestone.kind is WINDOW
    assert (milestone.start, milestone.end, milestone.recurrence, milestone.time_of_day) == (
        start,
        end,
        "daily",
        hours,
    )


@pytest.mark.parametrize(
    ("text", "words", "recurrence", "due"),
    [
        ("每年5月底前完成一轮活性炭更换", "每年5月底前", "yearly", D(2023, 5, 31)),
        ("每年年底前报送", "每年年底前", "yearly", D(2023, 12, 31)),
        ("每月通报降尘量", "每月", "monthly", None),
        ("每季度调度分析", "每季度", "quarterly", None),
        ("每周调度", "每周", "weekly", None),
        ("每半年评估一次", "每半年", "half_yearly", None),
        ("每日会商", "每日", "daily", None),
        ("每月10日前报送", "每月10日前", "monthly", None),
        ("每月底前报送进展", "每月底前", "monthly", None),
        ("每季度末调度", "每季度末", "quarterly", None),
    ],
)
def test_recurring(text: str, words: str, recurrence: str, due: dt.date | None) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind, milestone.recurrence, milestone.due) == (
        words,
        RECURRING,
        recurrence,
        due,
    )


def test_recurring_window() -> None:
    milestone = only("每年12月至次年3月按照不低于3个流量实施生态补水")
    assert (milestone.kind, milestone.recurrence) == (RECURRING, "yearly")
    assert (milestone.start, milestone.end) == (D(2023, 12, 1), D(2024, 3, 31))


@pytest.mark.parametrize(
    ("text", "words", "start", "end", "due"),
    [
        ("2023年采暖季前完成供热替代工程", "2023年采暖季前", D(2023, 11, 1), D(2024, 3, 31), D(2023, 10, 31)),
        ("采暖季前，在禁煤区内开展", "采暖季前", D(2023, 11, 1), D(2024, 3, 31), D(2023, 10, 31)),
        ("秋冬季重点工业企业实施错峰生产", "秋冬季", D(2023, 10, 1), D(2024, 3, 31), D(2024, 3, 31)),
        ("2022—2023年秋冬季攻坚", "2022—2023年秋冬季", D(2022, 10, 1), D(2023, 3, 31), D(2023, 3, 31)),
        ("汛期来临前监督涉水企业清空", "汛期来临前", D(2023, 6, 1), D(2023, 9, 30), D(2023, 5, 31)),
        ("汛期前完成排查", "汛期前", D(2023, 6, 1), D(2023, 9, 30), D(2023, 5, 31)),
        ("退水渠非汛期实施闸坝封堵", "非汛期", D(2023, 10, 1), D(2024, 5, 31), D(2024, 5, 31)),
        ("实施夏季臭氧污染应急管控", "夏季臭氧", D(2023, 5, 1), D(2023, 9, 30), D(2023, 9, 30)),
    ],
)
def test_seasons(text: str, words: str, start: dt.date, end: dt.date, due: dt.date) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind) == (words, SEASON)
    assert (milestone.start, milestone.end, milestone.due) == (start, end, due)


def test_season_dates_are_a_setting() -> None:
    northern = SeasonSettings(heating=((10, 15), (4, 15)))
    milestone = only("2023年采暖季前完成", seasons=northern)
    assert (milestone.start, milestone.end, milestone.due) == (
        D(2023, 10, 15),
        D(2024, 4, 15),
        D(2023, 10, 14),
    )


@pytest.mark.parametrize("words", ["长期坚持", "常态化", "持续推进", "持续开展"])
def test_ongoing_is_never_due(words: str) -> None:
    milestone = only(f"{words}开展散乱污专项排查整治")
    assert (milestone.text, milestone.kind, milestone.due, milestone.end) == (words, ONGOING, None, None)


def test_repeated_ongoing_wording_is_reported_once() -> None:
    assert [m.text for m in parse_milestones("常态化巡查，常态化执法，持续推进", 2023)] == [
        "常态化",
        "持续推进",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "按照不低于3个流量实施生态补水",
        "新建2座污水处理厂，完成率76.6%",
        "平均降尘量高于7吨/月·平方公里",
        "4.3米焦炉以及12个月内",
        "新增土壤污染重点监管单位应在纳入名录一年内开展隐患排查",
        "在2022年的基础上力争降10%",
        "85313110月773231726722",
        "",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert parse_milestones(text, 2023) == []


def test_a_date_without_year_and_without_plan_year_warns() -> None:
    milestone = only("12月底前完成", plan_year=None)
    assert (milestone.text, milestone.kind, milestone.due) == ("12月底前", DUE, None)
    assert milestone.warnings == ["「12月底前」未写年份，计划也无年度：日期不明"]


def test_explicit_year_needs_no_plan_year() -> None:
    assert only("2023年10月底前完成", plan_year=None).due == D(2023, 10, 31)


def test_invalid_day_warns() -> None:
    milestone = only("2月30日前完成")
    assert milestone.due is None and milestone.warnings


def test_ambiguous_year_before_warns() -> None:
    milestone = only("2025年前建成")
    assert milestone.due == D(2025, 12, 31)
    assert milestone.warnings == ["「2025年前」按2025年底前读入（也可能指2025年开始之前）"]


def test_several_milestones_in_text_order() -> None:
    text = "2023年4月底前制定方案，9月底前完成检修；每季度调度；长期坚持"
    found = [(m.text, m.kind, m.due) for m in parse_milestones(text, 2023)]
    assert found == [
        ("2023年4月底前", DUE, D(2023, 4, 30)),
        ("9月底前", DUE, D(2023, 9, 30)),
        ("每季度", RECURRING, None),
        ("长期坚持", ONGOING, None),
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789年月日底前起至-—~每季度周采暖秋冬汛期非长期坚持上下半一二 "))
        | st.characters(),
        max_size=60,
    ),
    st.one_of(st.none(), st.integers(min_value=1900, max_value=2200)),
)
def test_arbitrary_text_never_crashes(text: str, plan_year: int | None) -> None:
    for milestone in parse_milestones(text, plan_year):
        assert milestone.text and milestone.text in text.replace("\n", "\n")


@pytest.mark.parametrize(
    ("text", "plan_year"),
    [
        ("0000年底前", 2023),
        ("9999年12月至次年3月", 2023),
        ("9999年12月底前", 2023),
        ("12月至次年3月", 9999),
        ("采暖季前", 9999),
    ],
)
def test_out_of_range_years_are_not_dates(text: str, plan_year: int) -> None:
    assert parse_milestones(text, plan_year) == []


def test_daily_hours_without_months_recur_daily() -> None:
    milestone = only("每日10-16时禁止露天喷涂")
    assert (milestone.text, milestone.kind, milestone.recurrence, milestone.time_of_day) == (
        "每日10-16时",
        RECURRING,
        "daily",
        "10:00-16:00",
    )


@pytest.mark.parametrize("text", ["每日16-10时", "每日10-30时"])
def test_hours_that_are_not_a_span_of_one_day(text: str) -> None:
    assert [m.time_of_day for m in parse_milestones(text, 2023)] == [None]


def test_the_same_words_are_reported_once() -> None:
    text = "汛期前完成排查，汛期加密巡查，汛期结束后评估；汛期加强执法"
    assert [(m.text, m.due) for m in parse_milestones(text, 2023)] == [
        ("汛期前", D(2023, 5, 31)),
        ("汛期", D(2023, 9, 30)),
        ("汛期结束后", None),
    ]


@pytest.mark.parametrize(
    "seed",
    [
        "000_bb95c80613778daa.txt",
        "002_51e324a2bd90c1c6.txt",
        "003_1a3a67b7a1f5494e.txt",
        "004_4a1c0cf63212e619.txt",
    ],
)
def test_every_time_expression_of_a_seed_reads_cleanly(seed: str) -> None:
    """Real plans of 2022–2023: no warning, windows ordered, every date within the plans' horizon."""
    text = re.sub(r"\s+", "", seed_path(seed).read_text(encoding="utf-8"))
    milestones = parse_milestones(text, 2023)
    assert len(milestones) >= 25
    for milestone in milestones:
        assert milestone.warnings == [], milestone.text
        dates = [d for d in (milestone.due, milestone.start, milestone.end) if d is not None]
        assert all(D(2022, 1, 1) <= d <= D(2025, 12, 31) for d in dates), milestone
        if milestone.start and milestone.end:
            assert milestone.start <= milestone.end, milestone
        if milestone.kind in (DUE, START, WINDOW, SEASON):
            assert dates, milestone


def test_season_settings_from_text() -> None:
    seasons = SeasonSettings.from_text({"heating": "10-15..04-15", "flood": "07-01~08-31"})
    assert (seasons.heating, seasons.flood, seasons.autumn_winter) == (
        ((10, 15), (4, 15)),
        ((7, 1), (8, 31)),
        ((10, 1), (3, 31)),
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"winter": "12-01..02-28"}, "unknown season 'winter'"),
        ({"heating": "November"}, "is not MM-DD..MM-DD"),
        ({"heating": "11-31..03-31"}, "11-31 is not a day of the year"),
        ({"flood": "06-01..02-29"}, "02-29 is not a day of the year"),
    ],
)
def test_season_settings_errors_name_the_season(settings: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SeasonSettings.from_text(settings)


@pytest.mark.parametrize(
    ("text", "words", "kind"),
    [
        ("春节前完成排查", "春节前", DUE),
        ("国庆节期间禁止露天烧烤", "国庆节期间", WINDOW),
        ("两会后", "两会后", START),
    ],
)
def test_holidays_are_kept_with_a_warning_and_no_date(text: str, words: str, kind: MilestoneKind) -> None:
    milestone = only(text)
    assert (milestone.text, milestone.kind, milestone.due, milestone.start) == (words, kind, None, None)
    assert len(milestone.warnings) == 1 and "节假日日期不作推算，请手工确定日期" in milestone.warnings[0]


def test_a_date_without_year_takes_the_year_written_before_it_in_its_sentence() -> None:
    found = parse_milestones("2023年3月底前完成排查，6月底前完成整治，次年5月底前验收。7月底前报告。", 2022)
    assert [(m.text, m.due) for m in found] == [
        ("2023年3月底前", dt.date(2023, 3, 31)),
        ("6月底前", dt.date(2023, 6, 30)),
        ("次年5月底前", dt.date(2024, 5, 31)),
        ("7月底前", dt.date(2022, 7, 31)),  # a new sentence: the plan's year again
    ]


def test_a_yearly_window_of_days_across_the_new_year() -> None:
    (window,) = parse_milestones("每年11月15日至次年3月15日实施错峰生产", 2024)
    assert (window.kind, window.recurrence) == (MilestoneKind.RECURRING, "yearly")
    assert (window.start, window.end, window.due) == (
        dt.date(2024, 11, 15),
        dt.date(2025, 3, 15),
        dt.date(2025, 3, 15),
    )


@pytest.mark.parametrize(
    ("text", "due"),
    [("2024年度完成", dt.date(2024, 12, 31)), ("2024年度5月底前完成", dt.date(2024, 5, 31))],
)
def test_a_year_written_as_nian_du(text: str, due: dt.date) -> None:
    assert [m.due for m in parse_milestones(text, 2023)] == [due]


def test_nian_du_without_completion_is_no_date() -> None:
    assert parse_milestones("纳入2024年度考核", 2024) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月份完成整治", [("6月份", dt.date(2024, 6, 30))]),
        ("9月建成投运", [("9月", dt.date(2024, 9, 30))]),
        ("5月开展巡查", []),  # a month without 底/前 or a completion word is no deadline
    ],
)
def test_a_month_followed_by_a_completion_word_is_due_at_its_end(
    text: str, expected: list[tuple[str, dt.date]]
) -> None:
    assert [(m.text, m.due) for m in parse_milestones(text, 2024)] == expected
