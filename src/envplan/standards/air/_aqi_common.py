"""Machinery shared by the HJ 633 editions: the one interpolation helper, labels, categories.

Each edition module (:mod:`hj633_2012`, :mod:`hj633_2026`) holds its own tables and rules and
calls these helpers; nothing here knows a breakpoint value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from envplan.standards.rounding import ceil_integer, round_half_even

FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]

#: IAQI values heading the rows of every HJ 633 breakpoint table (both editions). [-]
IAQI_STEPS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)

#: Decimals of GB/T 8170 rounding before use (HJ 663-2013 Table 3; HJ 633-2026 4.2.2): CO 1, others 0.
DECIMALS: dict[str, int] = {"so2": 0, "no2": 0, "co": 1, "o3": 0, "pm10": 0, "pm25": 0}

#: The national platform's primary-pollutant labels, in the order ties are listed.
#: The relative order of PM10, PM2.5 and O3 1-h is the published one ([cnemc-aqi] ties);
#: where SO2, NO2 or CO tie with another pollutant the order is a documented setting.
LABELS: dict[str, str] = {
    "pm10": "颗粒物(PM10)",
    "pm25": "细颗粒物(PM2.5)",
    "o3_1h": "臭氧1小时",
    "o3_8h": "臭氧8小时",
    "so2": "二氧化硫",
    "no2": "二氧化氮",
    "co": "一氧化碳",
}


class Category(NamedTuple):
    """One row of an AQI category table (级别, 类别, 颜色 and health text)."""

    upper: int  # highest AQI of the class (500 stands for "and above")
    level: str
    category: str
    colour: str
    rgb: tuple[int, int, int]
    health_effect: str
    advice: str


@dataclass(frozen=True)
class AqiResult:
    """AQI of each row with its sub-indices.

    ``aqi`` is NaN where it may not be published (HJ 633-2026 5.3.1); ``aqi_from_available`` is the
    maximum of the sub-indices that could be computed, published or not.
    """

    iaqi: dict[str, FloatArray]
    aqi_from_available: FloatArray
    aqi: FloatArray
    primary_pollutant: ObjectArray
    primary_code: npt.NDArray[np.int64] | None = None  # bit pattern: LABEL_LOOKUP[primary_code]
    exceeding_pollutants: ObjectArray | None = None
    method_note: str = ""
    extra: dict[str, FloatArray] = field(default_factory=dict)


def iaqi_from_breakpoints(concentration: npt.ArrayLike, breakpoints: Sequence[float]) -> FloatArray:
    """IAQI by formula (1) of HJ 633, rounded up exactly; NaN for missing or negative input.

    ``breakpoints`` are the concentration limits of one table column for IAQI 0, 50, 100, …;
    a column may stop early (SO2 1-h at 800, O3 8-h at 800): the caller applies the edition's rule
    above its top. Above the top of a full column the IAQI is capped at 500 (platform practice,
    [cnemc-aqi]; HJ 633-2026 4.1.1 range 1～500). The product is formed before the division and the
    ceiling is taken on the decimal value, so 25·(2.2−2)+50 gives 55.
    """
    c = np.asarray(concentration, dtype=np.float64)
    bp = np.asarray(breakpoints, dtype=np.float64)
    steps = np.asarray(IAQI_STEPS[: len(bp)], dtype=np.float64)
    idx = np.clip(np.searchsorted(bp, c, side="left"), 1, len(bp) - 1)
    low, high = bp[idx - 1], bp[idx]
    step_low, step_high = steps[idx - 1], steps[idx]
    with np.errstate(invalid="ignore"):
        raw = (step_high - step_low) * (c - low) / (high - low) + step_low
        out = ceil_integer(raw)
        out = np.where(c > bp[-1], steps[-1], out)
        invalid = np.isnan(c) | (c < 0)
    return np.where(invalid, np.nan, out)


def round_to_decimals(values: npt.ArrayLike, decimals: int) -> FloatArray:
    """GB/T 8170 rounding (:func:`envplan.standards.rounding.round_half_even`) to ``decimals``.

    Data already at that precision (the usual case: published values) is returned as it is without
    the general path: x is exactly the decimal k/10^d when rint(x·10^d)/10^d == x.
    """
    x = np.atleast_1d(np.asarray(values, dtype=np.float64))
    scale = 10.0**decimals
    with np.errstate(invalid="ignore"):
        gap = np.rint(x) if decimals == 0 else np.rint(x * scale) / scale
        gap -= x
        np.abs(gap, out=gap)
        if x.size == 0 or not np.fmax.reduce(gap, axis=None) > 0:  # NaN (all missing) counts as exact
            return x
    return round_half_even(x, decimals)


def round_inputs(values: Mapping[str, npt.ArrayLike | None]) -> dict[str, FloatArray | None]:
    """Round each pollutant's concentrations per GB/T 8170 to the decimals of :data:`DECIMALS`."""
    out: dict[str, FloatArray | None] = {}
    for name, array in values.items():
        out[name] = None if array is None else round_to_decimals(array, DECIMALS[name.split("_")[0]])
    return out


