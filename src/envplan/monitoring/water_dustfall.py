"""Dustfall service: monthly point values → county and city means against a threshold.

Columns: ``county``, ``point``, ``month`` (YYYY-MM), ``dustfall`` [t/(km²·30 d)], optional
``city`` and ``control`` (是/否, true/false, 1/0, or 清洁对照点) marking the clean control point.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from envplan.monitoring.water_io import WaterInputError, parse_measurements, read_text_table
from envplan.standards.water.dustfall_hj1221_2021 import above_threshold, area_means

TRUE_WORDS = ("是", "true", "True", "TRUE", "1", "y", "yes", "清洁对照点", "对照点")
FALSE_WORDS = ("否", "false", "False", "FALSE", "0", "n", "no", "")


def read_dustfall_points(path: str | Path) -> pl.DataFrame:
    """Validated point-month rows: county, city, point, month, dustfall, control."""
    frame = read_text_table(path)
    missing = [c for c in ("county", "point", "month", "dustfall") if c not in frame.columns]
    if missing:
        raise WaterInputError(path, 1, None, f"missing column(s): {', '.join(missing)}")
    months = frame["month"].str.strip_chars().fill_null("")
    bad = ~months.str.contains(r"^\d{4}-(0[1-9]|1[0-2])$").to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise WaterInputError(path, row + 2, "month", f"expected YYYY-MM, got {months[row]!r}")
    parsed = parse_measurements(frame, "dustfall", path)
    if (parsed.values < 0).any():
        row = int(np.argmax(parsed.values < 0))
        raise WaterInputError(path, row + 2, "dustfall", "negative dustfall")
    control = _control_flags(frame, path)
    city = frame["city"].fill_null("") if "city" in frame.columns else pl.Series([""] * frame.height)
    return pl.DataFrame(
        {"county": frame["county"], "city": city, "point": frame["point"], "month": months,
         "dustfall": pl.Series(parsed.values).fill_nan(None), "control": control}
    )  # fmt: skip


def _control_flags(frame: pl.DataFrame, path: str | Path) -> np.ndarray:
    if "control" not in frame.columns:
        return np.zeros(frame.height, dtype=bool)
    text = frame["control"].str.strip_chars().fill_null("")
    known = text.is_in([*TRUE_WORDS, *FALSE_WORDS]).to_numpy()
    if not known.all():
        row = int(np.argmin(known))
        raise WaterInputError(path, row + 2, "control", f"expected 是/否, got {text[row]!r}")
    return text.is_in(list(TRUE_WORDS)).to_numpy()


def evaluate_dustfall_file(path: str | Path, threshold: float, include_control: bool = False) -> pl.DataFrame:
    """County rows then city rows (county = "全市") per month: mean, shown mean, points, above, excess."""
    points = read_dustfall_points(path)
    counties = area_means(points, ["city", "county", "month"], include_control)
    cities = area_means(points, ["city", "month"], include_control).with_columns(
        pl.lit("全市").alias("county")
    )
    both = pl.concat([counties, cities.select(counties.columns)])
    return above_threshold(both, threshold)


__all__ = ["evaluate_dustfall_file", "read_dustfall_points"]
