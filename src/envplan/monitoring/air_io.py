"""Air monitoring tables from CSV or XLSX: long or wide layout, checked, in the wide canonical form.

Wide layout: ``station_code``, ``timepoint`` and one column per pollutant (``so2`` or ``so2_1h``,
``no2``, ``co``, ``o3``, ``pm10``, ``pm25``; optional 24-h moving columns ``so2_24h`` …); other
columns are passed through. Long layout: ``station_code``, ``timepoint``, ``pollutant``, ``value``
and optionally ``unit``. Units: µg/m³, CO in mg/m³ [hj663-2013 Table 3].

Checks (each error names the file, the line and the column): unparseable numbers or times,
negative values, values above :data:`PLAUSIBLE_MAX` (documented setting), a long-layout unit that
is not the expected one; duplicate (station, timepoint) rows are reported in ``duplicates``.
CSV line numbers count the header as line 1; XLSX row numbers are the sheet's row numbers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

POLLUTANTS: tuple[str, ...] = ("so2", "no2", "co", "o3", "pm10", "pm25")
ALIASES: dict[str, str] = {"pm2_5": "pm25", "pm2.5": "pm25", "o3_1h": "o3", "so2_1h": "so2", "no2_1h": "no2"}
ALIASES |= {"co_1h": "co", "pm10_1h": "pm10", "pm25_1h": "pm25", "pm2_5_1h": "pm25", "pm2_5_24h": "pm25_24h"}
MOVING: tuple[str, ...] = ("so2_24h", "no2_24h", "co_24h", "pm10_24h", "pm25_24h", "o3_8h")
UNITS: dict[str, set[str]] = {"co": {"mg/m3", "mg/m³"}} | {
    p: {"µg/m3", "μg/m3", "ug/m3", "µg/m³", "μg/m³"} for p in POLLUTANTS if p != "co"
}

#: Largest value accepted as physically possible [µg/m³; CO mg/m³] (documented setting: above the top
#: IAQI breakpoint by a wide margin — dust storms bring PM10 near 10,000 µg/m³).
PLAUSIBLE_MAX: dict[str, float] = {
    "so2": 10000,
    "no2": 5000,
    "co": 200,
    "o3": 3000,
    "pm10": 20000,
    "pm25": 10000,
    "aqi": 500,  # daily AQI column of a daily table
}


class AirDataError(ValueError):
    """A problem in an input file, with the place it was found."""


@dataclass(frozen=True)
class AirTable:
    """A checked wide table (``line`` holds each row's source line) and its duplicate rows.

    ``original`` is the input as read (strings, original column names; wide layout only, else None),
    so that a command can pass every input column through unchanged.
    """

    frame: pl.DataFrame
    duplicates: pl.DataFrame
    source: str
    original: pl.DataFrame | None = None


def read_air_table(path: Path, zero_as_missing: bool = False) -> AirTable:
    """Read, normalise and check an air table (CSV or XLSX, long or wide layout)."""
    original = _read_strings(path)
    raw = original.rename({c: ALIASES.get(c.strip().lower(), c.strip().lower()) for c in original.columns})
    first_line = 2
    raw = raw.with_row_index("line", offset=first_line).with_columns(pl.col("line").cast(pl.Int64))
    for required in ("station_code", "timepoint"):
        if required not in raw.columns:
            raise AirDataError(
                f"{path}: line 1: missing column '{required}' (found: {', '.join(raw.columns)})"
            )
    long_layout = "pollutant" in raw.columns and "value" in raw.columns
    if long_layout:
        raw = _long_to_wide(raw, path)
    frame = _parse_times(raw, path)
    frame = _parse_values(frame, path, zero_as_missing)
    keys = ["station_code", "timepoint"]
    duplicates = frame.filter(pl.struct(keys).is_duplicated()).select([*keys, "line"]).sort([*keys, "line"])
    return AirTable(
        frame=frame, duplicates=duplicates, source=str(path), original=None if long_layout else original
    )


def _read_strings(path: Path) -> pl.DataFrame:
    if not path.exists():
        raise AirDataError(f"{path}: file not found")
    if path.suffix.lower() in {".xlsx", ".xls"}:
        try:
            return pl.read_excel(path, infer_schema_length=0).cast(pl.String)
        except Exception as exc:  # the engine's own error types vary
            raise AirDataError(f"{path}: cannot read the workbook: {exc}") from exc
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    try:
        return pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise AirDataError(f"{path}: cannot read as CSV: {exc}") from exc


def _long_to_wide(raw: pl.DataFrame, path: Path) -> pl.DataFrame:
    raw = raw.with_columns(pl.col("pollutant").str.strip_chars().str.to_lowercase().replace(ALIASES))
    unknown = raw.filter(~pl.col("pollutant").is_in(list(POLLUTANTS) + list(MOVING)))
    if unknown.height:
        row = unknown.row(0, named=True)
        raise AirDataError(
            f"{path}: line {row['line']}: column 'pollutant': unknown pollutant '{row['pollutant']}'"
        )
    if "unit" in raw.columns:
        _check_units(raw, path)
    wide = raw.pivot(
        on="pollutant", index=["station_code", "timepoint"], values="value", aggregate_function="first"
    )
    lines = raw.group_by(["station_code", "timepoint"]).agg(pl.col("line").min())
    return wide.join(lines, on=["station_code", "timepoint"]).sort("line")


def _check_units(raw: pl.DataFrame, path: Path) -> None:
    base = pl.col("pollutant").str.split("_").list.first()
    unit = pl.col("unit").str.strip_chars().str.to_lowercase().str.replace("μ", "µ")
    expected_mg = base == "co"
    wrong = raw.filter(
        pl.when(expected_mg)
        .then(~unit.is_in(["mg/m3", "mg/m³"]))
        .otherwise(~unit.is_in(["µg/m3", "ug/m3", "µg/m³"]))
    )
    if wrong.height:
        row = wrong.row(0, named=True)
        expected = "mg/m³" if row["pollutant"].startswith("co") else "µg/m³"
        raise AirDataError(
            f"{path}: line {row['line']}: column 'unit': '{row['unit']}' for {row['pollutant']}, "
            f"expected {expected}"
        )


def _parse_times(raw: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Hour labels as datetimes; a '24:00' label (HJ 663 Table A.1) is 00:00 of the next day."""
    stripped = pl.col("timepoint").str.strip_chars().str.replace("T", " ")
    is_24 = stripped.str.contains(r" 24:00(:00)?$")
    text = pl.when(is_24).then(stripped.str.replace(r" 24:00(:00)?$", " 00:00")).otherwise(stripped)
    parsed = pl.coalesce(
        text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False),
        text.str.to_datetime("%Y-%m-%d %H:%M", strict=False),
        text.str.to_datetime("%Y/%m/%d %H:%M:%S", strict=False),
        text.str.to_datetime("%Y/%m/%d %H:%M", strict=False),
    )
    parsed = pl.when(is_24).then(parsed + pl.duration(days=1)).otherwise(parsed)
    out = raw.with_columns(parsed.alias("_time"))
    bad = out.filter(pl.col("_time").is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise AirDataError(
            f"{path}: line {row['line']}: column 'timepoint': "
            f"cannot read '{row['timepoint']}' as a date and hour "
            f"({bad.height} such rows; first lines {bad['line'].head(5).to_list()})"
        )
    return out.with_columns(pl.col("_time").alias("timepoint")).drop("_time")


def _parse_values(frame: pl.DataFrame, path: Path, zero_as_missing: bool) -> pl.DataFrame:
    columns = [c for c in (*POLLUTANTS, *MOVING) if c in frame.columns]
    if not any(c in frame.columns for c in POLLUTANTS):
        raise AirDataError(f"{path}: line 1: no pollutant column (expected some of {', '.join(POLLUTANTS)})")
    for column in columns:
        frame = _parse_column(frame, column, path, zero_as_missing)
    return frame


def _parse_column(frame: pl.DataFrame, column: str, path: Path, zero_as_missing: bool) -> pl.DataFrame:
    text = pl.col(column).str.strip_chars()
    is_missing = text.is_null() | text.is_in(["", "NA", "-", "—", "/", "null", "nan"])
    number = text.cast(pl.Float64, strict=False)
    checked = frame.with_columns(
        pl.when(is_missing).then(None).otherwise(number).alias("_v"), is_missing.alias("_m")
    )
    bad = checked.filter(~pl.col("_m") & pl.col("_v").is_null())
    _raise_rows(bad, path, column, "not a number")
    ceiling = PLAUSIBLE_MAX[column.split("_")[0]]
    _raise_rows(checked.filter(pl.col("_v") < 0), path, column, "negative value")
    _raise_rows(checked.filter(pl.col("_v") > ceiling), path, column, f"impossible value (above {ceiling:g})")
    value = pl.col("_v")
    if zero_as_missing:
        value = pl.when(value == 0).then(None).otherwise(value)
    return checked.with_columns(value.alias(column)).drop("_v", "_m")


def _raise_rows(bad: pl.DataFrame, path: Path, column: str, what: str) -> None:
    if bad.height:
        lines = bad["line"].head(10).to_list()
        first = bad.row(0, named=True)
        raise AirDataError(
            f"{path}: line {first['line']}: column '{column}': {what} '{first[column]}' "
            f"({bad.height} rows; lines {', '.join(map(str, lines))}{' …' if bad.height > 10 else ''})"
        )


DAILY_VALUE_COLUMNS: tuple[str, ...] = (
    "so2_24h",
    "no2_24h",
    "co_24h",
    "pm10_24h",
    "pm25_24h",
    "o3_1h_max",
    "o3_8h_max",
)


def is_daily_file(path: Path) -> bool:
    """True when the file has a ``date`` column and no ``timepoint`` (a table of daily values)."""
    columns = {c.strip().lower() for c in _read_strings(path).columns}
    return "date" in columns and "timepoint" not in columns


def read_daily_table(path: Path, key: str) -> pl.DataFrame:
    """A daily table (``key``, ``date``, ``so2_24h`` … ``o3_8h_max``, optional ``aqi`` and ``dust``)."""
    raw = _read_strings(path)
    raw = raw.rename({c: c.strip().lower() for c in raw.columns})
    raw = raw.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    for required in (key, "date"):
        if required not in raw.columns:
            raise AirDataError(f"{path}: line 1: missing column '{required}'")
    parsed = raw.with_columns(
        pl.col("date").str.strip_chars().str.to_date("%Y-%m-%d", strict=False).alias("_d")
    )
    bad = parsed.filter(pl.col("_d").is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise AirDataError(
            f"{path}: line {row['line']}: column 'date': cannot read '{row['date']}' as YYYY-MM-DD"
        )
    frame = parsed.with_columns(pl.col("_d").alias("date")).drop("_d")
    for column in (c for c in (*DAILY_VALUE_COLUMNS, "aqi") if c in frame.columns):
        frame = _parse_column(frame, column, path, zero_as_missing=False)
    if "dust" in frame.columns:
        truthy = (
            pl.col("dust")
            .cast(pl.String)
            .str.strip_chars()
            .str.to_lowercase()
            .is_in(["1", "true", "yes", "是"])
        )
        frame = frame.with_columns(truthy.alias("dust"))
    duplicated = frame.filter(pl.struct([key, "date"]).is_duplicated())
    if duplicated.height:
        lines = ", ".join(map(str, duplicated["line"].head(10).to_list()))
        raise AirDataError(f"{path}: line {duplicated['line'][0]}: duplicate {key}-days (lines {lines})")
    return frame
