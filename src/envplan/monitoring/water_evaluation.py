"""Surface-water evaluation service: period means per section, class, main pollutants, targets.

Input: one row per sample with ``section``, ``time`` and item columns (the layout of
:mod:`water_io`; CNEMC pages' ``MM-DD HH:MM`` times take the year of ``snapshot``). Optional
``waterbody``, ``city``, ``river``, ``basin``. Targets: ``section``, ``target`` (Ⅲ, III, Ⅲ类 …) and
optional ``level`` (国考/省考/市考).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl

from envplan.monitoring.water_io import (
    WaterInputError,
    item_columns,
    lake_mask_from_column,
    parse_measurements,
    read_text_table,
)
from envplan.monitoring.water_rankings import city_rankings
from envplan.standards.water import gb3838_2002
from envplan.standards.water.classes import class_code_from_label, class_labels_from_codes
from envplan.standards.water.evaluation_2011 import (
    attains_target,
    grade_from_class,
    main_pollutants,
    water_class_from_sample,
)
from envplan.standards.water.profiles import EVALUATION_DECIMALS, EvaluationProfile, profile_by_key
from envplan.standards.water.ratings_2011 import class_shares_by_group, river_status
from envplan.standards.water.statistics_2020 import (
    monthly_means,
    period_means,
    round_for_evaluation,
    round_items_for_evaluation,
)
from envplan.standards.water.trophic_2001 import trophic_level_index, trophic_state_from_index

PLACE_COLUMNS = ("city", "river", "basin")
# evaluated separately: TN at lakes (单独评价), and the trophic indicators chl-a [mg/L] and SD [m]
REFERENCE_ITEMS = ("tn", "chla", "sd")
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)


def parse_period(text: str) -> tuple[str, str]:
    """``2023-06`` (month), ``2023`` (year), ``2023-01..2023-06`` (range, e.g. year to date)."""
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01", f"{text}-12"
    match = re.fullmatch(r"(\d{4}-\d{2})(?:\.\.(\d{4}-\d{2}))?", text)
    if not match or not all(1 <= int(m[5:]) <= 12 for m in match.groups() if m):
        raise ValueError(f"period must be YYYY, YYYY-MM or YYYY-MM..YYYY-MM, got {text!r}")
    return match.group(1), match.group(2) or match.group(1)


def sample_times(frame: pl.DataFrame, file: str | Path) -> pl.Series:
    """The ``time`` column as datetimes; CNEMC ``MM-DD HH:MM`` gets the year of ``snapshot``."""
    if "time" not in frame.columns or "section" not in frame.columns:
        raise WaterInputError(file, 1, None, "columns 'section' and 'time' are required")
    text = frame["time"].str.strip_chars().fill_null("")
    if "snapshot" in frame.columns:
        short = text.str.contains(r"^\d{2}-\d{2} ")
        text = pl.select(
            pl.when(short).then(frame["snapshot"].str.slice(0, 4) + "-" + text).otherwise(text)
        ).to_series()
    parsed = pl.select(pl.coalesce([text.str.to_datetime(f, strict=False) for f in TIME_FORMATS])).to_series()
    bad = parsed.is_null().to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise WaterInputError(file, row + 2, "time", f"not a date or time: {text[row]!r}")
    return parsed.alias("time")


def evaluate_sections(
    path: str | Path,
    period: str,
    profile: str = "method21",
    targets: str | Path | None = None,
    waterbody: str = "river",
) -> pl.DataFrame:
    """One row per section: period means, class, grade, main pollutants and, with targets, attainment."""
    chosen = profile_by_key(profile)
    first, last = parse_period(period)
    frame = read_text_table(path)
    samples = _numeric_samples(frame, chosen, path, waterbody)
    keys = ["section", "lake", *[c for c in PLACE_COLUMNS if c in frame.columns]]
    items = [k for k in (*chosen.items, *REFERENCE_ITEMS) if k in samples.columns]
    means = period_means(monthly_means(samples, keys, items), keys, items, first, last)
    if means.height == 0:
        raise WaterInputError(path, None, "time", f"no sample in period {period}")
    result = _with_lake_indicators(_classified(means, chosen, [k for k in items if k in chosen.items]))
    if targets is not None:
        result = _with_targets(result, targets)
    return result


def _numeric_samples(
    frame: pl.DataFrame, profile: EvaluationProfile, path: str | Path, waterbody: str
) -> pl.DataFrame:
    columns = item_columns(frame, profile, path)
    if not columns:
        raise WaterInputError(path, 1, None, f"no item column of profile {profile.key}")
    for key in REFERENCE_ITEMS:
        if key in frame.columns:
            parsed = parse_measurements(frame, key, path)
            columns[key] = np.where(parsed.below_detection, parsed.values / 2.0, parsed.values)
    places = [c for c in PLACE_COLUMNS if c in frame.columns]
    return pl.DataFrame(
        {
            "section": frame["section"],
            **{c: frame[c].fill_null("") for c in places},
            "time": sample_times(frame, path),
            "lake": lake_mask_from_column(frame, path, waterbody == "lake"),
            **{k: pl.Series(k, v).fill_nan(None) for k, v in columns.items()},
        }
    )


def _classified(means: pl.DataFrame, profile: EvaluationProfile, items: list[str]) -> pl.DataFrame:
    lake = means["lake"].to_numpy()
    raw = {k: means[k].fill_null(np.nan).to_numpy() for k in items}
    rounded = round_items_for_evaluation(raw, profile.decimals)
    result = water_class_from_sample(rounded, profile, lake, round_values=False)
    grades = grade_from_class(result.classes)
    return means.with_columns(
        *[pl.Series(k, v) for k, v in rounded.items()],
        pl.Series("class_code", result.classes),
        pl.Series("class", class_labels_from_codes(result.classes)),
        pl.Series("class_items", result.class_items()),
        pl.Series("status", [g[0] for g in grades]),
        pl.Series("colour", [g[1] for g in grades]),
        pl.Series("main_pollutants", main_pollutants(rounded, result, lake)),
    )


def _with_lake_indicators(result: pl.DataFrame) -> pl.DataFrame:
    """TN class at lakes (reported separately, not in the class) and TLI where all five are present."""
    lake = result["lake"].to_numpy()
    if "tn" in result.columns:
        tn = round_for_evaluation(result["tn"].fill_null(np.nan).to_numpy(), EVALUATION_DECIMALS["tn"])
        tn_class = np.where(lake, gb3838_2002.item_class_from_concentration("tn", tn, True), 0)
        result = result.with_columns(pl.Series("tn_class", class_labels_from_codes(tn_class)))
    if all(k in result.columns for k in ("chla", "tp", "tn", "sd", "codmn")):
        get = {k: result[k].fill_null(np.nan).to_numpy() for k in ("chla", "tp", "tn", "sd", "codmn")}
        index = trophic_level_index(get["chla"] * 1000.0, get["tp"], get["tn"], get["sd"], get["codmn"])
        index = np.where(lake, index, np.nan)
        result = result.with_columns(
            pl.Series("tli", index).fill_nan(None),
            pl.Series("trophic_state", trophic_state_from_index(index)),
        )
    return result


def target_table(path: str | Path) -> pl.DataFrame:
    """Targets file → section, target_code (1 … 6), level; row errors name the file and line."""
    table = read_text_table(path)
    if "section" not in table.columns or "target" not in table.columns:
        raise WaterInputError(path, 1, None, "columns 'section' and 'target' are required")
    codes = []
    for row, label in enumerate(table["target"].fill_null("").to_list()):
        try:
            codes.append(class_code_from_label(label))
        except ValueError as error:
            raise WaterInputError(path, row + 2, "target", str(error)) from None
    level = table["level"].fill_null("") if "level" in table.columns else pl.Series([""] * table.height)
    return pl.DataFrame({"section": table["section"], "target_code": codes, "level": level})


def _with_targets(result: pl.DataFrame, path: str | Path) -> pl.DataFrame:
    joined = result.join(target_table(path), on="section", how="left")
    has_target = joined["target_code"].is_not_null().to_numpy()
    has_target &= joined["class_code"].to_numpy() != 0  # no data: attainment unknown
    attained = attains_target(joined["class_code"].to_numpy(), joined["target_code"].fill_null(6).to_numpy())
    return joined.with_columns(
        pl.Series("target", class_labels_from_codes(joined["target_code"].fill_null(0).to_numpy())),
        pl.Series("attained", attained, dtype=pl.Boolean).set(pl.Series(~has_target), None),
    )


def shares_by(
    sections: pl.DataFrame, group: str, profile: str = "method21", base: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Ⅰ–Ⅲ and 劣Ⅴ shares per ``group`` (city, level …); for ``river``/``basin`` the rating; for
    ``city`` also CWQI (环办监测〔2017〕51号), its rank and, with ``base`` sections, the change rank."""
    if group not in sections.columns:
        raise ValueError(f"cannot group by {group!r}: no such column")
    if group in ("river", "basin"):
        return river_status(sections, [group], profile_by_key(profile), lake_column="lake")
    shares = class_shares_by_group(sections, [group])
    if group != "city":
        return shares
    return shares.join(city_rankings(sections, base), on="city", how="left").sort("city")


__all__ = ["evaluate_sections", "parse_period", "sample_times", "shares_by", "target_table"]
