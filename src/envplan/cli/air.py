"""CLI commands: air (hourly AQI, daily statistics, period evaluation and ranking figures)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import polars as pl
import typer
from rich.console import Console
from rich.progress import Progress

from envplan.monitoring.air_aqi import hourly_aqi_table
from envplan.monitoring.air_daily import daily_table
from envplan.monitoring.air_evaluate import evaluate_period
from envplan.monitoring.air_io import AirDataError, AirTable, is_daily_file, read_air_table, read_daily_table

air_app = typer.Typer(help="Air quality: AQI (HJ 633), statistics (HJ 663), attainment (GB 3095), rankings.")
err = Console(stderr=True)
CHUNK_ROWS = 200_000  # rows per progress step on large files


class OutputFormat(StrEnum):
    csv = "csv"
    json = "json"


class EditionChoice(StrEnum):
    y2012 = "2012"
    y2026 = "2026"
    auto = "auto"


def _read(path: Path, zero_as_missing: bool) -> AirTable:
    try:
        table = read_air_table(path, zero_as_missing=zero_as_missing)
    except AirDataError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if table.duplicates.height:
        lines = ", ".join(map(str, table.duplicates["line"].head(10).to_list()))
        err.print(
            f"warning: {path}: {table.duplicates.height} duplicate station-hour rows (lines {lines})",
            highlight=False,
        )
    return table


def _in_chunks(frame: pl.DataFrame, step: Callable[[pl.DataFrame], pl.DataFrame], label: str) -> pl.DataFrame:
    """Apply ``step`` chunk by chunk, with a progress bar when the table is large."""
    if frame.height <= CHUNK_ROWS:
        return step(frame)
    parts = []
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(label, total=frame.height)
        for offset in range(0, frame.height, CHUNK_ROWS):
            parts.append(step(frame.slice(offset, CHUNK_ROWS)))
            progress.advance(task, min(CHUNK_ROWS, frame.height - offset))
    return pl.concat(parts)


def _write(frame: pl.DataFrame, fmt: OutputFormat, out: Path | None) -> None:
    frame = frame.with_columns(
        pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%S"), pl.col(pl.Date).cast(pl.String)
    )
    if fmt is OutputFormat.json:
        text = json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1)
    else:
        text = frame.write_csv()
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8")


@air_app.command("aqi")
def aqi_command(
    file: Path = typer.Argument(..., help="Hourly table, CSV or XLSX (wide or long layout)."),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    edition: EditionChoice = typer.Option(
        EditionChoice.auto, "--edition", help="HJ 633 edition; auto: by date."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of standard output."),
    zero_as_missing: bool = typer.Option(False, "--zero-as-missing", help="Read 0 as a missing value."),
) -> None:
    """Hourly (real-time) AQI of each station-hour: adds aqi, primary_pollutant, level, category."""
    table = _read(file, zero_as_missing)
    added = ["aqi", "primary_pollutant", "level", "category"]
    result = _in_chunks(table.frame, lambda f: hourly_aqi_table(f, edition.value).select(added), "hourly AQI")
    base = table.original if table.original is not None else table.frame.drop("line")
    _write(base.drop(added, strict=False).hstack(result), fmt, out)


class ByChoice(StrEnum):
    station = "station"
    city = "city"


def _unique(table: AirTable) -> pl.DataFrame:
    """Daily statistics need one value per station-hour: stop on duplicates."""
    if table.duplicates.height:
        lines = ", ".join(map(str, table.duplicates["line"].head(10).to_list()))
        err.print(
            f"[red]error:[/red] {table.source}: duplicate station-hours at lines {lines}", highlight=False
        )
        raise typer.Exit(2)
    return table.frame


@air_app.command("daily")
def daily_command(
    file: Path = typer.Argument(..., help="Hourly table, CSV or XLSX (wide or long layout)."),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    by: ByChoice = typer.Option(
        ByChoice.station, "--by", help="Per station, or per city (needs --city-column)."
    ),
    city_column: str = typer.Option("area", "--city-column", help="Column naming each station's city."),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of standard output."),
    zero_as_missing: bool = typer.Option(False, "--zero-as-missing", help="Read 0 as a missing value."),
) -> None:
    """Daily statistics (HJ 663) and daily AQI (HJ 633, edition by date) per station or city and day."""
    frame = _unique(_read(file, zero_as_missing))
    with Progress(console=err, transient=True) as progress:
        progress.add_task("daily statistics", total=None)
        try:
            result = daily_table(frame, by=by.value, city_column=city_column)
        except AirDataError as exc:
            err.print(f"[red]error:[/red] {file}: {exc}", highlight=False)
            raise typer.Exit(2) from exc
    _write(result, fmt, out)


def _daily_for_evaluation(file: Path, by: ByChoice, city_column: str, zero_as_missing: bool) -> pl.DataFrame:
    key = "city" if by is ByChoice.city else "station_code"
    if is_daily_file(file):
        return read_daily_table(file, key)
    frame = _unique(_read(file, zero_as_missing))
    return daily_table(frame, by=by.value, city_column=city_column)


@air_app.command("evaluate")
def evaluate_command(
    file: Path = typer.Argument(
        ..., help="Hourly table, or daily table (date, so2_24h … o3_8h_max, aqi, dust)."
    ),
    period: str = typer.Option(..., "--period", help="YYYY (annual), YYYY-MM (monthly) or YYYYQn."),
    by: ByChoice = typer.Option(ByChoice.station, "--by", help="Per station or per city."),
    base: str | None = typer.Option(None, "--base", help="Base period for the composite-index change rate."),
    city_column: str = typer.Option("area", "--city-column", help="Column naming each station's city."),
    fmt: OutputFormat = typer.Option(OutputFormat.csv, "--format", help="Output format."),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of standard output."),
    zero_as_missing: bool = typer.Option(False, "--zero-as-missing", help="Read 0 as a missing value."),
) -> None:
    """Period statistics, annual attainment, good-day ratio, composite index and rank per station or city."""
    key = "city" if by is ByChoice.city else "station_code"
    try:
        with Progress(console=err, transient=True) as progress:
            progress.add_task("evaluation", total=None)
            daily = _daily_for_evaluation(file, by, city_column, zero_as_missing)
            result = evaluate_period(daily, key, period, base)
    except AirDataError as exc:
        err.print(f"[red]error:[/red] {file}: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _write(result, fmt, out)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.add_typer(air_app, name="air")
