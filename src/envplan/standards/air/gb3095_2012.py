"""GB 3095-2012 环境空气质量标准 [gb3095-2012].

Issuer: 环境保护部 / 国家质量监督检验检疫总局, published 2012-02-29, in force nationwide 2016-01-01
(amended 2018: gaseous pollutants at the reference state); replaced by GB 3095-2026 on 2026-03-01.

Implemented: Table 1 basic-item limits (Class I / Class II), Table 2 other items, Table 4 validity
figures (used by :mod:`hj663_2013`), and through :mod:`_attainment` the annual attainment per
pollutant and overall, exceedance multiples and daily attainment rates of HJ 663-2013 5.1 / A.4 / A.5.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from envplan.standards.air import _attainment

EDITION = "GB 3095-2012"

LIMITS: dict[tuple[str, str], tuple[float, float]] = {  # GB 3095-2012, Table 1 (Class I, Class II)
    ("so2", "annual"): (20, 60),
    ("so2", "24h"): (50, 150),
    ("so2", "1h"): (150, 500),
    ("no2", "annual"): (40, 40),
    ("no2", "24h"): (80, 80),
    ("no2", "1h"): (200, 200),
    ("co", "24h"): (4, 4),  # mg/m³
    ("co", "1h"): (10, 10),  # mg/m³
    ("o3", "8h"): (100, 160),  # daily maximum 8-h mean
    ("o3", "1h"): (160, 200),
    ("pm10", "annual"): (40, 70),
    ("pm10", "24h"): (50, 150),
    ("pm25", "annual"): (15, 35),
    ("pm25", "24h"): (35, 75),
}

OTHER_LIMITS: dict[tuple[str, str], tuple[float, float]] = {  # GB 3095-2012, Table 2 (µg/m³)
    ("tsp", "annual"): (80, 200),
    ("tsp", "24h"): (120, 300),
    ("nox", "annual"): (50, 50),
    ("nox", "24h"): (100, 100),
    ("nox", "1h"): (250, 250),
    ("pb", "annual"): (0.5, 0.5),
    ("pb", "quarterly"): (1, 1),
    ("bap", "annual"): (0.001, 0.001),
    ("bap", "24h"): (0.0025, 0.0025),
}


def limit(pollutant: str, averaging: str, area_class: int = 2, on: date | None = None) -> float:
    """Concentration limit [µg/m³; CO mg/m³] of Table 1 or 2 for area class 1 or 2 (``on`` is ignored)."""
    pair = LIMITS.get((pollutant, averaging)) or OTHER_LIMITS[(pollutant, averaging)]
    return float(pair[area_class - 1])


def annual_attainment(statistics: pl.DataFrame, area_class: int = 2) -> pl.DataFrame:
    """Annual attainment per pollutant and overall (HJ 663-2013 5.1.1.2, 5.1.2.2) under these limits.

    ``statistics`` holds the rounded annual statistics (see :func:`hj663_2013.period_statistics`).
    """
    return _attainment.annual_attainment(statistics, lambda p, a: limit(p, a, area_class), EDITION)


def daily_attainment(daily: pl.DataFrame, area_class: int = 2) -> pl.DataFrame:
    """Per-day attainment flags of each pollutant and of all items against the 24-h / 8-h limits."""
    return _attainment.daily_attainment(daily, lambda p, a: limit(p, a, area_class))
