"""Extension requests and close-outs through the ledger workflow are recorded as supervision actions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_models import ActionKind, ActionStatus, SupervisionAction
from envplan.ledger.dispatch_services import assignment_history
from envplan.ledger.models import Assignment, AssignmentStatus, StatusEvent, Task, User
from envplan.ledger.services.workflow import transition


def user(session: Session, name: str) -> User:
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def assignment_of(session: Session, number: str, officer: User) -> Assignment:
    found = session.scalar(
        select(Assignment).join(Task).where(Task.number == number, Assignment.unit_id == officer.unit_id)
    )
    assert found is not None
    return found


def steps(action: SupervisionAction) -> list[tuple[str, str, str | None]]:
    """(event, new status, workflow action of the linked status event) of each step."""
    return [(e.event, e.new_status, e.status_event.action if e.status_event else None) for e in action.events]


def test_extension_requested_then_rejected_then_approved(session: Session, persona_notice: object) -> None:
    lead, bureau = user(session, "lead"), user(session, "bureau")
    target = assignment_of(session, "3", lead)
    transition(session, target.id, "request_extension", actor=lead, reason="设备到货延迟",
               new_due_date=dt.date(2023, 12, 31))  # fmt: skip
    (asked,) = assignment_history(session, bureau, target.id)
    assert (asked.kind, asked.status, asked.requested_due) == (
        ActionKind.EXTENSION, ActionStatus.REQUESTED, dt.date(2023, 12, 31)
    )  # fmt: skip
    assert asked.body == "设备到货延迟" and asked.created_by_id == lead.id
    assert asked.recipient_unit_id == lead.unit_id and asked.region_id is not None
    assert asked.citations[0].facts == "申请延期至2023-12-31"
    transition(session, target.id, "reject_extension", actor=bureau, reason="理由不充分")
    transition(session, target.id, "request_extension", actor=lead, reason="已补充到货证明",
               new_due_date=dt.date(2023, 10, 31))  # fmt: skip
    transition(session, target.id, "approve_extension", actor=bureau)
    session.commit()
    first, second = assignment_history(session, lead, target.id)
    assert first.status == ActionStatus.REJECTED and steps(first) == [
        ("requested", "requested", "request_extension"),
        ("rejected", "rejected", "reject_extension"),
    ]
    assert first.events[1].note == "理由不充分" and first.events[1].actor_id == bureau.id
    assert second.status == ActionStatus.APPROVED and steps(second) == [
        ("requested", "requested", "request_extension"),
        ("approved", "approved", "approve_extension"),
    ]
    # every workflow event of the assignment is linked from exactly one action step
    linked = sorted(e.status_event_id for a in (first, second) for e in a.events)
    events = session.scalars(select(StatusEvent.id).where(StatusEvent.assignment_id == target.id))
    assert linked == sorted(events)
    assert target.due_date == dt.date(2023, 10, 31)


def test_close_out_returned_then_closed(session: Session, persona_notice: object) -> None:
    lead, bureau = user(session, "lead"), user(session, "bureau")
    target = assignment_of(session, "1", lead)
    transition(session, target.id, "start", actor=lead)
    transition(session, target.id, "submit", actor=lead, reason="提标改造完成")
    transition(session, target.id, "return", actor=bureau, reason="缺少验收报告")
    transition(session, target.id, "submit", actor=lead, reason="已补验收报告")
    transition(session, target.id, "close", actor=bureau)
    session.commit()
    returned, closed = assignment_history(session, bureau, target.id)
    assert (returned.kind, returned.status) == (ActionKind.CLOSE_OUT, ActionStatus.REJECTED)
    assert steps(returned) == [("requested", "requested", "submit"), ("rejected", "rejected", "return")]
    assert (closed.kind, closed.status, closed.title) == (
        ActionKind.CLOSE_OUT, ActionStatus.APPROVED, f"{target.unit.name}销号申请：1 {target.task.title}"
    )  # fmt: skip
    assert steps(closed) == [("requested", "requested", "submit"), ("approved", "approved", "close")]
    # another unit's officer does not see this unit's requests
    assert assignment_history(session, user(session, "outsider"), target.id) == []


def test_decision_on_an_unrecorded_request_records_it_first(session: Session, persona_notice: object) -> None:
    lead, bureau = user(session, "lead"), user(session, "bureau")
    target = assignment_of(session, "3", lead)
    # a request written before requests were recorded (bypassing the ORM, so no action)
    session.execute(insert(StatusEvent).values(
        assignment_id=target.id, action="request_extension", old_status=AssignmentStatus.NOT_STARTED,
        new_status=AssignmentStatus.EXTENSION_REQUESTED, reason="汛期施工受阻", actor_id=lead.id,
        at=dt.datetime(2023, 6, 20, 9, tzinfo=dt.UTC)))  # fmt: skip
    session.execute(update(Assignment).where(Assignment.id == target.id).values(
        status=AssignmentStatus.EXTENSION_REQUESTED, requested_due_date=dt.date(2023, 9, 30)))  # fmt: skip
    session.expire_all()
    assert assignment_history(session, bureau, target.id) == []
    transition(session, target.id, "approve_extension", actor=bureau)
    session.commit()
    (action,) = assignment_history(session, bureau, target.id)
    assert action.status == ActionStatus.APPROVED and action.body == "汛期施工受阻"
    assert steps(action) == [
        ("requested", "requested", "request_extension"),
        ("approved", "approved", "approve_extension"),
    ]
    assert action.created_at.replace(tzinfo=None) == dt.datetime(2023, 6, 20, 9)
