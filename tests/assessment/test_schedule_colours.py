"""Schedule states and warning colours on a fixed calendar (2023, 365 days; time frozen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from envplan.assessment.colours import Colour, evaluate, evaluate_all
from envplan.assessment.policy import PolicyError, PolicySet, WarningPolicy, load_policy_set
from envplan.assessment.schedule import (
    Assignment,
    NumericGoal,
    Report,
    ScheduleState,
    period_bounds,
    schedule_state,
    time_progress,
)
from envplan.documents.model import Milestone, MilestoneKind

D = dt.date
YEAR_START = D(2023, 1, 1)
GOOD = "已完成排查整治工作，督促企业落实整改措施"  # a report of more than 10 characters


def due(day: dt.date) -> Milestone:
    return Milestone(text=f"{day.year}年{day.month}月底前", kind=MilestoneKind.DUE, due=day)


def task(*milestones: Milestone, reports: tuple[Report, ...] = (), **kw: object) -> Assignment:
    return Assignment("t1", list(milestones), period_start=YEAR_START, reports=reports, **kw)  # type: ignore[arg-type]


def today() -> dt.date:
    return dt.date.today()


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
def test_time_progress_half_year_worked_by_hand() -> None:
    # 1 Jan – 1 Jul inclusive = 31+28+31+30+31+30+1 = 182 of 365 days → 49.863 % → gap 49.9 − 30 = 19.9
    assignment = task(due(D(2023, 12, 31)), reports=(Report(D(2023, 6, 28), 30.0, GOOD),))
    progress = time_progress(assignment, D(2023, 12, 31), today())
    assert progress is not None
    assert (progress.elapsed_days, progress.period_days) == (182, 365)
    assert progress.gap_pp == 19.9
    result = evaluate(assignment, today(), WarningPolicy())
    assert result.colour == Colour.YELLOW
    assert "应完成 49.9%，实际完成 30%，落后序时进度 19.9 个百分点" in result.reason
    assert result.numbers["expected_pct"] == 49.9 and result.numbers["gap_pp"] == 19.9


def test_numeric_goal_share_from_baseline() -> None:
    # 20 of 50 sites → (20 − 0) / (50 − 0) = 40 %
    goal = NumericGoal(baseline=0, goal=50)
    assignment = task(
        due(D(2023, 12, 31)), reports=(Report(D(2023, 6, 28), None, GOOD, value=20),), goal=goal
    )
    progress = time_progress(assignment, D(2023, 12, 31), D(2023, 7, 1))
    assert progress is not None and progress.achieved_share == pytest.approx(0.4)
    assert progress.gap_pp == 9.9  # 49.863 − 40 = 9.863 → 9.9, within the 10-point tolerance


@pytest.mark.parametrize(
    ("on", "state", "colour"),
    [
        (D(2023, 6, 14), ScheduleState.NOT_DUE, Colour.NONE),  # 16 days left
        (D(2023, 6, 15), ScheduleState.DUE_SOON, Colour.BLUE),  # exactly 15 days left
        (D(2023, 6, 30), ScheduleState.DUE_SOON, Colour.BLUE),  # the deadline day itself
        (D(2023, 7, 1), ScheduleState.OVERDUE, Colour.RED),  # one day late
    ],
)
def test_due_soon_and_overdue_boundaries(on: dt.date, state: ScheduleState, colour: Colour) -> None:
    assignment = task(due(D(2023, 6, 30)), reports=(Report(on - dt.timedelta(days=1), 100.0 * 0.99, GOOD),))
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 12), tick=False):
        result = evaluate(assignment, today(), WarningPolicy())
    assert (result.state, result.colour) == (state, colour)


def test_overdue_reason_names_days() -> None:
    result = evaluate(task(due(D(2023, 6, 30))), D(2023, 7, 10), WarningPolicy())
    assert result.colour == Colour.RED
    assert result.numbers["days_overdue"] == 10
    assert "时限2023年6月30日已过，未完成，逾期 10 天" in result.reason


def test_completed_on_time_and_late() -> None:
    on_time = schedule_state(task(due(D(2023, 6, 30)), completed_on=D(2023, 6, 30)), D(2023, 8, 1), 15)
    late = schedule_state(task(due(D(2023, 6, 30)), completed_on=D(2023, 7, 5)), D(2023, 8, 1), 15)
    assert on_time.state == ScheduleState.COMPLETED_ON_TIME and on_time.days_overdue == 0
    assert late.state == ScheduleState.COMPLETED_LATE and late.days_overdue == 5


def test_standing_task_never_overdue() -> None:
    ongoing = Milestone(text="长期坚持", kind=MilestoneKind.ONGOING)
    assignment = Assignment("s", [ongoing], reports=(Report(D(2030, 1, 1), None, GOOD),))
    result = evaluate(assignment, D(2030, 1, 5), WarningPolicy())
    assert result.state == ScheduleState.STANDING and result.colour == Colour.NONE


def test_staged_milestones_next_deadline_is_the_nearest() -> None:
    assignment = task(due(D(2023, 6, 30)), due(D(2023, 12, 31)))
    state = schedule_state(assignment, D(2023, 6, 20), 15)
    assert state.next_due == D(2023, 6, 30) and state.final_due == D(2023, 12, 31)
    assert state.state == ScheduleState.DUE_SOON


def test_window_and_season_end_is_the_deadline() -> None:
    window = Milestone("3月至5月", MilestoneKind.WINDOW, start=D(2023, 3, 1), end=D(2023, 5, 31))
    season = Milestone("秋冬季", MilestoneKind.SEASON, start=D(2023, 10, 1), end=D(2024, 3, 31))
    assert schedule_state(task(window), D(2023, 6, 1), 15).state == ScheduleState.OVERDUE
    assert schedule_state(task(season), D(2024, 3, 20), 15).next_due == D(2024, 3, 31)


def test_start_milestone_not_started_is_overdue() -> None:
    start = Milestone("2023年3月1日起", MilestoneKind.START, start=D(2023, 3, 1))
    assert schedule_state(task(start), D(2023, 3, 2), 15).state == ScheduleState.OVERDUE
    started = task(start, started_on=D(2023, 3, 1))
    assert schedule_state(started, D(2023, 3, 2), 15).state == ScheduleState.UNSCHEDULED


def test_recurring_monthly_needs_a_report_in_the_last_month() -> None:
    monthly = Milestone("每月", MilestoneKind.RECURRING, recurrence="monthly")
    reported = task(monthly, reports=(Report(D(2023, 2, 20), None, GOOD),))
    silent = task(monthly, reports=(Report(D(2023, 1, 20), None, GOOD),))
    assert schedule_state(reported, D(2023, 3, 10), 15).state == ScheduleState.STANDING
    missed = schedule_state(silent, D(2023, 3, 10), 15)
    assert missed.state == ScheduleState.OVERDUE and missed.days_overdue == 10  # since 28 Feb
    assert missed.next_due == D(2023, 3, 31)


@pytest.mark.parametrize(
    ("recurrence", "on", "bounds"),
    [
        ("weekly", D(2023, 3, 8), (D(2023, 3, 6), D(2023, 3, 12))),
        ("monthly", D(2024, 2, 10), (D(2024, 2, 1), D(2024, 2, 29))),
        ("quarterly", D(2023, 11, 5), (D(2023, 10, 1), D(2023, 12, 31))),
        ("yearly", D(2023, 5, 5), (D(2023, 1, 1), D(2023, 12, 31))),
    ],
)
def test_period_bounds(recurrence: str, on: dt.date, bounds: tuple[dt.date, dt.date]) -> None:
    assert period_bounds(on, recurrence) == bounds


def test_period_bounds_rejects_unknown_recurrence() -> None:
    with pytest.raises(ValueError, match="fortnightly"):
        period_bounds(D(2023, 1, 1), "fortnightly")


@pytest.mark.parametrize(
    ("reports", "fragment"),
    [
        ((Report(D(2023, 3, 20), 20.0, "推进中"),), "为空或过于简略（3 字，少于 10 字）"),
        (
            (Report(D(2023, 2, 20), 20.0, GOOD), Report(D(2023, 3, 20), 20.0, GOOD)),
            "与上期（2023年2月20日）相同",
        ),
        ((Report(D(2023, 2, 1), 20.0, GOOD),), "已 48 天未报送进展（超过 31 天）"),
    ],
)
def test_poor_quality_reports_are_yellow(reports: tuple[Report, ...], fragment: str) -> None:
    result = evaluate(task(due(D(2023, 12, 31)), reports=reports), D(2023, 3, 21), WarningPolicy())
    assert result.colour == Colour.YELLOW
    assert fragment in result.reason


def test_red_stays_red_until_gap_made_up_then_yellow_then_rules() -> None:
    policy = WarningPolicy()
    base = dict(milestones=[due(D(2023, 6, 30))], period_start=YEAR_START)
    first = evaluate(Assignment("x", **base), D(2023, 7, 1), policy)  # type: ignore[arg-type]
    assert first.colour == Colour.RED
    # extension approved to the year end; 2 Jul = day 183 of 365 → 50.1 % expected
    behind = Assignment(
        "x", **base, extended_due=D(2023, 12, 31), reports=(Report(D(2023, 7, 2), 45.0, GOOD),)
    )  # type: ignore[arg-type]
    second = evaluate(behind, D(2023, 7, 2), policy, previous=Colour.RED)
    assert second.colour == Colour.RED and "差距尚未补齐" in second.reason
    assert second.numbers["gap_pp"] == 5.1  # 50.137 − 45 → 5.1: within tolerance, still red
    caught_up = Assignment(
        "x", **base, extended_due=D(2023, 12, 31), reports=(Report(D(2023, 7, 2), 55.0, GOOD),)
    )  # type: ignore[arg-type]
    third = evaluate(caught_up, D(2023, 7, 3), policy, previous=Colour.RED)
    assert third.colour == Colour.YELLOW and "降为黄色" in third.reason
    fourth = evaluate(caught_up, D(2023, 7, 4), policy, previous=Colour.YELLOW)
    assert fourth.colour == Colour.NONE


def test_policy_per_region_and_evaluate_all(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        '[default]\ndue_soon_days = 15\n[regions."吕梁市"]\ndue_soon_days = 30\n', encoding="utf-8"
    )
    policies = load_policy_set(path)
    assert policies.for_region("吕梁市").due_soon_days == 30
    assert policies.for_region("运城市") == WarningPolicy()
    report = (Report(D(2023, 5, 30), 99.0, GOOD),)
    lvliang = Assignment("a", [due(D(2023, 6, 30))], region="吕梁市", period_start=YEAR_START, reports=report)
    yuncheng = Assignment(
        "b", [due(D(2023, 6, 30))], region="运城市", period_start=YEAR_START, reports=report
    )
    colours = [e.colour for e in evaluate_all([lvliang, yuncheng], D(2023, 6, 1), policies)]
    assert colours == [Colour.BLUE, Colour.NONE]


def test_policy_errors_name_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"regions": {"吕梁市": {"due_soon_dayz": 3}}}', encoding="utf-8")
    with pytest.raises(
        PolicyError, match=r"p\.json \[regions\.吕梁市\]: unknown policy field\(s\) due_soon_dayz"
    ):
        load_policy_set(path)
    with pytest.raises(PolicyError, match="progress_tolerance_pp must be within"):
        WarningPolicy(progress_tolerance_pp=150)
    assert PolicySet().for_region(None) == WarningPolicy()
