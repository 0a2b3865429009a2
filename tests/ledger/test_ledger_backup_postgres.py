"""`envplan db backup` / `envplan db restore` on PostgreSQL: pg_dump, pg_restore and psql for real.

Every test runs the CLI (typer's CliRunner) against the PostgreSQL server of ENVPLAN_TEST_POSTGRES_URL
(skipped without it, failing under ENVPLAN_REQUIRE_POSTGRES=1), as an operator would.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from conftest import make_persona_notice
from envplan.cli import app
from envplan.ledger import backup_postgres
from envplan.ledger.backup_postgres import BackupError, libpq_connection
from envplan.ledger.backup_postgres import backup_postgres as dump_database
from envplan.ledger.db import current_heads, make_engine, upgrade, write_session
from envplan.ledger.regions import ensure_regions
from envplan.ledger.services.importing import import_notice
from envplan.settings import get_settings
from support import require_external

PASSWORD = "not-on-the-command-line-7"  # the test server trusts loopback; libpq still gets it

on_postgres = pytest.mark.parametrize("database_backend", ["postgresql"], indirect=True)

Snapshot = dict[str, Any]


@pytest.fixture
def pg_url(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The test database's URL, with a password, as DATABASE_URL of the CLI."""
    parsed = make_url(database_url)
    url = parsed.set(password=parsed.password or PASSWORD).render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ENVPLAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _snapshot(url: str) -> Snapshot:
    """Row counts of every table, plus the documents, tasks and users rows themselves."""
    engine = make_engine(url)
    try:
        tables = sorted(inspect(engine).get_table_names())
        with engine.connect() as connection:
            counts = {t: connection.scalar(text(f'SELECT count(*) FROM "{t}"')) for t in tables}
            rows = {
                query: [tuple(row) for row in connection.execute(text(query))]
                for query in (
                    "SELECT id, doc_number, title, revision FROM documents ORDER BY id",
                    "SELECT id, key, title, due_date, standing FROM tasks ORDER BY id",
                    "SELECT id, username, role, password_hash FROM users ORDER BY id",
                    "SELECT version_num FROM alembic_version ORDER BY 1",
                )
            }
    finally:
        engine.dispose()
    return {"counts": counts, "rows": rows}


