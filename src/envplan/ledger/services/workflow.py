"""The status of an assignment and the transition table it moves through.

    未启动 ─start/report→ 推进中 ─submit→ 已完成(待审核) ─close→ 已销号
                            ▲  │                 │
                            │  └─request_extension→ 延期申请中 ─approve/reject_extension→ 推进中
                            └──────── return (退回) ────┘

Unit officers of the assignment's unit start, submit and ask for extensions; bureau staff of the
plan's region (or above) approve or reject extensions, return and close; administrators may do
everything; viewers nothing. Standing tasks (长期坚持) are never submitted, extended or closed:
they report periodically. Every change writes a :class:`StatusEvent` and an audit row in the same
transaction, and bumps the assignment's version (optimistic lock).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from envplan.ledger.errors import ConflictError, LedgerError, LedgerValidationError, NotFound, TransitionError
from envplan.ledger.models import STATUS_LABELS, Assignment, StatusEvent, User
from envplan.ledger.models import AssignmentStatus as S
from envplan.ledger.services.audit import record
from envplan.ledger.services.permissions import plan_region_id, require_bureau, require_unit_officer

Who = Literal["unit", "bureau"]


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the transition table."""

    action: str
    label: str
    sources: frozenset[S]
    target: S
    who: Who
    needs_reason: bool = False
    standing_allowed: bool = True


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("start", "开始推进", frozenset({S.NOT_STARTED}), S.IN_PROGRESS, "unit"),
        Transition("submit", "提交完成", frozenset({S.IN_PROGRESS}), S.PENDING_REVIEW, "unit",
                   standing_allowed=False),
        Transition("request_extension", "延期申请", frozenset({S.NOT_STARTED, S.IN_PROGRESS}),
                   S.EXTENSION_REQUESTED, "unit", needs_reason=True, standing_allowed=False),
        Transition("approve_extension", "同意延期", frozenset({S.EXTENSION_REQUESTED}), S.IN_PROGRESS,
                   "bureau"),
        Transition("reject_extension", "不同意延期", frozenset({S.EXTENSION_REQUESTED}), S.IN_PROGRESS,
                   "bureau", needs_reason=True),
        Transition("return", "退回", frozenset({S.PENDING_REVIEW}), S.IN_PROGRESS, "bureau",
                   needs_reason=True),
        Transition("close", "销号", frozenset({S.PENDING_REVIEW}), S.CLOSED, "bureau",
                   standing_allowed=False),
    )
}  # fmt: skip


def get_assignment(session: Session, assignment_id: int, *, for_update: bool = False) -> Assignment:
    """The assignment with this id; raises NotFound.

    ``for_update`` (write services): re-read it with ``SELECT … FOR UPDATE`` so that on PostgreSQL
    concurrent writers of one assignment queue instead of failing on the version check (SQLite
    queues writers by ``BEGIN IMMEDIATE`` in :func:`envplan.ledger.db.write_session`).
    """
    if for_update:
        try:
            assignment = session.get(Assignment, assignment_id, with_for_update=True, populate_existing=True)
        except StaleDataError as error:  # this session had read an older version
            raise ConflictError(
                f"assignment {assignment_id} was changed by someone else since it was read; reload"
            ) from error
    else:
        assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"assignment {assignment_id} does not exist")
    return assignment


def authorise(session: Session, actor: User, assignment: Assignment, transition: Transition) -> None:
    """PermissionDenied unless ``actor`` may perform ``transition`` on ``assignment``."""
    if transition.who == "unit":
        require_unit_officer(actor, assignment, transition.label)
    else:
        require_bureau(session, actor, plan_region_id(assignment), transition.label)


def check_version(assignment: Assignment, expected_version: int | None) -> None:
    """ConflictError when the caller read an older version than the stored one."""
    if expected_version is not None and expected_version != assignment.version:
        raise ConflictError(
            f"assignment {assignment.id} was changed by someone else (version {assignment.version}, "
            f"you had {expected_version}); reload and try again"
        )


def allowed_actions(session: Session, actor: User, assignment: Assignment) -> list[str]:
    """The actions ``actor`` may perform on ``assignment`` now (for the task page's buttons)."""
    actions = []
    for transition in TRANSITIONS.values():
        try:
            _check_transition(assignment, transition)
            authorise(session, actor, assignment, transition)
        except LedgerError:  # not allowed now, or not for this actor
            continue
        actions.append(transition.action)
    return actions


def _check_transition(assignment: Assignment, transition: Transition) -> None:
    if assignment.withdrawn:
        raise TransitionError(f"assignment {assignment.id} was withdrawn by a revised notice")
    if assignment.status not in transition.sources:
        raise TransitionError(
            f"{transition.label} is not allowed from {STATUS_LABELS[assignment.status]} "
            f"(assignment {assignment.id})"
        )
    if assignment.task.standing and not transition.standing_allowed:
        raise TransitionError(
            f"{transition.label}: task {assignment.task.number} is standing work (长期坚持); "
            "it reports periodically and is never submitted, extended or closed"
        )


