"""What importing a notice would change: a new document, nothing, or a revision's task and project changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.documents.model import ParsedNotice, Table
from envplan.documents.model import Task as ParsedTask
from envplan.ledger.models import (
    ROLE_LABELS,
    Assignment,
    AssignmentRole,
    Document,
    Project,
    Region,
    Task,
)
from envplan.ledger.services.notice_facts import (
    match_reworded,
    task_due_date,
    task_keys,
    task_unit_names,
)
from envplan.ledger.services.project_facts import ProjectRow, project_rows
from envplan.ledger.units import canonical_unit, clean_unit_name, known_regions

ChangeKind = Literal["added", "removed", "reworded", "units", "deadline"]
ProjectChangeKind = Literal["added", "removed", "renamed", "units", "deadline"]


@dataclass(frozen=True, slots=True)
class TaskChange:
    """One change of one task: added, removed, reworded, units or deadline (old → new as text)."""

    plan: str
    number: str
    title: str
    change: ChangeKind
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectChange:
    """One change of one project row: added, removed, renamed, units or deadline (old → new as text)."""

    plan: str
    table: str
    row_number: int
    name: str
    change: ProjectChangeKind
    old: str | None = None
    new: str | None = None


@dataclass(slots=True)
class ImportDiff:
    """The preview of an import. ``status``: new document, unchanged, or revision of an earlier one."""

    status: Literal["new", "unchanged", "revision"]
    title: str
    doc_number: str | None
    previous_document_id: int | None = None
    plans_added: list[str] = field(default_factory=list)
    plans_removed: list[str] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)
    project_changes: list[ProjectChange] = field(default_factory=list)

    def of_kind(self, kind: ChangeKind) -> list[TaskChange]:
        """The changes of one kind."""
        return [c for c in self.changes if c.change == kind]

    @property
    def tasks_added(self) -> list[TaskChange]:
        return self.of_kind("added")

    @property
    def tasks_removed(self) -> list[TaskChange]:
        return self.of_kind("removed")

    @property
    def tasks_reworded(self) -> list[TaskChange]:
        return self.of_kind("reworded")

    @property
    def units_changed(self) -> list[TaskChange]:
        return self.of_kind("units")

    @property
    def deadlines_changed(self) -> list[TaskChange]:
        return self.of_kind("deadline")


def previous_document(session: Session, notice: ParsedNotice) -> Document | None:
    """The stored notice this one is (a version of): same 文号, or same title when it has none."""
    doc = notice.document
    if doc.doc_number:
        query = select(Document).where(Document.doc_number == doc.doc_number)
    else:
        query = select(Document).where(Document.doc_number.is_(None), Document.title == doc.title)
    return session.scalars(query.order_by(Document.id.desc())).first()


def units_as_text(session: Session, task: ParsedTask, region: Region) -> str:
    """「吕梁市生态环境局（牵头）、…」: the task's units as the ledger would resolve them."""
    return "、".join(sorted(resolved_unit_labels(session, task_unit_names(task), region)))


def resolved_unit_labels(
    session: Session, names: list[tuple[AssignmentRole, str]], region: Region
) -> list[str]:
    """「吕梁市生态环境局（牵头）」 for each (role, name as written), resolved without writing, in order."""
    labels = []
    known = known_regions(session)  # the names resolve_unit gives (an alias left by older rules moves)
    for role, name in names:
        canonical = canonical_unit(clean_unit_name(name), region, known)[0]
        label = f"{canonical}（{ROLE_LABELS[role]}）"
        if label not in labels:
            labels.append(label)
    return labels


def stored_units_as_text(task: Task, assignments: list[Assignment]) -> str:
    """The same text for a stored task's live assignments."""
    parts = [f"{a.unit.name}（{ROLE_LABELS[a.role]}）" for a in assignments if not a.withdrawn]
    return "、".join(sorted(parts))


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def diff_tasks(
    session: Session, plan_title: str, stored: list[Task], parsed: list[ParsedTask], region: Region
) -> list[TaskChange]:
    """Changes between a stored plan's live tasks and the parsed plan's tasks, matched by key (or
    by heading numbers, when only a heading above the task was reworded)."""
    old = {t.key: t for t in stored if not t.withdrawn}
    new = dict(zip(task_keys(parsed), parsed, strict=True))
    pairs = {k: k for k in new if k in old} | match_reworded(
        {k: (t.path, t.number) for k, t in old.items() if k not in new},
        {k: (t.path, t.number) for k, t in new.items() if k not in old},
    )  # new key → old key
    changes = [
        TaskChange(plan_title, t.number, t.title, "added", None, t.text)
        for k, t in new.items()
        if k not in pairs
    ]
    paired_old = set(pairs.values())
    changes += [
        TaskChange(plan_title, t.number, t.title, "removed", t.text, None)
        for k, t in old.items()
        if k not in paired_old
    ]
    for new_key, old_key in pairs.items():
        changes += _task_changes(session, plan_title, old[old_key], new[new_key], region)
    return changes


