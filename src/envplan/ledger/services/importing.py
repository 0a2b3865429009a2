"""Import a parsed notice into the ledger: atomically, idempotently, revisions previewed first.

* A notice never seen (no stored document with its 文号, or its title when it has none) is
  created: document, plans, targets, tasks, milestones, one assignment per (unit, role), projects.
* The same notice again (identity = 文号 + title + content hash) changes nothing.
* A revised notice (same 文号, other content) is refused by :func:`import_notice` with
  :class:`RevisionNeedsReview` carrying the :class:`ImportDiff` (task changes, and project rows
  added, removed, renamed, with units or time changed); :func:`preview_import` shows the diff
  and :func:`apply_import` applies it: tasks added, reworded tasks updated in place (their
  assignments keep status and history), removed tasks and units marked withdrawn, deadlines moved
  (except on assignments with a granted extension), project rows replaced by the revision's.
* Everything happens inside a savepoint: a failure leaves nothing behind (:class:`ImportFailed`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from envplan.documents.model import ParsedNotice
from envplan.ledger.errors import ImportFailed, LedgerError, NotFound
from envplan.ledger.models import Assignment, Document, Plan, Project, Region, Task, Unit, User
from envplan.ledger.regions import ensure_regions, find_region
from envplan.ledger.services.audit import record
from envplan.ledger.services.import_build import add_plan, plan_region
from envplan.ledger.services.import_diff import ImportDiff, diff_projects, diff_tasks, previous_document
from envplan.ledger.services.import_revise import revise_document
from envplan.ledger.services.notice_facts import content_hash, document_identity
from envplan.ledger.services.permissions import require_bureau


class RevisionNeedsReview(ImportFailed):
    """The notice revises a stored one: preview the diff, then :func:`apply_import`."""

    def __init__(self, diff: ImportDiff) -> None:
        super().__init__(
            f"{diff.doc_number or diff.title}: a revision of document {diff.previous_document_id} "
            f"({len(diff.changes)} task changes, {len(diff.project_changes)} project changes); "
            "preview it and apply it explicitly"
        )
        self.diff = diff


@dataclass(slots=True)
class ImportResult:
    """What an import did. ``status``: created, unchanged or revised."""

    document_id: int
    status: Literal["created", "unchanged", "revised"]
    plans: int = 0
    tasks: int = 0
    assignments: int = 0
    projects: int = 0
    units_created: int = 0
    diff: ImportDiff | None = None
    warnings: list[str] = field(default_factory=list)


def notice_region(session: Session, notice: ParsedNotice, region: Region | str | None = None) -> Region:
    """The region a notice is for: given, or read from the document or its first plan."""
    ensure_regions(session)
    if isinstance(region, Region):
        return region
    candidates = [region] if region else [notice.document.region, *(p.region for p in notice.plans)]
    for name in candidates:
        if name:
            try:
                return find_region(session, name)
            except NotFound as error:
                if region:
                    raise ImportFailed(f"region: {error}") from error
    raise ImportFailed(
        f"{notice.document.source or notice.document.title}: the notice names no known region; "
        "give one (--region CODE)"
    )


def preview_import(
    session: Session, notice: ParsedNotice, *, region: Region | str | None = None
) -> ImportDiff:
    """What importing ``notice`` would change (reads only)."""
    where = notice_region(session, notice, region)
    doc = notice.document
    previous = previous_document(session, notice)
    if previous is None:
        diff = ImportDiff("new", doc.title, doc.doc_number, plans_added=[p.title for p in notice.plans])
        for plan in notice.plans:
            diff.changes += diff_tasks(session, plan.title, [], plan.tasks, where)
            diff.project_changes += diff_projects(session, plan.title, [], plan.tables, where)
        return diff
    if previous.identity == document_identity(doc.doc_number, doc.title, content_hash(notice)):
        return ImportDiff("unchanged", doc.title, doc.doc_number, previous.id)
    return _revision_diff(session, previous, notice, where)


def _revision_diff(session: Session, previous: Document, notice: ParsedNotice, where: Region) -> ImportDiff:
    doc = notice.document
    diff = ImportDiff("revision", doc.title, doc.doc_number, previous.id)
    stored = {p.title: p for p in previous.plans}
    parsed = {p.title: p for p in notice.plans}
    diff.plans_added = [t for t in parsed if t not in stored]
    diff.plans_removed = [t for t in stored if t not in parsed]
    for title, plan in parsed.items():
        old_tasks = list(stored[title].tasks) if title in stored else []
        region = plan_region(session, plan, where)
        diff.changes += diff_tasks(session, title, old_tasks, plan.tasks, region)
        old_projects = list(stored[title].projects) if title in stored else []
        diff.project_changes += diff_projects(session, title, old_projects, plan.tables, region)
    for title in diff.plans_removed:
        diff.changes += diff_tasks(session, title, list(stored[title].tasks), [], where)
        diff.project_changes += diff_projects(session, title, list(stored[title].projects), [], where)
    return diff


def import_notice(
    session: Session,
    notice: ParsedNotice,
    *,
    actor: User | None,
    region: Region | str | None = None,
    apply_revision: bool = False,
) -> ImportResult:
    """Import ``notice`` atomically (``actor`` None: the system — CLI or demo loader).

    Raises RevisionNeedsReview for a revised notice unless ``apply_revision``; PermissionDenied
    unless the actor is an administrator or bureau staff of the notice's region; ImportFailed when
    anything goes wrong (nothing is written then).
    """
    if not notice.plans:
        name = notice.document.source or notice.document.title or "the notice"
        raise ImportFailed(f"{name}: no plan was found in it; nothing was imported")
    where = notice_region(session, notice, region)
    if actor is not None:
        require_bureau(session, actor, where.id, "import notices")
    diff = preview_import(session, notice, region=where)
    if diff.status == "unchanged":
        assert diff.previous_document_id is not None
        return _result(session, session.get_one(Document, diff.previous_document_id), "unchanged", diff)
    if diff.status == "revision" and not apply_revision:
        raise RevisionNeedsReview(diff)
    return _write(session, notice, where, actor, diff)


def apply_import(
    session: Session, notice: ParsedNotice, *, actor: User | None, region: Region | str | None = None
) -> ImportResult:
    """Import ``notice``, applying it when it revises a stored notice (after :func:`preview_import`)."""
    return import_notice(session, notice, actor=actor, region=region, apply_revision=True)


def _write(
    session: Session, notice: ParsedNotice, where: Region, actor: User | None, diff: ImportDiff
) -> ImportResult:
    units_before = session.scalar(select(func.count(Unit.id))) or 0
    try:
        with session.begin_nested():
            if diff.status == "new":
                document = _create_document(session, notice, where, actor)
            else:
                assert diff.previous_document_id is not None
                document = revise_document(session, diff.previous_document_id, notice, where)
            session.flush()
            result = _result(session, document, "created" if diff.status == "new" else "revised", diff)
            result.units_created = (session.scalar(select(func.count(Unit.id))) or 0) - units_before
            record(session, actor, f"document.{result.status}", "document", document.id,
                   title=document.title, doc_number=document.doc_number, tasks=result.tasks)  # fmt: skip
            session.flush()
    except LedgerError:
        raise
    except (SQLAlchemyError, ValueError, TypeError, KeyError) as error:
        name = notice.document.source or notice.document.title
        raise ImportFailed(f"{name}: import failed, nothing was written ({error})") from error
    return result


def _create_document(session: Session, notice: ParsedNotice, where: Region, actor: User | None) -> Document:
    doc = notice.document
    digest = content_hash(notice)
    document = Document(
        doc_number=doc.doc_number,
        title=doc.title,
        content_hash=digest,
        identity=document_identity(doc.doc_number, doc.title, digest),
        revision=1,
        issuer=doc.issuer,
        issue_date=doc.issue_date,
        level=doc.level,
        source=doc.source,
        region=where,
        imported_by_id=actor.id if actor is not None else None,
        warnings=list(notice.warnings),
    )
    session.add(document)
    for position, plan in enumerate(notice.plans):
        add_plan(session, document, plan, position, plan_region(session, plan, where))
    return document


def _result(session: Session, document: Document, status: str, diff: ImportDiff) -> ImportResult:
    plan_ids = select(Plan.id).where(Plan.document_id == document.id)
    task_ids = select(Task.id).where(Task.plan_id.in_(plan_ids), ~Task.withdrawn)
    count = session.scalar
    return ImportResult(
        document_id=document.id,
        status=status,  # type: ignore[arg-type]
        plans=count(select(func.count()).select_from(Plan).where(Plan.document_id == document.id)) or 0,
        tasks=count(select(func.count()).where(Task.id.in_(task_ids))) or 0,
        assignments=count(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.task_id.in_(task_ids), ~Assignment.withdrawn)
        )
        or 0,
        projects=count(select(func.count()).select_from(Project).where(Project.plan_id.in_(plan_ids))) or 0,
        diff=diff,
        warnings=list(document.warnings),
    )