@lru_cache(maxsize=64)
def _lookup_table(breakpoints: tuple[float, ...], decimals: int) -> FloatArray:
    """IAQI of every concentration k/10^d from 0 to one step above the top (computed exactly once),
    followed by a NaN entry that missing and negative values point to."""
    top = round(breakpoints[-1] * 10**decimals)
    table = iaqi_from_breakpoints(np.arange(top + 2) / 10.0**decimals, breakpoints)
    return np.append(table, np.nan)


def iaqi_from_rounded(rounded: npt.ArrayLike, breakpoints: Sequence[float], decimals: int) -> FloatArray:
    """:func:`iaqi_from_breakpoints` for values already rounded to ``decimals``, by table look-up.

    Same results (the table is built with the exact formula); one gather instead of the arithmetic.
    """
    table = _lookup_table(tuple(float(b) for b in breakpoints), decimals)
    codes = np.asarray(rounded, dtype=np.float64) * 10.0**decimals
    with np.errstate(invalid="ignore"):
        usable = codes >= 0  # False for NaN and negative values
        np.minimum(codes, len(table) - 2, out=codes)
        np.rint(codes, out=codes)
    np.copyto(codes, len(table) - 1, where=~usable)
    return table[codes.astype(np.intp)]


def max_ignoring_missing(iaqi: Mapping[str, FloatArray]) -> FloatArray:
    """Row-wise maximum of the sub-indices, NaN where all are missing."""
    arrays = [np.atleast_1d(v) for v in iaqi.values()]
    out = arrays[0].copy()
    for values in arrays[1:]:
        np.fmax(out, values, out=out)
    return out


#: Label text of every combination of pollutants, indexed by a bit pattern over :data:`LABELS` order.
LABEL_LOOKUP: ObjectArray = np.array(
    [
        ",".join(label for bit, label in enumerate(LABELS.values()) if pattern >> bit & 1)
        for pattern in range(1 << len(LABELS))
    ],
    dtype=object,
)


def codes_of_max(
    iaqi: Mapping[str, FloatArray], aqi: FloatArray, threshold: float = 50.0
) -> npt.NDArray[np.int64]:
    """Bit pattern (:data:`LABEL_LOOKUP`) of the pollutants whose IAQI equals an AQI above ``threshold``."""
    above = aqi > threshold
    return _codes({n: (np.atleast_1d(v) == aqi) & above for n, v in iaqi.items()}, aqi.shape)


def labels_of_max(iaqi: Mapping[str, FloatArray], aqi: FloatArray, threshold: float = 50.0) -> ObjectArray:
    """Primary pollutants: all labels whose IAQI equals the AQI, where AQI > ``threshold``; '' otherwise."""
    return LABEL_LOOKUP[codes_of_max(iaqi, aqi, threshold)]


def labels_above(iaqi: Mapping[str, FloatArray], threshold: float) -> ObjectArray:
    """Labels of all pollutants whose IAQI exceeds ``threshold`` (HJ 633-2012 3.4: > 100)."""
    shape = np.atleast_1d(next(iter(iaqi.values()))).shape
    return LABEL_LOOKUP[_codes({n: np.atleast_1d(v) > threshold for n, v in iaqi.items()}, shape)]


def _codes(flags: Mapping[str, npt.NDArray[np.bool_]], shape: tuple[int, ...]) -> npt.NDArray[np.int64]:
    """Bit pattern of the set flags, bit i standing for the i-th pollutant of :data:`LABELS`."""
    code = np.zeros(shape, dtype=np.int64)
    for bit, name in enumerate(LABELS):
        if name in flags:
            code |= flags[name].astype(np.int64) << bit
    return code


def category_index(aqi: npt.ArrayLike, categories: Sequence[Category]) -> npt.NDArray[np.int64]:
    """Index (0…5) of the category of each AQI; -1 where the AQI is missing."""
    a = np.asarray(aqi, dtype=np.float64)
    uppers = np.array([c.upper for c in categories[:-1]], dtype=np.float64)
    idx = np.searchsorted(uppers, a, side="left")
    return np.where(np.isnan(a), -1, idx).astype(np.int64)


def category_field(aqi: npt.ArrayLike, categories: Sequence[Category], name: str) -> ObjectArray:
    """One field (``level``, ``category``, ``colour``, …) of each AQI's category; None where missing."""
    idx = category_index(aqi, categories)
    lookup = np.array([getattr(c, name) for c in categories] + [None], dtype=object)
    return lookup[idx]


def as_array(values: npt.ArrayLike | None, like: FloatArray) -> FloatArray:
    """``values`` as a float array shaped like ``like`` (all NaN when None)."""
    if values is None:
        return np.full(like.shape, np.nan)
    array = np.asarray(values, dtype=np.float64)
    if array.shape == like.shape:
        return array
    return np.broadcast_to(array, like.shape).astype(np.float64)


def shape_of(values: Mapping[str, FloatArray | None]) -> FloatArray:
    """A float array of the broadcast shape of the given pollutant arrays."""
    present = [np.atleast_1d(a) for a in values.values() if a is not None]
    if not present:
        raise ValueError("no pollutant given")
    return np.broadcast_arrays(*present)[0].astype(np.float64)