def transition(
    session: Session,
    assignment_id: int,
    action: str,
    *,
    actor: User,
    reason: str = "",
    expected_version: int | None = None,
    new_due_date: dt.date | None = None,
) -> Assignment:
    """Perform ``action`` (a key of :data:`TRANSITIONS`) on an assignment, with its event and audit row."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise TransitionError(f"action: {action!r} is not one of {', '.join(TRANSITIONS)}")
    assignment = get_assignment(session, assignment_id, for_update=True)
    authorise(session, actor, assignment, rule)
    check_version(assignment, expected_version)
    _check_transition(assignment, rule)
    reason = reason.strip()
    if rule.needs_reason and not reason:
        raise LedgerValidationError(f"reason: {rule.label} needs a reason")
    _apply_dates(assignment, action, new_due_date)
    change_status(session, assignment, rule.target, action=action, actor=actor, reason=reason)
    return assignment


def _apply_dates(assignment: Assignment, action: str, new_due_date: dt.date | None) -> None:
    if action == "request_extension":
        if new_due_date is None:
            raise LedgerValidationError("new_due_date: an extension request needs the date asked for")
        if assignment.due_date is not None and new_due_date <= assignment.due_date:
            raise LedgerValidationError(
                f"new_due_date: {new_due_date} is not after the current deadline {assignment.due_date}"
            )
        assignment.requested_due_date = new_due_date
    elif action == "approve_extension":
        assignment.due_date = assignment.requested_due_date
        assignment.requested_due_date = None
    elif action == "reject_extension":
        assignment.requested_due_date = None


def change_status(
    session: Session, assignment: Assignment, new: S, *, action: str, actor: User | None, reason: str
) -> StatusEvent:
    """Set the status and add the event and audit rows; ConflictError on a concurrent change."""
    old = assignment.status
    assignment.status = new
    event = StatusEvent(
        assignment_id=assignment.id,
        action=action,
        old_status=old,
        new_status=new,
        reason=reason,
        actor_id=actor.id if actor is not None else None,
    )
    session.add(event)
    record(session, actor, f"assignment.{action}", "assignment", assignment.id,
           old=old.value, new=new.value, reason=reason)  # fmt: skip
    flush_or_conflict(session, assignment)
    return event


def flush_or_conflict(session: Session, assignment: Assignment) -> None:
    """Flush; a concurrent update of the same assignment becomes ConflictError."""
    assignment_id = assignment.id  # read now: after a failed flush the object is expired
    try:
        session.flush()
    except StaleDataError as error:
        raise ConflictError(
            f"assignment {assignment_id} was changed by someone else meanwhile; reload and try again"
        ) from error
    except OperationalError as error:  # SQLite: another writer holds the lock or moved the snapshot
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        raise ConflictError(f"assignment {assignment_id}: the database is busy; try again") from error


def start_assignment(
    session: Session, assignment_id: int, *, actor: User, expected_version: int | None = None
) -> Assignment:
    """未启动 → 推进中 (unit officer)."""
    return transition(session, assignment_id, "start", actor=actor, expected_version=expected_version)


def submit_assignment(
    session: Session,
    assignment_id: int,
    *,
    actor: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Assignment:
    """推进中 → 已完成(待审核) (unit officer)."""
    return transition(
        session, assignment_id, "submit", actor=actor, reason=reason, expected_version=expected_version
    )


def request_extension(
    session: Session,
    assignment_id: int,
    *,
    actor: User,
    new_due_date: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Assignment:
    """延期申请: → 延期申请中 with the date asked for (unit officer)."""
    return transition(session, assignment_id, "request_extension", actor=actor, reason=reason,
                      expected_version=expected_version, new_due_date=new_due_date)  # fmt: skip


def decide_extension(
    session: Session,
    assignment_id: int,
    *,
    actor: User,
    approve: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> Assignment:
    """Approve (the deadline moves) or reject (reason needed) an extension request (bureau staff)."""
    action = "approve_extension" if approve else "reject_extension"
    return transition(
        session, assignment_id, action, actor=actor, reason=reason, expected_version=expected_version
    )


def return_assignment(
    session: Session, assignment_id: int, *, actor: User, reason: str, expected_version: int | None = None
) -> Assignment:
    """退回: 已完成(待审核) → 推进中 with a reason (bureau staff)."""
    return transition(
        session, assignment_id, "return", actor=actor, reason=reason, expected_version=expected_version
    )


def close_assignment(
    session: Session,
    assignment_id: int,
    *,
    actor: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Assignment:
    """销号: 已完成(待审核) → 已销号 (bureau staff)."""
    return transition(
        session, assignment_id, "close", actor=actor, reason=reason, expected_version=expected_version
    )
