"""环办〔2011〕22号: 21-item class, exceedance multiple, main pollutants, attainment, grades."""

from __future__ import annotations

import numpy as np
import pytest

from envplan.standards.water.classes import class_labels_from_codes
from envplan.standards.water.evaluation_2011 import (
    attains_target,
    exceedance_multiple,
    grade_from_class,
    main_pollutants,
    water_class_from_sample,
)
from envplan.standards.water.profiles import METHOD21, METHOD21_ITEMS


def section(**values: float) -> dict[str, np.ndarray]:
    return {key: np.array([value], dtype=float) for key, value in values.items()}


def test_method21_has_21_items_without_wt_tn_coliform() -> None:
    assert len(METHOD21_ITEMS) == 21
    assert not {"wt", "tn", "fecal_coliform"} & set(METHOD21_ITEMS)


def test_tn_and_coliform_do_not_enter_the_class() -> None:
    columns = section(ph=7.5, do=8.0, tn=9.0, fecal_coliform=90000, wt=30)
    result = water_class_from_sample(columns, METHOD21, lake=True)
    assert class_labels_from_codes(result.classes) == ["Ⅰ"]


def test_worst_item_decides_with_all_tied_items() -> None:
    columns = section(ph=7.3, do=6.5, codmn=4.5, cod=18, nh3n=0.8, tp=0.15, pb=0.02)
    result = water_class_from_sample(columns, METHOD21)
    assert class_labels_from_codes(result.classes) == ["Ⅲ"]
    assert result.class_items() == ["codmn,cod,nh3n,tp,pb"]


def test_exceedance_multiple_against_class_iii() -> None:
    assert exceedance_multiple("nh3n", [2.5, 0.9]).tolist()[0] == pytest.approx(1.5)
    assert np.isnan(exceedance_multiple("nh3n", [0.9])[0])
    assert exceedance_multiple("codmn", [13.2])[0] == pytest.approx(1.2)
    assert exceedance_multiple("tp", [0.1, 0.1], [False, True])[1] == pytest.approx(1.0)
    assert np.isnan(exceedance_multiple("tp", [0.1], False)[0])
    for key in ("ph", "do", "wt"):
        assert np.isnan(exceedance_multiple(key, [100.0])[0])


def test_main_pollutants_rank_by_class_then_multiple() -> None:
    # CODMn 13.2 (Ⅴ, 1.2), NH3-N 1.9 (Ⅴ, 0.9), TP 0.25 (Ⅳ, 0.25), COD 45 (劣Ⅴ, 1.25), BOD5 5 (Ⅳ, 0.25)
    columns = section(ph=7, do=6, codmn=13.2, nh3n=1.9, tp=0.25, cod=45, bod5=5)
    result = water_class_from_sample(columns, METHOD21)
    assert main_pollutants(columns, result) == ["化学需氧量(COD)(1.2),高锰酸盐指数(1.2),氨氮(NH3-N)(0.9)"]


def test_main_pollutants_priority_and_ties_at_third_place() -> None:
    # Pb 0.06 (Ⅴ, 0.2) outranks CODMn 14 (Ⅴ, 1.3) by priority; TP 0.25 and BOD5 5 tie (Ⅳ, 0.25) at third
    columns = section(do=6, codmn=14, pb=0.06, tp=0.25, bod5=5)
    result = water_class_from_sample(columns, METHOD21)
    assert main_pollutants(columns, result) == [
        "铅(0.2),高锰酸盐指数(1.3),五日生化需氧量(BOD5)(0.2),总磷(以P计)(0.2)"
    ]


def test_main_pollutants_none_when_good_and_do_without_multiple() -> None:
    good = section(codmn=5.0)
    assert main_pollutants(good, water_class_from_sample(good, METHOD21)) == [""]
    low_do = section(do=1.5, codmn=7)
    assert main_pollutants(low_do, water_class_from_sample(low_do, METHOD21)) == ["溶解氧,高锰酸盐指数(0.2)"]


def test_attainment_and_grades() -> None:
    assert attains_target([3, 4, 0, 6], [3, 3, 3, 5]).tolist() == [True, False, False, False]
    grades = grade_from_class([1, 2, 3, 4, 5, 6])
    assert [g[0] for g in grades] == ["优", "优", "良好", "轻度污染", "中度污染", "重度污染"]
    assert [g[1] for g in grades] == ["蓝色", "蓝色", "绿色", "黄色", "橙色", "红色"]


def test_large_arrays_classify_the_same_across_blocks() -> None:
    from envplan.standards.water import gb3838_2002
    from envplan.standards.water.evaluation_2011 import CHUNK_ROWS
    from envplan.standards.water.profiles import AUTO5

    rng = np.random.default_rng(7)
    n = 5 * CHUNK_ROWS + 123  # six blocks: run on two threads
    columns = {"codmn": rng.uniform(0, 20, n), "tp": rng.uniform(0, 0.5, n)}
    lake = rng.random(n) < 0.3
    result = water_class_from_sample(columns, AUTO5, lake, round_values=False)
    reference = np.maximum(
        gb3838_2002.item_class_from_concentration("codmn", columns["codmn"]),
        gb3838_2002.item_class_from_concentration("tp", columns["tp"], lake),
    )
    assert np.array_equal(result.classes, reference)
    multiple = exceedance_multiple("tp", columns["tp"], lake)
    limit = np.where(lake, 0.05, 0.2)
    assert np.allclose(
        multiple, np.where(columns["tp"] > limit, columns["tp"] / limit - 1, np.nan), equal_nan=True
    )
