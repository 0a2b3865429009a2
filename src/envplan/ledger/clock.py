"""The bureaus' calendar: dates are Beijing dates (UTC+8, no daylight saving), whatever the server's
time zone; what is overdue, due soon or reported this month is counted against them."""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8))


def beijing_today() -> dt.date:
    """Today's date in Beijing."""
    return dt.datetime.now(BEIJING).date()
