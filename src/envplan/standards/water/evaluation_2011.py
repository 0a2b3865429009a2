"""地表水环境质量评价办法（试行）, 环办〔2011〕22号 (2011-03-09) [HB2011-22]: section evaluation.

Implemented
- 三、4 断面水质评价: single-factor method; the section class is the worst class of the profile's
  items (see :mod:`profiles`), 劣Ⅴ above Ⅴ; the items in that worst class are reported.
- 表1 qualitative grade (优/良好/轻度污染/中度污染/重度污染) and colours.
- 超标倍数 = (C − C_Ⅲ) / C_Ⅲ against the Class Ⅲ limit, not for water temperature, pH and DO.
- 主要污染指标 of a section worse than Ⅲ: worst three items by class; within a class by exceedance
  multiple; cyanide and heavy metals first when they exceed (settings in :data:`PRIORITY_ITEMS`).
- Attainment of a target class (国考/省考/市考 levels are labels of the target; the rule is one).

Settings (docs/water.md): heavy metals given priority are Hg, Cd, Cr(VI), Pb, As; items without a
multiple (pH, DO) rank after the items with one in the same class; items tied with the third are
all named; the multiple is shown to 1 decimal (half-even), as in the method's "高锰酸盐指数(1.2)".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from envplan.standards.rounding import round_half_even
from envplan.standards.water import gb3838_2002
from envplan.standards.water.blocks import BLOCK_ROWS, for_each_block
from envplan.standards.water.classes import NO_CLASS, FloatArray, SampleClasses
from envplan.standards.water.profiles import EvaluationProfile
from envplan.standards.water.statistics_2020 import round_for_evaluation

# 表1 断面水质定性评价: class code → (status, colour); CNEMC real-time page hex colours [CNEMC-AUTO]
GRADES: tuple[tuple[str, str, str], ...] = (
    ("", "", ""),
    ("优", "蓝色", "#CCFFFF"),
    ("优", "蓝色", "#00CCFF"),
    ("良好", "绿色", "#00FF00"),
    ("轻度污染", "黄色", "#FFFF00"),
    ("中度污染", "橙色", "#FF9B00"),
    ("重度污染", "红色", "#FF0000"),
)
NO_MULTIPLE_ITEMS = frozenset({"wt", "ph", "do"})  # 不计算超标倍数
PRIORITY_ITEMS = ("cyanide", "hg", "cd", "cr6", "pb", "as")  # 氰化物或铅、铬等重金属超标时优先
CHUNK_ROWS = BLOCK_ROWS


def water_class_from_sample(
    columns: Mapping[str, npt.ArrayLike],
    profile: EvaluationProfile,
    lake: bool | npt.ArrayLike = False,
    round_values: bool = True,
) -> SampleClasses:
    """Class of each sample (row) under ``profile``: worst single-item class; missing items left out.

    Parameters
    ----------
    columns : item key → values (NaN missing) [unit of GB 3838-2002 Table 1]; absent items are missing
    profile : evaluation profile (``METHOD21`` or ``AUTO5``)
    lake : True (or boolean array) at lake/reservoir points (TP lake column)
    round_values : round to the profile's decimals first (raw values); False for values already
        published rounded, which are classified as they are
    """
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in columns.items() if k in profile.items}
    n = _row_count(columns)
    lake_rows = np.broadcast_to(np.asarray(lake, dtype=bool), (n,))
    by_item = np.zeros((len(profile.items), n), dtype=np.int8)  # item-major: fast reductions

    def classify_block(block: slice) -> None:
        for j, key in enumerate(profile.items):
            if key in arrays:
                values = arrays[key][block]
                if round_values and key in profile.decimals:
                    values = round_for_evaluation(values, profile.decimals[key])
                by_item[j, block] = gb3838_2002.item_class_from_concentration(key, values, lake_rows[block])

    for_each_block(n, classify_block)
    classes = np.maximum.reduce(by_item, axis=0) if len(profile.items) else np.zeros(n, np.int8)
    deciding = (by_item == classes) & (classes != NO_CLASS)
    return SampleClasses(profile.items, classes, by_item.T, deciding.T)


def _row_count(columns: Mapping[str, npt.ArrayLike]) -> int:
    sizes = {np.asarray(v).shape[0] for v in columns.values()}
    if len(sizes) != 1:
        raise ValueError(f"item columns differ in length: {sorted(sizes)}")
    return sizes.pop()


def exceedance_multiple(key: str, values: npt.ArrayLike, lake: bool | npt.ArrayLike = False) -> FloatArray:
    """超标倍数 (C − C_Ⅲ) / C_Ⅲ where C exceeds the Class Ⅲ limit; NaN otherwise and for wt, pH, DO."""
    x = np.asarray(values, dtype=np.float64)
    if key in NO_MULTIPLE_ITEMS:
        return np.full(x.shape, np.nan)
    out = np.empty(x.shape)  # every block is written below
    river_limit, lake_limit = (float(gb3838_2002.class_limit(key, 3, flag)) for flag in (False, True))
    lake_rows = np.broadcast_to(np.asarray(lake, dtype=bool), x.shape).reshape(-1)
    flat, result = x.reshape(-1), out.reshape(-1)

    def multiple_block(block: slice) -> None:
        limit = np.where(lake_rows[block], lake_limit, river_limit) if lake_rows[block].any() else river_limit
        part = flat[block]
        with np.errstate(invalid="ignore"):
            result[block] = np.where(part > limit, (part - limit) / limit, np.nan)

    for_each_block(flat.size, multiple_block)
    return out


def grade_from_class(codes: npt.ArrayLike) -> list[tuple[str, str, str]]:
    """(status, colour, hex) of each class code (表1 断面水质定性评价)."""
    return [GRADES[int(c)] for c in np.asarray(codes, dtype=np.int64).ravel()]


def attains_target(classes: npt.ArrayLike, targets: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where the class meets or beats the target class (达到或优于); False where it has no class."""
    c = np.asarray(classes, dtype=np.int64)
    return (c != NO_CLASS) & (c <= np.asarray(targets, dtype=np.int64))


