"""Water-quality classes shared by the surface-water and groundwater standards.

Classes are coded as small integers so that "worst item decides" is a maximum over an array:
0 = no class (no valid item), 1 … 5 = Classes Ⅰ … Ⅴ, 6 = 劣Ⅴ (surface water only; GB/T 14848-2017
has no class beyond Ⅴ). Labels use the Roman-numeral characters of the standards (U+2160 …).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
ClassArray = npt.NDArray[np.int8]

NO_CLASS = 0
WORSE_THAN_V = 6
CLASS_LABELS: tuple[str, ...] = ("", "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ")
CLASS_CODES: dict[str, int] = {label: code for code, label in enumerate(CLASS_LABELS) if label}
# ASCII and full-width spellings met in files and plans
_ALIASES = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "劣V": 6,
    "劣五": 6,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
}


def class_code_from_label(label: str) -> int:
    """Class code (1 … 6) of a label such as ``Ⅲ``, ``III``, ``Ⅲ类`` or ``劣Ⅴ``; ValueError otherwise."""
    text = label.strip().removesuffix("类").strip()
    if text in CLASS_CODES:
        return CLASS_CODES[text]
    if text.upper() in _ALIASES:
        return _ALIASES[text.upper()]
    raise ValueError(f"not a water-quality class: {label!r}")


def class_labels_from_codes(codes: npt.ArrayLike) -> list[str]:
    """Labels (Ⅰ … 劣Ⅴ, "" for no class) of an array of class codes."""
    table = np.array(CLASS_LABELS, dtype=object)
    return [str(s) for s in table[np.asarray(codes, dtype=np.int64)]]


def class_from_upper_limits(values: FloatArray, limits: Sequence[float]) -> ClassArray:
    """Class of each value against "≤ limit" columns Ⅰ … Ⅴ; equal limit → better class; NaN → 0.

    The class is 1 + the number of limits below the value, so where classes share a limit the
    value takes the best of them (GB 3838-2002 Table 1; GB/T 14848-2017 §6.2 "从优不从劣").
    """
    values = np.asarray(values, dtype=np.float64)
    out = np.ones(values.shape, dtype=np.int8)
    for limit in limits:  # five comparisons: faster than a binary search per value
        out += (values > limit).view(np.int8)
    out[np.isnan(values)] = NO_CLASS
    return out


def class_from_lower_limits(values: FloatArray, limits: Sequence[float]) -> ClassArray:
    """Class of each value against "≥ limit" columns Ⅰ … Ⅴ (higher is better); NaN → 0."""
    values = np.asarray(values, dtype=np.float64)
    out = np.ones(values.shape, dtype=np.int8)
    for limit in limits:
        out += (values < limit).view(np.int8)
    out[np.isnan(values)] = NO_CLASS
    return out


@dataclass(frozen=True)
class SampleClasses:
    """Classes of samples (rows) over items.

    ``classes`` (n,), ``item_classes`` (n, items), ``deciding`` (n, items): items in the worst class.
    """

    items: tuple[str, ...]
    classes: ClassArray
    item_classes: ClassArray
    deciding: npt.NDArray[np.bool_]

    def class_items(self, separator: str = ",") -> list[str]:
        """Per sample, the keys of the items that decide its class, joined by ``separator``."""
        packed = np.packbits(self.deciding, axis=1)  # one row of bytes per sample, any number of items
        unique, inverse = np.unique(packed, axis=0, return_inverse=True)
        patterns = np.unpackbits(unique, axis=1, count=len(self.items)).astype(bool)
        names = [separator.join(k for k, on in zip(self.items, row, strict=True) if on) for row in patterns]
        table = np.array(names, dtype=object)
        return [str(s) for s in table[inverse.ravel()]]


def worst_class(item_classes: ClassArray) -> ClassArray:
    """Worst class over the last axis (items); 0 where no item has a class."""
    return np.asarray(item_classes, dtype=np.int8).max(axis=-1)


__all__ = [
    "CLASS_CODES",
    "CLASS_LABELS",
    "NO_CLASS",
    "WORSE_THAN_V",
    "ClassArray",
    "FloatArray",
    "SampleClasses",
    "class_code_from_label",
    "class_from_lower_limits",
    "class_from_upper_limits",
    "class_labels_from_codes",
    "worst_class",
]
