"""Backup and restore of a PostgreSQL ledger with ``pg_dump``, ``pg_restore`` and ``psql``.

Backup: ``pg_dump --format=custom --no-owner`` writes a temporary file beside the target, which is
linked into place only when pg_dump succeeded (never a half-written backup, never an overwrite).
Restore: the archive is checked first (``pg_restore --list``: a custom-format archive holding the
ledger's tables), then ``pg_restore --clean --if-exists --no-owner`` turns it into SQL that ``psql``
applies in ONE transaction, after dropping the ledger's current tables: ``COMMIT`` is sent only when
pg_restore read the whole archive and psql stopped at no error (``ON_ERROR_STOP``), so a failed
restore changes nothing. Dropping the current tables first lets a backup made before a migration be
restored into an upgraded database; the caller then upgrades the schema to every head.

The password never appears on a command line: the programs get a libpq conninfo without it and
``PGPASSWORD`` in their environment. The programs are looked up on ``PATH``, then in Debian's
``/usr/lib/postgresql/<version>/bin``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.engine import URL, make_url

from envplan.ledger.errors import LedgerError

DEBIAN_BIN_DIRS = Path("/usr/lib/postgresql")
ARCHIVE_MAGIC = b"PGDMP"  # first bytes of a pg_dump custom-format archive
LEDGER_TABLES = ("alembic_version", "documents", "assignments")  # a ledger backup holds these
CONNECT_TIMEOUT_S = "10"
LOCK_TIMEOUT_MS = 15_000  # a restore waits this long for the tables it drops, then gives up [ms]


class BackupError(LedgerError):
    """A backup or restore that cannot be done, with the reason."""


@dataclass(frozen=True)
class Connection:
    """How to reach one database with libpq programs: conninfo (no password) and environment."""

    conninfo: str
    env: dict[str, str]
    label: str  # the URL with the password hidden, for messages


def libpq_connection(url: str) -> Connection:
    """The libpq conninfo and environment (``PGPASSWORD``) for a PostgreSQL SQLAlchemy URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise BackupError(f"{parsed.get_backend_name()}: not a PostgreSQL URL")
    env = dict(os.environ)
    env.setdefault("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT_S)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    label = parsed.set(drivername="postgresql").render_as_string(hide_password=True)
    return Connection(_conninfo(parsed), env, label)


def _conninfo(parsed: URL) -> str:
    words = {"host": parsed.host, "port": parsed.port, "user": parsed.username, "dbname": parsed.database}
    pairs = [(key, str(value)) for key, value in words.items() if value is not None]
    for key, value in parsed.query.items():  # libpq keywords such as sslmode or a socket host
        pairs.append((key, value if isinstance(value, str) else value[-1]))
    return " ".join(f"{key}={_quoted(value)}" for key, value in pairs)


def _quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def find_program(name: str) -> str:
    """Path of a PostgreSQL client program; BackupError when it is not installed."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(DEBIAN_BIN_DIRS.glob(f"*/bin/{name}"), key=_version_key)
    if candidates:
        return str(candidates[-1])
    raise BackupError(
        f"{name} not found on PATH (install PostgreSQL's client programs, e.g. postgresql-client)"
    )


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name)) or (0,)


def summarise(stderr: str, program: str) -> str:
    """pg_dump's, pg_restore's or psql's error output as one line (their own prefixes removed)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if re.search(r"error|fatal|failed", line, re.IGNORECASE)] or lines
    text = " ".join(re.sub(rf"^{program}:\s*(error:\s*)?", "", line) for line in errors[:3])
    text = re.sub(r"\s+", " ", text).strip()
    return (text[:400] + "…") if len(text) > 400 else (text or f"{program} failed without a message")


def backup_postgres(url: str, target: Path) -> Path:
    """Write a pg_dump custom-format archive of the database at ``url`` to the new file ``target``."""
    if target.exists():
        raise BackupError(f"{target}: exists already; choose a new file")
    connection = libpq_connection(url)
    pg_dump = find_program("pg_dump")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    try:
        argv = [
            pg_dump,
            "--format=custom",
            "--no-owner",
            f"--file={temporary}",
            f"--dbname={connection.conninfo}",
        ]
        done = subprocess.run(argv, env=connection.env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupError(
                f"{target}: pg_dump of {connection.label} failed: {summarise(done.stderr, 'pg_dump')}"
            )
        _move_into_place(Path(temporary), target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def _move_into_place(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)  # atomic, and refuses to replace a file made meanwhile
    except FileExistsError as error:
        raise BackupError(f"{target}: exists already; choose a new file") from error
    except OSError:  # a file system without hard links
        os.replace(temporary, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def archive_tables(path: Path) -> set[str]:
    """Names of the tables in a pg_dump custom-format archive; BackupError when it is not one."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    with path.open("rb") as handle:
        if handle.read(len(ARCHIVE_MAGIC)) != ARCHIVE_MAGIC:
            raise BackupError(
                f"{path}: not a pg_dump custom-format archive (make it with 'envplan db backup')"
            )
    argv = [find_program("pg_restore"), "--list", str(path)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{path}: unreadable archive: {summarise(done.stderr, 'pg_restore')}")
    return set(re.findall(r"^\d+; \d+ \d+ TABLE public (\S+) ", done.stdout, re.MULTILINE))


def restore_postgres(url: str, backup: Path, current_tables: set[str]) -> None:
    """Replace the ledger tables of the database at ``url`` by those of ``backup``, atomically.

    ``current_tables``: the tables this version of envplan knows; they are dropped with the archive's
    own tables before the archive is applied (all in the same transaction).
    """
    tables = archive_tables(backup)
    missing = [name for name in LEDGER_TABLES if name not in tables]
    if missing:
        raise BackupError(f"{backup}: not an envplan ledger backup (tables {', '.join(missing)} missing)")
    connection = libpq_connection(url)
    prelude = _prelude(sorted(tables | current_tables))
    _apply_archive(backup, connection, prelude)


def _prelude(tables: list[str]) -> bytes:
    drops = "".join(f'DROP TABLE IF EXISTS public."{name}" CASCADE;\n' for name in tables)
    settings = f"SET client_min_messages = warning;\nSET lock_timeout = {LOCK_TIMEOUT_MS};\n"
    return f"BEGIN;\n{settings}{drops}".encode()


def _apply_archive(backup: Path, connection: Connection, prelude: bytes) -> None:
    restore_argv = [
        find_program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--file=-",
        str(backup),
    ]
    psql_argv = [find_program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", f"--dbname={connection.conninfo}"]
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        psql = subprocess.Popen(
            psql_argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=connection.env
        )
        producer = subprocess.Popen(restore_argv, stdout=subprocess.PIPE, stderr=restore_err)
        _feed(prelude, producer, psql)
        psql_code = psql.wait()
        if producer.returncode != 0:  # the root cause when both failed (psql saw a cut-off script)
            reason = _read(restore_err, "pg_restore")
            raise BackupError(f"{backup}: unreadable archive, nothing changed: {reason}")
        if psql_code != 0:
            reason = _read(psql_err, "psql")
            if "lock timeout" in reason:
                reason += " (the database is in use: stop the web application, then restore)"
            raise BackupError(f"{backup}: restore into {connection.label} failed, nothing changed: {reason}")


def _feed(prelude: bytes, producer: subprocess.Popen[bytes], psql: subprocess.Popen[bytes]) -> None:
    """Send the prelude and pg_restore's script to psql; COMMIT only when pg_restore succeeded."""
    assert psql.stdin is not None and producer.stdout is not None
    if _pump(prelude, producer.stdout, psql.stdin) and producer.wait() == 0:
        _write(psql.stdin, b"COMMIT;\n")
    with contextlib.suppress(BrokenPipeError):
        psql.stdin.close()  # without COMMIT, psql ends and the server rolls the transaction back
    if producer.poll() is None:
        producer.kill()
    producer.wait()
    producer.stdout.close()


def _pump(prelude: bytes, source: IO[bytes], sink: IO[bytes]) -> bool:
    """Copy ``prelude`` then ``source`` into ``sink``; False when the reader stopped (psql error)."""
    if not _write(sink, prelude):
        return False
    while chunk := source.read(1 << 16):
        if not _write(sink, chunk):
            return False
    return True


def _write(sink: IO[bytes], data: bytes) -> bool:
    try:
        sink.write(data)
        sink.flush()
    except BrokenPipeError:
        return False
    return True


def _read(stream: IO[bytes], program: str) -> str:
    stream.seek(0)
    return summarise(stream.read().decode("utf-8", "replace"), program)
