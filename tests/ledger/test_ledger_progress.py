"""report_progress: validation, status move on the first report, evidence files, permissions."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import ConflictError, LedgerValidationError, PermissionDenied, TransitionError
from envplan.ledger.models import Assignment, AssignmentStatus, StatusEvent, Task, User
from envplan.ledger.services.progress import (
    EvidenceUpload,
    ProgressForm,
    evidence_path,
    report_progress,
    reporting_period,
)
from envplan.ledger.services.workflow import transition
from envplan.settings import Settings

FORM = ProgressForm(
    "2023-05", 40, "已完成设备招标", "资金未到位", "财政拨付滞后", "6月完成安装", "协调财政局"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", upload_max_bytes=1000)


def _assignment(session: Session, number: str, role: str) -> Assignment:
    return session.scalars(
        select(Assignment).join(Assignment.task).where(Task.number == number, Assignment.role == role)
    ).one()


def test_first_report_moves_not_started_to_in_progress_with_an_event(
    session: Session, persona_notice: Any, lead_officer: User, settings: Settings
) -> None:
    assignment = _assignment(session, "1", "lead")
    report = report_progress(session, assignment.id, FORM, lead_officer, settings=settings)
    session.commit()
    assert (report.period, report.completion_percent, report.coordination) == ("2023-05", 40.0, "协调财政局")
    assert assignment.status == AssignmentStatus.IN_PROGRESS and assignment.completion_percent == 40.0
    (event,) = session.scalars(select(StatusEvent).where(StatusEvent.assignment_id == assignment.id))
    assert (event.action, event.old_status, event.new_status) == ("report", "not_started", "in_progress")
    report_progress(session, assignment.id, ProgressForm("2023-06", 60, "安装完成一半"), lead_officer,
                    settings=settings)  # fmt: skip
    assert (
        len(session.scalars(select(StatusEvent).where(StatusEvent.assignment_id == assignment.id)).all()) == 1
    )
    assert assignment.completion_percent == 60.0


def test_evidence_is_stored_under_the_data_dir_by_hash(
    session: Session, persona_notice: Any, lead_officer: User, settings: Settings
) -> None:
    content = "验收报告".encode()
    upload = EvidenceUpload("../../etc/验收报告.pdf", content, "application/pdf")
    report = report_progress(session, _assignment(session, "1", "lead").id, FORM, lead_officer,
                             evidence=[upload], settings=settings)  # fmt: skip
    (evidence,) = report.evidence
    digest = hashlib.sha256(content).hexdigest()
    assert (evidence.filename, evidence.sha256, evidence.size) == ("验收报告.pdf", digest, len(content))
    path = evidence_path(evidence, settings)
    assert path == settings.data_dir / "evidence" / digest[:2] / digest
    assert path.read_bytes() == content
    too_big = EvidenceUpload("big.bin", b"x" * 1001)
    with pytest.raises(LedgerValidationError, match="over the limit of 1000"):
        report_progress(session, _assignment(session, "1", "lead").id, FORM, lead_officer, evidence=[too_big],
                        settings=settings)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period", "2023年5月", "period"),
        ("period", "2023-13", "period"),
        ("completion_percent", 100.5, "completion_percent"),
        ("completion_percent", -0.1, "completion_percent"),
        ("completion_percent", float("nan"), "completion_percent"),
        ("progress", "  ", "progress"),
    ],
)
def test_bad_forms_name_the_field(
    session: Session, persona_notice: Any, lead_officer: User, settings: Settings, field: str, value: object,
    message: str,
) -> None:  # fmt: skip
    form = dataclasses.replace(FORM, **{field: value})
    assignment = _assignment(session, "1", "lead")
    with pytest.raises(LedgerValidationError, match=message):
        report_progress(session, assignment.id, form, lead_officer, settings=settings)
    assert assignment.status == AssignmentStatus.NOT_STARTED and assignment.reports == []


@pytest.mark.parametrize("period", ["2023", "2023-05", "2023-Q2", "2023-W07", "2023-05-31"])
def test_accepted_periods(session: Session, persona_notice: Any, lead_officer: User, settings: Settings,
                          period: str) -> None:  # fmt: skip
    form = ProgressForm(period, 0, "已部署")
    assert report_progress(session, _assignment(session, "1", "lead").id, form, lead_officer,
                           settings=settings).period == period  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("administrator", True), ("lead_officer", True), ("cooperating_officer", False),
     ("outsider_officer", False), ("viewer", False), ("bureau_staff", False)],
)  # fmt: skip
def test_who_may_report_on_the_lead_assignment(
    request: pytest.FixtureRequest, session: Session, persona_notice: Any, settings: Settings, persona: str,
    allowed: bool,
) -> None:  # fmt: skip
    actor = request.getfixturevalue(persona)
    assignment = _assignment(session, "1", "lead")
    if allowed:
        report_progress(session, assignment.id, FORM, actor, settings=settings)
        assert len(assignment.reports) == 1
    else:
        with pytest.raises(PermissionDenied):
            report_progress(session, assignment.id, FORM, actor, settings=settings)
        assert assignment.reports == []


def test_no_reports_once_submitted_or_closed(
    session: Session, persona_notice: Any, lead_officer: User, settings: Settings
) -> None:
    assignment = _assignment(session, "1", "lead")
    for action in ("start", "submit"):
        transition(session, assignment.id, action, actor=lead_officer)
    with pytest.raises(TransitionError, match="已完成"):
        report_progress(session, assignment.id, FORM, lead_officer, settings=settings)


def test_standing_tasks_report_periodically(
    session: Session, persona_notice: Any, lead_officer: User, settings: Settings
) -> None:
    standing = _assignment(session, "2", "responsible")
    for month in ("2023-04", "2023-05", "2023-06"):
        report_progress(session, standing.id, ProgressForm(month, 100, "按月调度通报"), lead_officer,
                        settings=settings)  # fmt: skip
    assert [r.period for r in standing.reports] == ["2023-04", "2023-05", "2023-06"]
    assert standing.status == AssignmentStatus.IN_PROGRESS


def test_a_stale_form_is_a_conflict(session: Session, persona_notice: Any, lead_officer: User,
                                    settings: Settings) -> None:  # fmt: skip
    assignment = _assignment(session, "1", "lead")
    seen = assignment.version
    report_progress(session, assignment.id, FORM, lead_officer, expected_version=seen, settings=settings)
    with pytest.raises(ConflictError):
        report_progress(session, assignment.id, FORM, lead_officer, expected_version=seen, settings=settings)


def test_reporting_period_follows_the_recurrence() -> None:
    import datetime as dt

    day = dt.date(2023, 5, 17)
    assert reporting_period(None, day) == "2023-05"
    assert reporting_period("monthly", day) == "2023-05"
    assert reporting_period("quarterly", day) == "2023-Q2"
    assert reporting_period("yearly", day) == "2023"
    assert reporting_period("weekly", dt.date(2023, 1, 1)) == "2022-W52"  # ISO week of a Sunday
