"""Backup and restore of the ledger database.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot while
the application keeps running; restore copies a backup file back the same way, then upgrades the
schema to every head. PostgreSQL: use ``pg_dump``/``pg_restore`` (:func:`postgres_commands`).
"""

from __future__ import annotations

import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from envplan.ledger.db import make_engine, upgrade
from envplan.ledger.errors import LedgerError


class BackupError(LedgerError):
    """A backup or restore that cannot be done, with the reason."""


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; BackupError for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(f"{parsed.get_backend_name()}: not a SQLite file; see postgres_commands()")
    return Path(parsed.database)


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
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def postgres_commands(url: str, path: Path) -> tuple[str, str]:
    """The pg_dump and pg_restore command lines for ``url`` (custom format, no owners)."""
    parsed = make_url(url).set(drivername="postgresql")
    conninfo = parsed.render_as_string(hide_password=False)
    dump = f"pg_dump --format=custom --no-owner --file {shlex.quote(str(path))} {shlex.quote(conninfo)}"
    restore = (
        f"pg_restore --clean --if-exists --no-owner --dbname {shlex.quote(conninfo)} {shlex.quote(str(path))}"
    )
    return dump, restore
