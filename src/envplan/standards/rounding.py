"""Exact rounding rules used by the standards, on the *decimal* value of each number.

- GB/T 8170-2008 《数值修约规则与极限数值的表示和判定》, clause 3.3: round half to even
  ("四舍六入五成双") — applied by HJ 663 to monitoring data and by the water evaluation method to
  displayed values.
- HJ 633 rounds each IAQI *up* to the next integer ("向上进位取整数").

Floats cannot hold most decimals exactly (2.675 is stored as 2.67499999…), and products such as
25·(2.2−2)+50 come out as 55.000000000000004. Both rules here work on the shortest decimal that
round-trips to the float (Python's ``repr``), so 2.675 → 2.68 and 55.000000000000004 → 55.
Arrays take a fast vectorised path; only values within a hair of a tie or an integer are re-checked
with :mod:`decimal`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# relative distance under which a float is treated as "maybe exactly a tie / an integer"
_NEAR = 1e-9


def round_half_even(values: npt.ArrayLike, decimals: int = 0) -> FloatArray:
    """Round to ``decimals`` places, half to even on the decimal value (GB/T 8170, 3.3). NaN stays NaN.

    Parameters
    ----------
    values : array-like of float
    decimals : number of decimal places kept (may be negative: -1 rounds to tens)
    """
    x = np.asarray(values, dtype=np.float64)
    scale = 10.0**decimals
    scaled = x * scale
    out = np.round(scaled) / scale  # numpy rounds half to even on the binary value
    frac = scaled - np.floor(scaled)
    suspect = np.isfinite(x) & (np.abs(frac - 0.5) <= _NEAR * np.maximum(1.0, np.abs(scaled)))
    if suspect.any():
        out = np.array(out, dtype=np.float64, copy=True).reshape(x.shape)
        flat_out, flat_x = out.reshape(-1), x.reshape(-1)
        for i in np.flatnonzero(suspect):
            flat_out[i] = _decimal_round(float(flat_x[i]), decimals, ROUND_HALF_EVEN)
    return out


def ceil_integer(values: npt.ArrayLike) -> FloatArray:
    """Round up to an integer on the decimal value (HJ 633 IAQI rule). NaN stays NaN.

    A float that is an integer but for binary noise (55.000000000000004) gives that integer.
    """
    x = np.asarray(values, dtype=np.float64)
    out = np.ceil(x)
    nearest = np.round(x)
    suspect = np.isfinite(x) & (np.abs(x - nearest) <= _NEAR * np.maximum(1.0, np.abs(x))) & (out != nearest)
    if suspect.any():
        out = np.array(out, dtype=np.float64, copy=True)
        out[suspect] = nearest[suspect]
    return out


def mean_half_even(total: npt.ArrayLike, count: npt.ArrayLike, decimals: int) -> FloatArray:
    """``total / count`` rounded half to even (GB/T 8170) to ``decimals``, exactly, on integers.

    ``total`` holds whole numbers of units of the last kept decimal (e.g. 0.1 mg/m³ for CO to one
    decimal), below 2**53, so quotient and remainder are exact int64 arithmetic: the same result as
    :func:`round_half_even` on the exact decimal value of the mean, without its per-tie decimal path
    (8-h means hit ties an eighth of the time). NaN where ``count`` is 0 or ``total`` is NaN.
    """
    n = np.asarray(count, dtype=np.int64)
    whole = np.asarray(total, dtype=np.float64)
    usable = (n > 0) & ~np.isnan(whole)
    t = np.where(usable, whole, 0.0).astype(np.int64)
    d = np.where(usable, n, 1)
    q = t // d
    twice_r = 2 * (t - q * d)
    q += (twice_r > d) | ((twice_r == d) & (q & 1 == 1))
    return np.where(usable, q / 10.0**decimals, np.nan)


def round_half_even_scalar(value: float, decimals: int = 0) -> float:
    """Scalar form of :func:`round_half_even`."""
    return float(round_half_even(np.array([value]), decimals)[0])


def _decimal_round(value: float, decimals: int, mode: str) -> float:
    exponent = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(exponent, rounding=mode))


__all__ = ["ceil_integer", "mean_half_even", "round_half_even", "round_half_even_scalar"]
