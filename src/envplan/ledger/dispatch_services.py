"""Dispatch services: supervision actions, their events, the inbox. Authorised and audited.

Bureau staff of the region of the cited assignments' plans (or administrators) issue reminders,
letters and notices, record interviews and listings, and close actions; officers of the recipient
unit reply. Every write adds an :class:`ActionEvent` (append-only) and an audit row in the caller's
transaction; issuing notifies the recipient unit's officers in their inbox (once per action).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_models import (
    ACTION_LABELS,
    ActionCitation,
    ActionEvent,
    ActionKind,
    ActionStatus,
    InboxMessage,
    LetterSerial,
    SupervisionAction,
)
from envplan.ledger.errors import LedgerValidationError, NotFound, PermissionDenied, TransitionError
from envplan.ledger.models import Assignment, Task, Unit, User, UserRole, utcnow
from envplan.ledger.services.audit import record
from envplan.ledger.services.permissions import plan_region_id, require_bureau

ISSUED_KINDS = (
    ActionKind.REMINDER,
    ActionKind.WARNING_LETTER,
    ActionKind.SUPERVISION_NOTICE,
    ActionKind.INTERVIEW,
    ActionKind.LISTING,
)


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """What a bureau user issues: kind, recipient, cited assignments with facts, the letter itself."""

    kind: ActionKind
    recipient_unit_id: int
    citations: Sequence[tuple[int, str]]  # (assignment id, facts)
    title: str
    body: str = ""
    doc_number: str | None = None
    reply_by: dt.date | None = None
    as_of: dt.date | None = None
    docx: bytes | None = None
    pdf: bytes | None = None


def next_serial(session: Session, prefix: str, year: int) -> int:
    """Reserve the next serial number of ``prefix`` in ``year`` (清环预警〔2023〕N号)."""
    row = session.scalar(select(LetterSerial).where(LetterSerial.prefix == prefix, LetterSerial.year == year))
    if row is None:
        row = LetterSerial(prefix=prefix, year=year, last=0)
        session.add(row)
    row.last += 1
    session.flush()
    return row.last


def _cited_assignments(session: Session, draft: ActionDraft) -> list[Assignment]:
    if not draft.citations:
        raise LedgerValidationError("citations: an action must cite at least one assignment")
    ids = [assignment_id for assignment_id, _ in draft.citations]
    found = {a.id: a for a in session.scalars(select(Assignment).where(Assignment.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"assignment(s) {', '.join(map(str, missing))} not found")
    wrong_unit = [i for i in ids if found[i].unit_id != draft.recipient_unit_id]
    if wrong_unit:
        raise LedgerValidationError(
            f"citations: assignment(s) {', '.join(map(str, wrong_unit))} do not belong to the recipient unit"
        )
    return [found[i] for i in ids]


def issue_action(session: Session, actor: User, draft: ActionDraft) -> SupervisionAction:
    """Issue a reminder, letter, notice, interview or listing against the cited assignments."""
    if draft.kind not in ISSUED_KINDS:
        raise LedgerValidationError(f"kind: {draft.kind} is not issued by the bureau")
    assignments = _cited_assignments(session, draft)
    regions = {plan_region_id(a) for a in assignments}
    for region_id in regions:
        require_bureau(session, actor, region_id, f"issue a {ACTION_LABELS[draft.kind]}")
    action = SupervisionAction(
        kind=draft.kind,
        status=ActionStatus.ISSUED,
        doc_number=draft.doc_number,
        title=draft.title,
        body=draft.body,
        region_id=next(iter(regions)) if len(regions) == 1 else None,
        issuer_unit_id=actor.unit_id,
        recipient_unit_id=draft.recipient_unit_id,
        reply_by=draft.reply_by,
        as_of=draft.as_of,
        created_by_id=actor.id,
        docx=draft.docx,
        pdf=draft.pdf,
        citations=[ActionCitation(assignment_id=i, facts=facts) for i, facts in draft.citations],
    )
    session.add(action)
    session.flush()
    _event(session, action, actor, "issued", None, ActionStatus.ISSUED, draft.title)
    record(session, actor, f"dispatch.{draft.kind.value}", "supervision_action", action.id,
           doc_number=draft.doc_number, recipient_unit_id=draft.recipient_unit_id,
           assignments=[a.id for a in assignments])  # fmt: skip
    _notify_unit(session, action)
    return action


def _event(
    session: Session,
    action: SupervisionAction,
    actor: User | None,
    name: str,
    old: ActionStatus | None,
    new: ActionStatus,
    note: str = "",
) -> None:
    session.add(
        ActionEvent(
            action_id=action.id,
            event=name,
            old_status=old.value if old else None,
            new_status=new.value,
            note=note,
            actor_id=actor.id if actor else None,
        )
    )


def _notify_unit(session: Session, action: SupervisionAction) -> None:
    officers = session.scalars(
        select(User).where(
            User.unit_id == action.recipient_unit_id,
            User.role == UserRole.UNIT_OFFICER,
            User.active.is_(True),
        )
    )
    label = ACTION_LABELS[action.kind]
    number = f"（{action.doc_number}）" if action.doc_number else ""
    for officer in officers:
        session.add(
            InboxMessage(
                user_id=officer.id,
                action_id=action.id,
                category="letter",
                title=f"收到{label}{number}：{action.title}",
                body=action.body[:500],
                dedupe_key=f"action:{action.id}",
            )
        )
    session.flush()


def get_action(session: Session, action_id: int) -> SupervisionAction:
    action = session.get(SupervisionAction, action_id)
    if action is None:
        raise NotFound(f"supervision action {action_id} not found")
    return action


def can_view_action(actor: User, action: SupervisionAction) -> bool:
    """Administrators, bureau staff, and users of the recipient unit."""
    if actor.role in (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF):
        return True
    return actor.unit_id is not None and actor.unit_id == action.recipient_unit_id


def reply_action(session: Session, actor: User, action_id: int, note: str) -> SupervisionAction:
    """The recipient unit's officer replies (整改情况) to an issued action."""
    action = get_action(session, action_id)
    if actor.role != UserRole.UNIT_OFFICER or actor.unit_id != action.recipient_unit_id:
        raise PermissionDenied(f"{actor.username} may not reply to action {action_id}: recipient unit only")
    if action.status != ActionStatus.ISSUED:
        raise TransitionError(f"action {action_id} is {action.status_label}: cannot reply")
    if not note.strip():
        raise LedgerValidationError("note: the reply (整改情况) is required")
    _set_status(session, actor, action, ActionStatus.REPLIED, "replied", note.strip())
    return action


