"""Work rankings: formulas worked by hand, ties share a rank (1, 2, 2, 4)."""

from __future__ import annotations

import datetime as dt

from envplan.assessment.colours import Colour, Evaluation
from envplan.assessment.schedule import ScheduleState
from envplan.assessment.work_rankings import (
    FORMULAS,
    TIE_RULE,
    Outcome,
    competition_ranks,
    outcomes_from,
    rank_changes,
    rank_units,
)

S = ScheduleState


def outcomes(unit: str, *states: tuple[ScheduleState, int]) -> list[Outcome]:
    return [Outcome(unit, state, days) for state, days in states]


def test_competition_ranks_skip_after_ties() -> None:
    assert competition_ranks([90.0, 80.0, 80.0, 70.0]) == [1, 2, 2, 4]
    assert competition_ranks([50.0, 50.0, 50.0]) == [1, 1, 1]


def test_rank_units_formulas_and_ties() -> None:
    rows = (
        outcomes("离石区", (S.COMPLETED_ON_TIME, 0), (S.COMPLETED_ON_TIME, 0), (S.NOT_DUE, 0))  # 2/2 = 100 %
        + outcomes("交城县", (S.COMPLETED_ON_TIME, 0), (S.OVERDUE, 10), (S.COMPLETED_LATE, 4))  # 1/3
        + outcomes("文水县", (S.COMPLETED_ON_TIME, 0), (S.OVERDUE, 3), (S.OVERDUE, 5))  # 1/3
        + outcomes(
            "汾阳市",
            (S.OVERDUE, 7),
        )  # 0/1
        + outcomes(
            "孝义市",
            (S.NOT_DUE, 0),
        )  # nothing due: unranked
    )
    table = rank_units(rows, warnings={"交城县": 2})
    by_unit = {s.unit: s for s in table}
    # 交城县 and 文水县 tie at 33.3 %: the average delay breaks the tie (4.0 d before 7.0 d)
    assert [(s.unit, s.rank) for s in table] == [
        ("离石区", 1),
        ("文水县", 2),
        ("交城县", 3),
        ("汾阳市", 4),
        ("孝义市", None),
    ]
    jiaocheng = by_unit["交城县"]
    assert jiaocheng.on_time_rate == 33.3  # 1 ÷ 3 × 100 = 33.33… → 33.3
    assert (jiaocheng.due, jiaocheng.overdue, jiaocheng.completed_late, jiaocheng.warnings) == (3, 1, 1, 2)
    assert jiaocheng.average_delay_days == 7.0  # (10 + 4) ÷ 2
    assert by_unit["文水县"].average_delay_days == 4.0  # (3 + 5) ÷ 2
    assert by_unit["离石区"].average_delay_days is None
    assert "1、2、2、4" in TIE_RULE and "按期完成率" in FORMULAS["on_time_rate"]
    assert "平均延误天数" in TIE_RULE and "由少到多" in TIE_RULE


def test_ties_shared_only_when_both_keys_tie() -> None:
    rows = (
        outcomes("甲县", (S.COMPLETED_ON_TIME, 0), (S.OVERDUE, 6))  # 50.0 %, 6.0 d
        + outcomes("乙县", (S.COMPLETED_LATE, 2), (S.COMPLETED_ON_TIME, 0), (S.OVERDUE, 10))  # 33.3 %, 6.0 d
        + outcomes("丙县", (S.COMPLETED_ON_TIME, 0), (S.COMPLETED_LATE, 6))  # 50.0 %, 6.0 d
        + outcomes("丁县", (S.COMPLETED_ON_TIME, 0), (S.NOT_DUE, 0))  # 100.0 %, no delay (0 d)
        + outcomes("戊县", (S.COMPLETED_ON_TIME, 0), (S.OVERDUE, 1), (S.OVERDUE, 2))  # 33.3 %, 1.5 d
    )
    table = rank_units(rows)
    assert [(s.unit, s.on_time_rate, s.average_delay_days, s.rank) for s in table] == [
        ("丁县", 100.0, None, 1),
        ("丙县", 50.0, 6.0, 2),  # 甲县 and 丙县 tie on both keys: shared rank, next skipped
        ("甲县", 50.0, 6.0, 2),
        ("戊县", 33.3, 1.5, 4),
        ("乙县", 33.3, 6.0, 5),
    ]
    assert competition_ranks([(50.0, -6.0), (50.0, -6.0), (50.0, -1.5)]) == [2, 2, 1]


def test_outcomes_from_evaluations_and_rank_changes() -> None:
    day = dt.date(2023, 7, 1)
    evaluation = Evaluation("a1", day, S.OVERDUE, Colour.RED, "", "", {"days_overdue": 6})
    assert outcomes_from([evaluation], {"a1": "交城县"}) == [Outcome("交城县", S.OVERDUE, 6)]
    before = rank_units(outcomes("甲", (S.COMPLETED_ON_TIME, 0)) + outcomes("乙", (S.OVERDUE, 1)))
    after = rank_units(
        outcomes("甲", (S.OVERDUE, 1)) + outcomes("乙", (S.COMPLETED_LATE, 1), (S.COMPLETED_ON_TIME, 0))
    )
    assert rank_changes(before, after) == {"甲": -1, "乙": 1}
