"""CLI commands: ``water`` (surface water), ``groundwater`` and ``dustfall``.

Thin: each command parses its options, calls one service of :mod:`envplan.monitoring` and renders
the frame it returns as CSV, JSON or a table. Bad input exits with status 2 and a message naming
the file, line and column.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import polars as pl
import typer

from envplan.monitoring.water_io import WaterInputError, classify_surface_water_file

water_app = typer.Typer(
    help="Surface water: GB 3838-2002 classes, evaluation, warnings.", no_args_is_help=True
)


class OutputFormat(StrEnum):
    csv = "csv"
    json = "json"
    table = "table"


class Profile(StrEnum):
    auto5 = "auto5"
    method21 = "method21"


class Waterbody(StrEnum):
    river = "river"
    lake = "lake"


def render(frame: pl.DataFrame, fmt: OutputFormat, out: Path | None) -> None:
    """Write ``frame`` as CSV, JSON (list of records) or a text table to ``out`` or stdout."""
    if fmt is OutputFormat.csv:
        text = frame.write_csv()
    elif fmt is OutputFormat.json:
        text = frame.write_json() + "\n"
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=60, tbl_hide_dataframe_shape=True):
            text = str(frame) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def run_service(service: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """Call a service; a bad-input error becomes a message on stderr and exit status 2."""
    try:
        return service()
    except (WaterInputError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@water_app.command("classify")
def classify(
    file: Path = typer.Argument(..., help="CSV or XLSX with item columns (ph, do, codmn, nh3n, tp, …)."),
    profile: Profile = typer.Option(Profile.auto5, help="auto5 (national automatic stations) or method21."),
    waterbody: Waterbody = typer.Option(Waterbody.river, help="For rows without a waterbody value."),
    round_reported: bool = typer.Option(
        False, "--round", help="Round reported values to the profile decimals."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    out: Path | None = typer.Option(None, help="Write here instead of stdout."),
) -> None:
    """Add the GB 3838-2002 class (Ⅰ … 劣Ⅴ) and the deciding items to every row."""
    frame = run_service(
        lambda: classify_surface_water_file(file, profile.value, waterbody.value, round_reported)
    )
    render(frame, fmt, out)


def register(app: typer.Typer) -> None:
    """Add the ``water``, ``groundwater`` and ``dustfall`` groups to the root app."""
    app.add_typer(water_app, name="water")
