"""City rankings of 环办监测〔2017〕51号 from evaluated sections: CWQI rank and change-rate rank.

Sections come from :func:`envplan.monitoring.water_evaluation.evaluate_sections` (rounded period
means, ``class_code``, ``lake``, ``city`` and, with targets, ``attained``). A city is left out of
the change ranking when its worst section is Ⅱ or better in both periods and it meets its target;
"meets its target" is read as every section with a target attained in the current period (no
targets given: not known, the city stays in the ranking).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from envplan.standards.rounding import round_half_even
from envplan.standards.water.cwqi_2017 import (
    CHANGE_DECIMALS,
    change_rank,
    change_ranking_eligible,
    city_cwqi,
    cwqi_change_rate,
    rank_ascending,
)


def city_cwqi_table(sections: pl.DataFrame) -> pl.DataFrame:
    """city, sections_river, sections_lake, cwqi, cwqi_rank, worst_class_code, meets_target."""
    frame = sections.with_columns(pl.col("city").cast(pl.String))
    cwqi = city_cwqi(frame)
    attained = pl.col("attained").drop_nulls().all() if "attained" in frame.columns else pl.lit(False)
    extra = frame.group_by("city").agg(
        pl.col("class_code").filter(pl.col("class_code") > 0).max().fill_null(0).alias("worst_class_code"),
        attained.alias("meets_target"),
    )
    table = cwqi.join(extra, on="city", how="left").sort("city")
    return table.with_columns(pl.Series("cwqi_rank", rank_ascending(table["cwqi"].to_numpy())))


def city_rankings(current: pl.DataFrame, base: pl.DataFrame | None = None) -> pl.DataFrame:
    """CWQI and its rank per city; with a base period also ΔCWQI [%] and the change rank (0 = left out)."""
    now = city_cwqi_table(current)
    if base is None:
        return now
    before = city_cwqi_table(base).select(
        "city", pl.col("cwqi").alias("cwqi_base"), pl.col("worst_class_code").alias("worst_class_code_base")
    )
    merged = now.join(before, on="city", how="left")
    change = cwqi_change_rate(merged["cwqi"].to_numpy(), merged["cwqi_base"].fill_null(np.nan).to_numpy())
    eligible = change_ranking_eligible(
        merged["worst_class_code"].to_numpy(),
        merged["worst_class_code_base"].fill_null(6).to_numpy(),
        merged["meets_target"].fill_null(False).to_numpy(),
    ) & ~np.isnan(change)
    return merged.with_columns(
        pl.Series("cwqi_change", round_half_even(change, CHANGE_DECIMALS)).fill_nan(None),
        pl.Series("change_rank", change_rank(change, eligible)),
    )


__all__ = ["city_cwqi_table", "city_rankings"]
