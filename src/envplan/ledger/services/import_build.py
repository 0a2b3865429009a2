"""Rows of the ledger built from a parsed notice: plans, targets, tasks, milestones, assignments, projects."""

from __future__ import annotations

from sqlalchemy.orm import Session

from envplan.documents.model import Plan as ParsedPlan
from envplan.documents.model import Table
from envplan.documents.model import Target as ParsedTarget
from envplan.documents.model import Task as ParsedTask
from envplan.ledger.errors import NotFound
from envplan.ledger.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Document,
    Milestone,
    Plan,
    Project,
    ProjectUnit,
    Region,
    Target,
    Task,
)
from envplan.ledger.regions import find_region
from envplan.ledger.services.notice_facts import (
    all_milestones,
    clause_dicts,
    task_due_date,
    task_is_standing,
    task_keys,
    task_unit_names,
)
from envplan.ledger.services.project_facts import project_rows
from envplan.ledger.units import resolve_unit


def plan_region(session: Session, plan: ParsedPlan, default: Region) -> Region:
    """The region a plan names, or the notice's."""
    if plan.region:
        try:
            return find_region(session, plan.region)
        except NotFound:
            return default
    return default


def add_plan(session: Session, document: Document, plan: ParsedPlan, position: int, region: Region) -> Plan:
    """A plan row with its targets, tasks (with milestones and assignments) and project rows."""
    row = Plan(
        document=document,
        position=position,
        title=plan.title,
        domain=plan.domain,
        period=plan.period,
        period_start=plan.period_start,
        period_end=plan.period_end,
        region=region,
        parent_plans=list(plan.parent_plans),
        warnings=list(plan.warnings),
    )
    session.add(row)
    for index, target in enumerate(plan.targets):
        session.add(Target(plan=row, position=index, **target_fields(target)))
    for index, (task, key) in enumerate(zip(plan.tasks, task_keys(plan.tasks), strict=True)):
        add_task(session, row, task, index, region, key=key)
    for table in plan.tables:
        if table.kind == "projects":
            add_projects(session, row, table, region)
    return row


def target_fields(target: ParsedTarget) -> dict[str, object]:
    """Column values of a target row."""
    return {
        "text": target.text,
        "indicator": target.indicator,
        "comparator": target.comparator,
        "value": target.value,
        "unit": target.unit,
        "baseline": target.baseline,
        "change": target.change,
        "year": target.year,
        "scope": target.scope,
        "binding": target.binding,
        "quantitative": target.quantitative,
        "threshold": target.threshold,
        "withdrawn": False,
    }


def task_fields(task: ParsedTask) -> dict[str, object]:
    """Column values of a task row that a revision may change."""
    return {
        "number": task.number,
        "title": task.title,
        "text": task.text,
        "path": list(task.path),
        "kind": task.kind,
        "clauses": clause_dicts(task),
        "warnings": list(task.warnings),
        "line": task.line,
        "due_date": task_due_date(task),
        "standing": task_is_standing(task),
    }


def add_task(
    session: Session, plan: Plan, task: ParsedTask, position: int, region: Region, *, key: str
) -> Task:
    """A task row under ``key`` (:func:`task_keys`) with its milestones and one assignment per
    (unit, role)."""
    row = Task(plan=plan, key=key, position=position, withdrawn=False, **task_fields(task))
    session.add(row)
    replace_milestones(row, task)
    sync_assignments(session, row, task, region)
    return row


def replace_milestones(row: Task, task: ParsedTask) -> None:
    """Set the task row's milestones to the parsed ones."""
    row.milestones = [
        Milestone(
            position=index,
            clause_index=clause_index,
            text=m.text,
            kind=m.kind,
            due=m.due,
            start=m.start,
            end=m.end,
            recurrence=m.recurrence,
            time_of_day=m.time_of_day,
        )
        for index, (clause_index, m) in enumerate(all_milestones(task))
    ]


def sync_assignments(session: Session, row: Task, task: ParsedTask, region: Region) -> None:
    """One live assignment per (unit, role) named by the task; others withdrawn (kept with history)."""
    existing = {(a.unit_id, a.role): a for a in session.query(Assignment).filter_by(task=row)}
    wanted = set()
    for role, name in task_unit_names(task):
        unit = resolve_unit(session, name, region)
        wanted.add((unit.id, role))
        assignment = existing.get((unit.id, role))
        if assignment is None:
            assignment = Assignment(
                task=row, unit=unit, role=role, status=AssignmentStatus.NOT_STARTED, withdrawn=False
            )
            session.add(assignment)
            existing[(unit.id, role)] = assignment
        assignment.withdrawn = False
        if not _extended(assignment):
            assignment.due_date = row.due_date
    for key, assignment in existing.items():
        if key not in wanted:
            assignment.withdrawn = True


def _extended(assignment: Assignment) -> bool:
    """True once an extension was granted (the assignment's date no longer follows the task's)."""
    if assignment.id is None:
        return False
    return any(e.action == "approve_extension" for e in assignment.events)


def add_projects(session: Session, plan: Plan, table: Table, region: Region) -> None:
    """One project row per row of a project table, with every unit it names (see :mod:`project_facts`)."""
    for row in project_rows(table):
        links = project_units(session, row.units, region)  # resolved first: resolving flushes
        project = Project(
            table_title=table.title,
            row_number=row.row_number,
            name=row.name,
            cells=row.cells,
            due_text=row.due_text,
            units=links,
            unit=links[0].unit if links else None,
        )
        session.add(project)
        project.plan = plan


def project_units(
    session: Session, names: list[tuple[AssignmentRole, str]], region: Region
) -> list[ProjectUnit]:
    """The association rows of (role, name as written): resolved as for tasks, repeats dropped."""
    links: list[ProjectUnit] = []
    seen: set[tuple[int, AssignmentRole]] = set()
    for role, name in names:
        unit = resolve_unit(session, name, region)
        if (unit.id, role) not in seen:
            seen.add((unit.id, role))
            links.append(ProjectUnit(unit=unit, role=role, position=len(links)))
    return links
