"""Supervision actions: a bureau issues a warning letter, the unit sees it, replies; the bureau closes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import run_day
from envplan.ledger.dispatch_models import ActionEvent, ActionKind, ActionStatus
from envplan.ledger.dispatch_services import close_action, inbox_for, mark_read, reply_action
from envplan.ledger.errors import LedgerValidationError, PermissionDenied, TransitionError
from envplan.ledger.models import Assignment, AuditEntry, Task, User
from envplan.reports.dispatch_issue import issue_letter
from envplan.reports.official_docx import docx_text

DAY = dt.date(2023, 7, 1)


def user(session: Session, name: str) -> User:
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def overdue_assignment(session: Session, officer: User) -> Assignment:
    """Task 3 (due 30 Jun 2023) as assigned to the officer's unit."""
    found = session.scalar(
        select(Assignment).join(Task).where(Task.number == "3", Assignment.unit_id == officer.unit_id)
    )
    assert found is not None
    return found


def test_warning_letter_issued_seen_replied_closed(session: Session, persona_notice: object) -> None:
    run_day(session, DAY)
    bureau, lead = user(session, "bureau"), user(session, "lead")
    target = overdue_assignment(session, lead)
    action = issue_letter(
        session, bureau, ActionKind.WARNING_LETTER, [target.id], DAY, cc=["吕梁市人民政府办公室"]
    )
    session.commit()
    assert action.doc_number == "吕环预警〔2023〕1号"
    assert action.status == ActionStatus.ISSUED
    assert [c.assignment_id for c in action.citations] == [target.id]
    assert "已逾期 1 天" in action.citations[0].facts
    text = docx_text(Document(io.BytesIO(action.docx or b"")))
    assert "吕梁市生态环境局：" in text and "抄送：吕梁市人民政府办公室。" in text
    assert action.pdf is not None and action.pdf.startswith(b"%PDF")

    (message,) = [m for m in inbox_for(session, lead) if m.category == "letter"]
    assert message.title.startswith("收到预警函（吕环预警〔2023〕1号）")
    assert [m for m in inbox_for(session, user(session, "cooperating")) if m.category == "letter"] == []
    mark_read(session, lead, message.id)
    assert message.id not in {m.id for m in inbox_for(session, lead, unread_only=True)}

    reply_action(session, lead, action.id, "已组织施工，预计7月15日前完成。")
    close_action(session, bureau, action.id, "整改到位")
    session.commit()
    events = session.scalars(select(ActionEvent.event).where(ActionEvent.action_id == action.id)).all()
    assert list(events) == ["issued", "replied", "closed"]
    audit = session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == action.id)).all()
    assert {"dispatch.warning_letter", "dispatch.replied", "dispatch.closed"} <= set(audit)

    second = issue_letter(session, bureau, ActionKind.WARNING_LETTER, [target.id], DAY)
    assert second.doc_number == "吕环预警〔2023〕2号"


def test_permissions_and_validation(session: Session, persona_notice: object) -> None:
    run_day(session, DAY)
    lead, outsider, viewer = user(session, "lead"), user(session, "outsider"), user(session, "viewer")
    target = overdue_assignment(session, lead)
    for actor in (outsider, viewer, lead):
        with pytest.raises(PermissionDenied):
            issue_letter(session, actor, ActionKind.WARNING_LETTER, [target.id], DAY)
    bureau = user(session, "bureau")
    with pytest.raises(LedgerValidationError, match="no schedule snapshot"):
        issue_letter(session, bureau, ActionKind.REMINDER, [target.id], DAY + dt.timedelta(days=5))
    action = issue_letter(session, bureau, ActionKind.SUPERVISION_NOTICE, [target.id], DAY)
    assert action.doc_number == "吕环督办〔2023〕1号"
    with pytest.raises(PermissionDenied):
        reply_action(session, user(session, "cooperating"), action.id, "回复")
    close_action(session, bureau, action.id)
    with pytest.raises(TransitionError):
        reply_action(session, lead, action.id, "回复")
