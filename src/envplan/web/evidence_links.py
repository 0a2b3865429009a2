"""Which evidence files (佐证材料) of a task page the signed-in user may download.

The task page lists every report's evidence names to every reader; only those who may download a
file get a link (the others see its name and 「无权下载」). The rule is the ledger's,
:func:`envplan.ledger.services.permissions.may_read_evidence`, applied to the whole page at once:
every file on a task page belongs to a report on an assignment of that task, so the answer depends
only on the reporting unit — administrators read all; bureau staff and viewers all or nothing (the
plan's region in their scope: a constant number of queries, whatever the number of files); unit
officers every file when their unit is (still) assigned to the task, else their own unit's reports'
(no query). tests/web/test_web_evidence_links.py checks it against ``may_read_evidence`` file by file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from envplan.ledger.models import Plan, User, UserRole
from envplan.ledger.services.permissions import in_actor_scope

if TYPE_CHECKING:
    from envplan.web.routes.tasks import TaskDetail


def readable_evidence_ids(db: Session, user: User, task: TaskDetail) -> set[int]:
    """Ids of the evidence files on ``task``'s page that ``user`` may download."""
    by_unit: dict[int, set[int]] = {}
    for assignment in task.assignments:
        files = by_unit.setdefault(assignment.unit_id, set())
        files.update(e.id for report in assignment.reports for e in report.evidence)
    every = set().union(*by_unit.values())
    if not every or not user.active:
        return set()
    if user.role == UserRole.ADMINISTRATOR:
        return every
    if user.role in (UserRole.BUREAU_STAFF, UserRole.VIEWER):
        plan = db.get(Plan, task.plan["id"])
        return every if plan is not None and in_actor_scope(db, user, plan.region_id) else set()
    if user.role != UserRole.UNIT_OFFICER or user.unit_id is None:
        return set()
    if any(a.unit_id == user.unit_id and not a.withdrawn for a in task.assignments):
        return every
    return by_unit.get(user.unit_id, set())
