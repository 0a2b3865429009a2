"""A same-day re-run of the dispatch run updates that day's unread digest in place (SQLite and PostgreSQL).

The persona notice (tests/conftest.py): the lead officer's unit 吕梁市生态环境局 leads task 1 (due
2023-10-31) and task 4, is responsible for the standing task 2 and cooperates on task 3 (due
2023-06-30). On 2023-09-16 task 1 is 45 days from its deadline: blue only once the region's blue
window is widened from the default 15 days to 60 and reports are asked only every 400 days (without
a report it is yellow) — a policy change between two runs of the day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.ledger.dispatch_models import InboxMessage, ScheduleSnapshot, WarningPolicyRow
from envplan.ledger.dispatch_services import mark_read
from envplan.ledger.models import Assignment, Task, User

SEPT_16 = dt.date(2023, 9, 16)


def _lead(session: Session) -> User:
    user = session.scalar(select(User).where(User.username == "lead"))
    assert user is not None
    return user


def _digest(session: Session, user: User, day: dt.date) -> InboxMessage:
    (digest,) = session.scalars(
        select(InboxMessage).where(
            InboxMessage.user_id == user.id, InboxMessage.day == day, InboxMessage.category == "digest"
        )
    )
    return digest


def _message_count(session: Session) -> int:
    return session.scalar(select(func.count(InboxMessage.id))) or 0


def _relax_policy(session: Session) -> None:
    """The region's policy changed: a 60-day blue window, reports due only every 400 days."""
    task1 = session.scalar(select(Task).where(Task.number == "1"))
    assert task1 is not None
    values = {"due_soon_days": 60, "report_interval_days": 400}
    session.add(WarningPolicyRow(region_id=task1.plan.region_id, values=values))
    session.flush()


def _unit_counts(session: Session, user: User, day: dt.date) -> tuple[int, int, int]:
    """(red, yellow, blue) assignments of the user's unit in the day's snapshots."""
    query = (
        select(ScheduleSnapshot.colour, func.count())
        .join(Assignment, ScheduleSnapshot.assignment_id == Assignment.id)
        .where(ScheduleSnapshot.day == day, Assignment.unit_id == user.unit_id)
        .group_by(ScheduleSnapshot.colour)
    )
    found: dict[str, int] = {colour: n for colour, n in session.execute(query)}
    return found.get("red", 0), found.get("yellow", 0), found.get("blue", 0)


def _title(day: dt.date, red: int, yellow: int, blue: int) -> str:
    return f"今日调度提醒（{day.isoformat()}）：红色{red}项、黄色{yellow}项、蓝色{blue}项"


def test_rerun_after_a_policy_change_updates_the_unread_digest(
    session: Session, persona_notice: object
) -> None:
    lead = _lead(session)
    run_day(session, SEPT_16)
    session.commit()
    digest = _digest(session, lead, SEPT_16)
    before = (digest.id, digest.created_at, digest.dedupe_key, digest.title)
    assert digest.title == _title(SEPT_16, *_unit_counts(session, lead, SEPT_16))
    count = _message_count(session)

    _relax_policy(session)
    second = run_day(session, SEPT_16)
    session.commit()
    # task 1 is led by the lead's unit and shared with the cooperating officer's (市住建局): both
    # digests change; nothing became red or yellow, so no change message
    assert (second.notified, second.digests_updated) == (0, 2)
    counts = _unit_counts(session, lead, SEPT_16)
    assert counts[2] == 1  # task 1 is blue now
    updated = _digest(session, lead, SEPT_16)
    assert (updated.id, updated.created_at, updated.dedupe_key) == before[:3]
    assert updated.title == _title(SEPT_16, *counts) != before[3] and updated.read_at is None
    assert updated.body.startswith(updated.title + "。\n调度看板：/dispatch?day=2023-09-16")
    assert _message_count(session) == count

    third = run_day(session, SEPT_16)  # the same state again: nothing to do
    session.commit()
    assert (third.notified, third.digests_updated) == (0, 0)
    again = _digest(session, lead, SEPT_16)
    assert (again.title, again.body) == (updated.title, updated.body)
    assert _message_count(session) == count


def test_a_read_digest_is_never_rewritten(session: Session, persona_notice: object) -> None:
    lead = _lead(session)
    run_day(session, SEPT_16)
    digest = _digest(session, lead, SEPT_16)
    mark_read(session, lead, digest.id)
    session.commit()
    seen = (digest.title, digest.body, digest.read_at)
    count = _message_count(session)

    _relax_policy(session)
    result = run_day(session, SEPT_16)
    session.commit()
    assert (result.notified, result.digests_updated) == (0, 1)  # the cooperating officer's only
    kept = _digest(session, lead, SEPT_16)
    assert (kept.title, kept.body, kept.read_at) == seen and kept.title.endswith("蓝色0项")
    assert _unit_counts(session, lead, SEPT_16)[2] == 1  # the board has the new state
    cooperating = session.scalar(select(User).where(User.username == "cooperating"))
    assert cooperating is not None
    other = _digest(session, cooperating, SEPT_16)
    assert other.read_at is None and other.title == _title(
        SEPT_16, *_unit_counts(session, cooperating, SEPT_16)
    )
    assert _message_count(session) == count


def test_a_unit_with_nothing_coloured_any_more_gets_zero_counts(
    session: Session, persona_notice: object
) -> None:
    lead = _lead(session)
    july_1 = dt.date(2023, 7, 1)
    run_day(session, july_1)
    session.commit()
    assert "红色：" in _digest(session, lead, july_1).body  # task 3 is overdue
    session.execute(update(Assignment).where(Assignment.unit_id == lead.unit_id).values(withdrawn=True))
    session.flush()
    result = run_day(session, july_1)
    session.commit()
    assert (result.notified, result.digests_updated) == (0, 1)
    digest = _digest(session, lead, july_1)
    assert digest.title == _title(july_1, 0, 0, 0)
    lines = [
        f"{_title(july_1, 0, 0, 0)}。",
        "调度看板：/dispatch?day=2023-07-01",
        "本单位今日没有红色、黄色或蓝色任务。",
    ]
    assert digest.body == "\n".join(lines)
    assert run_day(session, july_1).digests_updated == 0


def test_an_updated_digest_keeps_its_email_state(session: Session, persona_notice: object) -> None:
    lead = _lead(session)
    run_day(session, SEPT_16)
    digest = _digest(session, lead, SEPT_16)
    emailed = dt.datetime(2023, 9, 16, 0, 5, tzinfo=dt.UTC)
    digest.emailed_at = emailed
    session.commit()
    _relax_policy(session)
    assert run_day(session, SEPT_16).digests_updated == 2  # the lead's and the cooperating officer's
    session.commit()
    updated = _digest(session, lead, SEPT_16)
    assert updated.title == _title(SEPT_16, *_unit_counts(session, lead, SEPT_16))
    assert updated.emailed_at == emailed  # not e-mailed a second time
