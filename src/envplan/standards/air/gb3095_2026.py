"""GB 3095-2026 环境空气质量标准 [gb3095-2026].

Issuer: 生态环境部 / 国家市场监督管理总局, published 2026-02-13, in force 2026-03-01 (replaces
GB 3095-2012 and its 2018 amendment). The official PDF is image-only; Table 1 was checked against
its page image (page 3).

Implemented: Table 1 transition-phase limits (2026-03-01…2030-12-31, 4.4) and final limits (from
2031-01-01), Table 2 other items with the NOx transition notes a/b, and through :mod:`_attainment`
annual attainment, exceedance multiples and daily attainment rates (HJ 663 method; HJ 663-2026 not
available, see :mod:`editions`).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from envplan.standards.air import _attainment

EDITION = "GB 3095-2026"
FINAL_FROM = date(2031, 1, 1)  # GB 3095-2026, 4.4

# GB 3095-2026, Table 1: (transition Class I, transition Class II, final Class I, final Class II)
LIMITS: dict[tuple[str, str], tuple[float, float, float, float]] = {
    ("so2", "annual"): (20, 60, 20, 20),
    ("so2", "24h"): (50, 150, 50, 50),
    ("so2", "1h"): (150, 500, 150, 150),
    ("no2", "annual"): (40, 40, 30, 30),
    ("no2", "24h"): (80, 80, 50, 50),
    ("no2", "1h"): (200, 200, 200, 200),
    ("co", "24h"): (4, 4, 4, 4),  # mg/m³
    ("co", "1h"): (10, 10, 10, 10),  # mg/m³
    ("o3", "8h"): (100, 160, 100, 160),  # daily maximum 8-h mean
    ("o3", "1h"): (160, 200, 160, 200),
    ("pm10", "annual"): (40, 60, 20, 50),
    ("pm10", "24h"): (50, 120, 50, 100),
    ("pm25", "annual"): (15, 30, 10, 25),
    ("pm25", "24h"): (35, 60, 25, 50),
}

# GB 3095-2026, Table 2 (µg/m³); NOx annual / daily carry notes a / b (transition 50 / 100)
OTHER_LIMITS: dict[tuple[str, str], tuple[float, float, float, float]] = {
    ("tsp", "annual"): (80, 200, 80, 200),
    ("tsp", "24h"): (120, 300, 120, 300),
    ("nox", "annual"): (50, 50, 40, 40),
    ("nox", "24h"): (100, 100, 70, 70),
    ("nox", "1h"): (250, 250, 250, 250),
    ("pb", "annual"): (0.5, 0.5, 0.5, 0.5),
    ("pb", "quarterly"): (1.0, 1.0, 1.0, 1.0),
    ("bap", "annual"): (0.001, 0.001, 0.001, 0.001),
    ("bap", "24h"): (0.0025, 0.0025, 0.0025, 0.0025),
}


def phase_on(day: date) -> str:
    """``"transition"`` up to 2030-12-31, ``"final"`` from 2031-01-01 (4.4)."""
    return "final" if day >= FINAL_FROM else "transition"


def limit(pollutant: str, averaging: str, area_class: int = 2, on: date | None = None) -> float:
    """Limit [µg/m³; CO mg/m³] for area class 1 or 2 in force on ``on`` (default: transition phase)."""
    row = LIMITS.get((pollutant, averaging)) or OTHER_LIMITS[(pollutant, averaging)]
    offset = 2 if on is not None and phase_on(on) == "final" else 0
    return float(row[offset + area_class - 1])


def annual_attainment(statistics: pl.DataFrame, area_class: int = 2, on: date | None = None) -> pl.DataFrame:
    """Annual attainment per pollutant and overall under the limits in force on ``on``."""
    return _attainment.annual_attainment(statistics, lambda p, a: limit(p, a, area_class, on), EDITION)


def daily_attainment(daily: pl.DataFrame, area_class: int = 2, on: date | None = None) -> pl.DataFrame:
    """Per-day attainment flags of each pollutant and of all items against the daily / 8-h limits."""
    return _attainment.daily_attainment(daily, lambda p, a: limit(p, a, area_class, on))
