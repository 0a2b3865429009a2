"""HJ 663-2013 daily statistics on integer codes (:mod:`._codes`): the fast path of the grid pipeline.

Same rules and figures as :mod:`.hj663_2013` (24-h means with ≥ 20 hours, O3 daily max 1-h with
≥ 20 hours, MDA8 over the windows labelled 8:00…24:00 with ≥ 6 hours each and the 14-window rule).
Sums and counts are whole numbers; means are rounded exactly by
:func:`envplan.standards.rounding.mean_half_even`, as in :mod:`.hj663_2013`. The windows
labelled 8:00…24:00 lie inside their day, so each day is handled alone. The best window is the
largest exact mean total·(840/n) (840 = lcm(1…8)), and its mean is that key / 840: no window index is needed.

Codes are int16 or int32 ``(..., 24)`` from :func:`._codes.scaled_codes` with ``plain`` True:
slot 0 = the 1:00 value, ``-1`` missing, no other negative value. Sums are taken per block of stations; the
statistics from them over the whole grid.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from envplan.standards.air._codes import Codes
from envplan.standards.air.hj663_2013 import (
    DECIMALS,
    MDA8_FIRST_SLOT,
    MIN_HOURS_PER_8H,
    MIN_HOURS_PER_DAY,
    MIN_MDA8_WINDOWS,
)
from envplan.standards.rounding import mean_half_even

FloatArray = npt.NDArray[np.float64]
SLOTS = 24
WINDOW_KEY_DENOMINATOR = 840.0  # lcm(1…8)
#: 840 / n for window counts n = 0…8; 0 below 6 hours (such a window's key 0 never beats a valid one)
_KEY_SCALE = np.array([0, 0, 0, 0, 0, 0, 140, 120, 105], dtype=np.float64)
assert MIN_HOURS_PER_8H == 6 and MDA8_FIRST_SLOT == 7


def day_sums(codes: Codes) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    """Total (in codes) and count of the valid hours of each day, ``(...)`` from ``(..., 24)``."""
    hours = codes.reshape(-1, SLOTS)
    count = np.einsum("ij->i", (hours >= 0).view(np.int8))
    total = np.einsum("ij->i", hours, dtype=np.int32) + (SLOTS - count)  # each missing code is −1
    return total.reshape(codes.shape[:-1]), count.reshape(codes.shape[:-1])


def o3_day_sums(codes: Codes) -> tuple[npt.NDArray[np.int32], FloatArray, npt.NDArray[np.int64]]:
    """Per day: the highest 1-h code (−1 if none), the best 8-h window key and the valid-window count."""
    slots = np.ascontiguousarray(codes.reshape(-1, SLOTS).T, dtype=np.int32)  # (24, days): row-wise
    top = slots.max(axis=0)
    total = np.maximum(slots, 0)
    count = (slots >= 0).view(np.int8)
    for width in (1, 2, 4):  # windows of 2, 4, 8 hours ending at each slot (rows 7…23 at the end)
        total = total[width:] + total[:-width]
        count = count[width:] + count[:-width]
    key = (total * _KEY_SCALE.take(count)).max(axis=0)
    n_windows = np.count_nonzero(count >= MIN_HOURS_PER_8H, axis=0)
    shape = codes.shape[:-1]
    return top.reshape(shape), key.reshape(shape), n_windows.reshape(shape)


def daily_mean(total: npt.ArrayLike, count: npt.ArrayLike, pollutant: str) -> FloatArray:
    """24-h mean [µg/m³; CO mg/m³] from :func:`day_sums`; NaN under 20 hours (GB 3095-2012 Table 4)."""
    n = np.asarray(count, dtype=np.int64)
    mean = mean_half_even(total, n, DECIMALS[pollutant])
    return np.where(n >= MIN_HOURS_PER_DAY, mean, np.nan)


def daily_max_1h(top: FloatArray, count: npt.ArrayLike, pollutant: str = "o3") -> FloatArray:
    """O3 daily maximum 1-h value; NaN under 20 hours (documented setting of :mod:`.hj663_2013`)."""
    return np.where(np.asarray(count) >= MIN_HOURS_PER_DAY, top / 10.0 ** DECIMALS[pollutant], np.nan)


def daily_max_8h(key: FloatArray, n_windows: npt.ArrayLike, limit: float = 160.0) -> FloatArray:
    """O3 MDA8 [µg/m³]: ≥ 14 valid windows, or fewer when the maximum exceeds ``limit`` (6.1.2)."""
    n = np.asarray(n_windows)
    top = mean_half_even(key, np.full(n.shape, WINDOW_KEY_DENOMINATOR), DECIMALS["o3"])
    with np.errstate(invalid="ignore"):
        valid = (n > 0) & ((n >= MIN_MDA8_WINDOWS) | (top > limit))
    return np.where(valid, top, np.nan)
