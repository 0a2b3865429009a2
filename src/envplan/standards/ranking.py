"""Competition ranking ("1, 2, 2, 4"), the tie rule of the national rankings.

Equal values share the best rank and the next value skips the shared places, as in the national
city rankings (环办监测〔2018〕19号: 并列; the CWQI ranking of 环办监测〔2017〕51号; dustfall bulletins).
Rounding to the published decimals, where a rule ranks on shown values, is the caller's step.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def competition_rank(values: npt.ArrayLike, ascending: bool = True) -> FloatArray:
    """Ranks 1, 2, 2, 4 … (rank 1 = smallest when ``ascending``); NaN values get no rank (NaN)."""
    v = np.asarray(values, dtype=np.float64)
    key = v if ascending else -v
    ordered = np.sort(key[~np.isnan(key)])
    return np.where(np.isnan(v), np.nan, np.searchsorted(ordered, key, side="left") + 1.0)


def competition_rank_int(values: npt.ArrayLike, ascending: bool = True) -> npt.NDArray[np.int64]:
    """:func:`competition_rank` as integers, with 0 for values that get no rank (NaN)."""
    return np.nan_to_num(competition_rank(values, ascending), nan=0.0).astype(np.int64)
