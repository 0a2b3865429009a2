"""Progress reports (调度/进展) on an assignment, with evidence files stored by their SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy.orm import Session

from envplan.ledger.errors import LedgerValidationError, NotFound, TransitionError
from envplan.ledger.models import STATUS_LABELS, Assignment, EvidenceFile, ProgressReport, User, utcnow
from envplan.ledger.models import AssignmentStatus as S
from envplan.ledger.services.audit import record
from envplan.ledger.services.permissions import require_evidence_reader, require_unit_officer
from envplan.ledger.services.workflow import change_status, check_version, flush_or_conflict, get_assignment
from envplan.settings import Settings, get_settings

REPORTABLE = frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.EXTENSION_REQUESTED})
PERIOD_PATTERN = re.compile(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-W(0[1-9]|[1-4]\d|5[0-3]))?$"
)
TEXT_LIMIT = 4000  # characters per structured field


@dataclass(frozen=True, slots=True)
class ProgressForm:
    """The report form: period, completion [%] and the five structured fields of the bureaus' ledger."""

    period: str  # "2023", "2023-05", "2023-Q2", "2023-W07" or "2023-05-31"
    completion_percent: float  # [%], 0 to 100
    progress: str  # 进展情况
    problems: str = ""  # 存在问题
    causes: str = ""  # 原因
    next_steps: str = ""  # 下一步措施
    coordination: str = ""  # 需协调事项


@dataclass(frozen=True, slots=True)
class EvidenceUpload:
    """An uploaded evidence file."""

    filename: str
    content: bytes
    content_type: str | None = None


def validate_form(form: ProgressForm) -> None:
    """LedgerValidationError naming the first bad field."""
    if not PERIOD_PATTERN.match(form.period.strip()):
        raise LedgerValidationError(
            f"period: {form.period!r} is not YYYY, YYYY-MM, YYYY-Qn, YYYY-Wnn or YYYY-MM-DD"
        )
    percent = form.completion_percent
    if not isinstance(percent, int | float) or not math.isfinite(percent) or not 0 <= percent <= 100:
        raise LedgerValidationError(f"completion_percent: {percent!r} is not a number from 0 to 100")
    if not form.progress.strip():
        raise LedgerValidationError("progress: 进展情况 is required")
    for name in ("progress", "problems", "causes", "next_steps", "coordination"):
        if len(getattr(form, name)) > TEXT_LIMIT:
            raise LedgerValidationError(f"{name}: longer than {TEXT_LIMIT} characters")


def report_progress(
    session: Session,
    assignment_id: int,
    form: ProgressForm,
    actor: User,
    *,
    evidence: Sequence[EvidenceUpload] = (),
    expected_version: int | None = None,
    settings: Settings | None = None,
) -> ProgressReport:
    """Record a report (unit officer of the assignment's unit); 未启动 moves to 推进中 with its event."""
    assignment = get_assignment(session, assignment_id, for_update=True)
    require_unit_officer(actor, assignment, "report progress")
    check_version(assignment, expected_version)
    if assignment.withdrawn or assignment.status not in REPORTABLE:
        state = "withdrawn" if assignment.withdrawn else STATUS_LABELS[assignment.status]
        raise TransitionError(f"assignment {assignment.id} is {state}: progress cannot be reported")
    validate_form(form)
    settings = settings or get_settings()
    stored = [store_evidence(upload, settings) for upload in evidence]
    report = _report_row(assignment, form, actor)
    report.evidence = stored
    session.add(report)
    assignment.completion_percent = float(form.completion_percent)
    assignment.last_report_at = report.reported_at
    if assignment.status == S.NOT_STARTED:
        change_status(session, assignment, S.IN_PROGRESS, action="report", actor=actor, reason="首次报送进展")
    flush_or_conflict(session, assignment)
    files = [{"sha256": e.sha256, "filename": e.filename, "size": e.size} for e in stored]
    record(session, actor, "progress.report", "progress_report", report.id, assignment_id=assignment.id,
           period=report.period, completion_percent=report.completion_percent, evidence=files)  # fmt: skip
    return report


def _report_row(assignment: Assignment, form: ProgressForm, actor: User) -> ProgressReport:
    return ProgressReport(
        assignment=assignment,
        period=form.period.strip(),
        completion_percent=float(form.completion_percent),
        progress=form.progress.strip(),
        problems=form.problems.strip(),
        causes=form.causes.strip(),
        next_steps=form.next_steps.strip(),
        coordination=form.coordination.strip(),
        reported_by_id=actor.id,
        reported_at=utcnow(),
    )


def evidence_dir(settings: Settings) -> Path:
    """Where evidence files live: ``<data_dir>/evidence/<first two hex digits>/<sha256>``."""
    return settings.data_dir / "evidence"


def store_evidence(upload: EvidenceUpload, settings: Settings) -> EvidenceFile:
    """Write the file under the data directory (content-addressed, so the same file is stored once)."""
    name = PurePath(upload.filename.replace("\\", "/")).name.strip()
    if not name:
        raise LedgerValidationError("evidence: a file has no name")
    if len(upload.content) > settings.upload_max_bytes:
        raise LedgerValidationError(
            f"evidence: {name} is {len(upload.content)} bytes, over the limit of {settings.upload_max_bytes}"
        )
    digest = hashlib.sha256(upload.content).hexdigest()
    relative = Path("evidence") / digest[:2] / digest
    target = settings.data_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(upload.content)
        partial.replace(target)
    return EvidenceFile(
        filename=name[:255],
        sha256=digest,
        size=len(upload.content),
        stored_path=relative.as_posix(),
        content_type=upload.content_type,
    )


def evidence_path(evidence: EvidenceFile, settings: Settings | None = None) -> Path:
    """The stored file of an evidence row."""
    return (settings or get_settings()).data_dir / evidence.stored_path


def evidence_for_download(
    session: Session, evidence_id: int, actor: User, settings: Settings | None = None
) -> tuple[EvidenceFile, Path]:
    """The evidence row and its stored file, for ``actor`` to download.

    NotFound when no such evidence (or its file is gone); PermissionDenied when
    :func:`~envplan.ledger.services.permissions.may_read_evidence` says no.
    """
    evidence = session.get(EvidenceFile, evidence_id)
    if evidence is None:
        raise NotFound(f"evidence {evidence_id} does not exist")
    require_evidence_reader(session, actor, evidence)
    path = evidence_path(evidence, settings)
    if not path.is_file():
        raise NotFound(f"evidence {evidence_id}: the stored file is missing; ask an administrator")
    return evidence, path


def reporting_period(recurrence: str | None, day: dt.date) -> str:
    """The period a report made on ``day`` covers: monthly unless the task recurs otherwise."""
    if recurrence == "yearly":
        return f"{day.year}"
    if recurrence == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if recurrence in ("weekly", "daily"):
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"
