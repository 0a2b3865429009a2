"""CLI commands: the ledger database (``envplan db``), notice import and users.

Thin: each command parses its arguments, calls one ledger service and prints the result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from envplan.ledger.models import Unit
    from envplan.ledger.services.import_diff import ImportDiff

db_app = typer.Typer(help="The ledger database: upgrade, backup, restore.", no_args_is_help=True)
users_app = typer.Typer(help="Users of the web application.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")
    app.command("import")(import_files)


def _url() -> str:
    from envplan.settings import get_settings

    return get_settings().effective_database_url


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to every migration head (DATABASE_URL or the SQLite default)."""
    from envplan.ledger.db import current_heads, make_engine, upgrade

    engine = make_engine(_url())
    upgrade(engine)
    typer.echo(f"schema at {', '.join(sorted(current_heads(engine)))}")


@db_app.command("backup")
def db_backup(path: Path = typer.Argument(..., help="New file to write the backup to.")) -> None:
    """Back up the database to a new file: SQLite by its online backup API, PostgreSQL by pg_dump."""
    from envplan.ledger.backup import BackupError, backup_database

    try:
        backup_database(_url(), path)
    except BackupError as error:
        _fail(str(error))
    typer.echo(f"backup written to {path} ({path.stat().st_size:,} bytes)")


@db_app.command("restore")
def db_restore(
    path: Path = typer.Argument(..., help="Backup file made by 'envplan db backup'."),
    yes: bool = typer.Option(False, "--yes", help="Replace the current database without asking."),
) -> None:
    """Replace the database by a backup, then upgrade it (SQLite file or pg_restore, atomic)."""
    from envplan.ledger.backup import BackupError, database_label, restore_database

    url = _url()
    try:
        target = database_label(url)
    except BackupError as error:
        _fail(str(error))
    if not yes and not typer.confirm(f"replace {target} by {path}?"):
        raise typer.Exit(1)
    try:
        restore_database(url, path)
    except BackupError as error:
        _fail(str(error))
    typer.echo(f"restored {path} into {target}")


def import_files(
    files: list[Path] = typer.Argument(None, help="Notice files (TXT, DOCX, PDF)."),
    region: str | None = typer.Option(
        None, "--region", help="Region code or name, when the notice names none."
    ),
    demo: bool = typer.Option(False, "--demo", help="Import the demo notices and create the demo users."),
    apply: bool = typer.Option(False, "--apply", help="Apply revisions of notices imported before."),
) -> None:
    """Import notices into the ledger (each atomically; the same notice again changes nothing)."""
    from envplan.ledger.db import make_engine, upgrade

    engine = make_engine(_url())
    upgrade(engine)
    if demo:
        _import_demo(engine)
    if not files and not demo:
        _fail("give notice files or --demo", 2)
    failed = sum(_import_one(engine, path, region, apply) for path in files or [])
    if failed:
        raise typer.Exit(1)


def _import_demo(engine: Engine) -> None:
    from envplan.ledger.demo import DEMO_USERS, load_demo
    from envplan.ledger.errors import LedgerError

    try:
        result = load_demo(engine)
    except LedgerError as error:
        _fail(str(error))
    for item in result.imports:
        typer.echo(f"demo document {item.document_id}: {item.status} ({item.tasks} tasks)")
    for user in DEMO_USERS:
        state = "created" if user.username in result.users_created else "exists"
        typer.echo(f"demo user {user.username} / {user.password} ({user.description}) {state}")


