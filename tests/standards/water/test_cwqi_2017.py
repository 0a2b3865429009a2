"""CWQI (环办监测〔2017〕51号): per-item index, section and city CWQI, rankings, change rate."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from envplan.standards.water.cwqi_2017 import (
    change_rank,
    change_ranking_eligible,
    city_cwqi,
    cwqi_change_rate,
    cwqi_from_concentrations,
    cwqi_item_index,
    rank_ascending,
)


def test_digest_item_vectors() -> None:
    assert cwqi_item_index("ph", [6.5, 7.0, 8.0, 9.0]).tolist() == [0.5, 0.0, 0.5, 1.0]
    assert cwqi_item_index("do", [10, 5, 2.5]).tolist() == [0.5, 1.0, 2.0]
    assert cwqi_item_index("codmn", [3]).tolist() == [0.5]
    assert cwqi_item_index("tp", [0.05, 0.05], [False, True]).tolist() == [0.25, 1.0]
    assert cwqi_item_index("nh3n", [1.5]).tolist() == [1.5]
    assert cwqi_item_index("hg", [0.00005])[0] == pytest.approx(0.5)


def test_tn_and_coliform_are_not_cwqi_items() -> None:
    for key in ("tn", "fecal_coliform", "wt"):
        with pytest.raises(ValueError, match="not a CWQI item"):
            cwqi_item_index(key, [1.0])


def test_section_cwqi_sums_items_present() -> None:
    columns = {
        "ph": np.array([8.0, np.nan]),
        "do": np.array([10.0, np.nan]),
        "codmn": np.array([3.0, np.nan]),
        "nh3n": np.array([0.5, np.nan]),
        "tp": np.array([0.1, np.nan]),
    }
    total = cwqi_from_concentrations(columns)
    assert total[0] == pytest.approx(2.5)
    assert np.isnan(total[1])


def test_city_cwqi_weights_rivers_and_lakes_by_counts() -> None:
    # city a: rivers CODMn 3 and 9 → mean 6 → 1.0, DO 5 → 1.0: CWQI_river 2.0 (M = 2);
    # lake CODMn 6 → 1.0, DO 10 → 0.5: CWQI_lake 1.5 (N = 1); city (2.0·2 + 1.5·1)/3 = 1.8333
    frame = pl.DataFrame(
        {
            "city": ["a", "a", "a", "b"],
            "lake": [False, False, True, False],
            "codmn": [3.0, 9.0, 6.0, 4.0],
            "do": [5.0, 5.0, 10.0, None],
        }
    )
    result = city_cwqi(frame)
    assert result["cwqi"].to_list() == pytest.approx([11 / 6, 4 / 6])
    assert result["sections_river"].to_list() == [2, 1]
    assert result["sections_lake"].to_list() == [1, 0]


def test_dissolved_oxygen_is_averaged_before_indexing() -> None:
    frame = pl.DataFrame({"city": ["a", "a"], "lake": [False, False], "do": [2.5, 10.0]})
    assert city_cwqi(frame)["cwqi"][0] == pytest.approx(5 / 6.25)  # not (2.0 + 0.5)/2


def test_rankings_ascending_with_shared_ranks() -> None:
    assert rank_ascending([3.2, 1.1, 3.2, np.nan, 0.5]).tolist() == [3, 2, 3, 0, 1]
    assert rank_ascending([1.00004, 1.00001]).tolist() == [1, 1]  # equal at 4 decimals


def test_change_rate_and_change_ranking() -> None:
    change = cwqi_change_rate([3.0, 4.4, 2.0], [4.0, 4.0, 2.0])
    assert change.tolist() == pytest.approx([-25.0, 10.0, 0.0])
    eligible = change_ranking_eligible([3, 3, 2], [3, 3, 2], [True, True, True])
    assert eligible.tolist() == [True, True, False]
    assert change_rank(change, eligible).tolist() == [1, 2, 0]
