"""Machinery shared by the HJ 633 editions: the one interpolation helper, labels, categories.

Each edition module (:mod:`hj633_2012`, :mod:`hj633_2026`) holds its own tables and rules and
calls these helpers; nothing here knows a breakpoint value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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


def round_inputs(values: Mapping[str, npt.ArrayLike | None]) -> dict[str, FloatArray | None]:
    """Round each pollutant's concentrations per GB/T 8170 to the decimals of :data:`DECIMALS`."""
    out: dict[str, FloatArray | None] = {}
    for name, array in values.items():
        pollutant = name.split("_")[0]
        out[name] = (
            None
            if array is None
            else round_half_even(np.atleast_1d(np.asarray(array, float)), DECIMALS[pollutant])
        )
    return out


def max_ignoring_missing(iaqi: Mapping[str, FloatArray]) -> FloatArray:
    """Row-wise maximum of the sub-indices, NaN where all are missing."""
    stacked = np.vstack([np.atleast_1d(v) for v in iaqi.values()])
    return np.fmax.reduce(stacked, axis=0)


def labels_of_max(iaqi: Mapping[str, FloatArray], aqi: FloatArray, threshold: float = 50.0) -> ObjectArray:
    """Primary pollutants: all labels whose IAQI equals the AQI, where AQI > ``threshold``; '' otherwise."""
    names = [n for n in LABELS if n in iaqi]
    ties = [(np.atleast_1d(iaqi[n]) == aqi) & (aqi > threshold) for n in names]
    return _join_labels(names, ties, aqi.shape)


def labels_above(iaqi: Mapping[str, FloatArray], threshold: float) -> ObjectArray:
    """Labels of all pollutants whose IAQI exceeds ``threshold`` (HJ 633-2012 3.4: > 100)."""
    names = [n for n in LABELS if n in iaqi]
    shape = np.atleast_1d(next(iter(iaqi.values()))).shape
    return _join_labels(names, [np.atleast_1d(iaqi[n]) > threshold for n in names], shape)


def _join_labels(names: list[str], flags: list[npt.NDArray[np.bool_]], shape: tuple[int, ...]) -> ObjectArray:
    """Join the labels of the set flags with ',' using one lookup over the bit patterns."""
    code = np.zeros(shape, dtype=np.int64)
    for bit, flag in enumerate(flags):
        code |= flag.astype(np.int64) << bit
    lookup = np.array(
        [
            ",".join(LABELS[n] for b, n in enumerate(names) if pattern >> b & 1)
            for pattern in range(1 << len(names))
        ],
        dtype=object,
    )
    return lookup[code]


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
    return np.broadcast_to(np.asarray(values, dtype=np.float64), like.shape).astype(np.float64)


def shape_of(values: Mapping[str, FloatArray | None]) -> FloatArray:
    """A float array of the broadcast shape of the given pollutant arrays."""
    present = [np.atleast_1d(a) for a in values.values() if a is not None]
    if not present:
        raise ValueError("no pollutant given")
    return np.broadcast_arrays(*present)[0].astype(np.float64)
