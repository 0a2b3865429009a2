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

from envplan.monitoring.water_dustfall import evaluate_dustfall_file
from envplan.monitoring.water_evaluation import evaluate_sections, shares_by
from envplan.monitoring.water_groundwater import classify_groundwater_file
from envplan.monitoring.water_io import WaterInputError, classify_surface_water_file
from envplan.monitoring.water_warnings import target_warnings
from envplan.standards.water.classes import class_code_from_label

water_app = typer.Typer(help="Surface water: GB 3838-2002 classes, section evaluation.", no_args_is_help=True)
groundwater_app = typer.Typer(help="Groundwater: GB/T 14848-2017 classes.", no_args_is_help=True)
dustfall_app = typer.Typer(help="Dustfall: county and city means against a threshold.", no_args_is_help=True)


class OutputFormat(StrEnum):
    csv = "csv"
    json = "json"
    table = "table"


class Profile(StrEnum):
    auto5 = "auto5"
    auto5_hourly = "auto5-hourly"
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


@water_app.command("evaluate")
def evaluate(
    file: Path = typer.Argument(..., help="CSV or XLSX samples: section, time, item columns."),
    period: str = typer.Option(..., help="2023-06 (month), 2023 (year) or 2023-01..2023-06 (year to date)."),
    targets: Path | None = typer.Option(
        None, help="CSV/XLSX: section, target (Ⅲ …), level (国考/省考/市考)."
    ),
    profile: Profile = typer.Option(Profile.method21, help="method21 (环办〔2011〕22号) or auto5."),
    waterbody: Waterbody = typer.Option(Waterbody.river, help="For rows without a waterbody value."),
    by: str | None = typer.Option(None, help="Summarise by a column: city, level, river, basin."),
    base_period: str | None = typer.Option(None, help="With --by city: base period of the CWQI change rank."),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    out: Path | None = typer.Option(None, help="Write here instead of stdout."),
) -> None:
    """Period means per section, class, grade, main pollutants, attainment; or shares/ratings --by."""

    def service() -> pl.DataFrame:
        sections = evaluate_sections(file, period, profile.value, targets, waterbody.value)
        if not by:
            return sections
        base = (
            evaluate_sections(file, base_period, profile.value, targets, waterbody.value)
            if base_period
            else None
        )
        return shares_by(sections, by, profile.value, base)

    render(run_service(service), fmt, out)


@water_app.command("warn")
def warn(
    file: Path = typer.Argument(..., help="CSV or XLSX samples: section, time, item columns."),
    targets: Path = typer.Option(..., help="CSV/XLSX: section, target (Ⅲ …)."),
    profile: Profile = typer.Option(Profile.auto5, help="auto5 (automatic stations) or method21."),
    waterbody: Waterbody = typer.Option(Waterbody.river, help="For rows without a waterbody value."),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    out: Path | None = typer.Option(None, help="Write here instead of stdout."),
) -> None:
    """日预警 input: every sample item worse than the section's target class, with consecutive counts."""
    render(run_service(lambda: target_warnings(file, targets, profile.value, waterbody.value)), fmt, out)


@groundwater_app.command("classify")
def groundwater_classify(
    file: Path = typer.Argument(..., help="CSV or XLSX: one row per point, indicator columns."),
    target: str | None = typer.Option(
        None, help="Worst class allowed, e.g. Ⅳ for 不出现Ⅴ类, Ⅲ for 达到或优于Ⅲ类."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    out: Path | None = typer.Option(None, help="Write here instead of stdout."),
) -> None:
    """Add the GB/T 14848-2017 class and the indicators in the worst class to every point."""

    def service() -> pl.DataFrame:
        worst = class_code_from_label(target) if target else None
        return classify_groundwater_file(file, worst)

    render(run_service(service), fmt, out)


@dustfall_app.command("evaluate")
def dustfall_evaluate(
    file: Path = typer.Argument(..., help="CSV or XLSX: county, point, month, dustfall [, city, control]."),
    threshold: float = typer.Option(
        ..., help="t/(km²·30 d): 7 for the 吕梁 city plan, 5 for the district plan."
    ),
    include_control: bool = typer.Option(False, help="Count the clean control point in the means."),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    out: Path | None = typer.Option(None, help="Write here instead of stdout."),
) -> None:
    """County and city monthly means, and which are above the threshold."""
    render(run_service(lambda: evaluate_dustfall_file(file, threshold, include_control)), fmt, out)


def register(app: typer.Typer) -> None:
    """Add the ``water``, ``groundwater`` and ``dustfall`` groups to the root app."""
    app.add_typer(water_app, name="water")
    app.add_typer(groundwater_app, name="groundwater")
    app.add_typer(dustfall_app, name="dustfall")
