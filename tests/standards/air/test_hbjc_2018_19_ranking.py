"""Ranking figures of 环办监测〔2018〕19号: published composite indices, ties, good-day ratios, dust."""

from __future__ import annotations

import numpy as np

from envplan.standards.air import hbjc_2018_19 as r

# air-standards.md §5.3: published statistics and composite index (municipal bulletins)
CASES = {
    "河源 2022-02": (
        {"so2_mean": 3, "no2_mean": 13, "pm10_mean": 16, "pm25_mean": 13, "co_p95": 0.9, "o3_8h_p90": 87},
        1.73,
    ),
    "奈曼 Q1": (
        {"so2_mean": 9, "no2_mean": 14, "pm10_mean": 77, "pm25_mean": 23, "co_p95": 1.1, "o3_8h_p90": 96},
        3.14,
    ),
    "婺源 2023-09": (
        {"so2_mean": 11, "no2_mean": 16, "pm10_mean": 40, "pm25_mean": 16, "co_p95": 0.6, "o3_8h_p90": 139},
        2.63,
    ),
}


def test_published_composite_indices() -> None:
    for name, (stats, published) in CASES.items():
        assert r.composite_index(stats).tolist() == published, name


def test_per_term_rounding_half_even() -> None:
    terms = r.single_indices(CASES["河源 2022-02"][0])
    assert terms["no2_mean"] == 0.32 and terms["co_p95"] == 0.22  # 0.325 → 0.32, 0.225 → 0.22
    assert terms["o3_8h_p90"] == 0.54 and terms["pm10_mean"] == 0.23


def test_composite_index_vectorised_and_missing() -> None:
    stats = {k: np.array([v, np.nan]) for k, v in CASES["奈曼 Q1"][0].items()}
    got = r.composite_index(stats)
    assert got[0] == 3.14 and np.isnan(got[1])


def test_guangdong_2017_08_tie_ranking() -> None:
    """air-standards.md §5.4: 河源 and 江门 both 2.88 share rank 10; 深圳 2.93 is 12."""
    index = [2.00, 2.07, 2.09, 2.13, 2.38, 2.63, 2.81, 2.82, 2.87, 2.88, 2.88, 2.93, 2.96, 2.97, 3.10]
    index += [3.18, 3.30, 3.55, 3.57, 3.61, 3.95]
    ranks = r.shared_rank(index[::-1])[::-1]  # order of input does not matter
    assert ranks.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]
    assert r.shared_rank([80.0, 90.0, 90.0, np.nan], ascending=False)[:3].tolist() == [3, 1, 1]
    assert np.isnan(r.shared_rank([1.0, np.nan])[1])


def test_published_good_day_ratios() -> None:
    assert r.good_day_ratio([27, 86, 73], [29, 91, 92]).tolist() == [93.1, 94.5, 79.3]
    assert r.good_day_ratio([23, 21, 29], [31, 30, 31]).tolist() == [74.2, 70.0, 93.5]  # 鹤山 months


def test_day_counts_and_heavy_days() -> None:
    counts = r.day_counts([[50, 100, 101, 200, 201, 350, np.nan]])
    assert counts["valid_days"].tolist() == [6] and counts["good_days"].tolist() == [2]
    assert counts["heavy_days"].tolist() == [2]


def test_change_rate() -> None:
    assert r.change_rate([3.14, 2.63, 2.0], [3.30, 2.63, 0.0])[:2].tolist() == [-4.8, 0.0]


def test_dust_days_removed_from_pm_only() -> None:
    pm10 = np.array([[100.0, 900.0, 110.0]])
    kept = r.without_dust_days(pm10, [[False, True, False]])
    assert np.isnan(kept[0, 1]) and kept[0, 0] == 100
