"""SQLAlchemy models of the ledger. Event and audit rows are append-only (enforced here and in SQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from envplan.ledger.models.base import Base, UTCDateTime, utcnow
from envplan.ledger.models.enums import (
    ROLE_LABELS,
    STATUS_LABELS,
    AssignmentRole,
    AssignmentStatus,
    RegionLevel,
    UnitKind,
    UserRole,
)
from envplan.ledger.models.geo import Region, Unit, UnitAlias
from envplan.ledger.models.people import AuditEntry, User
from envplan.ledger.models.plans import Document, Milestone, Plan, Project, ProjectUnit, Target, Task
from envplan.ledger.models.work import Assignment, EvidenceFile, ProgressReport, StatusEvent

APPEND_ONLY = (StatusEvent, AuditEntry)


class AppendOnlyViolation(RuntimeError):
    """An attempt to change or delete an event or audit row."""


def _refuse(mapper: Any, connection: Any, target: Any) -> None:
    raise AppendOnlyViolation(f"{type(target).__tablename__} rows are append-only")


for _model in APPEND_ONLY:
    event.listen(_model, "before_update", _refuse)
    event.listen(_model, "before_delete", _refuse)

__all__ = [
    "ROLE_LABELS",
    "STATUS_LABELS",
    "AppendOnlyViolation",
    "Assignment",
    "AssignmentRole",
    "AssignmentStatus",
    "AuditEntry",
    "Base",
    "Document",
    "EvidenceFile",
    "Milestone",
    "Plan",
    "ProgressReport",
    "Project",
    "ProjectUnit",
    "Region",
    "RegionLevel",
    "StatusEvent",
    "Target",
    "Task",
    "UTCDateTime",
    "Unit",
    "UnitAlias",
    "UnitKind",
    "User",
    "UserRole",
    "utcnow",
]
