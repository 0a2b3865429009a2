"""Extension through the ledger workflow, seen by dispatch: approvals queue, then red held until caught up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.assessment.dispatch_views import approvals_queue
from envplan.ledger.dispatch_models import ScheduleSnapshot
from envplan.ledger.models import Assignment, ProgressReport, Task, User
from envplan.ledger.services.workflow import transition


def user(session: Session, name: str) -> User:
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def snapshot(session: Session, assignment_id: int, day: dt.date) -> ScheduleSnapshot:
    found = session.scalar(
        select(ScheduleSnapshot).where(
            ScheduleSnapshot.assignment_id == assignment_id, ScheduleSnapshot.day == day
        )
    )
    assert found is not None
    return found


def test_extension_queue_and_red_carry_over(session: Session, persona_notice: object) -> None:
    lead, bureau = user(session, "lead"), user(session, "bureau")
    target = session.scalar(
        select(Assignment).join(Task).where(Task.number == "3", Assignment.unit_id == lead.unit_id)
    )
    assert target is not None
    run_day(session, dt.date(2023, 7, 1))
    assert snapshot(session, target.id, dt.date(2023, 7, 1)).colour == "red"

    transition(
        session,
        target.id,
        "request_extension",
        actor=lead,
        reason="设备到货延迟",
        new_due_date=dt.date(2023, 12, 31),
    )
    queue = approvals_queue(session, bureau)
    assert [(i.assignment_id, i.kind, i.requested_due_date) for i in queue] == [
        (target.id, "extension", dt.date(2023, 12, 31))
    ]
    assert approvals_queue(session, lead) == []
    transition(session, target.id, "approve_extension", actor=bureau)

    # 2 Jul: no longer overdue (extended to 31 Dec) but nothing reported: stays red
    run_day(session, dt.date(2023, 7, 2))
    held = snapshot(session, target.id, dt.date(2023, 7, 2))
    assert (held.state, held.colour) == ("not_due", "red") and "差距尚未补齐（进度未报送）" in held.reason
    # 3 Jul, after a 60 % report: 184/365 = 50.4 % expected → gap −9.6 → yellow for the day
    at = dt.datetime(2023, 7, 2, 8, tzinfo=dt.UTC)
    session.add(ProgressReport(assignment_id=target.id, period="2023-07", completion_percent=60.0,
                               progress="设备已到货，完成安装调试的六成", reported_at=at))  # fmt: skip
    run_day(session, dt.date(2023, 7, 3))
    lifted = snapshot(session, target.id, dt.date(2023, 7, 3))
    assert lifted.colour == "yellow" and lifted.numbers["gap_pp"] == -9.6 and "降为黄色" in lifted.reason
    run_day(session, dt.date(2023, 7, 4))
    assert snapshot(session, target.id, dt.date(2023, 7, 4)).colour == "none"
