"""GB 3838-2002 Table 1: every item, at and around every limit, river and lake columns."""

from __future__ import annotations

import numpy as np
import pytest

from envplan.standards.water import gb3838_2002
from envplan.standards.water.classes import class_code_from_label, class_labels_from_codes

# Table 1 written out again by hand (≤ items; Classes Ⅰ–Ⅴ), independent of the module constant
HAND_TABLE_1 = {
    "codmn": (2, 4, 6, 10, 15),
    "cod": (15, 15, 20, 30, 40),
    "bod5": (3, 3, 4, 6, 10),
    "nh3n": (0.15, 0.5, 1.0, 1.5, 2.0),
    "cu": (0.01, 1.0, 1.0, 1.0, 1.0),
    "zn": (0.05, 1.0, 1.0, 2.0, 2.0),
    "fluoride": (1.0, 1.0, 1.0, 1.5, 1.5),
    "se": (0.01, 0.01, 0.01, 0.02, 0.02),
    "as": (0.05, 0.05, 0.05, 0.1, 0.1),
    "hg": (0.00005, 0.00005, 0.0001, 0.001, 0.001),
    "cd": (0.001, 0.005, 0.005, 0.005, 0.01),
    "cr6": (0.01, 0.05, 0.05, 0.05, 0.1),
    "pb": (0.01, 0.01, 0.05, 0.05, 0.1),
    "cyanide": (0.005, 0.05, 0.2, 0.2, 0.2),
    "phenol": (0.002, 0.002, 0.005, 0.01, 0.1),
    "petroleum": (0.05, 0.05, 0.05, 0.5, 1.0),
    "las": (0.2, 0.2, 0.2, 0.3, 0.3),
    "sulfide": (0.05, 0.1, 0.2, 0.5, 1.0),
    "fecal_coliform": (200, 2000, 10000, 20000, 40000),
}
TP_RIVER = (0.02, 0.1, 0.2, 0.3, 0.4)
TP_LAKE = (0.01, 0.025, 0.05, 0.1, 0.2)
TN_LAKE = (0.2, 0.5, 1.0, 1.5, 2.0)


def expected_class(value: float, limits: tuple[float, ...]) -> int:
    """First class, checking Ⅰ → Ⅴ, whose limit the value meets; 6 (劣Ⅴ) if none."""
    for code, limit in enumerate(limits, start=1):
        if value <= limit:
            return code
    return 6


def probes(limits: tuple[float, ...]) -> list[float]:
    """Each limit, a hair below and a hair above (1 %), zero and far above."""
    values = [0.0, limits[-1] * 10]
    for limit in limits:
        values += [limit, limit * 0.99, limit * 1.01]
    return values


def item_cases() -> list[tuple[str, bool, tuple[float, ...]]]:
    cases = [(key, lake, limits) for key, limits in HAND_TABLE_1.items() for lake in (False, True)]
    return [*cases, ("tp", False, TP_RIVER), ("tp", True, TP_LAKE), ("tn", True, TN_LAKE)]


@pytest.mark.parametrize(("key", "lake", "limits"), item_cases())
def test_table1_item_at_and_around_every_limit(key: str, lake: bool, limits: tuple[float, ...]) -> None:
    values = probes(limits)
    got = gb3838_2002.item_class_from_concentration(key, np.array(values), lake)
    assert got.tolist() == [expected_class(v, limits) for v in values]


def test_table1_has_24_items_in_printed_order() -> None:
    keys = [item.key for item in gb3838_2002.TABLE_1]
    assert len(keys) == 24
    assert keys[:9] == ["wt", "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn"]
    assert keys[-1] == "fecal_coliform"


@pytest.mark.parametrize(
    ("value", "label"),
    [(7.5, "Ⅰ"), (7.4, "Ⅱ"), (6.0, "Ⅱ"), (5.9, "Ⅲ"), (5.0, "Ⅲ"), (3.0, "Ⅳ"), (2.0, "Ⅴ"), (1.9, "劣Ⅴ")],
)
def test_dissolved_oxygen_higher_is_better(value: float, label: str) -> None:
    for lake in (False, True):
        got = gb3838_2002.item_class_from_concentration("do", [value], lake)
        assert class_labels_from_codes(got) == [label]


@pytest.mark.parametrize(("value", "label"), [(6.0, "Ⅰ"), (9.0, "Ⅰ"), (7.3, "Ⅰ"), (5.9, "劣Ⅴ"), (9.1, "劣Ⅴ")])
def test_ph_is_a_range(value: float, label: str) -> None:
    assert class_labels_from_codes(gb3838_2002.item_class_from_concentration("ph", [value])) == [label]


def test_digest_equal_limit_vectors() -> None:
    cls = gb3838_2002.item_class_from_concentration
    assert cls("cod", [15, 15.1, 40, 40.1]).tolist() == [1, 3, 5, 6]  # COD never Ⅱ
    assert cls("cu", [0.01, 0.5, 1.0, 1.01]).tolist() == [1, 2, 2, 6]
    assert cls("zn", [0.05, 1.0, 1.5, 2.0, 2.1]).tolist() == [1, 2, 4, 4, 6]
    assert cls("tp", [0.05, 0.05], [False, True]).tolist() == [2, 3]


def test_missing_values_have_no_class_and_rivers_have_no_tn_class() -> None:
    assert gb3838_2002.item_class_from_concentration("nh3n", [np.nan, 0.1]).tolist() == [0, 1]
    assert gb3838_2002.item_class_from_concentration("tn", [0.1, 5.0], False).tolist() == [0, 0]
    assert gb3838_2002.item_class_from_concentration("wt", [25.0]).tolist() == [0]


def test_class_limit_for_exceedance() -> None:
    assert gb3838_2002.class_limit("tp", 3, np.array([False, True])).tolist() == [0.2, 0.05]
    with pytest.raises(ValueError, match="class code"):
        gb3838_2002.class_limit("tp", 6)


@pytest.mark.parametrize(
    ("text", "code"), [("Ⅲ", 3), ("Ⅲ类", 3), ("III", 3), ("劣Ⅴ", 6), ("劣V类", 6), ("ii", 2)]
)
def test_class_labels(text: str, code: int) -> None:
    assert class_code_from_label(text) == code


def test_bad_class_label() -> None:
    with pytest.raises(ValueError, match="not a water-quality class"):
        class_code_from_label("Ⅵ")
