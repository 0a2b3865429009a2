"""CLI commands: dispatch — the daily run, cascade suggestions, warning policies.

``envplan dispatch run --date D`` evaluates every open assignment of the ledger on day D, stores
the day's snapshots and notifies unit officers (idempotent for a day; a re-run after a change
updates the day's unread digests and prints how many), then e-mails what is pending when an SMTP
server is set; ``envplan dispatch email`` does only the e-mailing. ``envplan dispatch cascade
UPPER LOWER...`` suggests which upper-level task each lower-level task implements. ``envplan
dispatch policy FILE`` checks a warning-policy file and prints the policy of each region.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from envplan.assessment.cascade import CascadeResult, cascade
from envplan.assessment.policy import PolicyError, load_policy_set
from envplan.documents import DocumentError, parse_file
from envplan.documents.model import Plan

dispatch_app = typer.Typer(
    help="Deadlines, warnings, supervision and the plan cascade.", no_args_is_help=True
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(" ".join(message.split("\n")), err=True)
    return typer.Exit(code)


@dispatch_app.command("run")
def run_command(
    date: str | None = typer.Option(
        None, "--date", help="The day to evaluate, YYYY-MM-DD (default: today in Beijing)."
    ),
    database_url: str | None = typer.Option(None, "--database-url", help="Default: DATABASE_URL / settings."),
) -> None:
    """Evaluate every open assignment on DATE, store the snapshots, notify officers (idempotent)."""
    from envplan.assessment.daily_run import run_day
    from envplan.ledger.clock import beijing_today
    from envplan.ledger.db import make_engine, write_session

    try:
        day = dt.date.fromisoformat(date) if date is not None else beijing_today()
    except ValueError:
        raise _fail(f"error: --date {date!r} is not a date (YYYY-MM-DD)", 2) from None
    try:
        engine = make_engine(database_url)
        with write_session(engine) as session:
            result = run_day(session, day)
    except SQLAlchemyError as error:
        raise _fail(
            f"error: dispatch run {day}: database error (run 'envplan db upgrade'?): {error}"
        ) from None
    colours = ", ".join(f"{k} {v}" for k, v in result.colours.items())
    typer.echo(
        f"{day}: {result.evaluated} assignments evaluated ({colours}); {result.notified} notifications, "
        f"{result.digests_updated} digests updated"
    )
    from envplan.settings import get_settings

    if get_settings().smtp_host:  # without an SMTP server the inbox is the only channel: say nothing
        typer.echo(_deliver(engine))


@dispatch_app.command("email")
def email_command(
    database_url: str | None = typer.Option(None, "--database-url", help="Default: DATABASE_URL / settings."),
) -> None:
    """E-mail the inbox messages not e-mailed yet to users with a notification address (SMTP settings)."""
    from envplan.settings import get_settings

    if not get_settings().smtp_host:
        typer.echo("e-mail is off (ENVPLAN_SMTP_HOST is not set): messages stay in the in-app inbox")
        return
    from envplan.ledger.db import make_engine

    typer.echo(_deliver(make_engine(database_url)))


def _deliver(engine: Engine) -> str:
    """Send what is pending; the line to print. A message is marked sent once the server accepted
    the e-mail carrying it, so after an SMTP failure a later run sends only what was not sent."""
    from sqlalchemy.orm import Session

    from envplan.ledger.dispatch_email import EmailError, deliver_pending
    from envplan.settings import get_settings

    settings = get_settings()
    with Session(engine, expire_on_commit=False) as session:
        try:
            sent = deliver_pending(session, settings)
        except EmailError as error:
            session.commit()  # keep the marks of the e-mails the server did accept
            raise _fail(f"error: e-mail: {error}; the rest stays pending") from None
        session.commit()
    return f"e-mail: {sent} sent through {settings.smtp_host}:{settings.smtp_port}"


def _plans(path: Path) -> list[Plan]:
    try:
        return parse_file(path).plans
    except DocumentError as error:
        raise _fail(f"error: {error}") from None
    except OSError as error:
        raise _fail(f"error: {path}: {error.strerror or error}") from None


def _result_dict(result: CascadeResult) -> dict[str, object]:
    return {
        "parent_plan": result.parent_plan,
        "child_plan": result.child_plan,
        "suggestions": [
            {
                "child": s.child.number,
                "child_title": s.child.title,
                "parent": s.parent.number,
                "parent_title": s.parent.title,
                "score": s.score,
                "confidence": s.confidence,
            }
            for s in result.suggestions
        ],
        "unmatched_children": [t.number for t in result.unmatched_children],
        "coverage_gaps": [{"number": t.number, "title": t.title} for t in result.coverage_gaps],
        "deadline_conflicts": [c.text for c in result.deadline_conflicts],
    }


@dispatch_app.command("cascade")
def cascade_command(
    upper: Path = typer.Argument(..., help="The upper-level notice (e.g. the provincial plans)."),
    lower: list[Path] = typer.Argument(..., help="Lower-level notices (city or county plans)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Suggest links from each lower-level task to the upper-level task of the same domain."""
    upper_plans = {p.domain: p for p in _plans(upper)}
    results = [
        cascade(upper_plans[plan.domain], [plan])[0]
        for path in lower
        for plan in _plans(path)
        if plan.domain in upper_plans
    ]
    if as_json:
        typer.echo(json.dumps([_result_dict(r) for r in results], ensure_ascii=False, indent=2))
        return
    for result in results:
        typer.echo(f"{result.child_plan} → {result.parent_plan}")
        for s in result.suggestions:
            link = f"{s.child.number} {s.child.title} → {s.parent.number} {s.parent.title}"
            typer.echo(f"  {link} ({s.score}, {s.confidence})")
        gaps = "、".join(t.number for t in result.coverage_gaps) or "无"
        typer.echo(f"  上级任务无对应（覆盖缺口）：{gaps}")
        for conflict in result.deadline_conflicts:
            typer.echo(f"  时限冲突：{conflict.text}")