def _import_one(engine: Engine, path: Path, region: str | None, apply: bool) -> int:
    """Import one file; 1 when it failed (the message is printed), else 0."""
    from envplan.documents.parser import parse_file
    from envplan.documents.readers import DocumentError
    from envplan.ledger.db import write_session
    from envplan.ledger.errors import LedgerError
    from envplan.ledger.services.importing import RevisionNeedsReview, import_notice

    try:
        notice = parse_file(path)
        with write_session(engine) as session:
            result = import_notice(session, notice, actor=None, region=region, apply_revision=apply)
    except RevisionNeedsReview as error:
        typer.echo(f"{path}: {error}", err=True)
        for line in change_lines(error.diff):
            typer.echo(line, err=True)
        typer.echo("  run again with --apply to apply these changes", err=True)
        return 1
    except (LedgerError, DocumentError) as error:
        typer.echo(f"error: {path}: {error}", err=True)
        return 1
    typer.echo(
        f"{path}: document {result.document_id} {result.status}: {result.plans} plans, {result.tasks} tasks, "
        f"{result.assignments} assignments, {result.projects} projects, {result.units_created} new units"
    )
    if result.status == "revised" and result.diff is not None:
        for line in change_lines(result.diff):
            typer.echo(line)
    return 0


TASK_CHANGE_LABELS = {"added": "新增任务", "removed": "删除任务", "reworded": "表述调整",
                      "units": "责任单位变更", "deadline": "时限变更"}  # fmt: skip
PROJECT_CHANGE_LABELS = {"added": "新增项目", "removed": "删除项目", "renamed": "项目更名",
                         "units": "项目责任单位变更", "deadline": "项目完成时限变更"}  # fmt: skip


def change_lines(diff: ImportDiff) -> list[str]:
    """One line per change of a revision, tasks then projects, in Chinese as on the preview page:
    「  时限变更 《计划》任务3「保障生态流量」：2023-06-30 → 2023-09-30」 (old → new where the change has
    both; a reworded task's texts are left to the preview page)."""
    lines = [f"  新增计划 《{title}》" for title in diff.plans_added]
    lines += [f"  删除计划 《{title}》" for title in diff.plans_removed]
    for task in diff.changes:
        what = f"  {TASK_CHANGE_LABELS[task.change]} 《{task.plan}》任务{task.number}「{task.title}」"
        shown = task.change in ("units", "deadline")
        lines.append(what + (f"：{_text(task.old)} → {_text(task.new)}" if shown else ""))
    for project in diff.project_changes:
        where = f"《{project.plan}》「{project.table}」第{project.row_number}行"
        what = f"  {PROJECT_CHANGE_LABELS[project.change]} {where}「{project.name}」"
        shown = project.change in ("renamed", "units", "deadline")
        lines.append(what + (f"：{_text(project.old)} → {_text(project.new)}" if shown else ""))
    return lines


def _text(value: str | None) -> str:
    return value or "（无）"


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name to sign in with."),
    unit: str | None = typer.Option(None, "--unit", help="Unit: its full name or a name as written."),
    region: str | None = typer.Option(
        None, "--region", help="Region of --unit when written short (市生态环境局)."
    ),
    role: str = typer.Option(..., "--role", help="administrator, bureau_staff, unit_officer or viewer."),
    display_name: str | None = typer.Option(None, "--display-name", help="Name shown on pages."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create a user (the password is read from standard input, never from the command line)."""
    from envplan.ledger.db import make_engine, upgrade, write_session
    from envplan.ledger.errors import LedgerError
    from envplan.ledger.services.users import create_user

    if not password_stdin:
        _fail("give --password-stdin and pipe the password in", 2)
    password = sys.stdin.readline().rstrip("\r\n")
    engine = make_engine(_url())
    upgrade(engine)
    try:
        with write_session(engine) as session:
            unit_row = _unit(session, unit, region) if unit else None
            user = create_user(session, name, password=password, role=role, unit=unit_row,
                               display_name=display_name, actor=None)  # fmt: skip
            summary = f"user {user.username} ({user.role}) created, unit {unit_row.name if unit_row else '-'}"
    except LedgerError as error:
        _fail(str(error))
    typer.echo(summary)


def _unit(session: Session, unit: str, region: str | None) -> Unit:
    from envplan.ledger.errors import NotFound
    from envplan.ledger.regions import find_region
    from envplan.ledger.units import find_unit, resolve_unit

    found = find_unit(session, unit)
    if found is not None:
        return found
    if region is None:
        raise NotFound(f"unit: {unit!r} is not in the ledger; give --region to create it there")
    return resolve_unit(session, unit, find_region(session, region))
