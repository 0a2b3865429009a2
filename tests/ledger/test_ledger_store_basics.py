"""Schema, engine settings, append-only rows, regions and users on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from envplan.ledger.db import current_heads, is_sqlite
from envplan.ledger.errors import LedgerValidationError, LoginThrottled, PermissionDenied
from envplan.ledger.models import AppendOnlyViolation, AuditEntry, Region, User, UserRole
from envplan.ledger.regions import find_region, region_scope_ids
from envplan.ledger.services.users import HASHER, authenticate, create_user
from envplan.settings import Settings

LEDGER_HEAD = "ledger0003"


def test_schema_is_at_the_ledger_head(engine: Engine) -> None:
    assert LEDGER_HEAD in current_heads(engine)


def test_sqlite_runs_wal_with_foreign_keys_and_busy_timeout(engine: Engine) -> None:
    if not is_sqlite(engine):
        pytest.skip("SQLite pragmas")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_regions_have_real_codes_and_the_fictional_county_is_marked(session: Session) -> None:
    luliang = find_region(session, "吕梁市")
    assert luliang.code == "141100"
    assert find_region(session, "新绛县").code == "140825"
    assert find_region(session, "晋城市城区").code == "140502"
    assert find_region(session, "山西省").code == "140000"
    counties = session.scalars(select(Region).where(Region.parent_id == luliang.id, ~Region.fictional))
    assert len(list(counties)) == 13
    cities = session.scalars(select(Region).where(Region.level == "city", ~Region.fictional))
    assert len(list(cities)) == 11
    fictional = session.scalars(select(Region).where(Region.fictional)).all()
    assert [r.full_name for r in fictional] == ["山西省青岚市（虚构）", "山西省青岚市清河县（虚构）"]
    assert len(region_scope_ids(session, luliang)) == 14  # itself and its 13 counties


def test_audit_rows_refuse_update_and_delete_in_orm_and_sql(session: Session, administrator: User) -> None:
    entry = session.scalars(select(AuditEntry)).first()
    assert entry is not None and entry.action == "user.create"
    entry.action = "tampered"
    with pytest.raises(AppendOnlyViolation):
        session.flush()
    session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(update(AuditEntry).values(action="tampered"))
    session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("DELETE FROM audit_log"))
    session.rollback()


def test_create_user_hashes_with_argon2_and_checks_input(session: Session, administrator: User) -> None:
    assert administrator.password_hash.startswith("$argon2id$")
    with pytest.raises(LedgerValidationError, match="password"):
        create_user(session, "short", password="x", role="viewer", unit=None, actor=administrator)
    with pytest.raises(LedgerValidationError, match="role"):
        create_user(session, "r", password="long-enough", role="king", unit=None, actor=administrator)
    with pytest.raises(LedgerValidationError, match="exists"):
        create_user(session, "admin", password="long-enough", role="viewer", unit=None, actor=administrator)
    with pytest.raises(LedgerValidationError, match="needs a unit"):
        create_user(session, "o", password="long-enough", role="unit_officer", unit=None, actor=administrator)


def test_only_administrators_create_users(
    session: Session, bureau_staff: User, lead_officer: User, viewer: User
) -> None:
    for actor in (bureau_staff, lead_officer, viewer):
        with pytest.raises(PermissionDenied):
            create_user(session, "new", password="long-enough", role="viewer", unit=None, actor=actor)


def test_authenticate_accepts_right_password_only(session: Session, lead_officer: User) -> None:
    assert authenticate(session, "lead", "persona-password-1") is lead_officer
    assert authenticate(session, "lead", "wrong-password") is None
    assert authenticate(session, "nobody", "persona-password-1") is None
    lead_officer.active = False
    assert authenticate(session, "lead", "persona-password-1") is None


def test_authenticate_throttles_after_max_failures_within_window(session: Session, viewer: User) -> None:
    settings = Settings(login_max_failures=3, login_window_seconds=300)
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    for second in range(3):
        now = start + dt.timedelta(seconds=second)
        assert authenticate(session, "viewer", "bad-password", now=now, settings=settings) is None
    with pytest.raises(LoginThrottled):
        authenticate(
            session, "viewer", "persona-password-1", now=start + dt.timedelta(seconds=10), settings=settings
        )
    later = start + dt.timedelta(seconds=303)
    assert authenticate(session, "viewer", "persona-password-1", now=later, settings=settings) is viewer
    assert viewer.failed_logins == 0


def test_authenticate_rehashes_outdated_hashes(session: Session, viewer: User) -> None:
    from argon2 import PasswordHasher

    viewer.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash("persona-password-1")
    assert HASHER.check_needs_rehash(viewer.password_hash)
    assert authenticate(session, "viewer", "persona-password-1") is viewer
    assert not HASHER.check_needs_rehash(viewer.password_hash)
    assert viewer.role == UserRole.VIEWER


LEDGER_TABLES = {
    "regions", "units", "unit_aliases", "documents", "plans", "targets", "tasks", "milestones", "projects",
    "assignments", "progress_reports", "evidence_files", "status_events", "users", "audit_log",
}  # fmt: skip


def _table_of(diff: object) -> str | None:
    item = diff[0] if isinstance(diff, list) else diff
    for part in item[1:] if isinstance(item, tuple) else ():
        name = getattr(part, "name", None) if not isinstance(part, str) else None
        table = getattr(part, "table", None)
        if table is not None and getattr(table, "name", None):
            return str(table.name)
        if name and hasattr(part, "columns"):
            return str(name)
        if isinstance(part, str) and part in LEDGER_TABLES:
            return part
    return None


def test_migrations_match_the_models(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from envplan.ledger.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    ours = [d for d in diffs if _table_of(d) in LEDGER_TABLES]
    assert ours == []


def test_status_events_are_append_only(session: Session, persona_notice: object, lead_officer: User) -> None:
    from envplan.ledger.models import StatusEvent
    from envplan.ledger.services.workflow import start_assignment

    assignment_id = session.scalars(select(StatusEvent.assignment_id)).first()
    assert assignment_id is None  # nothing happened yet
    from envplan.ledger.models import Assignment

    first = session.scalars(select(Assignment).where(Assignment.unit_id == lead_officer.unit_id)).first()
    assert first is not None
    start_assignment(session, first.id, actor=lead_officer)
    session.commit()
    event = session.scalars(select(StatusEvent)).one()
    session.delete(event)
    with pytest.raises(AppendOnlyViolation):
        session.flush()
    session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(update(StatusEvent).values(reason="rewritten"))
    session.rollback()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("administrator", True), ("bureau_staff", False), ("lead_officer", False),
     ("cooperating_officer", False), ("outsider_officer", False), ("viewer", False)],
)  # fmt: skip
def test_who_may_change_other_users(
    request: pytest.FixtureRequest, session: Session, persona: str, allowed: bool, viewer: User
) -> None:
    from envplan.ledger.services.users import set_active, set_password

    actor = request.getfixturevalue(persona)
    if actor is viewer:
        set_password(session, viewer, "a-new-password", actor=viewer)  # oneself: always
        assert authenticate(session, "viewer", "a-new-password") is viewer
        return
    if allowed:
        set_password(session, viewer, "a-new-password", actor=actor)
        set_active(session, viewer, False, actor=actor)
        assert not viewer.active
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == viewer.id)).all()
        assert {"user.set_password", "user.set_active"} <= set(actions)
        return
    with pytest.raises(PermissionDenied):
        set_password(session, viewer, "a-new-password", actor=actor)
    with pytest.raises(PermissionDenied):
        set_active(session, viewer, False, actor=actor)
    assert viewer.active
