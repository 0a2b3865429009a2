"""Engine, sessions and schema upgrades for the ledger database.

SQLite (the embedded default) runs in WAL mode with a busy timeout and foreign keys on;
PostgreSQL is used through psycopg 3 (``postgresql+psycopg://``). Write services open their
transaction with ``BEGIN IMMEDIATE`` on SQLite (see :func:`write_session`) so that two writers
queue on the busy timeout instead of failing on a stale read snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from envplan.settings import get_settings

BUSY_TIMEOUT_MS = 15_000
_BEGIN_OPTION = "envplan_sqlite_begin"


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (default: the settings' effective database URL)."""
    url = url or get_settings().effective_database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


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


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads (rolled back at the end)."""
    with Session(engine, expire_on_commit=False) as session:
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


def current_heads(engine: Engine) -> set[str]:
    """Revision ids the database is at."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
