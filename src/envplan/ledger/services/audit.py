"""The audit log: one append-only row per write, in the writer's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from envplan.ledger.models import AuditEntry, User


def record(
    session: Session,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    **details: Any,
) -> AuditEntry:
    """Add an audit row (``actor`` None: the system, e.g. a migration or the demo loader)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    session.add(entry)
    return entry
