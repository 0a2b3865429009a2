"""Extension requests and close-outs of the ledger workflow, recorded as supervision actions.

The ledger workflow (:mod:`envplan.ledger.services.workflow`) moves an assignment through
延期申请 → 同意/不同意延期 and 提交完成 → 销号/退回, writing a :class:`StatusEvent` per step. So
that an assignment's supervision history is complete, each of those steps is also recorded here,
in the same flush (a session ``before_flush`` hook, whoever called the workflow):

=====================  =====================  ===========================
status event action    supervision action     action status after the step
=====================  =====================  ===========================
``request_extension``  ``extension`` (new)    requested (待审批)
``approve_extension``  ``extension``          approved (已批准)
``reject_extension``   ``extension``          rejected (未批准)
``submit``             ``close_out`` (new)    requested (待审批)
``close``              ``close_out``          approved (已批准)
``return``             ``close_out``          rejected (未批准)
=====================  =====================  ===========================

Each step adds an :class:`ActionEvent` linked to its status event (``status_event_id``). A decision
on a request made before this hook existed first records the request from its status event.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_models import (
    ACTION_LABELS,
    ActionCitation,
    ActionEvent,
    ActionKind,
    ActionStatus,
    SupervisionAction,
)
from envplan.ledger.models import Assignment, StatusEvent
from envplan.ledger.services.permissions import plan_region_id

REQUESTS = {"request_extension": ActionKind.EXTENSION, "submit": ActionKind.CLOSE_OUT}
DECISIONS = {
    "approve_extension": (ActionKind.EXTENSION, ActionStatus.APPROVED, "approved"),
    "reject_extension": (ActionKind.EXTENSION, ActionStatus.REJECTED, "rejected"),
    "close": (ActionKind.CLOSE_OUT, ActionStatus.APPROVED, "approved"),
    "return": (ActionKind.CLOSE_OUT, ActionStatus.REJECTED, "rejected"),
}
REQUEST_OF = {ActionKind.EXTENSION: "request_extension", ActionKind.CLOSE_OUT: "submit"}


def _record_workflow_steps(session: Session, flush_context: Any, instances: Any) -> None:
    steps = [
        obj
        for obj in session.new
        if isinstance(obj, StatusEvent) and (obj.action in REQUESTS or obj.action in DECISIONS)
    ]
    if not steps:
        return
    with session.no_autoflush:
        for step in steps:
            record_step(session, step)


def record_step(session: Session, step: StatusEvent) -> SupervisionAction | None:
    """Record one workflow status event as a supervision action step (see the module table)."""
    assignment = session.get(Assignment, step.assignment_id)
    if assignment is None:
        return None
    if step.action in REQUESTS:
        return _open_request(session, assignment, REQUESTS[step.action], step.reason, step.actor_id, step)
    kind, status, name = DECISIONS[step.action]
    action = open_request(session, assignment.id, kind) or _backfill_request(session, assignment, kind)
    old = action.status
    action.status = status
    action.events.append(_step_event(name, old, status, step.reason, step.actor_id, step))
    return action


def open_request(session: Session, assignment_id: int, kind: ActionKind) -> SupervisionAction | None:
    """The assignment's latest extension or close-out action still awaiting the bureau."""
    pending = [
        obj
        for obj in session.new
        if isinstance(obj, SupervisionAction) and obj.kind == kind and obj.status == ActionStatus.REQUESTED
        and any(c.assignment_id == assignment_id for c in obj.citations)
    ]  # fmt: skip
    if pending:
        return pending[-1]
    query = (
        select(SupervisionAction)
        .join(ActionCitation, ActionCitation.action_id == SupervisionAction.id)
        .where(
            ActionCitation.assignment_id == assignment_id,
            SupervisionAction.kind == kind,
            SupervisionAction.status == ActionStatus.REQUESTED,
        )
        .order_by(SupervisionAction.id.desc())
    )
    return session.scalars(query).first()


def _open_request(
    session: Session,
    assignment: Assignment,
    kind: ActionKind,
    reason: str | None,
    actor_id: int | None,
    step: StatusEvent | None,
) -> SupervisionAction:
    task = assignment.task
    unit = assignment.unit.name if assignment.unit is not None else ""
    title = f"{unit}{ACTION_LABELS[kind]}：{task.number} {task.title}".strip()
    facts = f"申请延期至{assignment.requested_due_date.isoformat()}" if assignment.requested_due_date else ""
    if kind == ActionKind.CLOSE_OUT:
        facts = "已完成，申请销号"
    action = SupervisionAction(
        kind=kind,
        status=ActionStatus.REQUESTED,
        title=title,
        body=reason or "",
        region_id=plan_region_id(assignment),
        recipient_unit_id=assignment.unit_id,
        requested_due=assignment.requested_due_date if kind == ActionKind.EXTENSION else None,
        created_by_id=actor_id,
        citations=[ActionCitation(assignment_id=assignment.id, facts=facts)],
    )
    session.add(action)
    action.events.append(_step_event("requested", None, ActionStatus.REQUESTED, reason, actor_id, step))
    return action


def _backfill_request(session: Session, assignment: Assignment, kind: ActionKind) -> SupervisionAction:
    """A request made before requests were recorded: record it from its own status event."""
    request = session.scalars(
        select(StatusEvent)
        .where(StatusEvent.assignment_id == assignment.id, StatusEvent.action == REQUEST_OF[kind])
        .order_by(StatusEvent.id.desc())
    ).first()
    if request is None:  # a request from before the workflow recorded one: a bare request
        return _open_request(session, assignment, kind, "", None, None)
    action = _open_request(session, assignment, kind, request.reason, request.actor_id, request)
    action.created_at = request.at
    return action


def _step_event(
    name: str,
    old: ActionStatus | None,
    new: ActionStatus,
    note: str | None,
    actor_id: int | None,
    step: StatusEvent | None,
) -> ActionEvent:
    return ActionEvent(
        event=name,
        old_status=old.value if old else None,
        new_status=new.value,
        note=note or "",
        actor_id=actor_id,
        status_event=step,
    )


event.listen(Session, "before_flush", _record_workflow_steps)
