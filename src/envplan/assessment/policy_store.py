"""Warning policies in the ledger: set a region's (or the default) policy, load a policy file.

Stored values are only the fields a region overrides; :func:`envplan.assessment.daily_run.region_policies`
applies them over the default and the region's ancestors. Administrators set any policy, bureau
staff the policy of their region or below; every change is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.policy import WarningPolicy, load_policy_set, policy_from_mapping, read_policy_file
from envplan.ledger.dispatch_models import WarningPolicyRow
from envplan.ledger.errors import LedgerValidationError
from envplan.ledger.models import User
from envplan.ledger.regions import find_region
from envplan.ledger.services.audit import record
from envplan.ledger.services.permissions import require_admin, require_bureau


def set_policy(
    session: Session, actor: User | None, region_id: int | None, values: dict[str, Any]
) -> WarningPolicyRow:
    """Store the fields a region (None: the default) overrides; validated against WarningPolicy."""
    if actor is not None:
        if region_id is None:
            require_admin(actor, "set the default warning policy")
        else:
            require_bureau(session, actor, region_id, "set the warning policy")
    try:
        policy_from_mapping(dict(values), WarningPolicy(), f"policy of region {region_id or 'default'}")
    except ValueError as error:
        raise LedgerValidationError(str(error)) from None
    row = session.scalar(
        select(WarningPolicyRow).where(
            WarningPolicyRow.region_id.is_(None)
            if region_id is None
            else WarningPolicyRow.region_id == region_id
        )
    )
    if row is None:
        row = WarningPolicyRow(region_id=region_id, values={})
        session.add(row)
    row.values = dict(values)
    row.updated_by_id = actor.id if actor is not None else None
    session.flush()
    record(session, actor, "dispatch.policy", "region", region_id, values=dict(values))
    return row


def apply_policy_file(session: Session, actor: User | None, path: Path) -> int:
    """Check a policy file and store its default and regions (by code or name); returns how many."""
    load_policy_set(path)
    raw = read_policy_file(path)
    count = 0
    if "default" in raw:
        set_policy(session, actor, None, dict(raw["default"]))
        count += 1
    for name, values in dict(raw.get("regions", {})).items():
        set_policy(session, actor, find_region(session, str(name)).id, dict(values))
        count += 1
    return count