def close_action(session: Session, actor: User, action_id: int, note: str = "") -> SupervisionAction:
    """The bureau closes (办结 / 摘牌) an issued or replied action."""
    action = get_action(session, action_id)
    require_bureau(session, actor, action.region_id, "close a supervision action")
    if action.status not in (ActionStatus.ISSUED, ActionStatus.REPLIED):
        raise TransitionError(f"action {action_id} is {action.status_label}: cannot close")
    _set_status(session, actor, action, ActionStatus.CLOSED, "closed", note)
    return action


def _set_status(
    session: Session, actor: User, action: SupervisionAction, new: ActionStatus, name: str, note: str
) -> None:
    old = action.status
    action.status = new
    _event(session, action, actor, name, old, new, note)
    record(session, actor, f"dispatch.{name}", "supervision_action", action.id, old=old.value, new=new.value)
    session.flush()


def actions_for(session: Session, actor: User, limit: int = 200) -> list[SupervisionAction]:
    """Actions the actor may see, newest first."""
    query = select(SupervisionAction).order_by(SupervisionAction.id.desc()).limit(limit)
    if actor.role not in (UserRole.ADMINISTRATOR, UserRole.BUREAU_STAFF):
        query = query.where(SupervisionAction.recipient_unit_id == actor.unit_id)
    return list(session.scalars(query))


def assignment_history(session: Session, actor: User, assignment_id: int) -> list[SupervisionAction]:
    """Every supervision action citing an assignment (letters, interviews, listings, extension
    requests and close-outs with their events), oldest first; only those the actor may see."""
    query = (
        select(SupervisionAction)
        .join(ActionCitation, ActionCitation.action_id == SupervisionAction.id)
        .where(ActionCitation.assignment_id == assignment_id)
        .order_by(SupervisionAction.id)
    )
    return [a for a in session.scalars(query) if can_view_action(actor, a)]


def inbox_for(session: Session, user: User, unread_only: bool = False) -> list[InboxMessage]:
    """The user's inbox, newest first."""
    query = select(InboxMessage).where(InboxMessage.user_id == user.id)
    if unread_only:
        query = query.where(InboxMessage.read_at.is_(None))
    return list(session.scalars(query.order_by(InboxMessage.id.desc())))


def mark_read(session: Session, user: User, message_id: int) -> InboxMessage:
    """Mark one of the user's own messages read."""
    message = session.get(InboxMessage, message_id)
    if message is None or message.user_id != user.id:
        raise NotFound(f"message {message_id} not found")
    message.read_at = message.read_at or utcnow()
    session.flush()
    return message


def assignment_label(session: Session, assignment_id: int) -> tuple[str, str, str]:
    """(plan title, task number, task title) of an assignment."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"assignment {assignment_id} not found")
    task: Task = assignment.task
    return task.plan.title, task.number, task.title


def unit_name(session: Session, unit_id: int) -> str:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"unit {unit_id} not found")
    return unit.name
