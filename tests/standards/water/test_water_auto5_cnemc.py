"""The national automatic stations' published classes, reproduced with the auto5 profile.

Data: ../shared/data/water/cnemc_surface_water_auto.csv (8,562 records, published class next to the
displayed and raw values). Expected mismatches: none — every published class is reproduced from
the displayed values. Raw values rounded half-to-even to the evaluation decimals reproduce every
2025 record (displayed at those decimals); the 343 records of the 2026 pages display the hourly
decimals, and raw values rounded to those (profile ``auto5-hourly``) reproduce all of them.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from envplan.standards.water.classes import class_labels_from_codes
from envplan.standards.water.evaluation_2011 import water_class_from_sample
from envplan.standards.water.profiles import AUTO5, AUTO5_HOURLY
from envplan.standards.water.statistics_2020 import round_for_evaluation
from support import shared_path

KNOWN_MISMATCHES: dict[int, str] = {}  # row number → explanation (none found)


@pytest.fixture(scope="module")
def records() -> pl.DataFrame:
    return pl.read_csv(shared_path("data", "water", "cnemc_surface_water_auto.csv"), infer_schema_length=0)


def numbers(frame: pl.DataFrame, column: str) -> np.ndarray:
    text = frame[column].fill_null("").replace({"*": "", "--": ""})
    return text.cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy()


def published_vs_computed(
    frame: pl.DataFrame, suffix: str, round_values: bool
) -> tuple[np.ndarray, np.ndarray]:
    columns = {key: numbers(frame, key + suffix) for key in AUTO5.items}
    lake = (frame["waterbody"] == "lake").to_numpy()
    result = water_class_from_sample(columns, AUTO5, lake, round_values=round_values)
    return frame["class_published"].to_numpy(), np.array(class_labels_from_codes(result.classes))


def test_every_published_class_is_reproduced(records: pl.DataFrame) -> None:
    assert records.height == 8562
    published, computed = published_vs_computed(records, "", round_values=False)
    mismatches = {int(i): f"{published[i]} vs {computed[i]}" for i in np.nonzero(published != computed)[0]}
    assert mismatches.keys() == KNOWN_MISMATCHES.keys(), mismatches


def test_raw_values_rounded_reproduce_2025_pages(records: pl.DataFrame) -> None:
    pages_2025 = records.filter(pl.col("snapshot").str.starts_with("2025"))
    published, computed = published_vs_computed(pages_2025, "_raw", round_values=True)
    assert pages_2025.height == 8219
    assert (published == computed).all()


def test_raw_values_rounded_to_hourly_decimals_reproduce_2026_pages(records: pl.DataFrame) -> None:
    pages_2026 = records.filter(pl.col("snapshot").str.starts_with("2026"))
    assert pages_2026.height == 343
    columns = {key: numbers(pages_2026, key + "_raw") for key in AUTO5_HOURLY.items}
    for key, raw in columns.items():
        shown = numbers(pages_2026, key)
        both = ~np.isnan(raw) & ~np.isnan(shown)
        assert np.array_equal(round_for_evaluation(raw[both], AUTO5_HOURLY.decimals[key]), shown[both]), key
    lake = (pages_2026["waterbody"] == "lake").to_numpy()
    result = water_class_from_sample(columns, AUTO5_HOURLY, lake, round_values=True)
    assert class_labels_from_codes(result.classes) == pages_2026["class_published"].to_list()


def test_rounded_raw_values_equal_the_displayed_2025_values(records: pl.DataFrame) -> None:
    pages_2025 = records.filter(pl.col("snapshot").str.starts_with("2025"))
    for key in AUTO5.items:
        raw, shown = numbers(pages_2025, key + "_raw"), numbers(pages_2025, key)
        both = ~np.isnan(raw) & ~np.isnan(shown)
        rounded = round_for_evaluation(raw[both], AUTO5.decimals[key])
        assert np.array_equal(rounded, shown[both]), key


def test_tn_does_not_enter_the_class(records: pl.DataFrame) -> None:
    high_tn = records.filter(pl.col("tn").cast(pl.Float64, strict=False) > 2.0)
    assert high_tn.height > 1000
    assert (high_tn["class_published"] != "劣Ⅴ").sum() > 0.9 * high_tn.height


@pytest.mark.parametrize(
    ("values", "lake", "label", "deciding"),
    [
        ({"ph": 8, "do": 9.9, "codmn": 2.0, "nh3n": 0.02, "tp": 0.005}, False, "Ⅰ", [True] * 5),
        (
            {"ph": 8, "do": 8.9, "codmn": 2.5, "nh3n": 0.02, "tp": 0.100},
            False,
            "Ⅱ",
            [False, False, True, False, True],
        ),
        (
            {"ph": 8, "do": 5.0, "codmn": 6.0, "nh3n": 0.53, "tp": 0.118},
            False,
            "Ⅲ",
            [False, True, True, True, True],
        ),
        (
            {"ph": 9, "do": 11.9, "codmn": 8.1, "nh3n": 0.05, "tp": 0.090},
            False,
            "Ⅳ",
            [False, False, True, False, False],
        ),
        (
            {"ph": 8, "do": 9.4, "codmn": 1.7, "nh3n": 0.02, "tp": 0.035},
            True,
            "Ⅲ",
            [False, False, False, False, True],
        ),
        (
            {"ph": 7, "do": 1.4, "codmn": 5.6, "nh3n": 0.14, "tp": 0.137},
            False,
            "劣Ⅴ",
            [False, True, False, False, False],
        ),
        (
            {"ph": 7.53, "do": 9.03, "codmn": np.nan, "nh3n": np.nan, "tp": np.nan},
            False,
            "Ⅰ",
            [1, 1, 0, 0, 0],
        ),
    ],
)
def test_digest_published_vectors(
    values: dict[str, float], lake: bool, label: str, deciding: list[bool]
) -> None:
    columns = {key: np.array([value], dtype=float) for key, value in values.items()}
    result = water_class_from_sample(columns, AUTO5, lake, round_values=False)
    assert class_labels_from_codes(result.classes) == [label]
    assert result.deciding[0].tolist() == [bool(d) for d in deciding]


def test_raw_value_rounding_decides_the_class() -> None:
    # 宣惠河 大口河口: raw CODMn 6.012 → 6.0 (Ⅲ), DO 5.01 → 5.0; unrounded CODMn would be Ⅳ
    columns = {"ph": np.array([8.1]), "do": np.array([5.01]), "codmn": np.array([6.012])}
    rounded = water_class_from_sample(columns, AUTO5, round_values=True)
    unrounded = water_class_from_sample(columns, AUTO5, round_values=False)
    assert rounded.classes.tolist() == [3]
    assert unrounded.classes.tolist() == [4]
    # half to even: NH3-N 0.025 → 0.02 (Ⅰ), not 0.03
    assert water_class_from_sample({"nh3n": np.array([0.155])}, AUTO5).classes.tolist() == [2]
    assert water_class_from_sample({"nh3n": np.array([0.145])}, AUTO5).classes.tolist() == [1]


def test_no_item_means_no_class() -> None:
    result = water_class_from_sample({"ph": np.array([np.nan])}, AUTO5)
    assert result.classes.tolist() == [0]
    assert result.class_items() == [""]
