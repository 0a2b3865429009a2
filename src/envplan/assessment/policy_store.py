"""Warning policies in the ledger: set a region's (or the default) policy, load a policy file.

Stored values are only the fields a region overrides; :func:`envplan.assessment.daily_run.region_policies`
applies them over the default and the region's ancestors. Administrators set any policy, bureau
staff the policy of their region or below; every change is audited.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.daily_run import region_policies
from envplan.assessment.policy import (
    PolicySet,
    WarningPolicy,
    load_policy_set,
    policy_from_mapping,
    read_policy_file,
)
from envplan.ledger.dispatch_models import WarningPolicyRow
from envplan.ledger.errors import LedgerValidationError, NotFound
from envplan.ledger.models import Region, User
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
    if region_id is not None and session.get(Region, region_id) is None:
        raise NotFound(f"region {region_id} does not exist")
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
    old = dict(row.values) if row is not None else None
    if row is None:
        row = WarningPolicyRow(region_id=region_id, values={})
        session.add(row)
    row.values = dict(values)
    row.updated_by_id = actor.id if actor is not None else None
    session.flush()
    record(session, actor, "dispatch.policy", "region", region_id, old=old, values=dict(values))
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


FIELD_LABELS: dict[str, str] = {
    "due_soon_days": "蓝色：距时限不超过（天）",
    "progress_tolerance_pp": "黄色：落后序时进度超过（百分点）",
    "min_report_chars": "黄色：进展情况少于（字）视为空报",
    "report_interval_days": "黄色：超过（天）未报送进展",
    "flag_unchanged_report": "黄色：进展与上次完全相同",
}


@dataclass(frozen=True, slots=True)
class PolicyView:
    """A region's warning policy as the editing page shows it."""

    region_id: int | None  # None: the default policy
    region_name: str  # 默认 for the default
    overrides: dict[str, Any]  # the fields this region sets itself
    effective: dict[str, Any]  # every field as the daily run applies it
    inherited: dict[str, Any]  # every field as it would be without this region's overrides
    labels: dict[str, str]


def policy_view(session: Session, actor: User, region_id: int | None) -> PolicyView:
    """The region's (None: the default) policy; bureau staff of the region or above, administrators."""
    if region_id is None:
        require_admin(actor, "see the default warning policy")
        name = "默认"
    else:
        region = session.get(Region, region_id)
        if region is None:
            raise NotFound(f"region {region_id} not found")
        require_bureau(session, actor, region_id, "see the warning policy")
        name = region.name
    rows = {row.region_id: dict(row.values) for row in session.scalars(select(WarningPolicyRow))}
    policies = region_policies(session)
    effective = policies.default if region_id is None else policies.for_region(str(region_id))
    overrides = rows.get(region_id, {})
    base = WarningPolicy() if region_id is None else _inherited(session, region_id, policies)
    return PolicyView(
        region_id, name, overrides, dataclasses.asdict(effective), dataclasses.asdict(base), FIELD_LABELS
    )


def _inherited(session: Session, region_id: int, policies: PolicySet) -> WarningPolicy:
    """The policy the region would have without its own row: its parent's (or the default)."""
    region = session.get(Region, region_id)
    parent = region.parent_id if region is not None else None
    return policies.default if parent is None else policies.for_region(str(parent))
