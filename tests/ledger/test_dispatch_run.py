"""The daily dispatch run on the persona notice: colours stored, officers notified once, idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.ledger.dispatch_models import DispatchRun, InboxMessage, ScheduleSnapshot, WarningPolicyRow
from envplan.ledger.models import Assignment, Task, User

JULY_1 = dt.date(2023, 7, 1)


def snapshots(session: Session, day: dt.date) -> dict[tuple[str, str], tuple[str, str]]:
    rows = session.execute(
        select(Task.number, User.username, ScheduleSnapshot.state, ScheduleSnapshot.colour)
        .join(Assignment, ScheduleSnapshot.assignment_id == Assignment.id)
        .join(Task, Assignment.task_id == Task.id)
        .outerjoin(User, User.unit_id == Assignment.unit_id)
        .where(ScheduleSnapshot.day == day)
    ).all()
    return {(number, user or "-"): (state, colour) for number, user, state, colour in rows}


def inbox(session: Session, username: str) -> list[InboxMessage]:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return list(session.scalars(select(InboxMessage).where(InboxMessage.user_id == user.id)))


def unit_colours(session: Session, username: str, day: dt.date) -> dict[str, int]:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    query = (
        select(ScheduleSnapshot.colour, func.count())
        .join(Assignment, ScheduleSnapshot.assignment_id == Assignment.id)
        .where(ScheduleSnapshot.day == day, Assignment.unit_id == user.unit_id)
        .group_by(ScheduleSnapshot.colour)
    )
    return {colour: n for colour, n in session.execute(query)}


def test_run_states_and_idempotence(session: Session, persona_notice: object) -> None:
    first = run_day(session, JULY_1)
    session.commit()
    states = snapshots(session, JULY_1)
    # task 3 (due 30 Jun 2023) is overdue for 市水利局 and for 市生态环境局 (cooperating)
    assert states[("3", "lead")] == ("overdue", "red")
    assert states[("2", "lead")][0] == "standing"  # 长期坚持
    assert first.colours["red"] >= 1 and first.evaluated == session.scalar(
        select(func.count(ScheduleSnapshot.id))
    )
    # first run: no earlier run to compare with, so one digest per officer and no change messages
    messages = inbox(session, "lead")
    (digest,) = messages
    counts = unit_colours(session, "lead", JULY_1)
    assert digest.category == "digest" and digest.day == JULY_1 and digest.link == "/dispatch?day=2023-07-01"
    assert digest.title == (
        f"今日调度提醒（2023-07-01）：红色{counts.get('red', 0)}项、黄色{counts.get('yellow', 0)}项、"
        f"蓝色{counts.get('blue', 0)}项"
    )
    assert "红色：" in digest.body and "逾期 1 天" in digest.body and "/tasks/" in digest.body
    count = session.scalar(select(func.count(InboxMessage.id)))
    assert count == first.notified

    again = run_day(session, JULY_1)
    session.commit()
    assert again.colours == first.colours and again.notified == 0
    assert snapshots(session, JULY_1) == states
    assert session.scalar(select(func.count(InboxMessage.id))) == count
    assert session.scalar(select(func.count(DispatchRun.id))) == 1


def test_changes_get_their_own_message_once(session: Session, persona_notice: object) -> None:
    june_30 = dt.date(2023, 6, 30)
    run_day(session, june_30)
    assert snapshots(session, june_30)[("3", "lead")][1] != "red"  # due today: not overdue yet
    result = run_day(session, JULY_1)
    session.commit()
    changes = [m for m in inbox(session, "lead") if m.category == "colour"]
    newly_red = [m for m in changes if m.title.startswith("新增红色：3 ")]
    assert len(newly_red) == 1 and newly_red[0].day == JULY_1 and "逾期 1 天" in newly_red[0].body
    assert newly_red[0].link is not None and newly_red[0].link.startswith("/tasks/")
    digests = [m for m in inbox(session, "lead") if m.category == "digest"]
    assert sorted(m.day for m in digests if m.day) == [june_30, JULY_1]
    count = session.scalar(select(func.count(InboxMessage.id)))
    july_1 = session.scalars(select(InboxMessage).where(InboxMessage.day == JULY_1)).all()
    assert result.notified == len(july_1) and {m.category for m in july_1} == {"digest", "colour"}
    assert run_day(session, JULY_1).notified == 0
    assert session.scalar(select(func.count(InboxMessage.id))) == count


def test_red_carried_to_next_day_without_new_change_message(session: Session, persona_notice: object) -> None:
    run_day(session, JULY_1)
    second = run_day(session, JULY_1 + dt.timedelta(days=1))
    session.commit()
    # the next day brings the day's digest only: nothing became red or yellow
    categories = {m.category for m in inbox(session, "lead") if m.day == JULY_1 + dt.timedelta(days=1)}
    assert categories == {"digest"} and second.notified == len(
        session.scalars(
            select(InboxMessage.id).where(InboxMessage.day == JULY_1 + dt.timedelta(days=1))
        ).all()
    )
    numbers = session.scalar(
        select(ScheduleSnapshot.numbers)
        .join(Assignment, ScheduleSnapshot.assignment_id == Assignment.id)
        .join(Task, Assignment.task_id == Task.id)
        .where(Task.number == "3", ScheduleSnapshot.day == JULY_1 + dt.timedelta(days=1))
        .limit(1)
    )
    assert numbers is not None and numbers["previous_colour"] == "red" and numbers["days_overdue"] == 2


def test_region_policy_changes_blue_window(session: Session, persona_notice: object) -> None:
    # task 1 is due 31 Oct 2023: 45 days before, blue only with a 60-day window (default 15)
    day = dt.date(2023, 9, 16)
    run_day(session, day)
    before = snapshots(session, day)[("1", "lead")]
    task1 = session.scalar(select(Task).where(Task.number == "1"))
    assert task1 is not None
    values = {"due_soon_days": 60, "report_interval_days": 400}
    session.add(WarningPolicyRow(region_id=task1.plan.region_id, values=values))
    session.flush()
    run_day(session, day)
    after = snapshots(session, day)[("1", "lead")]
    assert before[0] == "not_due" and after == ("due_soon", "blue")


def test_reports_after_the_run_day_do_not_count(session: Session, persona_notice: object) -> None:
    from envplan.ledger.models import ProgressReport

    assignment = session.scalar(
        select(Assignment).join(Task).join(User, User.unit_id == Assignment.unit_id)
        .where(Task.number == "1", User.username == "lead")
    )  # fmt: skip
    assert assignment is not None
    at = dt.datetime(2023, 8, 1, 2, tzinfo=dt.UTC)
    report = ProgressReport(assignment_id=assignment.id, period="2023-08", completion_percent=60.0,
                            progress="完成提标改造主体工程建设", reported_at=at)  # fmt: skip
    session.add(report)
    session.flush()
    for day, achieved in ((dt.date(2023, 7, 31), None), (dt.date(2023, 8, 1), 60.0)):
        run_day(session, day)
        numbers = session.scalar(
            select(ScheduleSnapshot.numbers).where(
                ScheduleSnapshot.assignment_id == assignment.id, ScheduleSnapshot.day == day
            )
        )
        assert numbers is not None and numbers["achieved_pct"] == achieved