@dispatch_app.command("policy")
def policy_command(
    file: Path = typer.Argument(..., help="A policy file (.toml or .json)."),
    apply: bool = typer.Option(False, "--apply", help="Store the policies in the ledger database."),
    database_url: str | None = typer.Option(None, "--database-url", help="Default: DATABASE_URL / settings."),
) -> None:
    """Check a warning-policy file, print each region's policy, and with --apply store it."""
    from envplan.ledger.errors import LedgerError

    try:
        policies = load_policy_set(file)
    except PolicyError as error:
        raise _fail(f"error: {error}", 2) from None
    typer.echo(f"default: {policies.default}")
    for region, policy in sorted(policies.regions.items()):
        typer.echo(f"{region}: {policy}")
    if not apply:
        return
    from envplan.assessment.policy_store import apply_policy_file
    from envplan.ledger.db import make_engine, write_session

    try:
        with write_session(make_engine(database_url)) as session:
            count = apply_policy_file(session, None, file)
    except (LedgerError, SQLAlchemyError) as error:
        raise _fail(f"error: {file}: {error}") from None
    typer.echo(f"{count} policies stored")


@dispatch_app.command("bulletin")
def bulletin_command(
    date: str = typer.Option(..., "--date", help="Last day of the period (a run day), YYYY-MM-DD."),
    since: str | None = typer.Option(None, "--since", help="The previous bulletin's day (a run day)."),
    kind: str = typer.Option("weekly", "--kind", help="weekly or monthly."),
    issuer: str = typer.Option(..., "--issuer", help="The issuing bureau or region, e.g. 吕梁市."),
    serial: int = typer.Option(1, "--serial", help="期数 (issue number in the year)."),
    out: Path = typer.Option(..., "--out", help="Output file: .docx or .html."),
    database_url: str | None = typer.Option(None, "--database-url", help="Default: DATABASE_URL / settings."),
) -> None:
    """Write the work bulletin (工作进展通报) of the changes between two run days."""
    from envplan.ledger.db import make_engine, read_session
    from envplan.reports.bulletins import BulletinKind, bulletin_html, write_bulletin_docx
    from envplan.reports.dispatch_bulletin import bulletin_from_ledger

    try:
        day = dt.date.fromisoformat(date)
        previous = dt.date.fromisoformat(since) if since else None
        bulletin_kind = BulletinKind(kind)
    except ValueError as error:
        raise _fail(f"error: {error}", 2) from None
    if out.suffix.lower() not in (".docx", ".html"):
        raise _fail(f"error: --out {out}: use a .docx or .html file", 2)
    try:
        with read_session(make_engine(database_url)) as session:
            bulletin = bulletin_from_ledger(session, bulletin_kind, issuer, serial, day, previous)
    except ValueError as error:
        raise _fail(f"error: {error}", 2) from None
    except SQLAlchemyError as error:
        raise _fail(f"error: database error (run 'envplan db upgrade'?): {error}") from None
    if out.suffix.lower() == ".docx":
        write_bulletin_docx(bulletin, out)
    else:
        out.write_text(bulletin_html(bulletin), encoding="utf-8")
    typer.echo(f"{out}: {bulletin.title}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.add_typer(dispatch_app, name="dispatch")