def main_pollutants(
    columns: Mapping[str, npt.ArrayLike],
    result: SampleClasses,
    lake: bool | npt.ArrayLike = False,
    decimals: int = 1,
) -> list[str]:
    """主要污染指标 of each section (row), e.g. "高锰酸盐指数(1.2),氨氮(0.5)"; "" when class ≤ Ⅲ.

    ``columns`` are the values that were classified (period means, rounded).
    """
    n, m = result.item_classes.shape
    multiples = np.full((n, m), np.nan)
    for j, key in enumerate(result.items):
        if key in columns:
            multiples[:, j] = exceedance_multiple(key, columns[key], lake)
    candidate = (result.item_classes > 3) & (result.classes[:, None] > 3)
    priority = np.array([key in PRIORITY_ITEMS for key in result.items])[None, :] & candidate
    order_keys = (
        np.where(np.isnan(multiples), -1.0, np.round(multiples, 9)),  # 9 places: float noise is no rank
        result.item_classes.astype(np.float64),
        priority.astype(np.float64),
        candidate.astype(np.float64),
    )
    order = np.tile(np.arange(m), (n, 1))
    for key_values in order_keys:  # stable sorts, least significant key first
        ranked = np.take_along_axis(key_values, order, axis=1)
        order = np.take_along_axis(order, np.argsort(-ranked, axis=1, kind="stable"), axis=1)
    return _pollutant_labels(result.items, order, candidate, order_keys, multiples, decimals)


def _pollutant_labels(
    items: tuple[str, ...],
    order: npt.NDArray[np.int64],
    candidate: npt.NDArray[np.bool_],
    order_keys: tuple[FloatArray, ...],
    multiples: FloatArray,
    decimals: int,
) -> list[str]:
    stacked = np.stack(order_keys, axis=-1)
    labels = []
    for row in range(order.shape[0]):  # sections, not samples: a few thousand at most
        chosen = [j for j in order[row] if candidate[row, j]]
        if len(chosen) > 3:
            third = stacked[row, chosen[2]]
            chosen = chosen[:3] + [j for j in chosen[3:] if np.array_equal(stacked[row, j], third)]
        labels.append(",".join(_pollutant_label(items[j], multiples[row, j], decimals) for j in chosen))
    return labels


def _pollutant_label(key: str, multiple: float, decimals: int) -> str:
    name = gb3838_2002.ITEMS[key].name
    if np.isnan(multiple):
        return name
    shown = float(round_half_even(np.array([multiple]), decimals)[0])
    return f"{name}({shown:.{decimals}f})"


__all__ = [
    "GRADES",
    "NO_MULTIPLE_ITEMS",
    "PRIORITY_ITEMS",
    "SampleClasses",
    "attains_target",
    "exceedance_multiple",
    "grade_from_class",
    "main_pollutants",
    "water_class_from_sample",
]
