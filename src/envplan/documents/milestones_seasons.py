"""Season dates of a region (秋冬季, 采暖季, 汛期, 臭氧季, 夏季) as a setting.

Defaults, all overridable per region with :class:`SeasonSettings`:

* 秋冬季 (autumn–winter campaign): 10-01 … 03-31 of the next year, as in the seed plans (the
  national 秋冬季攻坚 runs October to March).
* 采暖季 / 供暖季 (heating season): 11-01 … 03-31 of the next year, the usual heating period of
  Shanxi's cities. It is a setting, not a fact about every county: local heating rules fix the dates
  and northern cities often start in mid-October.
* 汛期 (flood season): 06-01 … 09-30, northern China's usual flood season; 非汛期 is the rest.
* 臭氧季 / 夏季臭氧 (ozone season): 05-01 … 09-30, the 5—9月 of the plans' ozone measures.
* 夏季 (summer): 06-01 … 08-31.

A season named with a year (2023年采暖季) is the one that *starts* in that year; ``2022—2023年
秋冬季`` starts in 2022; without a year it is the one that starts in the plan's year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MonthDay = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SeasonSettings:
    """Start and end (month, day) of each season; an end before its start falls in the next year."""

    autumn_winter: tuple[MonthDay, MonthDay] = ((10, 1), (3, 31))
    heating: tuple[MonthDay, MonthDay] = ((11, 1), (3, 31))
    flood: tuple[MonthDay, MonthDay] = ((6, 1), (9, 30))
    ozone: tuple[MonthDay, MonthDay] = ((5, 1), (9, 30))
    summer: tuple[MonthDay, MonthDay] = ((6, 1), (8, 31))

    @classmethod
    def from_text(cls, settings: dict[str, str]) -> SeasonSettings:
        """Seasons from ``{"heating": "10-15..04-15"}`` (month-day..month-day), the others default.

        Raises ``ValueError`` naming the season and the words it could not read.
        """
        fields: dict[str, tuple[MonthDay, MonthDay]] = {}
        for name, words in settings.items():
            if name not in cls.__dataclass_fields__:
                known = ", ".join(cls.__dataclass_fields__)
                raise ValueError(f"unknown season {name!r} (known: {known})")
            fields[name] = _span_from_text(name, words)
        return cls(**fields)

    def span(self, season: str, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of ``season`` (a field name or ``non_flood``) starting in ``year``."""
        if season == "non_flood":
            flood_start, flood_end = self.flood
            first = dt.date(year, *flood_end) + dt.timedelta(days=1)
            return first, dt.date(year + 1, *flood_start) - dt.timedelta(days=1)
        start, end = getattr(self, season)
        end_year = year + 1 if end < start else year
        return dt.date(year, *start), dt.date(end_year, *end)


def _span_from_text(name: str, words: str) -> tuple[MonthDay, MonthDay]:
    """``"11-01..03-31"`` → ((11, 1), (3, 31)); 02-29 is refused (it is not in every year)."""
    match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*(?:\.\.|~|至|/)\s*(\d{1,2})-(\d{1,2})\s*", words)
    if not match:
        raise ValueError(f"season {name!r}: {words!r} is not MM-DD..MM-DD")
    start, end = (int(match.group(1)), int(match.group(2))), (int(match.group(3)), int(match.group(4)))
    for month, day in (start, end):
        try:
            dt.date(2023, month, day)
        except ValueError:
            raise ValueError(f"season {name!r}: {month:02d}-{day:02d} is not a day of the year") from None
    return start, end


# season words as written → SeasonSettings field (longest first when matching)
SEASON_WORDS: dict[str, str] = {
    "秋冬季": "autumn_winter",
    "秋冬防": "autumn_winter",
    "采暖季": "heating",
    "供暖季": "heating",
    "采暖期": "heating",
    "供暖期": "heating",
    "取暖季": "heating",
    "非汛期": "non_flood",
    "汛期": "flood",
    "夏季臭氧": "ozone",
    "臭氧季": "ozone",
    "臭氧污染高发季": "ozone",
    "臭氧高发期": "ozone",
    "夏季": "summer",
}
