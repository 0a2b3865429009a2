"""Which edition of the air standards is in force on each observation's date [gb3095-2026, hj633-2026].

- Up to 2026-02-28: GB 3095-2012, HJ 633-2012, HJ 663-2013.
- From 2026-03-01: GB 3095-2026 (transition limits to 2030-12-31, final limits from 2031-01-01) and
  HJ 633-2026. HJ 663-2026 is also in force, but its text has not been available to this project:
  statistics over dates from 2026-03-01 use the HJ 663-2013 method with the GB 3095-2026 limits, and
  every such result carries :data:`METHOD_NOTE_2026` (documented setting).

An hour belongs to the date of the hour *before* its label (HJ 663-2013 Table A.1): the value
labelled 2026-03-01 00:00 is 24:00 of 2026-02-28 and falls under the 2012 editions.
"""

from __future__ import annotations

from datetime import date
from types import ModuleType

import numpy as np
import numpy.typing as npt

from envplan.standards.air import gb3095_2012, gb3095_2026, hbjc_2018_19, hj633_2012, hj633_2026, hj663_2013

CHANGEOVER = date(2026, 3, 1)  # GB 3095-2026 and HJ 633-2026 covers: 2026-03-01实施
FINAL_LIMITS_FROM = date(2031, 1, 1)  # GB 3095-2026, 4.4

AQI_STANDARDS: dict[str, ModuleType] = {"HJ 633-2012": hj633_2012, "HJ 633-2026": hj633_2026}
LIMIT_STANDARDS: dict[str, ModuleType] = {"GB 3095-2012": gb3095_2012, "GB 3095-2026": gb3095_2026}
STATISTICS_STANDARDS: dict[str, ModuleType] = {"HJ 663-2013": hj663_2013}  # HJ 663-2026: text not available
RANKING_RULES: dict[str, ModuleType] = {hbjc_2018_19.RULE: hbjc_2018_19}

METHOD_NOTE_2013 = "HJ 663-2013; GB 3095-2012"
METHOD_NOTE_2026 = (
    "HJ 663-2013 method with GB 3095-2026 limits (HJ 663-2026 text not available; result provisional)"
)

_CHANGEOVER_DAY = np.datetime64(CHANGEOVER.isoformat(), "D")


def observation_dates(timepoints: npt.ArrayLike) -> npt.NDArray[np.datetime64]:
    """Natural day of each hour label (the value at X:00 is the hour before X; 00:00 is 24:00)."""
    stamps = np.asarray(timepoints, dtype="datetime64[m]")
    return (stamps - np.timedelta64(1, "m")).astype("datetime64[D]")


def is_2026_edition(days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where a natural day falls under the 2026 editions (from 2026-03-01)."""
    return np.asarray(days, dtype="datetime64[D]") >= _CHANGEOVER_DAY


def aqi_standard_for(day: date) -> str:
    """Registry key of the HJ 633 edition in force on ``day``."""
    return "HJ 633-2026" if day >= CHANGEOVER else "HJ 633-2012"


def limit_standard_for(day: date) -> str:
    """Registry key of the GB 3095 edition in force on ``day``."""
    return "GB 3095-2026" if day >= CHANGEOVER else "GB 3095-2012"


def method_note_for(day: date) -> str:
    """The method note every statistic over a period ending on ``day`` carries."""
    return METHOD_NOTE_2026 if day >= CHANGEOVER else METHOD_NOTE_2013
