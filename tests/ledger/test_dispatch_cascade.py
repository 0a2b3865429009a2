"""Cascade links stored in the ledger: suggestions on the seeds, confirm / correct / reject, gaps."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.assessment.cascade_store import cascade_view, decide_link, suggest_and_store
from envplan.documents.parser import parse_file
from envplan.ledger.dispatch_models import LinkStatus
from envplan.ledger.errors import PermissionDenied
from envplan.ledger.models import Plan, Task, User
from envplan.ledger.services.importing import import_notice
from support import seed_path


def water_plan(session: Session, seed: str) -> Plan:
    result = import_notice(session, parse_file(seed_path(seed)), actor=None)
    plan = session.scalar(select(Plan).where(Plan.document_id == result.document_id, Plan.domain == "water"))
    assert plan is not None
    return plan


def test_suggest_decide_and_gaps(session: Session, administrator: object, outsider_officer: object) -> None:
    admin, outsider = administrator, outsider_officer
    assert isinstance(admin, User) and isinstance(outsider, User)
    province = water_plan(session, "002_51e324a2bd90c1c6.txt")
    city = water_plan(session, "000_bb95c80613778daa.txt")
    links = suggest_and_store(session, admin, province.id, city.id)
    by_child = {link.child_task.number: link for link in links}
    assert by_child["7"].parent_task is not None and by_child["7"].parent_task.number == "8"  # 农村生活污水
    assert by_child["7"].status == LinkStatus.SUGGESTED and by_child["7"].confidence == "高"

    view = cascade_view(session, province.id, city.id)
    assert "2" in {t.number for t in view.coverage_gaps}  # 推动重点河流生态复流
    task2 = session.scalar(select(Task).where(Task.plan_id == province.id, Task.number == "2"))
    assert task2 is not None
    decide_link(session, admin, by_child["7"].id, by_child["7"].suggested_parent_id)
    decide_link(session, admin, by_child["1"].id, task2.id)  # corrected: now implements 生态复流
    decide_link(session, admin, by_child["12"].id, None)
    assert [by_child[n].status for n in ("7", "1", "12")] == [
        LinkStatus.CONFIRMED,
        LinkStatus.CORRECTED,
        LinkStatus.REJECTED,
    ]
    gaps = {t.number for t in cascade_view(session, province.id, city.id).coverage_gaps}
    assert "2" not in gaps and {"1", "14"} <= gaps  # 14 (河流水系整治) lost its only child, 1 was moved

    again = suggest_and_store(session, admin, province.id, city.id)
    assert {link.id for link in again} == {link.id for link in links}
    assert by_child["1"].status == LinkStatus.CORRECTED and by_child["1"].parent_task_id == task2.id
    with pytest.raises(PermissionDenied):
        decide_link(session, outsider, by_child["7"].id, None)
