"""Read, snapshot and write sessions, and the idle-connection ping (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from envplan.ledger import db
from envplan.ledger.db import read_session, snapshot_session, write_session
from envplan.ledger.models import Region, RegionLevel
from envplan.ledger.regions import ensure_regions


@pytest.fixture
def regions(engine: Engine) -> int:
    """The seeded regions, committed; returns how many there are."""
    with write_session(engine) as session:
        ensure_regions(session)
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Region)) or 0)


def add_region(engine: Engine, code: str) -> None:
    with write_session(engine) as session:
        session.add(Region(code=code, name=f"测试{code}", full_name=f"测试{code}", level=RegionLevel.COUNTY))


def test_read_session_refuses_to_write_and_leaves_the_database_unchanged(
    engine: Engine, regions: int
) -> None:
    with read_session(engine) as session:
        session.add(Region(code="149998", name="不应写入", full_name="不应写入", level=RegionLevel.COUNTY))
        with pytest.raises(RuntimeError, match="read session does not write"):
            session.flush()
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Region)) == regions
        assert session.scalar(select(Region).where(Region.code == "149998")) is None


def test_read_session_on_postgresql_runs_in_autocommit_and_sees_later_commits(
    engine: Engine, regions: int
) -> None:
    """PostgreSQL reads send no BEGIN: each statement sees what was committed before it."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads keep one snapshot per read session (tested below)")
    with read_session(engine) as session:
        assert session.connection().connection.dbapi_connection.autocommit is True  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(Region)) == regions
        add_region(engine, "149997")
        assert session.scalar(select(func.count()).select_from(Region)) == regions + 1


def test_snapshot_session_keeps_one_snapshot_on_both_databases(engine: Engine, regions: int) -> None:
    """An export reads every statement from the snapshot of its first one."""
    with snapshot_session(engine) as session:
        if engine.dialect.name == "postgresql":
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        assert session.scalar(select(func.count()).select_from(Region)) == regions
        add_region(engine, "149996")
        assert session.scalar(select(func.count()).select_from(Region)) == regions
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Region)) == regions + 1


def test_snapshot_session_streams_rows(engine: Engine, regions: int) -> None:
    """``yield_per`` needs a transaction on PostgreSQL (server-side cursor): the export path."""
    with snapshot_session(engine) as session:
        codes = [r.code for r in session.scalars(select(Region).execution_options(yield_per=7))]
    assert len(codes) == regions and len(set(codes)) == regions


def test_connections_returned_by_read_sessions_are_usable_by_write_sessions(
    engine: Engine, regions: int
) -> None:
    """The autocommit setting of a read does not leak into the next user of the pooled connection."""
    for _ in range(3):
        with read_session(engine) as session:
            session.scalar(select(func.count()).select_from(Region))
    with pytest.raises(ValueError, match="rolled back"), write_session(engine) as session:
        session.add(Region(code="149995", name="回滚", full_name="回滚", level=RegionLevel.COUNTY))
        session.flush()
        raise ValueError("rolled back")
    with read_session(engine) as session:
        assert session.scalar(select(Region).where(Region.code == "149995")) is None


def test_idle_connection_killed_by_the_server_is_replaced_before_use(
    engine: Engine, regions: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection idle past IDLE_PING_SECONDS is pinged; a dead one is replaced, no error."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to lose connections to")
    with read_session(engine) as session:
        backend = session.scalar(text("SELECT pg_backend_pid()"))
    killer = create_engine(engine.url)  # the server ends the idle pooled connection, as on a restart
    with killer.connect() as other:
        assert other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend}) is True
    killer.dispose()
    monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Region)) == regions
        assert session.scalar(text("SELECT pg_backend_pid()")) != backend


def test_busy_connections_are_not_pinged(
    engine: Engine, regions: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within IDLE_PING_SECONDS of its last use a connection goes out without a round trip."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the ping is PostgreSQL's")
    pings: list[object] = []
    original = engine.dialect.do_ping

    def counted(connection: Any) -> bool:
        pings.append(connection)
        return original(connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    for _ in range(5):
        with read_session(engine) as session:
            session.scalar(select(func.count()).select_from(Region))
    assert pings == []
    monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)
    with read_session(engine) as session:
        session.scalar(select(func.count()).select_from(Region))
    assert len(pings) == 1


def test_plain_sessions_still_write(engine: Engine, regions: int) -> None:
    with Session(engine) as session, session.begin():
        session.add(Region(code="149994", name="写入", full_name="写入", level=RegionLevel.COUNTY))
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Region)) == regions + 1
