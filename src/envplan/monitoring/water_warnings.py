"""Daily-warning input (日预警): samples worse than their section's target class.

Reads the samples table of :mod:`water_evaluation` (``section``, ``time``, item columns) and a
targets table (``section``, ``target``), classifies every sample (default ``auto5``), and returns
one row per exceeding item of an exceeding sample: section, time, class, item, value, target-class
limit, multiple (see :mod:`envplan.standards.water.warnings_target`) and the running count of
consecutive exceeding samples of the section.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from envplan.monitoring.water_evaluation import sample_times, target_table
from envplan.monitoring.water_io import WaterInputError, item_columns, lake_mask_from_column, read_text_table
from envplan.standards.rounding import round_half_even
from envplan.standards.water.classes import class_labels_from_codes
from envplan.standards.water.evaluation_2011 import water_class_from_sample
from envplan.standards.water.profiles import profile_by_key
from envplan.standards.water.warnings_target import (
    consecutive_exceedance_counts,
    exceedances_of_target,
    target_limits,
)

MULTIPLE_DECIMALS = 3


def target_warnings(
    path: str | Path, targets: str | Path, profile: str = "auto5", waterbody: str = "river"
) -> pl.DataFrame:
    """Exceeding items of every sample worse than its section's target, in section and time order."""
    chosen = profile_by_key(profile)
    frame = read_text_table(path)
    times = sample_times(frame, path)
    columns = item_columns(frame, chosen, path)
    if not columns:
        raise WaterInputError(path, 1, None, f"no item column of profile {chosen.key}")
    target_of = dict(target_table(targets).select("section", "target_code").iter_rows())
    sections = np.array(frame["section"].fill_null("").to_list(), dtype=str)
    order = np.lexsort((times.to_numpy(), sections))
    sections = sections[order]
    target = np.array([target_of.get(s, 0) for s in sections], dtype=np.int64)
    lake = lake_mask_from_column(frame, path, waterbody == "lake")[order]
    values = {k: v[order] for k, v in columns.items()}
    result = water_class_from_sample(values, chosen, lake, round_values=False)
    exceeds, multiple = exceedances_of_target(values, result, np.where(target > 0, target, 6), lake)
    codes = np.unique(sections, return_inverse=True)[1]
    streak = consecutive_exceedance_counts(codes, exceeds.any(axis=1), result.classes > 0)
    rows, items = np.nonzero(exceeds)
    value, limit = _values_and_limits(values, result.items, rows, items, target, lake)
    return pl.DataFrame(
        {"section": sections[rows], "time": times.gather(order[rows]),
         "class": class_labels_from_codes(result.classes[rows]),
         "target": class_labels_from_codes(target[rows]),
         "item": np.array(result.items)[items], "value": value, "limit": limit,
         "multiple": round_half_even(multiple[rows, items], MULTIPLE_DECIMALS), "consecutive": streak[rows]}
    )  # fmt: skip


def _values_and_limits(
    values: dict[str, np.ndarray],
    items: tuple[str, ...],
    rows: np.ndarray,
    columns: np.ndarray,
    target: np.ndarray,
    lake: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    value, limit = np.full(rows.size, np.nan), np.full(rows.size, np.nan)
    for j in np.unique(columns):
        sel = columns == j
        value[sel] = values[items[j]][rows[sel]]
        limit[sel] = target_limits(items[j], target[rows[sel]], lake[rows[sel]])
    return value, limit


__all__ = ["target_warnings"]
