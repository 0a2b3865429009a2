"""The bureaus' calendar is Beijing's, whatever the server's time zone."""

from __future__ import annotations

import datetime as dt

import time_machine

from envplan.ledger.clock import beijing_today


def test_beijing_date_turns_at_1600_utc() -> None:
    with time_machine.travel(dt.datetime(2023, 6, 30, 15, 59, 59, tzinfo=dt.UTC), tick=False):
        assert beijing_today() == dt.date(2023, 6, 30)
    with time_machine.travel(dt.datetime(2023, 6, 30, 16, 0, 0, tzinfo=dt.UTC), tick=False):
        assert beijing_today() == dt.date(2023, 7, 1)  # 00:00 on 1 July in Beijing
