"""GB/T 14848-2017 groundwater: tables, single-indicator classes, the worst-indicator rule."""

from __future__ import annotations

import numpy as np
import pytest

from envplan.standards.water.classes import class_labels_from_codes
from envplan.standards.water.gbt14848_2017 import (
    INDICATORS,
    TABLE_1,
    TABLE_2,
    groundwater_class_from_sample,
    indicator_class_from_value,
    meets_class_target,
)

# hand-read spot values (Class Ⅰ, Ⅱ, Ⅲ, Ⅳ) of GB/T 14848-2017 Tables 1 and 2
HAND = {
    "hardness": (150, 300, 450, 650),
    "fe": (0.1, 0.2, 0.3, 2.0),
    "mn": (0.05, 0.05, 0.10, 1.50),
    "nh3n": (0.02, 0.10, 0.50, 1.50),
    "nitrate": (2.0, 5.0, 20.0, 30.0),
    "nitrite": (0.01, 0.10, 1.00, 4.80),
    "hg": (0.0001, 0.0001, 0.001, 0.002),
    "as": (0.001, 0.001, 0.01, 0.05),
    "cd": (0.0001, 0.001, 0.005, 0.01),
    "pb": (0.005, 0.005, 0.01, 0.10),
    "benzene": (0.5, 1.0, 10.0, 120),
    "tl": (0.0001, 0.0001, 0.0001, 0.001),
    "benzo_a_pyrene": (0.002, 0.002, 0.01, 0.50),
    "glyphosate": (0.1, 140, 700, 1400),
}


def expected(value: float, limits: tuple[float, ...]) -> int:
    return next((code for code, limit in enumerate(limits, 1) if value <= limit), 5)


def test_tables_have_39_and_54_indicators() -> None:
    assert len(TABLE_1) == 39 and len(TABLE_2) == 54 and len(INDICATORS) == 93


@pytest.mark.parametrize("key", sorted(HAND))
def test_hand_read_limits(key: str) -> None:
    assert INDICATORS[key].limits == HAND[key]


@pytest.mark.parametrize("key", [i.key for i in (*TABLE_1, *TABLE_2) if i.kind == "upper" and i.key != "las"])
def test_every_indicator_at_and_around_its_limits(key: str) -> None:
    limits = INDICATORS[key].limits
    values = [v for limit in limits for v in (limit, limit * 0.99, limit * 1.01)]
    assert indicator_class_from_value(key, values).tolist() == [expected(v, limits) for v in values]


def test_digest_vectors() -> None:
    assert indicator_class_from_value("nh3n", [0.01, 0.1, 0.5, 1.5, 2.0]).tolist() == [1, 2, 3, 4, 5]
    assert indicator_class_from_value("nitrate", [2.0, 5.0, 20.0, 25, 35]).tolist() == [1, 2, 3, 4, 5]
    assert indicator_class_from_value("phenol", [0.001, 0.0]).tolist() == [1, 1]  # 从优不从劣
    with pytest.raises(ValueError, match="negative"):
        indicator_class_from_value("nh3n", [-0.1])


def test_ph_presence_las_and_radioactivity() -> None:
    ph = indicator_class_from_value("ph", [6.5, 8.5, 6.4, 8.6, 5.5, 9.0, 5.4, 9.1])
    assert ph.tolist() == [1, 1, 4, 4, 4, 4, 5, 5]
    assert indicator_class_from_value("odour", [0, 1]).tolist() == [1, 5]
    las = indicator_class_from_value("las", [0.05, 0.05, 0.1, 0.3, 0.31], [False, True, True, True, True])
    assert las.tolist() == [1, 2, 2, 3, 5]
    assert indicator_class_from_value("gross_alpha", [0.1, 0.5, 0.6]).tolist() == [1, 3, 4]


def test_below_detection_limit() -> None:
    # 0.01L NH3-N: DL within Class Ⅰ → Ⅰ; 0.05L: DL above Class Ⅰ → undetermined (0)
    assert indicator_class_from_value("nh3n", [0.01, 0.05], [False, False]).tolist() == [1, 0]


def test_one_point_per_class_and_tied_worst_indicators() -> None:
    columns = {
        "nh3n": np.array([0.01, 0.1, 0.5, 1.5, 2.0]),
        "nitrate": np.array([1.0, 5.0, 20.0, 25.0, 35.0]),
        "fe": np.array([0.05, 0.1, 0.1, 0.1, 2.5]),
        "mn": np.array([0.01, 0.01, 0.01, 0.01, 0.01]),
    }
    result = groundwater_class_from_sample(columns)
    assert class_labels_from_codes(result.classes) == ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ"]
    assert result.class_items() == [
        "fe,mn,nh3n,nitrate",
        "nh3n,nitrate",
        "nh3n,nitrate",
        "nh3n,nitrate",
        "fe,nh3n,nitrate",
    ]
    assert meets_class_target(result.classes, 4).tolist() == [True, True, True, True, False]  # 不出现Ⅴ类
    assert meets_class_target(result.classes, 3).tolist() == [True, True, True, False, False]


def test_unknown_indicator_is_an_error() -> None:
    with pytest.raises(ValueError, match="not GB/T 14848-2017 indicators: cod"):
        groundwater_class_from_sample({"cod": np.array([1.0])})
