"""The task page links an evidence file (佐证材料) only for users who may download it; the others
see its name and 「无权下载」 (SQLite and PostgreSQL).

The persona notice (吕梁): task 1 is led by 市生态环境局 with 市住建局 cooperating, task 3 led by
市水利局 with 市生态环境局 cooperating. Evidence A is the lead officer's report on task 1, evidence B
the administrator's report for 市水利局 on task 3. The rule is
envplan.ledger.services.permissions.may_read_evidence; the page is checked against it file by file.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from envplan.ledger.models import Assignment, AssignmentRole, EvidenceFile, Task, User
from envplan.ledger.regions import find_region
from envplan.ledger.services.permissions import may_read_evidence
from envplan.ledger.services.progress import EvidenceUpload, ProgressForm, report_progress
from envplan.ledger.services.users import create_user
from envplan.ledger.units import resolve_unit
from envplan.settings import Settings
from web.web_helpers import sign_in

FORM = ProgressForm(period="2023-05", completion_percent=40, progress="已完成设备招标")
PDF = b"%PDF-1.4 evidence"
PERSONAS = ["admin", "bureau", "lead", "cooperating", "outsider", "viewer", "county_viewer"]


def _assignment(session: Session, number: str, role: AssignmentRole) -> Assignment:
    query = select(Assignment).join(Assignment.task).where(Task.number == number, Assignment.role == role)
    return session.scalars(query).one()


def _user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def _report(session: Session, number: str, by: str, files: list[str], settings: Settings) -> list[int]:
    session.commit()  # end the read transaction: SQLite refuses a write from an older snapshot
    uploads = [EvidenceUpload(name, PDF + name.encode(), "application/pdf") for name in files]
    assignment = _assignment(session, number, AssignmentRole.LEAD)
    report = report_progress(
        session, assignment.id, FORM, _user(session, by), evidence=uploads, settings=settings
    )
    session.commit()
    return [e.id for e in report.evidence]


@pytest.fixture
def evidence(session: Session, persona_notice: object, web_settings: Settings) -> dict[str, int]:
    """Evidence A and B, and a viewer of 新绛县 (a county of another city, 运城); their ids."""
    unit = resolve_unit(session, "县生态环境局", find_region(session, "140825"))
    hashed = _user(session, "lead").password_hash
    create_user(
        session, "county_viewer", password="", password_hash=hashed, role="viewer", unit=unit, actor=None
    )
    (a,) = _report(session, "1", "lead", ["验收报告.pdf"], web_settings)
    (b,) = _report(session, "3", "admin", ["生态流量.pdf"], web_settings)
    return {"A": a, "B": b}


def _task_id(session: Session, number: str) -> int:
    return session.scalars(select(Task.id).where(Task.number == number)).one()


def page_evidence(page: str) -> tuple[set[int], list[str]]:
    """(ids of the evidence links, names shown without a link) of a task page."""
    linked = {int(i) for i in re.findall(r'<a href="/evidence/(\d+)">', page)}
    locked = re.findall(
        r'<span class="evidence-locked">(.*?) <span class="muted">（无权下载）</span></span>', page
    )
    return linked, locked


def _page(app: FastAPI, username: str, task_id: int) -> str:
    client = TestClient(app, follow_redirects=False)
    sign_in(client, username)
    response = client.get(f"/tasks/{task_id}")
    assert response.status_code == 200, response.text
    return response.text


def test_links_for_the_personas(app: FastAPI, session: Session, evidence: dict[str, int]) -> None:
    task1 = _task_id(session, "1")
    assert page_evidence(_page(app, "lead", task1)) == ({evidence["A"]}, [])  # the reporting unit
    assert page_evidence(_page(app, "admin", task1)) == ({evidence["A"]}, [])
    assert page_evidence(_page(app, "outsider", task1)) == (set(), ["验收报告.pdf"])  # unrelated county
    assert page_evidence(_page(app, "county_viewer", task1)) == (set(), ["验收报告.pdf"])  # other region
    task3 = _task_id(session, "3")
    assert page_evidence(_page(app, "cooperating", task3)) == (set(), ["生态流量.pdf"])  # not on task 3
    assert page_evidence(_page(app, "lead", task3)) == ({evidence["B"]}, [])  # cooperating on task 3


def _expected(session: Session, username: str, ids: list[int]) -> set[int]:
    user = _user(session, username)
    rows = [session.get(EvidenceFile, i) for i in ids]
    return {row.id for row in rows if row is not None and may_read_evidence(session, user, row)}


def test_the_page_agrees_with_may_read_evidence(
    app: FastAPI, session: Session, evidence: dict[str, int]
) -> None:
    """Every persona, both task pages; again after task 1's cooperating unit is withdrawn (a
    revision) and the viewer deactivated: a link exactly where the download is allowed."""

    def check() -> None:
        for number, key in (("1", "A"), ("3", "B")):
            for username in PERSONAS:
                if username == "viewer" and not _user(session, "viewer").active:
                    continue  # a deactivated user cannot sign in
                linked, locked = page_evidence(_page(app, username, _task_id(session, number)))
                assert linked == _expected(session, username, [evidence[key]]), (number, username)
                assert len(linked) + len(locked) == 1

    check()
    session.commit()  # a fresh transaction to write in (see _report)
    _assignment(session, "1", AssignmentRole.COOPERATING).withdrawn = True
    session.commit()
    linked, locked = page_evidence(_page(app, "cooperating", _task_id(session, "1")))
    assert (linked, locked) == (set(), ["验收报告.pdf"])
    check()


def _statements(engine: Engine, app: FastAPI, username: str, task_id: int) -> int:
    count = [0]

    def counted(*_: object) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        _page(app, username, task_id)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count[0]


@pytest.mark.parametrize("username", ["bureau", "viewer", "cooperating", "outsider"])
def test_the_number_of_queries_does_not_grow_with_the_files(
    app: FastAPI, engine: Engine, session: Session, evidence: dict[str, int], web_settings: Settings,
    username: str,
) -> None:  # fmt: skip
    task1 = _task_id(session, "1")
    before = _statements(engine, app, username, task1)
    _report(session, "1", "lead", ["照片1.pdf", "照片2.pdf", "照片3.pdf"], web_settings)  # 3 files more
    coop = _assignment(session, "1", AssignmentRole.COOPERATING)
    report_progress(
        session, coop.id, FORM, _user(session, "cooperating"),
        evidence=[EvidenceUpload("合同.pdf", PDF + b"c", "application/pdf")], settings=web_settings,
    )  # fmt: skip
    session.commit()
    page = _page(app, username, task1)
    assert sum(map(len, page_evidence(page))) == 5
    assert _statements(engine, app, username, task1) == before


def test_the_json_twin_says_which_files_may_be_downloaded(
    app: FastAPI, session: Session, evidence: dict[str, int]
) -> None:
    """/api/tasks/{id} marks each evidence file ``downloadable`` exactly where the page links it."""
    for number in ("1", "3"):
        task_id = _task_id(session, number)
        for username in PERSONAS:
            client = TestClient(app, follow_redirects=False)
            sign_in(client, username)
            detail = client.get(f"/api/tasks/{task_id}").json()
            files = [e for a in detail["assignments"] for r in a["reports"] for e in r["evidence"]]
            flagged = {e["id"] for e in files if e["downloadable"]}
            linked, _ = page_evidence(_page(app, username, task_id))
            assert flagged == linked, (number, username)
            assert len(files) == 1
