"""Task keys: a number printed twice, and a reworded heading above unchanged tasks (both databases)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.documents import parse_text
from envplan.documents.model import ParsedNotice
from envplan.ledger.models import Assignment, ProgressReport, Task, User
from envplan.ledger.services.importing import import_notice, preview_import
from envplan.ledger.services.notice_facts import loose_key, match_reworded, task_keys
from envplan.ledger.services.progress import ProgressForm, report_progress

COVER = """吕梁市人民政府办公室关于印发吕梁市测试水污染防治2024年行动计划的通知
吕政办发〔2024〕9号
各县（市、区）人民政府，市直各有关单位：
现将《吕梁市测试水污染防治2024年行动计划》印发给你们，请认真贯彻落实。
吕梁市人民政府办公室
2024年3月1日
吕梁市测试水污染防治2024年行动计划
"""
TASKS = """一、{heading}
1.推进城镇污水处理提质增效。2024年10月底前完成。（市住建局牵头，市生态环境局配合）
2.开展入河排污口排查整治。2024年6月底前完成。（市生态环境局负责）
{third}.加强饮用水水源地保护。2024年9月底前完成。（市水利局负责）
二、保障措施
（一）加强组织领导。各部门要高度重视。
"""


def notice(heading: str = "重点任务", third: str = "3") -> ParsedNotice:
    return parse_text(COVER + TASKS.format(heading=heading, third=third), source="测试通知.txt")


def test_a_number_printed_twice_gets_a_suffix_on_its_later_task() -> None:
    tasks = notice(third="2").plans[0].tasks
    assert [t.number for t in tasks[:3]] == ["1", "2", "2"]
    assert task_keys(tasks)[:3] == ["一、重点任务/1", "一、重点任务/2", "一、重点任务/2#2"]


def test_loose_key_keeps_only_heading_numbers() -> None:
    assert loose_key(["三、重点任务", "（一）深入推进产业结构优化调整"], "1") == "三、/（一）/1"
    assert loose_key(["第一章 总则"], "2") == "第一章/2"
    assert loose_key(["保障措施"], "（一）") == "保障措施/（一）"  # no number: kept whole


def test_reworded_match_needs_one_candidate_on_each_side() -> None:
    old = {"一、重点任务/1": (["一、重点任务"], "1")}
    assert match_reworded(old, {"一、主要任务/1": (["一、主要任务"], "1")}) == {
        "一、主要任务/1": "一、重点任务/1"
    }
    two_new = {"一、主要任务/1": (["一、主要任务"], "1"), "一、其他任务/1": (["一、其他任务"], "1")}
    assert match_reworded(old, two_new) == {}  # ambiguous: neither is taken for the old task
    assert match_reworded(old, {"二、重点任务/1": (["二、重点任务"], "1")}) == {}


def test_notice_with_a_repeated_number_imports_and_reimports_unchanged(session: Session) -> None:
    parsed = notice(third="2")
    first = import_notice(session, parsed, actor=None)
    assert first.status == "created"
    keys = session.scalars(select(Task.key).order_by(Task.position)).all()
    assert keys[:3] == ["一、重点任务/1", "一、重点任务/2", "一、重点任务/2#2"]
    assert import_notice(session, notice(third="2"), actor=None).status == "unchanged"


def test_reworded_heading_keeps_tasks_their_assignments_and_reports(
    session: Session, lead_officer: User
) -> None:
    import_notice(session, notice(), actor=None)
    task = session.scalars(select(Task).where(Task.number == "2", Task.key == "一、重点任务/2")).one()
    assignment = session.scalars(select(Assignment).where(Assignment.task_id == task.id)).one()
    assert assignment.unit_id == lead_officer.unit_id  # 市生态环境局负责: the persona's own bureau
    form = ProgressForm(period="2024-04", progress="排查完成一半", completion_percent=50)
    report_progress(session, assignment.id, form, lead_officer)
    session.flush()

    revised = notice(heading="主要任务（2024年）")
    diff = preview_import(session, revised)
    assert diff.status == "revision"
    assert [c.change for c in diff.changes] == []  # nothing added or removed, nothing changed
    import_notice(session, revised, actor=None, apply_revision=True)
    session.flush()
    session.refresh(task)
    assert (task.key, task.withdrawn) == ("一、主要任务（2024年）/2", False)
    assert task.path == ["一、主要任务（2024年）"]
    session.refresh(assignment)
    assert not assignment.withdrawn
    reports = session.scalars(select(ProgressReport).where(ProgressReport.assignment_id == assignment.id))
    assert [r.progress for r in reports] == ["排查完成一半"]
    assert session.scalars(select(Task).where(Task.withdrawn)).all() == []
