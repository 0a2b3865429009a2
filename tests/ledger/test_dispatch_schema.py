"""The dispatch Alembic branch: its own head, its tables, append-only action events."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from envplan.ledger.db import current_heads
from envplan.ledger.dispatch_models import ActionEvent, ActionKind, ActionStatus, SupervisionAction
from envplan.ledger.models import AppendOnlyViolation


def test_dispatch_head_and_tables(engine: Engine) -> None:
    assert "dispatch0004" in current_heads(engine)
    tables = set(inspect(engine).get_table_names())
    assert {
        "supervision_actions",
        "action_events",
        "schedule_snapshots",
        "inbox_messages",
        "cascade_links",
    } <= tables


def test_action_events_are_append_only(session: Session) -> None:
    action = SupervisionAction(kind=ActionKind.REMINDER, status=ActionStatus.ISSUED, title="催办")
    session.add(action)
    session.flush()
    event = ActionEvent(action_id=action.id, event="issued", new_status="issued")
    session.add(event)
    session.commit()
    event.note = "changed"
    with pytest.raises(AppendOnlyViolation):
        session.flush()
    session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        session.connection().exec_driver_sql(f"UPDATE action_events SET note = 'x' WHERE id = {event.id}")
    session.rollback()
