"""Evaluation profiles: which GB 3838-2002 items make a section's class, and how values are rounded.

A profile is data, not a code path: the same classification function runs every profile.

- ``method21``: 地表水环境质量评价办法（试行） (环办〔2011〕22号) [HB2011-22]: the 21 items of Table 1
  without water temperature, total nitrogen and fecal coliform (reference items evaluated
  separately; TN reported separately at lakes and reservoirs). Values are rounded half-to-even to
  the evaluation decimals of the 2020 statistics rule [STAT2020] before classification.
- ``auto5``: the national automatic surface-water stations [CNEMC-AUTO]: pH, DO, CODMn, NH3-N, TP;
  raw instrument values rounded half-to-even to the evaluation decimals (pH 0, DO 1, CODMn 1,
  NH3-N 2, TP 3); values already published rounded are classified as they are; missing items are
  left out.
- ``auto5-hourly``: the same five items, raw values rounded to the hourly decimals (pH 2, DO 2,
  CODMn 2, NH3-N 3, TP 3), as the 2026 CNEMC pages display and classify them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# 地表水环境质量监测数据统计技术规定（试行）(2020): decimals of evaluation data [STAT2020]
EVALUATION_DECIMALS: Mapping[str, int] = MappingProxyType(
    {
        "ph": 0,
        "fecal_coliform": 0,
        "wt": 1,
        "do": 1,
        "codmn": 1,
        "cod": 1,
        "bod5": 1,
        "cond": 1,
        "turb": 1,
        "nh3n": 2,
        "tn": 2,
        "petroleum": 2,
        "las": 2,
        "tp": 3,
        "cu": 3,
        "zn": 3,
        "fluoride": 3,
        "cr6": 3,
        "pb": 3,
        "cyanide": 3,
        "sulfide": 3,
        "chla": 3,
        "se": 4,
        "as": 4,
        "phenol": 4,
        "hg": 5,
        "cd": 5,
    }
)

# the same rule, decimals of hourly (automatic-station) data [STAT2020]; the 2026 CNEMC pages
HOURLY_DECIMALS: Mapping[str, int] = MappingProxyType(
    {
        "wt": 1,
        "cond": 1,
        "turb": 1,
        "ph": 2,
        "do": 2,
        "codmn": 2,
        "tn": 2,
        "cod": 2,
        "fluoride": 2,
        "las": 2,
        "nh3n": 3,
        "tp": 3,
        "cu": 3,
        "zn": 3,
        "cr6": 3,
        "se": 3,
        "as": 3,
        "pb": 3,
        "petroleum": 3,
        "sulfide": 3,
        "chla": 3,
        "cd": 4,
        "cyanide": 4,
        "phenol": 4,
        "hg": 6,
    }
)

METHOD21_ITEMS: tuple[str, ...] = (
    "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp",
    "cu", "zn", "fluoride", "se", "as", "hg", "cd", "cr6", "pb",
    "cyanide", "phenol", "petroleum", "las", "sulfide",
)  # fmt: skip


@dataclass(frozen=True)
class EvaluationProfile:
    """Items that enter the class, rounding of raw values, and the items reported separately."""

    key: str
    title: str
    items: tuple[str, ...]
    decimals: Mapping[str, int]
    reference_items: tuple[str, ...]
    source: str


METHOD21 = EvaluationProfile(
    key="method21",
    title="地表水环境质量评价办法（试行）21项",
    items=METHOD21_ITEMS,
    decimals=EVALUATION_DECIMALS,
    reference_items=("wt", "tn", "fecal_coliform"),
    source="HB2011-22",
)

AUTO5 = EvaluationProfile(
    key="auto5",
    title="国家地表水水质自动监测站5项",
    items=("ph", "do", "codmn", "nh3n", "tp"),
    decimals=EVALUATION_DECIMALS,
    reference_items=("wt", "tn"),
    source="CNEMC-AUTO",
)

AUTO5_HOURLY = EvaluationProfile(
    key="auto5-hourly",
    title="国家地表水水质自动监测站5项（小时数据位数）",
    items=AUTO5.items,
    decimals=HOURLY_DECIMALS,
    reference_items=AUTO5.reference_items,
    source="CNEMC-AUTO",
)

PROFILES: Mapping[str, EvaluationProfile] = MappingProxyType(
    {p.key: p for p in (METHOD21, AUTO5, AUTO5_HOURLY)}
)


def profile_by_key(key: str) -> EvaluationProfile:
    """The profile named ``key`` (``method21`` or ``auto5``); ValueError names the known ones."""
    try:
        return PROFILES[key]
    except KeyError:
        raise ValueError(f"unknown evaluation profile {key!r}; known: {', '.join(PROFILES)}") from None


__all__ = [
    "AUTO5",
    "AUTO5_HOURLY",
    "EVALUATION_DECIMALS",
    "HOURLY_DECIMALS",
    "METHOD21",
    "METHOD21_ITEMS",
    "PROFILES",
    "EvaluationProfile",
    "profile_by_key",
]
