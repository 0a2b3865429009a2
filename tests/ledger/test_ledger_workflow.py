"""Every allowed and forbidden status transition (status and event row asserted together),
standing tasks, the optimistic lock, and who may do which transition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from envplan.ledger.errors import ConflictError, LedgerValidationError, PermissionDenied, TransitionError
from envplan.ledger.models import Assignment, AssignmentStatus, StatusEvent, Task, User
from envplan.ledger.services.workflow import TRANSITIONS, transition

S = AssignmentStatus
# The transition table of issue 5, written out: (from, action) → to. Anything else is forbidden.
ALLOWED: dict[tuple[S, str], S] = {
    (S.NOT_STARTED, "start"): S.IN_PROGRESS,
    (S.NOT_STARTED, "request_extension"): S.EXTENSION_REQUESTED,
    (S.IN_PROGRESS, "submit"): S.PENDING_REVIEW,
    (S.IN_PROGRESS, "request_extension"): S.EXTENSION_REQUESTED,
    (S.EXTENSION_REQUESTED, "approve_extension"): S.IN_PROGRESS,
    (S.EXTENSION_REQUESTED, "reject_extension"): S.IN_PROGRESS,
    (S.PENDING_REVIEW, "return"): S.IN_PROGRESS,
    (S.PENDING_REVIEW, "close"): S.CLOSED,
}
PATH_TO: dict[S, list[str]] = {
    S.NOT_STARTED: [],
    S.IN_PROGRESS: ["start"],
    S.EXTENSION_REQUESTED: ["request_extension"],
    S.PENDING_REVIEW: ["start", "submit"],
    S.CLOSED: ["start", "submit", "close"],
}
NEW_DUE = dt.date(2023, 12, 31)


def _assignment(session: Session, number: str, role: str) -> Assignment:
    return session.scalars(
        select(Assignment).join(Assignment.task).where(Task.number == number, Assignment.role == role)
    ).one()


def _do(session: Session, assignment: Assignment, action: str, actor: User) -> Assignment:
    return transition(session, assignment.id, action, actor=actor, reason="理由", new_due_date=NEW_DUE)


def _events(session: Session, assignment: Assignment) -> list[StatusEvent]:
    query = select(StatusEvent).where(StatusEvent.assignment_id == assignment.id).order_by(StatusEvent.id)
    return list(session.scalars(query))


def test_the_table_in_code_is_the_table_of_the_issue() -> None:
    in_code = {(source, a): t.target for a, t in TRANSITIONS.items() for source in t.sources}
    assert in_code == ALLOWED


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_transition_from_every_status(
    session: Session, persona_notice: Any, administrator: User, lead_officer: User, bureau_staff: User,
    source: S, action: str,
) -> None:  # fmt: skip
    assignment = _assignment(session, "1", "lead")
    for step in PATH_TO[source]:
        _do(session, assignment, step, administrator)
    assert assignment.status == source
    before = _events(session, assignment)
    actor = lead_officer if TRANSITIONS[action].who == "unit" else bureau_staff
    target = ALLOWED.get((source, action))
    if target is None:
        with pytest.raises(TransitionError):
            _do(session, assignment, action, actor)
        assert assignment.status == source
        assert _events(session, assignment) == before
        return
    _do(session, assignment, action, actor)
    session.commit()
    session.expire_all()
    assert session.get_one(Assignment, assignment.id).status == target
    events = _events(session, assignment)
    assert len(events) == len(before) + 1
    last = events[-1]
    assert (last.action, last.old_status, last.new_status, last.actor_id) == (
        action,
        source,
        target,
        actor.id,
    )
    assert last.reason == "理由" and last.at.tzinfo is not None


def test_extension_approval_moves_the_deadline(
    session: Session, persona_notice: Any, lead_officer: User, bureau_staff: User
) -> None:
    assignment = _assignment(session, "1", "lead")
    assert assignment.due_date == dt.date(2023, 10, 31)
    with pytest.raises(LedgerValidationError, match="new_due_date"):
        transition(session, assignment.id, "request_extension", actor=lead_officer, reason="x",
                   new_due_date=dt.date(2023, 10, 1))  # fmt: skip
    with pytest.raises(LedgerValidationError, match="reason"):
        transition(session, assignment.id, "request_extension", actor=lead_officer, new_due_date=NEW_DUE)
    _do(session, assignment, "request_extension", lead_officer)
    assert (assignment.requested_due_date, assignment.due_date) == (NEW_DUE, dt.date(2023, 10, 31))
    _do(session, assignment, "approve_extension", bureau_staff)
    assert (assignment.requested_due_date, assignment.due_date) == (None, NEW_DUE)


def test_rejected_extension_keeps_the_deadline(
    session: Session, persona_notice: Any, lead_officer: User, bureau_staff: User
) -> None:
    assignment = _assignment(session, "1", "lead")
    _do(session, assignment, "request_extension", lead_officer)
    with pytest.raises(LedgerValidationError, match="reason"):
        transition(session, assignment.id, "reject_extension", actor=bureau_staff)
    _do(session, assignment, "reject_extension", bureau_staff)
    assert (assignment.status, assignment.due_date) == (S.IN_PROGRESS, dt.date(2023, 10, 31))


@pytest.mark.parametrize("action", ["submit", "request_extension"])
def test_standing_tasks_are_never_submitted_or_extended(
    session: Session, persona_notice: Any, lead_officer: User, action: str
) -> None:
    standing = _assignment(session, "2", "responsible")
    assert standing.task.standing
    _do(session, standing, "start", lead_officer)
    with pytest.raises(TransitionError, match="长期坚持"):
        _do(session, standing, action, lead_officer)
    assert standing.status == S.IN_PROGRESS


def test_a_stale_version_is_a_conflict_not_a_lost_update(
    session: Session, persona_notice: Any, lead_officer: User
) -> None:
    assignment = _assignment(session, "1", "lead")
    seen = assignment.version
    transition(session, assignment.id, "start", actor=lead_officer, expected_version=seen)
    session.commit()
    with pytest.raises(ConflictError, match="changed by someone else"):
        transition(session, assignment.id, "submit", actor=lead_officer, expected_version=seen)
    assert assignment.status == S.IN_PROGRESS


def test_two_sessions_editing_one_assignment_conflict(
    session: Session, persona_notice: Any, lead_officer: User, engine: Any
) -> None:
    assignment_id = _assignment(session, "1", "lead").id
    session.commit()
    with Session(engine, expire_on_commit=False) as first, Session(engine, expire_on_commit=False) as second:
        a1, a2 = first.get_one(Assignment, assignment_id), second.get_one(Assignment, assignment_id)
        actor1, actor2 = first.get_one(User, lead_officer.id), second.get_one(User, lead_officer.id)
        assert a1.version == a2.version
        first.rollback()  # SQLite: end the read so the first writer is not blocked by its own snapshot
        transition(first, a1.id, "start", actor=actor1)
        first.commit()
        with pytest.raises((ConflictError, TransitionError)):
            transition(second, a2.id, "start", actor=actor2)
        second.rollback()
    session.expire_all()
    events = session.scalar(
        select(func.count()).select_from(StatusEvent).where(StatusEvent.assignment_id == assignment_id)
    )
    assert events == 1


UNIT_ACTIONS = ("start", "request_extension")
BUREAU_ACTIONS = ("return", "close", "approve_extension")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("administrator", True),
        ("lead_officer", True),
        ("cooperating_officer", False),
        ("outsider_officer", False),
        ("viewer", False),
        ("bureau_staff", False),
    ],
)
@pytest.mark.parametrize("action", UNIT_ACTIONS)
def test_who_may_do_unit_transitions(
    request: pytest.FixtureRequest,
    session: Session,
    persona_notice: Any,
    persona: str,
    allowed: bool,
    action: str,
) -> None:
    actor = request.getfixturevalue(persona)
    assignment = _assignment(session, "1", "lead")
    if allowed:
        _do(session, assignment, action, actor)
        assert assignment.status != S.NOT_STARTED
    else:
        with pytest.raises(PermissionDenied):
            _do(session, assignment, action, actor)
        assert assignment.status == S.NOT_STARTED and _events(session, assignment) == []


def test_cooperating_officer_acts_on_its_own_assignment(
    session: Session, persona_notice: Any, cooperating_officer: User, lead_officer: User
) -> None:
    own = _assignment(session, "1", "cooperating")
    _do(session, own, "start", cooperating_officer)
    assert own.status == S.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        _do(session, own, "submit", lead_officer)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("administrator", True),
        ("bureau_staff", True),
        ("lead_officer", False),
        ("cooperating_officer", False),
        ("outsider_officer", False),
        ("viewer", False),
        ("other_region_bureau_staff", False),
    ],
)
@pytest.mark.parametrize("action", BUREAU_ACTIONS)
def test_who_may_do_bureau_transitions(
    request: pytest.FixtureRequest, session: Session, persona_notice: Any, administrator: User,
    persona: str, allowed: bool, action: str,
) -> None:  # fmt: skip
    actor = request.getfixturevalue(persona)
    assignment = _assignment(session, "1", "lead")
    path = ["request_extension"] if action == "approve_extension" else ["start", "submit"]
    for step in path:
        _do(session, assignment, step, administrator)
    source = assignment.status
    if allowed:
        _do(session, assignment, action, actor)
        assert assignment.status != source
    else:
        with pytest.raises(PermissionDenied):
            _do(session, assignment, action, actor)
        assert assignment.status == source and len(_events(session, assignment)) == len(path)


@pytest.fixture
def other_region_bureau_staff(session: Session, administrator: User) -> User:
    from envplan.ledger.regions import find_region
    from envplan.ledger.services.users import create_user
    from envplan.ledger.units import resolve_unit

    unit = resolve_unit(session, "市生态环境局", find_region(session, "运城市"))
    return create_user(session, "yuncheng", password="long-enough", role="bureau_staff", unit=unit,
                       actor=administrator)  # fmt: skip


def test_deactivated_users_may_do_nothing(session: Session, persona_notice: Any, lead_officer: User) -> None:
    lead_officer.active = False
    with pytest.raises(PermissionDenied, match="deactivated"):
        _do(session, _assignment(session, "1", "lead"), "start", lead_officer)


def test_concurrent_reports_on_one_assignment_all_land(
    session: Session, persona_notice: Any, lead_officer: User, engine: Any, tmp_path: Any
) -> None:
    """8 threads × 3 reports, each in its own write transaction: no error, no lost report."""
    from concurrent.futures import ThreadPoolExecutor

    from envplan.ledger.db import write_session
    from envplan.ledger.models import ProgressReport
    from envplan.ledger.services.progress import ProgressForm, report_progress
    from envplan.settings import Settings

    assignment_id = _assignment(session, "1", "lead").id
    session.commit()
    settings = Settings(data_dir=tmp_path)

    def work(worker: int) -> None:
        for round_ in range(3):
            with write_session(engine) as writer:
                actor = writer.get_one(User, lead_officer.id)
                form = ProgressForm("2023-05", worker * 10 + round_, f"线程{worker}第{round_}次")
                report_progress(writer, assignment_id, form, actor, settings=settings)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(8)))
    session.expire_all()
    reports = session.scalar(
        select(func.count()).select_from(ProgressReport).where(ProgressReport.assignment_id == assignment_id)
    )
    assert reports == 24
    final = session.get_one(Assignment, assignment_id)
    assert final.version == 1 + 24  # every report bumped the version exactly once
    assert len(_events(session, final)) == 1  # only the first report moved it to 推进中
