"""Reading water-monitoring tables (CSV, XLSX) with row-level errors, and the surface-water service.

Files are read as text first; every measurement column is then parsed as a number, where ``*``
(not monitored), ``--`` (no value) and an empty cell are missing, and a value written with a
trailing ``L`` (below the detection limit, e.g. ``0.01L``) is kept with a below-detection flag.
A cell that is none of these raises :class:`WaterInputError` naming the file, line and column.
Line numbers count the header as line 1 (CSV) or its sheet row (XLSX).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.water import gb3838_2002
from envplan.standards.water.classes import class_labels_from_codes
from envplan.standards.water.evaluation_2011 import SampleClasses, water_class_from_sample
from envplan.standards.water.profiles import EvaluationProfile, profile_by_key
from envplan.standards.water.statistics_2020 import round_for_evaluation

MISSING_TOKENS = ("*", "--", "", "—", "-")
WATERBODY_VALUES = {
    "river": False,
    "河流": False,
    "lake": True,
    "湖库": True,
    "reservoir": True,
    "水库": True,
}
UNDETERMINED = ("", "undetermined")


class WaterInputError(ValueError):
    """A bad cell or file: carries the file, line and column it was found at."""

    def __init__(self, file: str | Path, line: int | None, column: str | None, message: str) -> None:
        self.file, self.line, self.column = str(file), line, column
        where = ":".join(str(p) for p in (file, line) if p is not None)
        super().__init__(f"{where}: column {column!r}: {message}" if column else f"{where}: {message}")


@dataclass(frozen=True)
class Measurements:
    """Parsed measurement column: ``values`` (NaN missing) and ``below_detection`` (``…L`` cells)."""

    values: npt.NDArray[np.float64]
    below_detection: npt.NDArray[np.bool_]


def read_text_table(path: str | Path) -> pl.DataFrame:
    """A CSV (UTF-8, UTF-8-BOM or GB18030) or XLSX file as a frame of text columns."""
    path = Path(path)
    if not path.exists():
        raise WaterInputError(path, None, None, "file not found")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pl.read_excel(path, infer_schema_length=0)
        else:
            text = _decoded(path)
            _check_field_counts(text, path)
            frame = pl.read_csv(text.encode("utf-8"), infer_schema_length=0)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        if isinstance(error, WaterInputError):
            raise
        raise WaterInputError(path, None, None, f"cannot read the table: {error}") from None
    return frame.with_columns(pl.all().cast(pl.String))


def _check_field_counts(text: str, path: Path) -> None:
    """A row with more or fewer cells than the header is an error naming its line."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None:
        raise WaterInputError(path, None, None, "empty file")
    for row in rows:
        if row and len(row) != len(header):
            line = rows.line_num
            raise WaterInputError(path, line, None, f"{len(row)} cells where the header has {len(header)}")


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WaterInputError(path, None, None, "not UTF-8 or GB18030 text")


def parse_measurements(frame: pl.DataFrame, column: str, file: str | Path) -> Measurements:
    """The numbers of ``column``; missing tokens → NaN; ``xL`` → x with the below-detection flag."""
    text = frame[column].str.strip_chars().fill_null("")
    missing = text.is_in(list(MISSING_TOKENS))
    below = text.str.ends_with("L") & ~missing
    number_text = pl.when(below).then(text.str.strip_suffix("L")).otherwise(text)
    numbers = pl.select(number_text.cast(pl.Float64, strict=False).alias("v")).to_series()
    bad = (numbers.is_null() & ~missing).to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise WaterInputError(file, row + 2, column, f"not a number: {text[row]!r}")
    values = numbers.fill_null(np.nan).to_numpy().astype(np.float64)
    return Measurements(values, below.to_numpy())


def lake_mask_from_column(frame: pl.DataFrame, file: str | Path, default_lake: bool) -> npt.NDArray[np.bool_]:
    """True at lake/reservoir rows from a ``waterbody`` column; empty/``undetermined`` → the default."""
    if "waterbody" not in frame.columns:
        return np.full(frame.height, default_lake)
    text = frame["waterbody"].str.strip_chars().fill_null("")
    known = text.is_in(list(WATERBODY_VALUES) + list(UNDETERMINED)).to_numpy()
    if not known.all():
        row = int(np.argmin(known))
        raise WaterInputError(file, row + 2, "waterbody", f"expected river or lake, got {text[row]!r}")
    lakes = text.is_in([k for k, v in WATERBODY_VALUES.items() if v]).to_numpy()
    undetermined = text.is_in(list(UNDETERMINED)).to_numpy()
    return np.where(undetermined, default_lake, lakes)


def item_columns(
    frame: pl.DataFrame, profile: EvaluationProfile, file: str | Path, round_reported: bool = False
) -> dict[str, npt.NDArray[np.float64]]:
    """Values of the profile's items: ``<item>`` columns as reported (rounded only if asked), else
    ``<item>_raw`` columns rounded half-to-even to the profile's decimals; below-DL → ½ DL."""
    columns = {}
    for key in profile.items:
        raw = key not in frame.columns
        name = f"{key}_raw" if raw else key
        if name not in frame.columns:
            continue
        parsed = parse_measurements(frame, name, file)
        values = np.where(parsed.below_detection, parsed.values / 2.0, parsed.values)
        if raw or round_reported:
            values = round_for_evaluation(values, profile.decimals[key])
        columns[key] = values
    return columns


def classify_surface_water_file(
    path: str | Path, profile: str = "auto5", waterbody: str = "river", round_reported: bool = False
) -> pl.DataFrame:
    """Every row of a surface-water table with ``class`` (Ⅰ … 劣Ⅴ, "" if no item) and ``class_items``."""
    if waterbody not in ("river", "lake"):
        raise WaterInputError(path, None, None, f"waterbody must be river or lake, got {waterbody!r}")
    frame = read_text_table(path)
    chosen = profile_by_key(profile)
    columns = item_columns(frame, chosen, path, round_reported)
    if not columns:
        wanted = ", ".join(chosen.items)
        raise WaterInputError(path, 1, None, f"no item column of profile {chosen.key} ({wanted})")
    lake = lake_mask_from_column(frame, path, waterbody == "lake")
    result = water_class_from_sample(columns, chosen, lake, round_values=False)
    return frame.with_columns(
        pl.Series("class", _labels(result), dtype=pl.String),
        pl.Series("class_items", result.class_items(), dtype=pl.String),
    )


def _labels(result: SampleClasses) -> list[str]:
    return class_labels_from_codes(result.classes)


ITEM_KEYS = tuple(item.key for item in gb3838_2002.TABLE_1)

__all__ = [
    "ITEM_KEYS",
    "MISSING_TOKENS",
    "Measurements",
    "WaterInputError",
    "classify_surface_water_file",
    "item_columns",
    "lake_mask_from_column",
    "parse_measurements",
    "read_text_table",
]
