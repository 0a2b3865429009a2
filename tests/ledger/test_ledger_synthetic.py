"""The synthetic province generator at a small size: shape, consistency, sequences, determinism."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, Plan, ProgressReport, Region, StatusEvent, Task, User
from envplan.ledger.services.dashboard import dashboard
from envplan.ledger.services.users import authenticate
from envplan.ledger.synthetic import SYNTHETIC_PASSWORD, build_synthetic_province


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_small_synthetic_province(session: Session) -> None:
    summary = build_synthetic_province(session, seed=7, tasks_per_plan=2, reports=300)
    session.commit()
    assert summary.regions == 11 + 117
    assert (summary.plans, summary.tasks) == (128 * 4, 128 * 4 * 2)
    assert _count(session, Task) == summary.tasks and _count(session, Plan) == summary.plans
    assert _count(session, Assignment) == summary.assignments
    assert 2 * summary.tasks <= summary.assignments <= 3 * summary.tasks
    assert _count(session, ProgressReport) == 300
    assert _count(session, StatusEvent) == summary.events
    fictional = session.scalar(select(func.count()).select_from(Region).where(Region.code.startswith("S")))
    assert fictional == 117 - 15  # the 15 real seeded counties are used as they are
    closed_without_events = session.scalar(
        select(func.count()).select_from(Assignment)
        .where(Assignment.status == "closed", ~Assignment.id.in_(select(StatusEvent.assignment_id)))
    )  # fmt: skip
    assert closed_without_events == 0
    board = dashboard(session, today=dt.date(2023, 7, 1))
    assert board.total == summary.assignments and sum(board.by_status.values()) == summary.assignments
    officer = next(iter(summary.officers))
    assert authenticate(session, officer, SYNTHETIC_PASSWORD) is not None
    new_user = User(username="after", display_name="after", role="viewer", password_hash="$argon2id$x")
    session.add(new_user)
    session.flush()  # the id sequence was moved past the explicit ids (PostgreSQL)
    assert new_user.id > max(session.scalars(select(User.id).where(User.username != "after")))
