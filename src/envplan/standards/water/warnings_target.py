"""Warnings against a section's target class (日预警 input) and consecutive-exceedance counts.

For each sample and item of the profile: the sample exceeds its section's target when the item's
GB 3838-2002 class is worse than the target class [GB3838-2002], [HB2011-22]. "By how much" is the
multiple (C − L) / L against the target class limit L; for DO (higher is better) it is the
shortfall (L − C) / L; pH has none (its range is the same for every class). The consecutive count
is the number of samples in a row, per section and in time order, whose class was worse than the
target (reset by a sample that meets it; samples with no class neither count nor reset).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from envplan.standards.water import gb3838_2002
from envplan.standards.water.classes import NO_CLASS, SampleClasses

FloatArray = npt.NDArray[np.float64]


def target_limits(key: str, targets: npt.ArrayLike, lake: bool | npt.ArrayLike = False) -> FloatArray:
    """The limit of each row's target class (1 … 5) for an item; NaN for pH and 劣Ⅴ targets."""
    t = np.asarray(targets, dtype=np.int64)
    lake_mask = np.broadcast_to(np.asarray(lake, dtype=bool), t.shape)
    out = np.full(t.shape, np.nan)
    for code in range(1, 6):
        rows = t == code
        if rows.any():
            out[rows] = gb3838_2002.class_limit(key, code, lake_mask[rows])
    return out


def exceedances_of_target(
    columns: Mapping[str, npt.ArrayLike],
    result: SampleClasses,
    targets: npt.ArrayLike,
    lake: bool | npt.ArrayLike = False,
) -> tuple[npt.NDArray[np.bool_], FloatArray]:
    """(exceeds, multiple) arrays of shape (samples, items): item worse than the row's target class."""
    t = np.asarray(targets, dtype=np.int64)
    exceeds = (result.item_classes > t[:, None]) & (result.item_classes != NO_CLASS)
    multiple = np.full(exceeds.shape, np.nan)
    for j, key in enumerate(result.items):
        if key not in columns or key == "ph":
            continue
        limit = target_limits(key, t, lake)
        x = np.asarray(columns[key], dtype=np.float64)
        ratio = (limit - x) / limit if key == "do" else (x - limit) / limit
        multiple[:, j] = np.where(exceeds[:, j], ratio, np.nan)
    return exceeds, multiple


def consecutive_exceedance_counts(
    section_codes: npt.ArrayLike, exceeded: npt.ArrayLike, valid: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Running count of consecutive exceeding samples per section (rows sorted by section, time)."""
    codes = np.asarray(section_codes)
    hit = np.asarray(exceeded, dtype=bool) & np.asarray(valid, dtype=bool)
    reset = ~np.asarray(exceeded, dtype=bool) & np.asarray(valid, dtype=bool)
    new_section = np.ones(codes.shape, dtype=bool)
    new_section[1:] = codes[1:] != codes[:-1]
    index = np.arange(codes.size)
    last_reset = np.maximum.accumulate(np.where(reset | new_section, index, 0))
    hits_before = np.cumsum(hit)
    base = hits_before[last_reset] - hit[last_reset]
    counts = hits_before - base
    return np.where(hit, counts, 0).astype(np.int64)


__all__ = ["consecutive_exceedance_counts", "exceedances_of_target", "target_limits"]
