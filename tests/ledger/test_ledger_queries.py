"""Ledger listing, my tasks, task detail and dashboard on a fixed ``today``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.errors import LedgerValidationError, NotFound
from envplan.ledger.models import Assignment, Task, User
from envplan.ledger.regions import find_region
from envplan.ledger.services.dashboard import dashboard
from envplan.ledger.services.progress import ProgressForm, report_progress
from envplan.ledger.services.queries import LedgerQuery, list_ledger, my_tasks, task_detail
from envplan.ledger.services.workflow import transition

# The persona notice: task 1 due 2023-10-31 (lead 生态环境局, coop 住建局), task 2 standing (生态环境局),
# task 3 due 2023-06-30 (lead 水利局, coop 生态环境局), task 4 due 2023-12-31 (生态环境局).
JULY_1 = dt.date(2023, 7, 1)


def _keys(rows: Any) -> list[tuple[str, str, str]]:
    return [(r.task_number, r.unit_name, r.role) for r in rows]


def test_default_listing_sorts_by_deadline_standing_last(session: Session, persona_notice: Any) -> None:
    page = list_ledger(session, LedgerQuery(), today=JULY_1)
    assert page.total == 6 and page.pages == 1
    assert [(r.task_number, r.due_date) for r in page.rows] == [
        ("3", dt.date(2023, 6, 30)), ("3", dt.date(2023, 6, 30)), ("1", dt.date(2023, 10, 31)),
        ("1", dt.date(2023, 10, 31)), ("4", dt.date(2023, 12, 31)), ("2", None),
    ]  # fmt: skip
    overdue = [(r.task_number, r.days_left) for r in page.rows if r.overdue]
    assert overdue == [("3", -1), ("3", -1)]


def test_deadline_day_itself_is_not_overdue(session: Session, persona_notice: Any) -> None:
    rows = list_ledger(session, LedgerQuery(status="overdue"), today=dt.date(2023, 6, 30)).rows
    assert rows == []
    assert len(list_ledger(session, LedgerQuery(status="overdue"), today=JULY_1).rows) == 2


def test_standing_tasks_are_never_overdue(session: Session, persona_notice: Any) -> None:
    far_future = dt.date(2099, 1, 1)
    rows = list_ledger(session, LedgerQuery(status="overdue"), today=far_future).rows
    assert "2" not in {r.task_number for r in rows}
    assert dashboard(session, today=far_future).standing == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (LedgerQuery(text="生态流量"), {"3"}),
        (LedgerQuery(text="住建局"), {"1"}),
        (LedgerQuery(text="100%_"), set()),
        (LedgerQuery(domain="air"), set()),
        (LedgerQuery(domain="water", role="cooperating"), {"1", "3"}),
        (LedgerQuery(due_from=dt.date(2023, 7, 1), due_to=dt.date(2023, 10, 31)), {"1"}),
        (LedgerQuery(status="not_started"), {"1", "2", "3", "4"}),
    ],
)
def test_filters(session: Session, persona_notice: Any, query: LedgerQuery, expected: set[str]) -> None:
    assert {r.task_number for r in list_ledger(session, query, today=JULY_1).rows} == expected


def test_unit_and_region_filters(session: Session, persona_notice: Any, lead_officer: User) -> None:
    page = my_tasks(session, lead_officer, today=JULY_1)
    assert {(r.task_number, r.role) for r in page.rows} == {("1", "lead"), ("2", "responsible"),
                                                            ("3", "cooperating"), ("4", "lead")}  # fmt: skip
    luliang, xinjiang = find_region(session, "吕梁市"), find_region(session, "新绛县")
    assert list_ledger(session, LedgerQuery(region_id=luliang.id), today=JULY_1).total == 6
    assert list_ledger(session, LedgerQuery(region_id=xinjiang.id), today=JULY_1).total == 0
    assert (
        list_ledger(session, LedgerQuery(region_id=find_region(session, "山西省").id), today=JULY_1).total
        == 6
    )


def test_paging_and_sorting(session: Session, persona_notice: Any) -> None:
    first = list_ledger(session, LedgerQuery(sort="unit", page_size=4), today=JULY_1)
    second = list_ledger(session, LedgerQuery(sort="unit", page_size=4, page=2), today=JULY_1)
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (6, 2, 4, 2)
    names = [r.unit_name for r in first.rows + second.rows]
    assert names == sorted(names)
    with pytest.raises(LedgerValidationError, match="sort"):
        list_ledger(session, LedgerQuery(sort="drop table"), today=JULY_1)
    with pytest.raises(LedgerValidationError, match="status"):
        list_ledger(session, LedgerQuery(status="done"), today=JULY_1)
    with pytest.raises(LedgerValidationError, match="page_size"):
        list_ledger(session, LedgerQuery(page_size=10_000), today=JULY_1)


def test_dashboard_counts(
    session: Session, persona_notice: Any, lead_officer: User, bureau_staff: User
) -> None:
    lead = session.scalars(
        select(Assignment).join(Assignment.task).where(Task.number == "4", Assignment.role == "lead")
    ).one()
    for action, actor in (("start", lead_officer), ("submit", lead_officer), ("close", bureau_staff)):
        transition(session, lead.id, action, actor=actor)
    board = dashboard(session, today=JULY_1, region_id=find_region(session, "吕梁市").id)
    assert board.total == 6
    assert board.by_status == {"not_started": 5, "in_progress": 0, "extension_requested": 0,
                               "pending_review": 0, "closed": 1}  # fmt: skip
    assert board.overdue == 2  # task 3's two assignments
    assert board.due_within_30_days == 0
    assert dashboard(session, today=dt.date(2023, 10, 1)).due_within_30_days == 2  # 10-31 is 30 days on
    assert dashboard(session, today=dt.date(2023, 9, 30)).due_within_30_days == 0  # 31 days: not yet
    assert board.by_domain == {"water": {"not_started": 5, "closed": 1, "overdue": 2}}
    top = board.by_unit[0]
    assert (top.unit_name, top.total, top.closed, top.overdue) == ("吕梁市生态环境局", 4, 1, 1)


def test_task_detail_has_clause_units_milestones_reports_and_events(
    session: Session, persona_notice: Any, lead_officer: User
) -> None:
    task = session.scalars(select(Task).where(Task.number == "1")).one()
    lead = next(a for a in task_detail(session, task.id).assignments if a.role == "lead")
    report_progress(session, lead.id, ProgressForm("2023-05", 30, "招标完成"), lead_officer)
    detail = task_detail(session, task.id)
    assert detail.task.text.endswith("（市生态环境局牵头，市住建局配合）")
    assert [(a.unit.name, a.role) for a in detail.assignments] == [
        ("吕梁市生态环境局", "lead"), ("吕梁市住建局", "cooperating")
    ]  # fmt: skip
    assert [m.due for m in detail.task.milestones] == [dt.date(2023, 10, 31)]
    assert [r.progress for r in detail.reports] == ["招标完成"]
    assert [(e.action, e.new_status) for e in detail.events] == [("report", "in_progress")]
    assert detail.document.doc_number == "吕政办测〔2023〕1号"
    with pytest.raises(NotFound):
        task_detail(session, 999_999)


def test_text_search_ignores_latin_case_and_escapes_wildcards(session: Session, persona_notice: Any) -> None:
    task = session.scalars(select(Task).where(Task.number == "4")).one()
    task.title = "削减PM2.5_前体物"
    session.flush()
    for term in ("pm2.5", "PM2.5", "Pm2.5_前体"):
        assert {r.task_number for r in list_ledger(session, LedgerQuery(text=term), today=JULY_1).rows} == {
            "4"
        }
    assert list_ledger(session, LedgerQuery(text="PM2%5"), today=JULY_1).total == 0  # % is literal
    assert list_ledger(session, LedgerQuery(text="PM2_5"), today=JULY_1).total == 0  # _ is literal


def test_standing_tasks_are_flagged_until_reported_this_month(
    session: Session, persona_notice: Any, lead_officer: User, tmp_path: Any
) -> None:
    from envplan.ledger.models import utcnow
    from envplan.settings import Settings

    today = utcnow().date()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)

    def standing_row(day: dt.date) -> Any:
        return next(r for r in list_ledger(session, LedgerQuery(), today=day).rows if r.standing)

    assert standing_row(today).report_missing and dashboard(session, today=today).standing_unreported == 1
    form = ProgressForm(f"{today:%Y-%m}", 100, "按月调度")
    report_progress(
        session, standing_row(today).assignment_id, form, lead_officer, settings=Settings(data_dir=tmp_path)
    )
    assert not standing_row(today).report_missing
    assert dashboard(session, today=today).standing_unreported == 0
    assert standing_row(next_month).report_missing  # a new month asks for a new report
    assert not any(r.report_missing for r in list_ledger(session, LedgerQuery(), today=today).rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("生态 流量", {"3"}),  # every word, anywhere in the row
        ("生态\u3000流量", {"3"}),  # a full-width space separates words too
        ("  生态流量  ", {"3"}),
        ("市住建局 市生态环境局", {"1"}),  # both words in task 1's clause text
        ("住建局 生态流量", set()),  # no row has both
    ],
)
def test_text_search_matches_every_word(
    session: Session, persona_notice: Any, text: str, expected: set[str]
) -> None:
    rows = list_ledger(session, LedgerQuery(text=text), today=JULY_1).rows
    assert {r.task_number for r in rows} == expected


def test_text_search_refuses_more_than_eight_words(session: Session, persona_notice: Any) -> None:
    assert list_ledger(session, LedgerQuery(text=" ".join("一二三四五六七八")), today=JULY_1).total == 0
    with pytest.raises(LedgerValidationError, match="at most 8 words, got 9"):
        list_ledger(session, LedgerQuery(text=" ".join("一二三四五六七八九")), today=JULY_1)
    assert list_ledger(session, LedgerQuery(text=" \u3000 "), today=JULY_1).total == 6  # blank: no filter
