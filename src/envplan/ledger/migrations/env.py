"""Alembic environment: the URL comes from the caller's engine, the config, or the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

import envplan.ledger.models  # noqa: F401  (registers every ledger table)
from envplan.ledger.db import make_engine
from envplan.ledger.models.base import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        assert isinstance(engine, Engine)
        return engine
    return make_engine(config.get_main_option("sqlalchemy.url") or None)


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or str(_engine().url)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # batch mode recreates tables: foreign keys off meanwhile (SQLite 'ALTER TABLE' docs)
            _sqlite_foreign_keys(connection, on=False)
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Set the pragma outside any transaction (inside one SQLite ignores it)."""
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
