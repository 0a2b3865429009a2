"""环办〔2011〕22号 river/basin ratings and shares; TLI (总站生字〔2001〕090号)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from envplan.standards.water.profiles import METHOD21
from envplan.standards.water.ratings_2011 import (
    change_from_class_ratios,
    change_from_grades,
    class_shares_by_group,
    river_status,
    status_from_class_ratios,
)
from envplan.standards.water.trophic_2001 import (
    trophic_level_index,
    trophic_state_from_index,
    trophic_weights,
)


@pytest.mark.parametrize(
    ("good", "bad", "status"),
    [
        (9, 0, "优"),
        (8, 0, "良好"),
        (7, 1, "轻度污染"),
        (7, 2, "中度污染"),
        (5, 4, "重度污染"),
        (10, 0, "优"),
        (7, 3, "中度污染"),
    ],
)
def test_ten_section_ratings(good: int, bad: int, status: str) -> None:
    assert status_from_class_ratios([10], [good], [bad]) == [status]


def test_shares_leave_out_sections_without_class() -> None:
    frame = pl.DataFrame({"city": ["a"] * 4 + ["b"] * 3, "class_code": [1, 3, 4, 0, 6, 6, 2]})
    shares = class_shares_by_group(frame, ["city"])
    assert shares["sections"].to_list() == [3, 3]
    assert shares["share_i_iii"].to_list() == [66.7, 33.3]
    assert shares["share_worse_than_v"].to_list() == [0.0, 66.7]


def test_river_with_five_sections_by_ratio_fewer_by_mean() -> None:
    frame = pl.DataFrame(
        {
            "river": ["汾河"] * 5 + ["涑水河"] * 2,
            "class_code": [2, 2, 3, 3, 6, 3, 5],
            "codmn": [3.0, 3.5, 5.0, 5.5, 20.0, 5.0, 12.0],  # 涑水河 mean 8.5 → Ⅳ
            "nh3n": [0.2, 0.3, 0.6, 0.7, 3.0, 0.5, 1.6],
        }
    )
    status = river_status(frame, ["river"], METHOD21)
    rows = {row["river"]: row for row in status.to_dicts()}
    assert rows["汾河"]["method"] == "断面水质类别比例法" and rows["汾河"]["status"] == "良好"  # 4/5 = 80 %
    assert rows["涑水河"]["method"] == "断面平均浓度" and rows["涑水河"]["status"] == "轻度污染"
    assert rows["涑水河"]["mean_class_code"] == 4


def test_change_words() -> None:
    assert change_from_grades("良好", "良好") == "无明显变化"
    assert change_from_grades("轻度污染", "良好") == "有所好转"
    assert change_from_grades("优", "轻度污染") == "明显变差"
    assert change_from_class_ratios(10.0, 0.0) == "无明显变化"
    assert change_from_class_ratios(12.0, -3.0) == "有所好转"
    assert change_from_class_ratios(-15.0, 6.0) == "明显变差"


def test_tli_digest_vectors() -> None:
    assert trophic_weights()["chla"] == pytest.approx(1 / 3.7558)
    index = trophic_level_index([10, 40], [0.05, 0.2], [1.0, 2.0], [1.0, 0.4], [4, 8])
    assert index == pytest.approx([48.02, 65.00], abs=0.01)
    assert trophic_state_from_index(index) == ["中营养", "中度富营养"]


def test_tli_grade_ends() -> None:
    grades = trophic_state_from_index([29.9, 30.0, 50.0, 50.1, 60.0, 70.0, 70.1, np.nan])
    assert grades == [
        "贫营养",
        "中营养",
        "中营养",
        "轻度富营养",
        "轻度富营养",
        "中度富营养",
        "重度富营养",
        "",
    ]


def test_grid_period_means_ignore_gaps_and_average_ph_through_hydrogen_ions() -> None:
    from envplan.standards.water.statistics_2020 import grid_period_means, ph_mean_from_values

    grid = np.array([[1.0, np.nan, 3.0, 4.0, np.nan], [np.nan, np.nan, 2.0, 2.0, 2.0]])
    means = grid_period_means(grid, [0, 2], "codmn")
    assert np.allclose(means, [[1.0, 3.5], [np.nan, 2.0]], equal_nan=True)
    ph = grid_period_means(np.array([[7.0, 8.0]]), [0], "ph")[0, 0]
    assert ph == pytest.approx(-np.log10((1e-7 + 1e-8) / 2)) == pytest.approx(ph_mean_from_values([7.0, 8.0]))


def test_river_main_pollutants_by_section_exceedance_rate() -> None:
    # 6 sections: NH3-N above Ⅲ at 3, CODMn at 2, TP at 1, BOD5 at 1 → 2 of 6 at Ⅰ–Ⅲ: 轻度污染
    frame = pl.DataFrame(
        {
            "river": ["桑干河"] * 6,
            "class_code": [2, 3, 4, 4, 5, 4],
            "codmn": [3.0, 5.0, 7.0, 8.0, 3.0, 4.0],
            "nh3n": [0.2, 0.6, 0.5, 1.2, 1.8, 1.1],
            "tp": [0.05, 0.1, 0.25, 0.1, 0.1, 0.1],
            "bod5": [3.0, 3.0, 3.0, 3.0, 3.0, 5.0],
        }
    )
    row = river_status(frame, ["river"], METHOD21).to_dicts()[0]
    assert row["status"] == "轻度污染"
    assert (
        row["main_pollutants"]
        == "氨氮(NH3-N)(50.0%),高锰酸盐指数(33.3%),五日生化需氧量(BOD5)(16.7%),总磷(以P计)(16.7%)"
    )


def test_good_river_has_no_main_pollutants() -> None:
    frame = pl.DataFrame({"river": ["a"] * 2, "class_code": [2, 3], "codmn": [3.0, 6.0]})  # mean 4.5 → Ⅲ
    row = river_status(frame, ["river"], METHOD21).to_dicts()[0]
    assert (row["status"], row["main_pollutants"]) == ("良好", "")


def test_grid_means_same_on_one_or_two_threads() -> None:
    from envplan.standards.water import blocks
    from envplan.standards.water.statistics_2020 import grid_period_means

    grid = np.random.default_rng(3).uniform(6, 9, (400, 365))
    grid[::7, ::5] = np.nan
    threaded = grid_period_means(grid, [0, 31, 59], "ph")
    serial = np.empty_like(threaded)

    def one_block(block: slice) -> None:
        serial[block] = grid_period_means(grid[block], [0, 31, 59], "ph")

    blocks.for_each_block(400, one_block, workers=1, rows_per_block=50)
    assert np.array_equal(threaded, serial)
