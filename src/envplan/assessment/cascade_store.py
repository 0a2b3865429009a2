"""Cascade links in the ledger: store suggestions, let the bureau confirm or correct them, report.

``suggest_and_store`` runs :func:`envplan.assessment.cascade.suggest_links` on two stored plans and
keeps one link per lower task (a decided link keeps its decision; only the suggestion is refreshed).
``decide_link`` records the bureau's decision: confirmed (the suggested parent), corrected (another
parent) or rejected (no parent). ``cascade_view`` lists the links with the coverage gaps and the
deadline conflicts computed from the links in force (decided ones, else suggestions).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.cascade import (
    DeadlineConflict,
    TaskRef,
    coverage_gaps,
    deadline_conflicts,
    repeats,
    suggest_links,
)
from envplan.documents.model import Domain, Milestone, MilestoneKind
from envplan.documents.model import Plan as ModelPlan
from envplan.documents.model import Task as ModelTask
from envplan.ledger.dispatch_models import CascadeLink, LinkStatus
from envplan.ledger.errors import LedgerValidationError, NotFound
from envplan.ledger.models import Plan, Task, User, utcnow
from envplan.ledger.services.audit import record
from envplan.ledger.services.permissions import require_bureau


def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"plan {plan_id} not found")
    return plan


def _model_plan(plan: Plan) -> ModelPlan:
    tasks = [
        ModelTask(
            t.number,
            t.title,
            t.text,
            list(t.path),
            t.kind,
            milestones=[
                Milestone(m.text, MilestoneKind(m.kind), m.due, m.start, m.end, m.recurrence)
                for m in t.milestones
            ],
        )
        for t in plan.tasks
        if not t.withdrawn
    ]
    return ModelPlan(plan.title, Domain(plan.domain), tasks=tasks)


def _by_number(plan: Plan) -> dict[str, Task]:
    found: dict[str, Task] = {}
    for task in plan.tasks:
        if not task.withdrawn:
            found.setdefault(task.number, task)
    return found


def suggest_and_store(
    session: Session, actor: User, parent_plan_id: int, child_plan_id: int
) -> list[CascadeLink]:
    """Suggest a parent for every task of the child plan and store the suggestions."""
    parent, child = _plan(session, parent_plan_id), _plan(session, child_plan_id)
    require_bureau(session, actor, child.region_id, "suggest cascade links")
    result = suggest_links(_model_plan(parent), _model_plan(child))
    parents, children = _by_number(parent), _by_number(child)
    suggested = {
        s.child.number: (parents[s.parent.number], s.score, s.confidence) for s in result.suggestions
    }
    existing = {
        link.child_task_id: link
        for link in session.scalars(
            select(CascadeLink).where(CascadeLink.child_task_id.in_([t.id for t in children.values()]))
        )
    }
    links = []
    for number in [t.number for t in result.unmatched_children] + list(suggested):
        task = children[number]
        parent_task, score, confidence = suggested.get(number, (None, None, ""))
        link = existing.get(task.id) or CascadeLink(child_task_id=task.id, status=LinkStatus.SUGGESTED)
        link.suggested_parent_id = parent_task.id if parent_task else None
        link.score, link.confidence = score, confidence
        if link.status == LinkStatus.SUGGESTED:
            link.parent_task = parent_task
        session.add(link)
        links.append(link)
    session.flush()
    record(
        session,
        actor,
        "dispatch.cascade_suggest",
        "plan",
        child.id,
        parent_plan_id=parent.id,
        links=len(links),
    )
    return links


def decide_link(session: Session, actor: User, link_id: int, parent_task_id: int | None) -> CascadeLink:
    """Confirm, correct (another parent) or reject (None) a link."""
    link = session.get(CascadeLink, link_id)
    if link is None:
        raise NotFound(f"cascade link {link_id} not found")
    require_bureau(session, actor, link.child_task.plan.region_id, "decide cascade links")
    parent_task = session.get(Task, parent_task_id) if parent_task_id is not None else None
    if parent_task_id is not None and parent_task is None:
        raise LedgerValidationError(f"parent_task_id: task {parent_task_id} not found")
    if parent_task_id is None:
        link.status = LinkStatus.REJECTED
    elif parent_task_id == link.suggested_parent_id:
        link.status = LinkStatus.CONFIRMED
    else:
        link.status = LinkStatus.CORRECTED
    old = link.parent_task_id
    link.parent_task, link.decided_by_id, link.decided_at = parent_task, actor.id, utcnow()
    session.flush()
    record(
        session,
        actor,
        f"dispatch.cascade_{link.status.value}",
        "cascade_link",
        link.id,
        old=old,
        new=parent_task_id,
    )
    return link


@dataclass(frozen=True, slots=True)
class CascadeView:
    links: list[CascadeLink]
    coverage_gaps: list[TaskRef]
    deadline_conflicts: list[DeadlineConflict]


def _ref(task: Task) -> TaskRef:
    return TaskRef(task.plan.title, task.number, task.title, task.due_date, repeats(task.milestones))


def cascade_view(session: Session, parent_plan_id: int, child_plan_id: int) -> CascadeView:
    """The links of the child plan's tasks, with gaps and conflicts against the parent plan."""
    parent, child = _plan(session, parent_plan_id), _plan(session, child_plan_id)
    child_ids = [t.id for t in child.tasks]
    links = list(session.scalars(select(CascadeLink).where(CascadeLink.child_task_id.in_(child_ids))))
    in_force = [
        (_ref(link.parent_task), _ref(link.child_task))
        for link in links
        if link.parent_task is not None and link.parent_task.plan_id == parent.id
    ]
    upper = [_ref(t) for t in parent.tasks if not t.withdrawn and t.kind in ("task", "special_action")]
    return CascadeView(links, coverage_gaps(upper, in_force), deadline_conflicts(in_force))