def _execute(url: str, *statements: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _spy_on_argv(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the argv of every program started (subprocess.run goes through Popen)."""
    seen: list[list[str]] = []
    real = subprocess.Popen

    class Spy(real):  # type: ignore[valid-type, misc]
        def __init__(self, args: Any, *rest: Any, **options: Any) -> None:
            seen.append([str(part) for part in args])
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", Spy)
    return seen


@on_postgres
def test_round_trip_restores_every_row_and_keeps_the_password_off_argv(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _invoke("import", "--demo").exit_code == 0
    before = _snapshot(pg_url)
    assert before["counts"]["tasks"] > 0 and before["counts"]["milestones"] > 0
    argvs = _spy_on_argv(monkeypatch)
    backup = tmp_path / "backups" / "ledger.dump"
    result = _invoke("db", "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert f"backup written to {backup}" in result.output
    assert backup.read_bytes()[:5] == b"PGDMP" and (backup.stat().st_mode & 0o777) == 0o600
    assert os.listdir(backup.parent) == ["ledger.dump"]  # no temporary file left behind
    assert argvs and all(PASSWORD not in " ".join(argv) for argv in argvs)
    assert any(Path(argv[0]).name == "pg_dump" and "--no-owner" in argv for argv in argvs)

    _execute(
        pg_url,
        "DELETE FROM milestones",
        "UPDATE tasks SET title = 'changed after the backup' WHERE id = (SELECT min(id) FROM tasks)",
    )
    added = CliRunner().invoke(
        app, ["users", "add", "late", "--role", "viewer", "--password-stdin"], input="a-long-password\n"
    )
    assert added.exit_code == 0, added.output
    assert _snapshot(pg_url) != before

    restored = _invoke("db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "restored" in restored.output and PASSWORD not in restored.output
    assert _snapshot(pg_url) == before
    assert all(PASSWORD not in " ".join(argv) for argv in argvs)
    assert any(Path(argv[0]).name == "psql" for argv in argvs)
    _import_another_notice(pg_url)  # the sequences came back too: new rows get fresh ids


def _import_another_notice(url: str) -> None:
    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            import_notice(session, make_persona_notice(), actor=None)
    finally:
        engine.dispose()


def _truncated(backup: Path, target: Path) -> Path:
    data = backup.read_bytes()
    target.write_bytes(data[: len(data) - 2000])  # cut inside the last table data
    return target


@on_postgres
def test_a_bad_backup_file_is_refused_and_changes_nothing(pg_url: str, tmp_path: Path) -> None:
    assert _invoke("import", "--demo").exit_code == 0
    backup = tmp_path / "good.dump"
    assert _invoke("db", "backup", str(backup)).exit_code == 0
    _execute(pg_url, "DELETE FROM milestones")  # the state a restore would undo
    before = _snapshot(pg_url)
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"PGDMP but then nothing sensible" * 10)
    text_file = tmp_path / "notes.dump"
    text_file.write_text("not an archive\n")
    sqlite_file = tmp_path / "ledger.sqlite3"
    sqlite_file.write_bytes(b"SQLite format 3\x00" + bytes(200))
    cases = {
        _truncated(backup, tmp_path / "cut.dump"): "unreadable archive, nothing changed",
        junk: "unreadable archive",
        text_file: "not a pg_dump custom-format archive",
        sqlite_file: "not a pg_dump custom-format archive",
        tmp_path / "absent.dump": "no such backup file",
    }
    for path, reason in cases.items():
        result = _invoke("db", "restore", str(path), "--yes")
        assert result.exit_code == 1, (path, result.output)
        message = result.output.strip()
        assert message.startswith(f"error: {path}: {reason}"), message
        assert "\n" not in message and "Traceback" not in message
        assert _snapshot(pg_url) == before


@on_postgres
def test_a_restore_gives_up_on_a_database_in_use_and_changes_nothing(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _invoke("import", "--demo").exit_code == 0
    backup = tmp_path / "good.dump"
    assert _invoke("db", "backup", str(backup)).exit_code == 0
    _execute(pg_url, "DELETE FROM milestones")
    before = _snapshot(pg_url)
    monkeypatch.setattr(backup_postgres, "LOCK_TIMEOUT_MS", 300)
    engine = make_engine(pg_url)
    try:
        with engine.connect() as busy:  # a reader inside an open transaction, as a running web app
            busy.execute(text("SELECT count(*) FROM documents"))
            result = _invoke("db", "restore", str(backup), "--yes")
    finally:
        engine.dispose()
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith(f"error: {backup}: restore into postgresql://") and "nothing changed" in message
    assert "lock timeout" in message and "stop the web application" in message and "\n" not in message
    assert _snapshot(pg_url) == before


@on_postgres
def test_a_dump_of_another_database_is_not_a_ledger_backup(
    pg_url: str, server_database: str, tmp_path: Path
) -> None:
    _execute(server_database, "CREATE TABLE notes (id integer PRIMARY KEY, body text)")
    foreign = dump_database(server_database, tmp_path / "other.dump")
    before = _snapshot(pg_url)
    result = _invoke("db", "restore", str(foreign), "--yes")
    assert result.exit_code == 1
    assert (
        "not an envplan ledger backup (tables alembic_version, documents, assignments missing)"
        in result.output
    )
    assert _snapshot(pg_url) == before


@on_postgres
def test_a_backup_before_a_migration_restores_into_an_upgraded_database(
    pg_url: str, server_database: str, tmp_path: Path
) -> None:
    engine = make_engine(server_database)
    try:
        upgrade(engine, revision="ledger0002")  # the ledger branch only: no dispatch tables yet
        with write_session(engine) as session:
            ensure_regions(session)
    finally:
        engine.dispose()
    regions = _snapshot(server_database)["counts"]["regions"]
    old = dump_database(server_database, tmp_path / "old.dump")
    assert _invoke("import", "--demo").exit_code == 0  # the live database has other data
    result = _invoke("db", "restore", str(old), "--yes")
    assert result.exit_code == 0, result.output
    after = _snapshot(pg_url)
    assert after["counts"]["regions"] == regions > 0
    assert after["counts"]["documents"] == after["counts"]["users"] == 0  # the demo data is gone
    assert after["counts"]["schedule_snapshots"] == 0  # a dispatch table, made by the upgrade
    engine = make_engine(pg_url)
    try:
        assert current_heads(engine) == _script_heads()  # every branch upgraded
    finally:
        engine.dispose()


def _script_heads() -> set[str]:
    from alembic.script import ScriptDirectory

    from envplan.ledger.db import alembic_config

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


@on_postgres
def test_backup_errors_name_the_file_and_leave_nothing_behind(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "existing.dump"
    existing.write_bytes(b"keep me")
    result = _invoke("db", "backup", str(existing))
    assert result.exit_code == 1 and "existing.dump: exists already" in result.output
    assert existing.read_bytes() == b"keep me"

    unreachable = make_url(pg_url).set(host="127.0.0.1", port=1).render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", unreachable)
    get_settings.cache_clear()
    target = tmp_path / "out" / "never.dump"
    result = _invoke("db", "backup", str(target))
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith(f"error: {target}: pg_dump of postgresql://") and "port 1 failed" in message
    assert "\n" not in message and PASSWORD not in message
    assert os.listdir(target.parent) == []  # neither the backup nor its temporary file


@on_postgres
def test_missing_client_programs_are_a_clear_error(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setattr(backup_postgres, "DEBIAN_BIN_DIRS", tmp_path / "no-postgresql")
    result = _invoke("db", "backup", str(tmp_path / "a.dump"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: pg_dump not found on PATH (install PostgreSQL's client programs, e.g. postgresql-client)"
    )
    assert not (tmp_path / "a.dump").exists()


def test_conninfo_quotes_values_and_carries_no_password() -> None:
    url = "postgresql+psycopg://wang:p'w d@db.example:6543/ledger?sslmode=require"
    connection = libpq_connection(url)
    assert (
        connection.conninfo == "host='db.example' port='6543' user='wang' dbname='ledger' sslmode='require'"
    )
    assert connection.env["PGPASSWORD"] == "p'w d"
    assert connection.label == "postgresql://wang:***@db.example:6543/ledger?sslmode=require"
    socket = libpq_connection("postgresql+psycopg://postgres@/ledger?host=/run/o'k")
    assert socket.conninfo == "user='postgres' dbname='ledger' host='/run/o\\'k'"
    with pytest.raises(BackupError, match="not a PostgreSQL URL"):
        libpq_connection("sqlite:///x.sqlite3")


@pytest.fixture
def server_database() -> Iterator[str]:
    """A second, empty database of its own on the test server (dropped afterwards)."""
    server = os.environ.get("ENVPLAN_TEST_POSTGRES_URL")
    if not server:
        require_external("PostgreSQL", "ENVPLAN_TEST_POSTGRES_URL is not set", "ENVPLAN_REQUIRE_POSTGRES")
    name = f"envplan_backup_{uuid.uuid4().hex[:12]}"
    admin = create_engine(str(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(str(server)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
