"""GB 3838-2002 《地表水环境质量标准》 (Environmental quality standards for surface water).

Issuer: 国家环境保护总局 / 国家质量监督检验检疫总局, 2002-04-28, in force 2002-06-01 [GB3838-2002].

Implemented
- Table 1 (表1 地表水环境质量标准基本项目标准限值), all 24 basic items, Classes Ⅰ–Ⅴ, in printed
  order; total phosphorus with its river and lake/reservoir (湖、库) columns; total nitrogen for
  lakes and reservoirs only; dissolved oxygen "≥" (higher is better); pH a range (6–9) common to
  all classes.
- Single-item class: the first class, checking Ⅰ → Ⅴ, whose limit the value meets; a value equal
  to a limit belongs to that (better) class; worse than Ⅴ is 劣Ⅴ (code 6). Where classes share a
  limit the best of them is taken (COD ≤ 15 → Ⅰ; COD can never be Ⅱ).
- Table 2 (集中式生活饮用水地表水源地补充项目) limits, as data.

Settings and deviations (see docs/references.md)
- DO Class Ⅰ is printed "饱和率90%（或7.5）"; the saturation form needs temperature and pressure,
  so the 7.5 mg/L form is used, as the national automatic stations do [CNEMC-AUTO].
- pH inside 6–9 → Ⅰ, outside → 劣Ⅴ (the table gives one range for all classes).
- Water temperature (item 1) is a rule on man-made change, not a limit: it has no class here.
- Total nitrogen has no class at river points (the table's TN row is for 湖、库 only).
- Table 3 (80 specific items for drinking-water sources) is not transcribed: no official text
  was available to transcribe it from.
- The values were transcribed from the corroborated secondary copies in [WATER-DIGEST] §1.1
  (no official PDF was available); boundaries were confirmed on published data [CNEMC-AUTO].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from envplan.standards.water.classes import (
    NO_CLASS,
    WORSE_THAN_V,
    ClassArray,
    FloatArray,
    class_from_lower_limits,
    class_from_upper_limits,
)


@dataclass(frozen=True)
class Item:
    """One row of GB 3838-2002 Table 1.

    ``kind`` is "upper" (≤ limit), "lower" (≥ limit, DO), "range" (pH) or "rule" (temperature).
    ``limits`` are Classes Ⅰ–Ⅴ; ``lake_limits`` replaces them at lake/reservoir points (TP), and
    ``lake_only`` marks an item with no class at river points (TN).
    """

    key: str
    name: str
    unit: str
    kind: str
    limits: tuple[float, float, float, float, float] | None
    lake_limits: tuple[float, float, float, float, float] | None = None
    lake_only: bool = False


# GB 3838-2002, Table 1 (表1 地表水环境质量标准基本项目标准限值), printed order; mg/L unless stated
TABLE_1: tuple[Item, ...] = (
    Item("wt", "水温", "℃", "rule", None),
    Item("ph", "pH值", "无量纲", "range", (6.0, 9.0, 6.0, 9.0, 6.0)),  # 6~9 for every class
    Item("do", "溶解氧", "mg/L", "lower", (7.5, 6.0, 5.0, 3.0, 2.0)),
    Item("codmn", "高锰酸盐指数", "mg/L", "upper", (2.0, 4.0, 6.0, 10.0, 15.0)),
    Item("cod", "化学需氧量(COD)", "mg/L", "upper", (15.0, 15.0, 20.0, 30.0, 40.0)),
    Item("bod5", "五日生化需氧量(BOD5)", "mg/L", "upper", (3.0, 3.0, 4.0, 6.0, 10.0)),
    Item("nh3n", "氨氮(NH3-N)", "mg/L", "upper", (0.15, 0.5, 1.0, 1.5, 2.0)),
    Item(
        "tp",
        "总磷(以P计)",
        "mg/L",
        "upper",
        (0.02, 0.1, 0.2, 0.3, 0.4),
        lake_limits=(0.01, 0.025, 0.05, 0.1, 0.2),
    ),
    Item("tn", "总氮(湖、库,以N计)", "mg/L", "upper", None, (0.2, 0.5, 1.0, 1.5, 2.0), lake_only=True),
    Item("cu", "铜", "mg/L", "upper", (0.01, 1.0, 1.0, 1.0, 1.0)),
    Item("zn", "锌", "mg/L", "upper", (0.05, 1.0, 1.0, 2.0, 2.0)),
    Item("fluoride", "氟化物(以F-计)", "mg/L", "upper", (1.0, 1.0, 1.0, 1.5, 1.5)),
    Item("se", "硒", "mg/L", "upper", (0.01, 0.01, 0.01, 0.02, 0.02)),
    Item("as", "砷", "mg/L", "upper", (0.05, 0.05, 0.05, 0.1, 0.1)),
    Item("hg", "汞", "mg/L", "upper", (0.00005, 0.00005, 0.0001, 0.001, 0.001)),
    Item("cd", "镉", "mg/L", "upper", (0.001, 0.005, 0.005, 0.005, 0.01)),
    Item("cr6", "铬(六价)", "mg/L", "upper", (0.01, 0.05, 0.05, 0.05, 0.1)),
    Item("pb", "铅", "mg/L", "upper", (0.01, 0.01, 0.05, 0.05, 0.1)),
    Item("cyanide", "氰化物", "mg/L", "upper", (0.005, 0.05, 0.2, 0.2, 0.2)),
    Item("phenol", "挥发酚", "mg/L", "upper", (0.002, 0.002, 0.005, 0.01, 0.1)),
    Item("petroleum", "石油类", "mg/L", "upper", (0.05, 0.05, 0.05, 0.5, 1.0)),
    Item("las", "阴离子表面活性剂", "mg/L", "upper", (0.2, 0.2, 0.2, 0.3, 0.3)),
    Item("sulfide", "硫化物", "mg/L", "upper", (0.05, 0.1, 0.2, 0.5, 1.0)),
    Item("fecal_coliform", "粪大肠菌群", "个/L", "upper", (200.0, 2000.0, 10000.0, 20000.0, 40000.0)),
)
ITEMS: dict[str, Item] = {item.key: item for item in TABLE_1}

PH_RANGE = (6.0, 9.0)  # GB 3838-2002 Table 1, item 2: 6~9

# GB 3838-2002, Table 2 (集中式生活饮用水地表水源地补充项目标准限值), printed order [mg/L]
TABLE_2: dict[str, float] = {
    "sulfate": 250.0,  # 硫酸盐(以SO4 2-计)
    "chloride": 250.0,  # 氯化物(以Cl-计)
    "nitrate": 10.0,  # 硝酸盐(以N计)
    "fe": 0.3,  # 铁
    "mn": 0.1,  # 锰
}


def item_limits(key: str, lake: bool) -> tuple[float, float, float, float, float] | None:
    """Classes Ⅰ–Ⅴ limits of an item at a river (``lake=False``) or lake/reservoir point; None: no class."""
    item = ITEMS[key]
    if lake and item.lake_limits is not None:
        return item.lake_limits
    return item.limits


def item_class_from_concentration(
    key: str, values: npt.ArrayLike, lake: bool | npt.ArrayLike = False
) -> ClassArray:
    """GB 3838-2002 single-item class (1 … 5 = Ⅰ … Ⅴ, 6 = 劣Ⅴ, 0 = missing or no class).

    Parameters
    ----------
    key : item key of :data:`TABLE_1` (``"ph"``, ``"do"``, ``"tp"``, …)
    values : concentrations [unit of the item]; NaN is missing
    lake : True (or a boolean array) at lake/reservoir points (TP and TN lake columns)
    """
    x = np.asarray(values, dtype=np.float64)
    lake_mask = np.broadcast_to(np.asarray(lake, dtype=bool), x.shape)
    item = ITEMS[key]
    if item.kind == "rule":
        return np.zeros(x.shape, dtype=np.int8)
    if item.kind == "range":
        inside = (x >= PH_RANGE[0]) & (x <= PH_RANGE[1])
        out = np.where(inside, np.int8(1), np.int8(WORSE_THAN_V)).astype(np.int8)
        out[np.isnan(x)] = NO_CLASS
        return out
    if item.kind == "lower":
        assert item.limits is not None
        return class_from_lower_limits(x, item.limits)
    river = _classes_or_none(x, item_limits(key, lake=False))
    if not lake_mask.any():
        return river
    return np.where(lake_mask, _classes_or_none(x, item_limits(key, lake=True)), river).astype(np.int8)


def _classes_or_none(x: FloatArray, limits: tuple[float, ...] | None) -> ClassArray:
    if limits is None:
        return np.zeros(x.shape, dtype=np.int8)
    return class_from_upper_limits(x, limits)


def class_limit(key: str, class_code: int, lake: bool | npt.ArrayLike = False) -> FloatArray:
    """The limit of Class ``class_code`` (1 … 5) for an item; NaN where the item has no limit.

    For pH the limit is undefined (a range) and NaN is returned; callers treat pH separately.
    """
    if not 1 <= class_code <= 5:
        raise ValueError(f"class code must be 1 … 5, got {class_code}")
    lake_mask = np.asarray(lake, dtype=bool)
    item = ITEMS[key]
    if item.kind in ("range", "rule"):
        return np.full(lake_mask.shape, np.nan)
    river_limits, lake_limits = item_limits(key, lake=False), item_limits(key, lake=True)
    river_value = np.nan if river_limits is None else river_limits[class_code - 1]
    lake_value = np.nan if lake_limits is None else lake_limits[class_code - 1]
    return np.where(lake_mask, lake_value, river_value).astype(np.float64)


__all__ = [
    "ITEMS",
    "PH_RANGE",
    "TABLE_1",
    "TABLE_2",
    "Item",
    "class_limit",
    "item_class_from_concentration",
    "item_limits",
]
