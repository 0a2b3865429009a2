"""Concentrations as whole numbers of their last kept decimal, and IAQI look-up on those integers.

The fast path of the hourly AQI and the daily statistics: each value is rounded per GB/T 8170 to
the HJ 663-2013 Table 3 decimals (:func:`envplan.standards.rounding.round_half_even`, the decimal
rule) and stored as an integer code (µg/m³, CO in 0.1 mg/m³); ``-1`` marks a missing value. All
later arithmetic is on integers, so the results are those of the float path digit for digit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from envplan.standards.air._aqi_common import LABELS, iaqi_from_breakpoints
from envplan.standards.rounding import round_half_even

Codes = npt.NDArray[np.int32] | npt.NDArray[np.int16]
MISSING = -1


#: Codes at or above this are clipped (only the IAQI path uses them; integer sums of 24 stay exact).
CODE_CAP = float(2**24)


def scaled_floats(
    values: npt.ArrayLike, decimals: int, cap: float = CODE_CAP
) -> tuple[npt.NDArray[np.float64], bool]:
    """Whole numbers of the last kept decimal after GB/T 8170 rounding, as floats; ``-1`` for missing.

    Returns also ``plain``: no value was negative after rounding (−0.4 → −0 is a 0) and none reached
    ``cap`` (codes are clipped there; every IAQI column tops out far below). Negative values are
    missing here (no IAQI); callers that must treat them as the float path does (the daily means)
    fall back to it when ``plain`` is False.
    """
    x = np.asarray(values, dtype=np.float64)
    scaled = x * 10.0**decimals if decimals else x
    k = np.rint(scaled)
    if not x.size:
        return k, True
    with np.errstate(invalid="ignore"):
        gap = np.subtract(k, scaled)
        np.abs(gap, out=gap)
        if np.fmax.reduce(gap, axis=None) > 0:  # not yet at that precision: the decimal rule
            k = np.rint(round_half_even(np.atleast_1d(x), decimals).reshape(x.shape) * 10.0**decimals)
        low, high = np.fmin.reduce(k, axis=None), np.fmax.reduce(k, axis=None)
    np.fmax(k, float(MISSING), out=k)  # NaN and negatives → −1; −0.0 stays a 0
    if high >= cap:
        np.minimum(k, cap, out=k)
    return k, not (low < 0 or high >= cap)


def scaled_codes(values: npt.ArrayLike, decimals: int) -> tuple[Codes, bool]:
    """:func:`scaled_floats` as int32 codes."""
    k, plain = scaled_floats(values, decimals)
    return k.astype(np.int32), plain


@lru_cache(maxsize=64)
def iaqi_table(breakpoints: tuple[float, ...], decimals: int) -> npt.NDArray[np.int16]:
    """IAQI of every code 0 … one step above the top (formula (1), exact), then −1 for missing codes."""
    top = round(breakpoints[-1] * 10**decimals)
    iaqi = iaqi_from_breakpoints(np.arange(top + 2) / 10.0**decimals, breakpoints)
    return np.append(iaqi, MISSING).astype(np.int16)


def iaqi_from_codes(codes: Codes, breakpoints: Sequence[float], decimals: int) -> npt.NDArray[np.int16]:
    """IAQI (int16, ``-1`` where missing) of integer codes by one table look-up."""
    table = iaqi_table(tuple(float(b) for b in breakpoints), decimals)
    index = np.minimum(codes, len(table) - 2)  # −1 stays −1: the table's last (missing) entry
    return table.take(index)


@dataclass(frozen=True)
class AqiCodes:
    """AQI as integers: ``aqi`` (int16, −1 where no pollutant was measured) and the primary and
    exceeding pollutants as bit patterns over :data:`LABELS` (labels: ``LABEL_LOOKUP[code]``)."""

    aqi: npt.NDArray[np.int16]
    primary_code: npt.NDArray[np.uint8]
    exceeding_code: npt.NDArray[np.uint8]

    def aqi_float(self) -> npt.NDArray[np.float64]:
        """The AQI as floats, NaN where missing (the form of :class:`AqiResult`)."""
        return np.where(self.aqi < 0, np.nan, self.aqi.astype(np.float64))


def aqi_codes(iaqi: Mapping[str, npt.NDArray[np.int16]], primary_above: int = 50) -> AqiCodes:
    """AQI = max of the sub-indices; primary pollutants (IAQI = AQI > 50, all ties); IAQI > 100 ones."""
    arrays = list(iaqi.values())
    aqi = arrays[0].copy()
    for values in arrays[1:]:
        np.maximum(aqi, values, out=aqi)
    primary = _bits({n: v == aqi for n, v in iaqi.items()}, aqi.shape)
    primary *= (aqi > primary_above).view(np.uint8)
    exceeding = _bits({n: v > 100 for n, v in iaqi.items()}, aqi.shape)
    return AqiCodes(aqi, primary, exceeding)


def _bits(flags: Mapping[str, npt.NDArray[np.bool_]], shape: tuple[int, ...]) -> npt.NDArray[np.uint8]:
    """Bit pattern of the set flags, bit i standing for the i-th pollutant of :data:`LABELS`."""
    code = np.zeros(shape, dtype=np.uint8)
    for bit, name in enumerate(LABELS):
        if name in flags:
            code |= flags[name].view(np.uint8) << np.uint8(bit)
    return code
