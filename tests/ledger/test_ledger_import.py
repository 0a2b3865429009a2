"""import_notice / preview_import / apply_import on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from conftest import make_persona_notice
from envplan.documents.model import ParsedNotice
from envplan.ledger.errors import ImportFailed, PermissionDenied
from envplan.ledger.models import Assignment, AuditEntry, Document, Plan, Project, Task, Unit, User
from envplan.ledger.services.importing import RevisionNeedsReview, apply_import, import_notice, preview_import
from envplan.ledger.services.workflow import start_assignment

TABLES = (Document, Plan, Task, Assignment, Project, Unit)


def _counts(session: Session) -> dict[str, int]:
    return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in TABLES}


def _assignments(session: Session, number: str) -> list[tuple[str, str, bool]]:
    rows = session.execute(
        select(Unit.name, Assignment.role, Assignment.withdrawn)
        .join(Assignment.unit)
        .join(Assignment.task)
        .where(Task.number == number)
        .order_by(Unit.name, Assignment.role)
    )
    return [(name, str(role), withdrawn) for name, role, withdrawn in rows]


def test_import_creates_plans_tasks_units_and_projects(session: Session, persona_notice: Any) -> None:
    assert persona_notice.status == "created"
    assert (persona_notice.plans, persona_notice.tasks, persona_notice.projects) == (1, 4, 1)
    # task 1: 2, task 2: 1, task 3: 2, task 4: 1 assignments
    assert persona_notice.assignments == 6
    assert _assignments(session, "1") == [
        ("吕梁市住建局", "cooperating", False),
        ("吕梁市生态环境局", "lead", False),
    ]
    task1 = session.scalars(select(Task).where(Task.number == "1")).one()
    assert task1.due_date == dt.date(2023, 10, 31) and not task1.standing
    assert task1.clauses[0]["units_text"] == "市生态环境局牵头，市住建局配合"
    task2 = session.scalars(select(Task).where(Task.number == "2")).one()
    assert task2.standing and task2.due_date is None
    assert [m.text for m in task2.milestones] == ["长期坚持"]
    project = session.scalars(select(Project)).one()
    assert project.unit is not None and project.unit.name == "吕梁市住建局"
    assert project.due_text == "2023年10月"
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "document.created")).one()
    assert audit.details["tasks"] == 4


def test_reimporting_the_same_notice_changes_nothing(session: Session, persona_notice: Any) -> None:
    before = _counts(session)
    notice = make_persona_notice()
    assert isinstance(notice, ParsedNotice)
    notice.document.source = "same-notice-other-file-name.docx"
    assert preview_import(session, notice).status == "unchanged"
    result = import_notice(session, notice, actor=None)
    assert (result.status, result.document_id) == ("unchanged", persona_notice.document_id)
    assert (result.plans, result.tasks, result.assignments) == (1, 4, 6)  # what the stored document holds
    assert _counts(session) == before


def test_revision_is_previewed_and_refused_until_applied(session: Session, persona_notice: Any) -> None:
    revised = make_persona_notice(revised=True)
    assert isinstance(revised, ParsedNotice)
    diff = preview_import(session, revised)
    assert diff.status == "revision" and diff.previous_document_id == persona_notice.document_id
    assert [c.number for c in diff.tasks_added] == ["5"]
    assert [c.number for c in diff.tasks_removed] == ["4"]
    assert [c.number for c in diff.tasks_reworded] == ["1", "3"]
    assert [(c.number, c.old, c.new) for c in diff.deadlines_changed] == [("3", "2023-06-30", "2023-09-30")]
    (units,) = diff.units_changed
    assert units.number == "1"
    assert units.old == "吕梁市住建局（配合）、吕梁市生态环境局（牵头）"
    assert units.new == "吕梁市城市管理局（配合）、吕梁市生态环境局（牵头）"
    before = _counts(session)
    with pytest.raises(RevisionNeedsReview) as refused:
        import_notice(session, revised, actor=None)
    assert refused.value.diff.changes == diff.changes
    assert _counts(session) == before


def test_applying_a_revision_keeps_status_and_withdraws_what_was_dropped(
    session: Session, persona_notice: Any, lead_officer: User
) -> None:
    lead = session.scalars(
        select(Assignment).join(Assignment.task).where(Task.number == "1", Assignment.role == "lead")
    ).one()
    start_assignment(session, lead.id, actor=lead_officer)
    session.commit()
    result = apply_import(session, make_persona_notice(revised=True), actor=None)  # type: ignore[arg-type]
    session.commit()
    assert result.status == "revised" and result.tasks == 4
    assert lead.status == "in_progress" and len(lead.events) == 1  # kept, with its history
    assert _assignments(session, "1") == [
        ("吕梁市住建局", "cooperating", True),
        ("吕梁市城市管理局", "cooperating", False),
        ("吕梁市生态环境局", "lead", False),
    ]
    task4 = session.scalars(select(Task).where(Task.number == "4")).one()
    assert task4.withdrawn
    task3 = session.scalars(select(Task).where(Task.number == "3")).one()
    assert task3.due_date == dt.date(2023, 9, 30)
    assert {
        a.due_date for a in session.scalars(select(Assignment).where(Assignment.task_id == task3.id))
    } == {dt.date(2023, 9, 30)}
    assert session.get_one(Document, result.document_id).revision == 2
    assert apply_import(session, make_persona_notice(revised=True), actor=None).status == "unchanged"  # type: ignore[arg-type]


def test_a_failing_import_leaves_nothing(session: Session, administrator: User) -> None:
    notice = make_persona_notice()
    assert isinstance(notice, ParsedNotice)
    broken_task = dataclasses.replace(notice.plans[0].tasks[1], title=None)  # type: ignore[arg-type]
    notice.plans[0].tasks.append(dataclasses.replace(broken_task, number="9"))
    before = _counts(session)
    with pytest.raises(ImportFailed, match="nothing was written"):
        import_notice(session, notice, actor=administrator)
    session.commit()
    assert _counts(session) == before


def test_unknown_region_is_a_clear_error(session: Session) -> None:
    notice = make_persona_notice()
    assert isinstance(notice, ParsedNotice)
    notice.document.region = None
    notice.plans[0].region = "火星市"
    with pytest.raises(ImportFailed, match="no known region"):
        import_notice(session, notice, actor=None)
    with pytest.raises(ImportFailed, match="火星市"):
        import_notice(session, notice, actor=None, region="火星市")


def test_only_administrators_and_bureau_staff_of_the_region_import(
    session: Session,
    administrator: User,
    bureau_staff: User,
    lead_officer: User,
    outsider_officer: User,
    viewer: User,
) -> None:
    for actor in (lead_officer, outsider_officer, viewer):
        with pytest.raises(PermissionDenied):
            import_notice(session, make_persona_notice(), actor=actor)  # type: ignore[arg-type]
    assert _counts(session)["documents"] == 0
    assert import_notice(session, make_persona_notice(), actor=bureau_staff).status == "created"  # type: ignore[arg-type]
    other = make_persona_notice()
    assert isinstance(other, ParsedNotice)
    other.document.doc_number, other.document.region, other.plans[0].region = (
        "新政办测1号",
        "新绛县",
        "新绛县",
    )
    with pytest.raises(PermissionDenied):
        import_notice(session, other, actor=bureau_staff)
    assert import_notice(session, other, actor=administrator).status == "created"


def test_a_notice_without_plans_is_refused(session: Session) -> None:
    notice = make_persona_notice()
    assert isinstance(notice, ParsedNotice)
    notice.plans = []
    with pytest.raises(ImportFailed, match=r"persona-notice\.txt: no plan was found"):
        import_notice(session, notice, actor=None)
    assert _counts(session)["documents"] == 0
