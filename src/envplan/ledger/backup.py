"""Backup and restore of the ledger database.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot while
the application keeps running; restore copies a backup file back the same way. PostgreSQL:
``pg_dump``/``pg_restore`` (see :mod:`envplan.ledger.backup_postgres`). Either way a restore ends
by upgrading the schema to every head, so a backup made by an older version is migrated.
:func:`backup_database` and :func:`restore_database` choose by the URL's backend.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from envplan.ledger.backup_postgres import BackupError, backup_postgres, libpq_connection, restore_postgres
from envplan.ledger.db import make_engine, upgrade

__all__ = [
    "BackupError",
    "backup_database",
    "backup_sqlite",
    "database_label",
    "restore_database",
    "restore_sqlite",
    "sqlite_path",
]


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; BackupError for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(f"{parsed.get_backend_name()}: not a SQLite file")
    return Path(parsed.database)


def database_label(url: str) -> str:
    """What a restore replaces, for messages: the SQLite file or the URL without its password."""
    return str(sqlite_path(url)) if _is_sqlite(url) else libpq_connection(url).label


def backup_database(url: str, target: Path) -> Path:
    """Back up the database at ``url`` to the new file ``target`` (SQLite file or pg_dump archive)."""
    return backup_sqlite(url, target) if _is_sqlite(url) else backup_postgres(url, target)


def restore_database(url: str, backup: Path) -> None:
    """Replace the database at ``url`` by ``backup``, then upgrade it to every head."""
    if _is_sqlite(url):
        restore_sqlite(url, backup)
        return
    restore_postgres(url, backup, _known_tables())
    _upgrade(url)


def _known_tables() -> set[str]:
    import envplan.ledger.dispatch_models  # noqa: F401  (registers the dispatch tables)
    from envplan.ledger.models import Base

    return set(Base.metadata.tables) | {"alembic_version"}


def _upgrade(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def backup_sqlite(url: str, target: Path) -> Path:
    """Copy the live SQLite database at ``url`` to ``target`` (online backup API)."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"{source_path}: no database to back up")
    if target.exists():
        raise BackupError(f"{target}: exists already; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: not a SQLite database ({error})") from error
    if not {"alembic_version", "documents", "assignments"} <= tables:
        raise BackupError(f"{path}: not an envplan ledger backup (ledger tables missing)")


def restore_sqlite(url: str, backup: Path) -> None:
    """Replace the SQLite database at ``url`` by ``backup``, then upgrade it to every head."""
    _check_backup(backup)
    target_path = sqlite_path(url)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(backup) as source, sqlite3.connect(target_path) as target:
        source.backup(target)
    _upgrade(url)
