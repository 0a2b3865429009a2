"""Hourly AQI of a wide air table, edition chosen by date or fixed [hj633-2012, hj633-2026]."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.air import editions, hj633_2012, hj633_2026
from envplan.standards.air._aqi_common import LABEL_LOOKUP, AqiResult
from envplan.standards.air._codes import AqiCodes

Edition = Literal["2012", "2026", "auto"]
POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm25")


def _column(frame: pl.DataFrame, name: str) -> npt.NDArray[np.float64] | None:
    if name not in frame.columns:
        return None
    return frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy()


def hourly_aqi_table(frame: pl.DataFrame, edition: Edition = "auto") -> pl.DataFrame:
    """``frame`` with ``aqi``, ``primary_pollutant``, ``level``, ``category`` and ``aqi_standard`` added."""
    values = {p: _column(frame, p) for p in POLLUTANTS}
    days = editions.observation_dates(frame["timepoint"].to_numpy())
    new = editions.is_2026_edition(days) if edition == "auto" else np.full(frame.height, edition == "2026")
    so2, no2, co, o3, pm10, pm25 = (values[p] for p in POLLUTANTS)
    so2_24h = _column(frame, "so2_24h")
    old = (
        _as_result(hj633_2012.hourly_aqi_codes(so2, no2, co, o3, pm10, pm25, so2_24h))
        if (~new).any()
        else None
    )
    fresh = hj633_2026.hourly_aqi(so2, no2, co, o3, pm10, pm25) if new.any() else None
    aqi = _pick(new, fresh, old, "aqi")
    primary = np.where(new, _labels(fresh, frame.height), _labels(old, frame.height))
    level = np.where(new, hj633_2026.category_of(aqi, "level"), hj633_2012.category_of(aqi, "level"))
    category = np.where(new, hj633_2026.category_of(aqi, "category"), hj633_2012.category_of(aqi, "category"))
    return frame.with_columns(
        pl.Series("aqi", aqi).fill_nan(None).cast(pl.Int64),
        pl.Series("primary_pollutant", primary.astype(str), dtype=pl.String),
        pl.Series("level", level, dtype=pl.String),
        pl.Series("category", category, dtype=pl.String),
        pl.Series("aqi_standard", np.where(new, hj633_2026.EDITION, hj633_2012.EDITION).astype(str)),
    )


def _as_result(codes: AqiCodes) -> AqiResult:
    """The integer-code result (same figures as :func:`hj633_2012.hourly_aqi`) in the shape used here."""
    aqi = codes.aqi_float()
    labels = LABEL_LOOKUP[codes.primary_code]
    return AqiResult(
        {}, aqi, aqi, labels, codes.primary_code.astype(np.int64), method_note=hj633_2012.EDITION
    )


def _pick(new: np.ndarray, fresh: AqiResult | None, old: AqiResult | None, name: str) -> np.ndarray:
    missing = np.full(new.shape, np.nan)
    a = getattr(fresh, name) if fresh is not None else missing
    b = getattr(old, name) if old is not None else missing
    return np.where(new, a, b)


def _labels(result: AqiResult | None, height: int) -> np.ndarray:
    if result is None:
        return np.full(height, "", dtype=object)
    return result.primary_pollutant