def _task_changes(
    session: Session, plan_title: str, stored: Task, task: ParsedTask, region: Region
) -> list[TaskChange]:
    changes = []
    if stored.text != task.text or stored.title != task.title:
        changes.append(TaskChange(plan_title, task.number, task.title, "reworded", stored.text, task.text))
    assignments = list(session.scalars(select(Assignment).where(Assignment.task_id == stored.id)))
    old_units, new_units = stored_units_as_text(stored, assignments), units_as_text(session, task, region)
    if old_units != new_units:
        changes.append(TaskChange(plan_title, task.number, task.title, "units", old_units, new_units))
    old_due, new_due = _iso(stored.due_date), _iso(task_due_date(task))
    if old_due != new_due:
        changes.append(TaskChange(plan_title, task.number, task.title, "deadline", old_due, new_due))
    return changes


def diff_projects(
    session: Session, plan_title: str, stored: list[Project], tables: list[Table], region: Region
) -> list[ProjectChange]:
    """Changes between a stored plan's projects and the parsed plan's project tables.

    Rows match by table title and name; rows left over on both sides at the same table title and
    row number are one project renamed; the rest are added or removed.
    """
    parsed = [(t.title, row) for t in tables if t.kind == "projects" for row in project_rows(t)]
    pairs, added, removed = _match_projects(stored, parsed)
    changes = [
        ProjectChange(plan_title, title, r.row_number, r.name, "added", None, r.name) for title, r in added
    ]
    changes += [
        ProjectChange(plan_title, p.table_title, p.row_number, p.name, "removed", p.name, None)
        for p in removed
    ]
    for project, (title, row) in pairs:
        changes += _project_changes(session, plan_title, project, title, row, region)
    return changes


ParsedRow = tuple[str, ProjectRow]  # (table title, row)


def _match_projects(
    stored: list[Project], parsed: list[ParsedRow]
) -> tuple[list[tuple[Project, ParsedRow]], list[ParsedRow], list[Project]]:
    """(stored, parsed) pairs, parsed rows without a match, stored projects without one."""
    by_name: dict[tuple[str, str], list[Project]] = {}
    for project in stored:
        by_name.setdefault((project.table_title, project.name), []).append(project)
    pairs: list[tuple[Project, ParsedRow]] = []
    unmatched: list[ParsedRow] = []
    for title, row in parsed:
        candidates = by_name.get((title, row.name))
        if candidates:
            pairs.append((candidates.pop(0), (title, row)))
        else:
            unmatched.append((title, row))
    matched = {id(project) for project, _ in pairs}
    left = {(p.table_title, p.row_number): p for p in stored if id(p) not in matched}
    added = []
    for title, row in unmatched:
        renamed = left.pop((title, row.row_number), None)
        if renamed is None:
            added.append((title, row))
        else:
            pairs.append((renamed, (title, row)))
    return pairs, added, list(left.values())


def stored_project_units_as_text(project: Project) -> str:
    """「吕梁市生态环境局（牵头）、…」: a stored project's units in the order written."""
    return "、".join(f"{link.unit.name}（{ROLE_LABELS[link.role]}）" for link in project.units)


def _project_changes(
    session: Session, plan_title: str, project: Project, title: str, row: ProjectRow, region: Region
) -> list[ProjectChange]:
    def change(kind: ProjectChangeKind, old: str | None, new: str | None) -> ProjectChange:
        return ProjectChange(plan_title, title, row.row_number, row.name, kind, old, new)

    changes = []
    if project.name != row.name:
        changes.append(change("renamed", project.name, row.name))
    old_units = stored_project_units_as_text(project)
    new_units = "、".join(resolved_unit_labels(session, row.units, region))
    if old_units != new_units:
        changes.append(change("units", old_units, new_units))
    if project.due_text != row.due_text:
        changes.append(change("deadline", project.due_text, row.due_text))
    return changes
