"""CLI commands: plans — ``envplan parse`` (notice files → JSON / XLSX / Markdown) and ``envplan demo``.

``envplan parse FILE...`` prints the JSON of one notice (an object) for one file and a JSON list of
notices for several files; ``-`` reads a notice from standard input. The exit status is 1 when a
file cannot be read and 2 when no action plan was found in some file; the message is one line.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table as RichTable

from envplan.documents import DocumentError, ParsedNotice, parse_bytes, parse_file

EXIT_UNREADABLE = 1
EXIT_NO_PLAN = 2


class OutputFormat(StrEnum):
    JSON = "json"
    XLSX = "xlsx"
    MD = "md"


def _read_one(name: str) -> ParsedNotice:
    if name == "-":
        return parse_bytes(sys.stdin.buffer.read(), "-")
    return parse_file(Path(name))


def _fail(message: str) -> None:
    """One line on standard error (never wrapped, never a traceback)."""
    typer.echo(" ".join(message.split("\n")), err=True)


def _read_all(files: list[str], err: Console) -> list[ParsedNotice]:
    notices: list[ParsedNotice] = []
    names = track(files, description="Parsing", console=err) if len(files) > 1 else files
    for name in names:
        try:
            notices.append(_read_one(name))
        except DocumentError as error:
            _fail(f"error: {error}")
            raise typer.Exit(EXIT_UNREADABLE) from None
        except OSError as error:
            _fail(f"error: {name}: {error.strerror or error}")
            raise typer.Exit(EXIT_UNREADABLE) from None
    return notices


def _write(notices: list[ParsedNotice], output: OutputFormat, out: Path | None) -> None:
    from envplan.reports import plan_ledger

    if output is OutputFormat.XLSX:
        if out is None:
            raise typer.BadParameter("--format xlsx needs --out PATH", param_hint="--out")
        plan_ledger.write_ledger_xlsx(notices, out)
        return
    if output is OutputFormat.MD:
        text = plan_ledger.render_markdown(notices)
    else:
        payload = [n.to_dict() for n in notices]
        text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")


def parse(
    files: list[str] = typer.Argument(..., help="Notice files (TXT, DOCX, PDF); '-' reads standard input."),
    output: OutputFormat = typer.Option(OutputFormat.JSON, "--format", "-f", help="json, xlsx or md."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
) -> None:
    """Parse action-plan notices into plans, targets, tasks, units and milestones."""
    notices = _read_all(files, Console(stderr=True))
    _write(notices, output, out)
    empty = [n.document.source or "-" for n in notices if not n.plans]
    if empty:
        _fail(f"error: no action plan found in {', '.join(empty)}")
        raise typer.Exit(EXIT_NO_PLAN)


def demo(
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for demo-ledger.xlsx [default: the data directory, envplan-data/]."
    ),
) -> None:
    """Parse the bundled demo notices, print the ledger summary and write DIR/demo-ledger.xlsx."""
    from envplan.demo import demo_notice_paths
    from envplan.reports import plan_ledger
    from envplan.settings import get_settings

    out = out or get_settings().data_dir

    console = Console()
    notices = _read_all([str(p) for p in demo_notice_paths()], Console(stderr=True))
    for notice in notices:
        console.print(_summary(notice))
    out.mkdir(parents=True, exist_ok=True)
    target = out / "demo-ledger.xlsx"
    plan_ledger.write_ledger_xlsx(notices, target)
    console.print(f"ledger written to {target}", markup=False, highlight=False)


def _summary(notice: ParsedNotice) -> RichTable:
    document = notice.document
    caption = " ".join(x for x in (document.doc_number, document.issuer, str(document.issue_date or "")) if x)
    table = RichTable(title=document.title or document.source or "notice", caption=caption)
    for header in ("plan", "domain", "tasks", "targets", "with due date", "standing", "units"):
        table.add_column(header, justify="left" if header in {"plan", "domain"} else "right", overflow="fold")
    for plan in notice.plans:
        dated = sum(any(m.due for m in t.milestones) for t in plan.tasks)
        units = {u for t in plan.tasks for u in t.lead_units + t.cooperating_units + t.responsible_units}
        table.add_row(
            plan.title,
            plan.domain.value,
            str(len(plan.tasks)),
            str(len(plan.targets)),
            str(dated),
            str(len(plan.tasks) - dated),
            str(len(units)),
        )
    return table


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.command("parse")(parse)
    app.command("demo")(demo)
