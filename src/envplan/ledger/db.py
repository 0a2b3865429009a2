"""Engine, sessions and schema upgrades for the ledger database.

SQLite (the embedded default) runs in WAL mode with a busy timeout and foreign keys on;
PostgreSQL is used through psycopg 3 (``postgresql+psycopg://``). Write services open their
transaction with ``BEGIN IMMEDIATE`` on SQLite (see :func:`write_session`) so that two writers
queue on the busy timeout instead of failing on a stale read snapshot.

On PostgreSQL, page reads run in autocommit (:func:`read_session`: no BEGIN and ROLLBACK round
trips), and a pooled connection is pinged only when it has been idle for
:data:`IDLE_PING_SECONDS` (a restarted server's dead connections are replaced before use; busy
connections cost no extra round trip).
"""

from __future__ import annotations

import functools
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from envplan.settings import get_settings

BUSY_TIMEOUT_MS = 15_000
IDLE_PING_SECONDS = 10.0  # [s] a pooled PostgreSQL connection idle this long is pinged at checkout
_BEGIN_OPTION = "envplan_sqlite_begin"


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (default: the settings' effective database URL)."""
    url = url or get_settings().effective_database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kwargs)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine, "checkin", _mark_checkin)
        event.listen(engine, "checkout", _idle_ping(engine))
    return engine


def _mark_checkin(dbapi_connection: Any, record: Any) -> None:
    record.info["envplan_checked_in"] = time.monotonic()


def _idle_ping(engine: Engine) -> Any:
    """A checkout hook: ping a connection idle for :data:`IDLE_PING_SECONDS` (a dead one is replaced)."""

    def ping(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("envplan_checked_in")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # whatever the ping raised, the connection is unusable
            raise exc.DisconnectionError(f"idle connection failed its ping: {error}") from error

    return ping


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    connect_args.setdefault("check_same_thread", False)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (pysqlite's is broken)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def is_sqlite(engine_or_session: Engine | Session) -> bool:
    """True when the bind is SQLite."""
    bind = engine_or_session.get_bind() if isinstance(engine_or_session, Session) else engine_or_session
    return bind.dialect.name == "sqlite"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (``expire_on_commit=False``)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one write request: commits on success, rolls back on error.

    On SQLite its transaction starts with ``BEGIN IMMEDIATE`` (writers queue on the busy timeout).
    """
    bind = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}) if is_sqlite(engine) else engine
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


_READ_BINDS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _read_bind(engine: Engine) -> Engine:
    """SQLite: the engine; PostgreSQL: the engine in autocommit (made once per engine)."""
    if is_sqlite(engine):
        return engine
    bind = _READ_BINDS.get(engine)
    if bind is None:
        bind = _READ_BINDS[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return bind


class ReadSession(Session):
    """A session that refuses to flush changes (see :func:`read_session`)."""


@event.listens_for(ReadSession, "before_flush")
def _refuse_flush(session: Session, flush_context: Any, instances: Any) -> None:
    raise RuntimeError("a read session does not write: use write_session for changes")


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads: it refuses to flush changes, and closes without committing.

    SQLite reads in one deferred transaction (one snapshot). PostgreSQL reads in autocommit: each
    statement sees the latest committed data, without BEGIN/ROLLBACK round trips; a page that
    needs several statements to agree gets them in one statement or reads through a write session.
    """
    with ReadSession(_read_bind(engine), expire_on_commit=False) as session:
        yield session


@contextmanager
def snapshot_session(engine: Engine) -> Iterator[Session]:
    """A read session in one transaction: every statement sees the same snapshot, and results can
    be streamed (``yield_per``: a server-side cursor on PostgreSQL). For exports. Refuses to flush."""
    with ReadSession(engine, expire_on_commit=False) as session:
        yield session


def alembic_config(url: str | None = None, engine: Engine | None = None) -> Config:
    """Alembic configuration of the packaged migrations (works from an installed package)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("envplan.ledger") / "migrations"))
    config.set_main_option("path_separator", "os")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine | None = None, url: str | None = None, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` (default: every head, the ledger's and dispatch's)."""
    command.upgrade(alembic_config(url, engine), revision)


@functools.cache
def expected_heads() -> frozenset[str]:
    """Revision ids of every migration head this version of envplan ships (read once: the
    migration files do not change while envplan runs)."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def schema_problem(engine: Engine) -> str | None:
    """None when the database answers and its schema is at every head; else what is wrong."""
    try:
        heads = current_heads(engine)
    except exc.SQLAlchemyError:
        return "database unreachable"
    if heads != expected_heads():
        return "schema not upgraded (run envplan db upgrade)"
    return None


def current_heads(engine: Engine) -> set[str]:
    """Revision ids the database is at."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
