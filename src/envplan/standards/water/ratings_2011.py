"""环办〔2011〕22号 [HB2011-22]: class shares, river/basin ratings and change over time.

Implemented
- 断面水质类别比例: share of sections in Ⅰ–Ⅲ and in 劣Ⅴ (percent; shown to 1 decimal, half-even).
- 河流、流域（水系）水质评价: with 5 or more sections (5个（含5个）以上) the class-ratio method
  (优 Ⅰ–Ⅲ ≥ 90 %; 良好 75 % ≤ Ⅰ–Ⅲ < 90 %; below 75 %: 轻度 劣Ⅴ < 20 %, 中度 20 % ≤ 劣Ⅴ < 40 %,
  重度 劣Ⅴ ≥ 40 %); with fewer, each item's concentration is averaged over the sections and the
  mean is classified as a section.
- 主要污染指标 of a river/basin: with 5 or more sections, the items above Class Ⅲ ranked by
  断面超标率 (share of sections above Ⅲ for the item), the top three (ties at the third all named),
  shown with the rate, e.g. "氨氮(20.0%)"; with fewer, the section rule on the mean concentrations.
  None when the river is 优 or 良好 (as for a section).
- 水质变化趋势: by grade (same → 无明显变化, one grade → 有所好转/变差, two or more → 明显好转/变差)
  and by the combined ratio ΔG − ΔD (|·| ≤ 10 无明显变化, 10 < |·| ≤ 20 有所…, > 20 明显…).

Settings (docs/water.md): sections without a class (no data, 断流) are left out of the denominator;
thresholds are compared on exact counts, not on rounded shares.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from envplan.standards.rounding import round_half_even
from envplan.standards.water import gb3838_2002
from envplan.standards.water.classes import NO_CLASS, WORSE_THAN_V
from envplan.standards.water.evaluation_2011 import GRADES, main_pollutants, water_class_from_sample
from envplan.standards.water.profiles import EvaluationProfile
from envplan.standards.water.statistics_2020 import mean_expressions, round_items_for_evaluation

MIN_SECTIONS_FOR_RATIO = 5  # 5个（含5个）以上 → 断面水质类别比例法
STATUS_ORDER = ("优", "良好", "轻度污染", "中度污染", "重度污染")


def class_shares_by_group(
    frame: pl.DataFrame, group: list[str], class_column: str = "class_code"
) -> pl.DataFrame:
    """Per group: sections with a class, Ⅰ–Ⅲ and 劣Ⅴ counts, shares [%] exact and shown (1 decimal)."""
    counted = (
        frame.filter(pl.col(class_column) != NO_CLASS)
        .group_by(group)
        .agg(
            pl.len().alias("sections"),
            (pl.col(class_column) <= 3).sum().alias("sections_i_iii"),
            (pl.col(class_column) == WORSE_THAN_V).sum().alias("sections_worse_than_v"),
        )
        .sort(group)
    )
    share_i_iii = 100.0 * counted["sections_i_iii"].to_numpy() / counted["sections"].to_numpy()
    share_bad = 100.0 * counted["sections_worse_than_v"].to_numpy() / counted["sections"].to_numpy()
    return counted.with_columns(
        pl.Series("share_i_iii", round_half_even(share_i_iii, 1)),
        pl.Series("share_worse_than_v", round_half_even(share_bad, 1)),
    )


def status_from_class_ratios(
    sections: npt.ArrayLike, i_iii: npt.ArrayLike, worse_than_v: npt.ArrayLike
) -> list[str]:
    """优 … 重度污染 from section counts (断面水质类别比例法); "" where there is no section."""
    n = np.asarray(sections, dtype=np.int64)
    good = np.asarray(i_iii, dtype=np.int64) * 100
    bad = np.asarray(worse_than_v, dtype=np.int64) * 100
    choices = np.select(
        [n == 0, good >= 90 * n, good >= 75 * n, bad < 20 * n, bad < 40 * n],
        ["", "优", "良好", "轻度污染", "中度污染"],
        default="重度污染",
    )
    return [str(s) for s in choices]


def river_status(
    sections: pl.DataFrame, group: list[str], profile: EvaluationProfile, lake_column: str | None = None
) -> pl.DataFrame:
    """Status and main pollutants of each river/basin from its sections' period means and classes.

    ``sections`` has ``group`` columns, ``class_code`` and one column per item (period means).
    """
    shares = class_shares_by_group(sections, group)
    items = [k for k in profile.items if k in sections.columns]
    lake = pl.col(lake_column).any() if lake_column else pl.lit(False)
    means = sections.group_by(group).agg([*mean_expressions(items), lake.alias("_lake")])
    merged = shares.join(means, on=group, how="left").sort(group)
    raw = {k: merged[k].fill_null(np.nan).to_numpy() for k in items}
    columns = round_items_for_evaluation(raw, profile.decimals)
    mean_result = water_class_from_sample(columns, profile, merged["_lake"].to_numpy(), round_values=False)
    counts = (merged["sections"], merged["sections_i_iii"], merged["sections_worse_than_v"])
    by_ratio = merged["sections"].to_numpy() >= MIN_SECTIONS_FOR_RATIO
    by_mean = [GRADES[int(c)][0] for c in mean_result.classes]
    status = np.where(by_ratio, status_from_class_ratios(*counts), by_mean)
    pollutants = np.where(
        by_ratio,
        _pollutants_by_exceedance_rate(sections, merged.select(group), profile, lake_column),
        main_pollutants(columns, mean_result, merged["_lake"].to_numpy()),
    )
    return merged.drop("_lake").with_columns(
        pl.Series("method", np.where(by_ratio, "断面水质类别比例法", "断面平均浓度")),
        pl.Series("mean_class_code", np.where(by_ratio, NO_CLASS, mean_result.classes).astype(np.int8)),
        pl.Series("status", status),
        pl.Series("main_pollutants", np.where(np.isin(status, ["优", "良好"]), "", pollutants)),
    )


def _pollutants_by_exceedance_rate(
    sections: pl.DataFrame, groups: pl.DataFrame, profile: EvaluationProfile, lake_column: str | None
) -> list[str]:
    """Items exceeding Ⅲ ranked by 断面超标率 (share of sections above Ⅲ), top three with ties."""
    items = [k for k in profile.items if k in sections.columns]
    lake = sections[lake_column].to_numpy() if lake_column else False
    values = {k: sections[k].fill_null(np.nan).to_numpy() for k in items}
    result = water_class_from_sample(values, profile, lake, round_values=False)
    above = pl.DataFrame(result.item_classes > 3, schema=list(result.items), orient="row")
    keys = sections.select(groups.columns)
    rates = pl.concat([keys, above], how="horizontal").group_by(groups.columns).agg(pl.all().mean())
    ordered = groups.join(rates, on=groups.columns, how="left")
    return [_rate_label(row, result.items) for row in ordered.select(result.items).iter_rows()]


def _rate_label(rates: tuple[float, ...], items: tuple[str, ...]) -> str:
    ranked = sorted(((r, k) for r, k in zip(rates, items, strict=True) if r > 0), key=lambda p: -p[0])
    if len(ranked) > 3:
        ranked = [p for p in ranked if p[0] >= ranked[2][0]]
    shown = round_half_even(np.array([r for r, _ in ranked]) * 100.0, 1)
    return ",".join(f"{gb3838_2002.ITEMS[k].name}({v:.1f}%)" for (_, k), v in zip(ranked, shown, strict=True))


def change_from_grades(before: str, after: str) -> str:
    """无明显变化 / 有所好转 / 有所变差 / 明显好转 / 明显变差 from two statuses (优 … 重度污染)."""
    steps = STATUS_ORDER.index(before) - STATUS_ORDER.index(after)  # > 0: better
    size = "无明显" if steps == 0 else "有所" if abs(steps) == 1 else "明显"
    return _change_label(size, steps)


def change_from_class_ratios(delta_good: float, delta_bad: float) -> str:
    """Change from ΔG (Ⅰ–Ⅲ share) and ΔD (劣Ⅴ share) [percentage points] via ΔG − ΔD."""
    score = delta_good - delta_bad
    size = "无明显" if abs(score) <= 10 else "有所" if abs(score) <= 20 else "明显"
    return _change_label(size, score)


def _change_label(size: str, score: float) -> str:
    if size == "无明显":
        return "无明显变化"
    return size + ("好转" if score > 0 else "变差")


__all__ = [
    "MIN_SECTIONS_FOR_RATIO",
    "STATUS_ORDER",
    "change_from_class_ratios",
    "change_from_grades",
    "class_shares_by_group",
    "river_status",
    "status_from_class_ratios",
]
