"""Apply a revised notice to the stored document in place, keeping assignments and their history."""

from __future__ import annotations

from sqlalchemy.orm import Session

from envplan.documents.model import ParsedNotice
from envplan.documents.model import Plan as ParsedPlan
from envplan.documents.model import Task as ParsedTask
from envplan.ledger.models import Assignment, Document, Plan, Project, Region, Target, Task
from envplan.ledger.services.import_build import (
    add_plan,
    add_projects,
    add_task,
    plan_region,
    replace_milestones,
    sync_assignments,
    target_fields,
    task_fields,
)
from envplan.ledger.services.notice_facts import (
    content_hash,
    document_identity,
    match_reworded,
    task_keys,
)


def revise_document(session: Session, document_id: int, notice: ParsedNotice, where: Region) -> Document:
    """Update document ``document_id`` to ``notice``: plans, targets, tasks, assignments, projects."""
    document = session.get_one(Document, document_id)
    doc = notice.document
    digest = content_hash(notice)
    document.title = doc.title
    document.content_hash = digest
    document.identity = document_identity(doc.doc_number, doc.title, digest)
    document.revision += 1
    document.issuer, document.issue_date, document.level = doc.issuer, doc.issue_date, doc.level
    document.warnings = list(notice.warnings)
    stored = {p.title: p for p in document.plans}
    parsed_titles = {p.title for p in notice.plans}
    for position, plan in enumerate(notice.plans):
        region = plan_region(session, plan, where)
        if plan.title in stored:
            _revise_plan(session, stored[plan.title], plan, position, region)
        else:
            add_plan(session, document, plan, position, region)
    for title, row in stored.items():
        if title not in parsed_titles:
            for task in row.tasks:
                task.withdrawn = True
                for assignment in task_assignments(session, task.id):
                    assignment.withdrawn = True
    return document


def task_assignments(session: Session, task_id: int) -> list[Assignment]:
    """Every assignment of a task, withdrawn ones included."""
    return list(session.query(Assignment).filter(Assignment.task_id == task_id))


def _revise_plan(session: Session, row: Plan, plan: ParsedPlan, position: int, region: Region) -> None:
    row.position, row.domain, row.period = position, plan.domain, plan.period
    row.period_start, row.period_end = plan.period_start, plan.period_end
    row.parent_plans, row.warnings = list(plan.parent_plans), list(plan.warnings)
    _revise_targets(session, row, plan)
    tasks = {t.key: t for t in row.tasks}
    keys = task_keys(plan.tasks)
    _rekey_reworded(tasks, keys, plan.tasks)
    wanted = set(keys)
    for index, (task, key) in enumerate(zip(plan.tasks, keys, strict=True)):
        existing = tasks.get(key)
        if existing is None:
            add_task(session, row, task, index, region, key=key)
            continue
        for name, value in task_fields(task).items():
            setattr(existing, name, value)
        existing.position, existing.withdrawn = index, False
        replace_milestones(existing, task)
        sync_assignments(session, existing, task, region)
    for key, existing in tasks.items():
        if key not in wanted:
            existing.withdrawn = True
    for project in list(session.query(Project).filter(Project.plan_id == row.id)):
        session.delete(project)
    for table in plan.tables:
        if table.kind == "projects":
            add_projects(session, row, table, region)


def _rekey_reworded(tasks: dict[str, Task], keys: list[str], parsed: list[ParsedTask]) -> None:
    """Give live stored tasks under a reworded heading their new key (history and assignments kept)."""
    new = {k: (t.path, t.number) for k, t in zip(keys, parsed, strict=True) if k not in tasks}
    old = {k: (t.path, t.number) for k, t in tasks.items() if k not in set(keys) and not t.withdrawn}
    for new_key, old_key in match_reworded(old, new).items():
        task = tasks.pop(old_key)
        task.key = new_key
        tasks[new_key] = task


def _revise_targets(session: Session, row: Plan, plan: ParsedPlan) -> None:
    stored = list(row.targets)
    for index, target in enumerate(plan.targets):
        if index < len(stored):
            for name, value in target_fields(target).items():
                setattr(stored[index], name, value)
        else:
            session.add(Target(plan=row, position=index, **target_fields(target)))
    for extra in stored[len(plan.targets) :]:
        extra.withdrawn = True
