"""湖泊(水库)富营养化评价方法及分级技术规定, 总站生字〔2001〕090号 [TLI2001], adopted by [HB2011-22].

Trophic level index TLI(Σ) = Σ W_j · TLI(j), weights W_j = r_1j² / Σ r_1j² from the correlations of
each parameter with chlorophyll a (chl-a 1, TP 0.84, TN 0.82, SD −0.83, CODMn 0.83).
Sub-indices (ln natural log; chl-a [mg/m³], SD [m], TP, TN, CODMn [mg/L]):
TLI(chl) = 10(2.5 + 1.086 ln chl); TLI(TP) = 10(9.436 + 1.624 ln TP);
TLI(TN) = 10(5.453 + 1.694 ln TN); TLI(SD) = 10(5.118 − 1.94 ln SD);
TLI(CODMn) = 10(0.109 + 2.661 ln CODMn).
Grades: < 30 贫营养; 30 ≤ TLI ≤ 50 中营养; 50 < TLI ≤ 60 轻度富营养; 60 < TLI ≤ 70 中度富营养;
> 70 重度富营养 (the inclusive ends are a documented setting: the copies seen are garbled at ≤).
Settings: the index is computed only when all five parameters are present (NaN otherwise).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# correlation with chl-a (r_1j), in the rule's order
CORRELATIONS: dict[str, float] = {"chla": 1.0, "tp": 0.84, "tn": 0.82, "sd": -0.83, "codmn": 0.83}
# TLI(j) = 10 (a + b ln C)
SUB_INDEX_COEFFICIENTS: dict[str, tuple[float, float]] = {
    "chla": (2.5, 1.086),
    "tp": (9.436, 1.624),
    "tn": (5.453, 1.694),
    "sd": (5.118, -1.94),
    "codmn": (0.109, 2.661),
}
GRADE_UPPER_BOUNDS: tuple[tuple[float, str], ...] = (
    (50.0, "中营养"),
    (60.0, "轻度富营养"),
    (70.0, "中度富营养"),
)


def trophic_weights() -> dict[str, float]:
    """W_j = r_1j² / Σ r_1j² (chl-a 0.26625, TP 0.18787, …)."""
    total = sum(r * r for r in CORRELATIONS.values())
    return {key: r * r / total for key, r in CORRELATIONS.items()}


def trophic_sub_index(key: str, values: npt.ArrayLike) -> FloatArray:
    """TLI(j) of one parameter; NaN for missing or non-positive values."""
    x = np.asarray(values, dtype=np.float64)
    a, b = SUB_INDEX_COEFFICIENTS[key]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, 10.0 * (a + b * np.log(x)), np.nan)


def trophic_level_index(
    chla: npt.ArrayLike, tp: npt.ArrayLike, tn: npt.ArrayLike, sd: npt.ArrayLike, codmn: npt.ArrayLike
) -> FloatArray:
    """TLI(Σ) from chl-a [mg/m³], TP, TN [mg/L], transparency SD [m] and CODMn [mg/L]."""
    weights = trophic_weights()
    parts = {"chla": chla, "tp": tp, "tn": tn, "sd": sd, "codmn": codmn}
    return np.asarray(sum(weights[k] * trophic_sub_index(k, v) for k, v in parts.items()), dtype=np.float64)


def trophic_state_from_index(index: npt.ArrayLike) -> list[str]:
    """贫营养 … 重度富营养 of each TLI(Σ); "" for NaN."""
    x = np.asarray(index, dtype=np.float64)
    labels = np.full(x.shape, "重度富营养", dtype=object)
    for bound, label in reversed(GRADE_UPPER_BOUNDS):
        labels[x <= bound] = label
    labels[x < 30.0] = "贫营养"
    labels[np.isnan(x)] = ""
    return [str(s) for s in labels.ravel()]


__all__ = [
    "CORRELATIONS",
    "SUB_INDEX_COEFFICIENTS",
    "trophic_level_index",
    "trophic_state_from_index",
    "trophic_sub_index",
    "trophic_weights",
]
