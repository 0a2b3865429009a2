"""Groundwater service: read a table of points (one row each) and classify by GB/T 14848-2017.

Columns: ``point`` (or ``section``/``site``) and indicator columns named by the keys of
:mod:`envplan.standards.water.gbt14848_2017` (``nh3n``, ``nitrate``, ``hg`` …). Cells: numbers,
``0.01L`` (below the detection limit 0.01), ``未检出``/``ND`` (not detected: Ⅰ), ``无``/``有`` for
嗅和味 and 肉眼可见物, and ``*``/``--``/empty for missing. Other columns are kept as they are.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from envplan.monitoring.water_io import WaterInputError, parse_measurements, read_text_table
from envplan.standards.water.classes import class_labels_from_codes
from envplan.standards.water.gbt14848_2017 import (
    INDICATORS,
    groundwater_class_from_sample,
    meets_class_target,
)

NOT_DETECTED = ("未检出", "ND", "nd", "N.D.")
PRESENCE = {"无": "0", "有": "1"}


def classify_groundwater_file(path: str | Path, worst_allowed: int | None = None) -> pl.DataFrame:
    """Every row with ``class`` (Ⅰ … Ⅴ), ``class_items`` (indicators in the worst class),
    ``undetermined`` (below-DL results above Class Ⅰ) and, with a target, ``meets_target``."""
    frame = read_text_table(path)
    keys = [c for c in frame.columns if c in INDICATORS]
    if not keys:
        raise WaterInputError(path, 1, None, "no GB/T 14848-2017 indicator column (nh3n, nitrate, hg, …)")
    values, detected = {}, {}
    for key in keys:
        cleaned = frame.with_columns(
            pl.col(key).str.strip_chars().replace({**PRESENCE, **dict.fromkeys(NOT_DETECTED, "0L")})
        )
        parsed = parse_measurements(cleaned, key, path)
        if (parsed.values < 0).any():
            row = int(np.argmax(parsed.values < 0))
            raise WaterInputError(path, row + 2, key, f"negative value {frame[key][row]!r}")
        values[key], detected[key] = parsed.values, ~parsed.below_detection
    result = groundwater_class_from_sample(values, detected)
    undetermined = (result.item_classes == 0) & ~np.isnan(np.stack([values[k] for k in result.items], axis=1))
    names = np.array(result.items, dtype=object)
    out = frame.with_columns(
        pl.Series("class", class_labels_from_codes(result.classes)),
        pl.Series("class_items", result.class_items()),
        pl.Series("undetermined", [",".join(names[row]) for row in undetermined]),
    )
    if worst_allowed is not None:
        out = out.with_columns(pl.Series("meets_target", meets_class_target(result.classes, worst_allowed)))
    return out


__all__ = ["classify_groundwater_file"]
