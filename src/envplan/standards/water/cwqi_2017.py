"""城市地表水环境质量排名技术规定（试行）, 环办监测〔2017〕51号 [CWQI2017]: CWQI and city rankings.

Implemented
- Per-item index CWQI(i) = C(i) / C_Ⅲ(i) against GB 3838-2002 Class Ⅲ (TP 0.2 river, 0.05 lake);
  DO: C_Ⅲ / C = 5 / DO; pH ≤ 7: (7.0 − pH) / (7.0 − 6); pH > 7: (pH − 7.0) / (9 − 7.0).
  Section CWQI = Σ CWQI(i) over the 21 items present (missing items left out).
- City CWQI: each item's concentration averaged over the period and then over the city's river
  sections (lake/reservoir points) before indexing; CWQI_城市 = (CWQI_河流·M + CWQI_湖库·N)/(M + N),
  M river sections, N lake points.
- Ranking: ascending (smaller is better); equal values share the best rank ("以并列计").
- Change rate ΔCWQI = (CWQI_现状 − CWQI_基准) / CWQI_基准 × 100 [%]; change ranking ascending (most
  negative = most improved); cities whose sections are all Ⅱ or better in both periods and which
  meet their target are left out of the change ranking.

Settings (docs/water.md; the official text was not available, [WATER-DIGEST] §3 marks these
unverified): the M/N weighting and ΔCWQI formula above; pH of a mean through hydrogen ions
[STAT2020]; ranks are taken on CWQI and ΔCWQI rounded half-even to 4 and 2 decimals; the upstream
inflow deduction is NOT implemented (its method is not known).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.ranking import competition_rank_int
from envplan.standards.rounding import round_half_even
from envplan.standards.water import gb3838_2002
from envplan.standards.water.profiles import METHOD21_ITEMS
from envplan.standards.water.statistics_2020 import mean_expressions

FloatArray = npt.NDArray[np.float64]
CWQI_ITEMS = METHOD21_ITEMS
PH_LOWER, PH_NEUTRAL, PH_UPPER = 6.0, 7.0, 9.0
RANK_DECIMALS = 4
CHANGE_DECIMALS = 2


def cwqi_item_index(key: str, values: npt.ArrayLike, lake: bool | npt.ArrayLike = False) -> FloatArray:
    """CWQI(i) of one item; NaN where the value is missing. Only the 21 evaluated items are valid."""
    if key not in CWQI_ITEMS:
        raise ValueError(f"{key!r} is not a CWQI item (the 21 items of GB 3838-2002 Table 1)")
    x = np.asarray(values, dtype=np.float64)
    if key == "ph":
        return np.where(
            x <= PH_NEUTRAL,
            (PH_NEUTRAL - x) / (PH_NEUTRAL - PH_LOWER),
            (x - PH_NEUTRAL) / (PH_UPPER - PH_NEUTRAL),
        )
    limit = gb3838_2002.class_limit(key, 3, np.broadcast_to(np.asarray(lake, dtype=bool), x.shape))
    if key == "do":
        return limit / x
    return x / limit


def cwqi_from_concentrations(
    columns: Mapping[str, npt.ArrayLike], lake: bool | npt.ArrayLike = False
) -> FloatArray:
    """Σ CWQI(i) of each row over the items present; NaN where no item is present."""
    parts = [cwqi_item_index(key, values, lake) for key, values in columns.items() if key in CWQI_ITEMS]
    if not parts:
        raise ValueError("no CWQI item among the columns")
    stacked = np.vstack(parts)
    total = np.nansum(stacked, axis=0)
    return np.where(np.isnan(stacked).all(axis=0), np.nan, total)


def city_cwqi(sections: pl.DataFrame, city: str = "city", lake: str = "lake") -> pl.DataFrame:
    """CWQI per city from its sections' period-mean concentrations (one row per section).

    ``sections`` has the ``city`` column, a boolean ``lake`` column and item columns. Returns city,
    sections_river (M), sections_lake (N), cwqi_river, cwqi_lake, cwqi.
    """
    items = [k for k in CWQI_ITEMS if k in sections.columns]
    means = (
        sections.group_by([city, lake])
        .agg([*mean_expressions(items), pl.len().alias("n")])
        .sort([city, lake])
    )
    index = cwqi_from_concentrations(
        {k: means[k].fill_null(np.nan).to_numpy() for k in items}, means[lake].to_numpy()
    )
    parts = means.select(city, lake, "n").with_columns(pl.Series("part", index))
    river = parts.filter(~pl.col(lake)).select(
        city, pl.col("n").alias("sections_river"), pl.col("part").alias("cwqi_river")
    )
    lakes = parts.filter(pl.col(lake)).select(
        city, pl.col("n").alias("sections_lake"), pl.col("part").alias("cwqi_lake")
    )
    merged = river.join(lakes, on=city, how="full", coalesce=True).with_columns(
        pl.col("sections_river").fill_null(0), pl.col("sections_lake").fill_null(0)
    )
    weighted = pl.col("cwqi_river").fill_null(0) * pl.col("sections_river") + pl.col("cwqi_lake").fill_null(
        0
    ) * pl.col("sections_lake")
    return merged.with_columns(
        (weighted / (pl.col("sections_river") + pl.col("sections_lake"))).alias("cwqi")
    ).sort(city)


def rank_ascending(values: npt.ArrayLike, decimals: int = RANK_DECIMALS) -> npt.NDArray[np.int64]:
    """Rank 1 = smallest; equal values (after rounding to ``decimals``) share the best rank; NaN → 0."""
    return competition_rank_int(round_half_even(np.asarray(values, dtype=np.float64), decimals))


def cwqi_change_rate(current: npt.ArrayLike, base: npt.ArrayLike) -> FloatArray:
    """ΔCWQI = (current − base) / base × 100 [%]; negative is an improvement."""
    now, before = np.asarray(current, dtype=np.float64), np.asarray(base, dtype=np.float64)
    return (now - before) / before * 100.0


def change_ranking_eligible(
    worst_class_now: npt.ArrayLike, worst_class_base: npt.ArrayLike, meets_target: npt.ArrayLike
) -> npt.NDArray[np.bool_]:
    """False for cities left out of the change ranking: every section Ⅱ or better in both periods
    (the city's worst section class ≤ Ⅱ now and in the base period) and the assessment target met."""
    now, base = np.asarray(worst_class_now), np.asarray(worst_class_base)
    return ~((now <= 2) & (base <= 2) & np.asarray(meets_target, dtype=bool))


def change_rank(change: npt.ArrayLike, eligible: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Ascending rank of ΔCWQI (2 decimals) among eligible cities; 0 for the others."""
    x = np.where(np.asarray(eligible, dtype=bool), np.asarray(change, dtype=np.float64), np.nan)
    return rank_ascending(x, CHANGE_DECIMALS)


__all__ = [
    "CWQI_ITEMS",
    "change_rank",
    "change_ranking_eligible",
    "city_cwqi",
    "cwqi_change_rate",
    "cwqi_from_concentrations",
    "cwqi_item_index",
    "rank_ascending",
]
