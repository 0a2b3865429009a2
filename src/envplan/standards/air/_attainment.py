"""Attainment against a GB 3095 edition's limits, by the HJ 663-2013 method [hj663-2013].

- 5.1.1.2: a pollutant attains for the year when its annual mean (SO2, NO2, PM10, PM2.5) and its
  specific percentile both meet the limits (percentile against the 24-h limit; O3 MDA8 p90 against
  the 8-h limit); a value equal to the limit attains.
- 6.2: all basic items take part; a missing or invalid item makes the overall result non-attainment
  and is named in ``missing_items``.
- A.4: exceedance multiple B = (C − S)/S, 2 decimals (Table 3), listed largest first (5.1.2.2).
- A.5: attainment rate D = A/B × 100 [%], 1 decimal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import polars as pl

from envplan.standards.rounding import round_half_even

LimitOf = Callable[[str, str], float]

#: (statistic column, pollutant, averaging time of the limit) for the annual evaluation (HJ 663 Table 1)
ANNUAL_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("so2_mean", "so2", "annual"),
    ("so2_p98", "so2", "24h"),
    ("no2_mean", "no2", "annual"),
    ("no2_p98", "no2", "24h"),
    ("pm10_mean", "pm10", "annual"),
    ("pm10_p95", "pm10", "24h"),
    ("pm25_mean", "pm25", "annual"),
    ("pm25_p95", "pm25", "24h"),
    ("co_p95", "co", "24h"),
    ("o3_8h_p90", "o3", "8h"),
)
POLLUTANTS: tuple[str, ...] = ("so2", "no2", "pm10", "pm25", "co", "o3")

#: (daily column, pollutant, averaging time of the limit) for daily evaluation (HJ 663 Table 1)
DAILY_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("so2_24h", "so2", "24h"),
    ("no2_24h", "no2", "24h"),
    ("pm10_24h", "pm10", "24h"),
    ("pm25_24h", "pm25", "24h"),
    ("co_24h", "co", "24h"),
    ("o3_8h_max", "o3", "8h"),
)


def exceedance_multiple(concentration: pl.Series, limit: float) -> pl.Series:
    """A.4 exceedance multiple (C − S)/S rounded to 2 dp half-even; null where C ≤ S or C is missing."""
    c = concentration.cast(pl.Float64).to_numpy()
    with np.errstate(invalid="ignore"):
        multiple = round_half_even((c - limit) / limit, 2)
        multiple = np.where(c > limit, multiple, np.nan)
    return pl.Series(concentration.name, multiple).fill_nan(None)


def annual_attainment(statistics: pl.DataFrame, limit_of: LimitOf, edition: str) -> pl.DataFrame:
    """Per-pollutant and overall attainment, exceedance multiples and the exceeding items."""
    out = statistics.clone()
    for column, pollutant, averaging in ANNUAL_ITEMS:
        out = out.with_columns(
            exceedance_multiple(out[column], limit_of(pollutant, averaging)).alias(f"{column}_multiple")
        )
    per_pollutant = []
    for pollutant in POLLUTANTS:
        columns = [(c, a) for c, p, a in ANNUAL_ITEMS if p == pollutant]
        checks = [pl.col(c) <= limit_of(pollutant, a) for c, a in columns]
        per_pollutant.append(pl.all_horizontal(checks).alias(f"{pollutant}_attained"))
    out = out.with_columns(per_pollutant)
    flags = [pl.col(f"{p}_attained") for p in POLLUTANTS]
    missing = pl.concat_str(
        [pl.when(f.is_null()).then(pl.lit(p)) for f, p in zip(flags, POLLUTANTS, strict=False)],
        separator=",",
        ignore_nulls=True,
    )
    return out.with_columns(
        pl.all_horizontal([f.fill_null(False) for f in flags]).alias("attained"),
        missing.alias("missing_items"),
        _exceeding_list(out, [c for c, _, _ in ANNUAL_ITEMS]).alias("exceeding_items"),
        pl.lit(edition).alias("limits"),
    )


def _exceeding_list(frame: pl.DataFrame, columns: Sequence[str]) -> pl.Series:
    """'item multiple' pairs over the limit, largest multiple first (HJ 663-2013 5.1.2.2)."""
    multiples = np.column_stack(
        [frame[f"{c}_multiple"].cast(pl.Float64).fill_null(np.nan).to_numpy() for c in columns]
    )
    order = np.argsort(-np.nan_to_num(multiples, nan=-np.inf), axis=1, kind="stable")
    names = np.array(columns, dtype=object)
    rows = []
    for row, idx in zip(multiples, order, strict=False):  # only formats the already-computed result
        rows.append(",".join(f"{names[i]}:{row[i]:.2f}" for i in idx if not np.isnan(row[i])))
    return pl.Series("exceeding_items", rows, dtype=pl.String)


def daily_attainment(daily: pl.DataFrame, limit_of: LimitOf) -> pl.DataFrame:
    """Flags ``<item>_attained`` per day and ``all_attained`` (null when an item is missing)."""
    flags = [
        (pl.col(c) <= limit_of(p, a)).alias(f"{c}_attained") for c, p, a in DAILY_ITEMS if c in daily.columns
    ]
    out = daily.with_columns(flags)
    names = [f"{c}_attained" for c, _, _ in DAILY_ITEMS if c in daily.columns]
    complete = pl.all_horizontal([pl.col(n).is_not_null() for n in names])
    return out.with_columns(pl.when(complete).then(pl.all_horizontal(names)).alias("all_attained"))


def attainment_rates(flags: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """A.5 rates [%] (1 dp, half-even) of each ``*_attained`` column per group; valid days counted."""
    names = [c for c in flags.columns if c.endswith("_attained")]
    counts = flags.group_by(list(by), maintain_order=True).agg(
        [pl.col(n).sum().alias(f"{n}_days") for n in names]
        + [pl.col(n).count().alias(f"{n}_valid") for n in names]
    )
    for n in names:
        ratio = (
            counts[f"{n}_days"].cast(pl.Float64) * 100 / counts[f"{n}_valid"].cast(pl.Float64)
        ).to_numpy()
        counts = counts.with_columns(pl.Series(f"{n}_rate", round_half_even(ratio, 1)).fill_nan(None))
    return counts
