"""Who may do what. Checked inside every write service, never only in the web layer.

* administrator: everything;
* bureau staff: import notices, review (approve, return, close) and decide extensions for tasks
  of plans in their unit's region or below;
* unit officer: report progress, start, submit and ask for an extension on the assignments of their
  own unit;
* viewer: nothing.

Evidence files (佐证材料) are read under their own rule, :func:`may_read_evidence`: the ledger's
text is open to every signed-in reader, but evidence can hold contracts, site photos and personal
data, so only those with a part in the task or oversight of its region may download it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import PermissionDenied
from envplan.ledger.models import Assignment, EvidenceFile, Region, User, UserRole
from envplan.ledger.regions import region_scope_ids


def _active(actor: User) -> None:
    if not actor.active:
        raise PermissionDenied(f"user {actor.username} is deactivated")


def require_admin(actor: User, what: str) -> None:
    """Only administrators may ``what``."""
    _active(actor)
    if actor.role != UserRole.ADMINISTRATOR:
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not {what}: administrators only")


def actor_region(actor: User) -> Region | None:
    """The region of the actor's unit."""
    return actor.unit.region if actor.unit is not None else None


def in_actor_scope(session: Session, actor: User, region_id: int | None) -> bool:
    """True when ``region_id`` is the actor's unit's region or below it."""
    region = actor_region(actor)
    return region is not None and region_id is not None and region_id in region_scope_ids(session, region)


def require_bureau(session: Session, actor: User, region_id: int | None, what: str) -> None:
    """Administrators, or bureau staff whose region covers ``region_id``."""
    _active(actor)
    if actor.role == UserRole.ADMINISTRATOR:
        return
    if actor.role == UserRole.BUREAU_STAFF and in_actor_scope(session, actor, region_id):
        return
    raise PermissionDenied(f"{actor.username} ({actor.role}) may not {what} in this region")


def require_unit_officer(actor: User, assignment: Assignment, what: str) -> None:
    """Administrators, or unit officers of the assignment's own unit."""
    _active(actor)
    if actor.role == UserRole.ADMINISTRATOR:
        return
    if actor.role == UserRole.UNIT_OFFICER and actor.unit_id == assignment.unit_id:
        return
    raise PermissionDenied(
        f"{actor.username} ({actor.role}) may not {what} for assignment {assignment.id}: "
        "only officers of the assigned unit"
    )


def plan_region_id(assignment: Assignment) -> int | None:
    """The region of the plan an assignment's task belongs to."""
    return assignment.task.plan.region_id


def may_read_evidence(session: Session, actor: User, evidence: EvidenceFile) -> bool:
    """True when ``actor`` may download ``evidence``:

    * administrators;
    * bureau staff and viewers whose unit's region is the region of the task's plan or above it;
    * unit officers of the reporting unit, and of every unit (still) assigned to the same task.

    Deactivated users, viewers or staff without a unit, and plans without a region (staff) get no.
    """
    if not actor.active:
        return False
    if actor.role == UserRole.ADMINISTRATOR:
        return True
    reporting = evidence.report.assignment
    if actor.role in (UserRole.BUREAU_STAFF, UserRole.VIEWER):
        return in_actor_scope(session, actor, plan_region_id(reporting))
    if actor.role != UserRole.UNIT_OFFICER or actor.unit_id is None:
        return False
    if actor.unit_id == reporting.unit_id:
        return True
    assigned = select(Assignment.id).where(
        Assignment.task_id == reporting.task_id,
        Assignment.unit_id == actor.unit_id,
        Assignment.withdrawn.is_(False),
    )
    return session.scalar(assigned.limit(1)) is not None


def require_evidence_reader(session: Session, actor: User, evidence: EvidenceFile) -> None:
    """PermissionDenied unless :func:`may_read_evidence` (the message names no task or file)."""
    if not may_read_evidence(session, actor, evidence):
        raise PermissionDenied(
            f"{actor.username} ({actor.role}) may not download evidence {evidence.id}: only the units "
            "of its task, and bureau staff and viewers of the plan's region"
        )
