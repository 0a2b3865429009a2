"""Time expressions of a task → typed milestones that keep the original words.

Read (each becomes one :class:`~envplan.documents.model.Milestone`, in text order):

* due: 2023年10月底前 → 2023-10-31; 12月底前 → plan year; 年底前; 2023年底; 11月15日前; 上半年 /
  下半年 / 一季度; 2023年完成… (a bare year followed by 完成/建成/完工… → 12-31).
* start: 2023年4月1日起, 自2023年起, 9月起.
* window: 2023年5-9月, 5月至9月, 12月至次年3月, 2023年11月15日至2024年3月15日 (``due`` = the end).
  5-9月每日10-16时 is a window with ``recurrence="daily"`` and ``time_of_day="10:00-16:00"``.
* recurring: 每年5月底前 (``due`` = the first occurrence in the plan year), 每月, 每季度, 每周, 每半年
  (``half_yearly``), 每日 (每日10-16时 → ``time_of_day``); 每年12月至次年3月 is a recurring window.
* season: 采暖季前 (``due`` = the day before the season starts), 秋冬季 / 汛期 (``start``/``end`` =
  the season, ``due`` = its end); dates from :class:`SeasonSettings`.
* ongoing: 长期坚持, 常态化, 持续推进, 持续开展, 长效 — never due, never overdue.
* holidays (春节前, 国庆期间, 两会期间): kept as due / window / start without a date and with a warning —
  lunar holidays move and 元旦前 is ambiguous about its year; nothing is guessed.

Conventions (documented choices):

* ``X月前`` is read as *by the end of month X*, the same as ``X月底前``: the seeds write the same
  task as 「2023年6月前，建立报废矿井…」 (city plan) and 「于2023年6月底前建立报废矿井…」 (its
  provincial parent). ``2025年前`` (a year) is genuinely ambiguous and carries a warning.
* A date without a year takes the year written last before it in the same sentence
  (``2023年3月底前完成排查，6月底前完成整治`` → 2023-06-30), else ``plan_year``; 次年 / 明年 mean
  that year + 1. Without a plan year
  the milestone keeps its words, ``due`` is None and a warning says why.
* A month range whose end is before its start (10-3月) runs into the next year.
* The same words with the same reading (汛期 … 汛期) are reported once.
* Numbers that are not dates are left alone: a month must be 1–12 and not part of a longer number,
  a year four digits; 3个流量, 2座, 76.6%, 7吨/月 give nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from envplan.documents.milestones_seasons import SEASON_WORDS, SeasonSettings
from envplan.documents.model import Milestone, MilestoneKind

__all__ = ["SeasonSettings", "parse_milestones"]

RECURRENCES = {
    "每年": "yearly", "每月": "monthly", "每个月": "monthly", "每季度": "quarterly", "每个季度": "quarterly",
    "每季": "quarterly", "每半年": "half_yearly", "每周": "weekly", "每旬": "ten_daily", "每日": "daily",
    "每天": "daily",
}  # fmt: skip
# holidays: their dates move (lunar calendar) or their year is ambiguous, so they are kept with a warning
HOLIDAYS = ("春节", "元旦", "清明", "五一", "劳动节", "端午", "中秋", "国庆", "两会", "春运")
ONGOING_WORDS = ("长期坚持", "长期开展", "长期执行", "常态化", "持续推进", "持续开展", "长效", "常抓不懈")

_EVERY = r"(?P<every>每年|每个月|每月|每个季度|每季度|每季|每半年|每周|每旬|每日|每天)?\s*"
_YEAR = r"(?:(?P<year>(?<![\d.])\d{4})\s*年度?(?:\s*年)?|(?P<rel>次年|翌年|明年|今年|当年|本年))"
_DASH = r"\s*(?:—{1,2}|[-–~～－至到])\s*"
_MONTH = r"(?<![\d.])(?P<month>1[0-2]|0?[1-9])\s*月份?"
_COMPLETION = "内|完成|建成|完工|全面|全部|基本|实现|开工|启动"  # 2023年完成… is due at the year's end
_MONTH_BARE = r"(?<![\d.])(?P<month>1[0-2]|0?[1-9])\s*(?:月份?)?"  # 5 of 5-9月
_BEFORE = r"(?P<suffix>之前|以前|前|起|开始|以后|后|止)?"


def _named(pattern: str, suffix: str) -> str:
    """Rename the groups of ``pattern`` with ``suffix`` so it can appear twice in one regex."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}{suffix}>", pattern)


_PATTERNS: dict[str, str] = {
    "daily_window": _EVERY + f"(?:{_YEAR}\\s*)?{_MONTH_BARE}{_DASH}{_named(_MONTH, '2')}"
    r"\s*[，,]?\s*(?:期间)?\s*(?:每日|每天)\s*(?P<h1>\d{1,2})(?:[:：](?P<m1>\d{2}))?\s*[时点]?"
    + _DASH
    + r"(?P<h2>\d{1,2})(?:[:：](?P<m2>\d{2}))?\s*[时点]?",
    "date_window": _EVERY + f"(?:{_YEAR}\\s*)?{_MONTH}\\s*(?P<day>\\d{{1,2}})\\s*[日号]{_DASH}"
    f"(?:{_named(_YEAR, '2')}\\s*)?{_named(_MONTH, '2')}\\s*(?P<day2>\\d{{1,2}})\\s*[日号]",
    "month_window": _EVERY + f"(?:{_YEAR}\\s*)?{_MONTH_BARE}{_DASH}"
    f"(?:{_named(_YEAR, '2')}\\s*)?{_named(_MONTH, '2')}(?:底|末)?",
    "date": _EVERY + f"(?:自|从|于)?(?:{_YEAR}\\s*)?{_MONTH}\\s*(?P<day>\\d{{1,2}})\\s*[日号]{_BEFORE}",
    "monthly_day": r"(?P<every>每月|每个月)\s*(?P<day>\d{1,2})\s*[日号](?P<suffix>之前|以前|前)?",
    "month": _EVERY + f"(?:自|从|于|截至|截止到?)?(?:{_YEAR}\\s*)?{_MONTH}"
    r"(?P<part>底|末|上旬|中旬|下旬)?" + _BEFORE,
    "year_end": _EVERY + f"(?:{_YEAR}\\s*年?|(?<![一二两三四五六七八九十半几数多全\\d])年|(?<=每年))"
    r"(?P<part>底|末|终|内)(?P<suffix>之前|以前|前)?",
    "half": _EVERY
    + f"(?:{_YEAR}\\s*)?(?P<period>上半年|下半年|第?[一二三四1-4]季度)(?:末|底)?(?P<suffix>之前|以前|前)?",
    "year": f"(?:自|从|于)?{_YEAR}(?:(?P<suffix>起|开始|以来|前|之前)|(?=\\s*(?:{_COMPLETION})))",
    "season": r"(?:(?P<year1>(?<![\d.])\d{4})" + _DASH + ")?" + f"(?:{_YEAR}\\s*)?(?:下一?个|本)?"
    f"(?P<season>{'|'.join(sorted(SEASON_WORDS, key=len, reverse=True))})"
    r"(?P<suffix>来临前|到来前|结束前|结束后|之前|以前|前|期间|以后|后)?",
    "daily_hours": r"(?P<every>每日|每天)\s*(?P<h1>\d{1,2})(?:[:：](?P<m1>\d{2}))?\s*[时点]?"
    + _DASH
    + r"(?P<h2>\d{1,2})(?:[:：](?P<m2>\d{2}))?\s*[时点]",
    "recurrence": r"(?P<every>每年|每个月|每月|每个季度|每季度|每季|每半年|每周|每旬|每日|每天)"
    r"(?:初|底|末|上旬|中旬|下旬)?(?:之前|以前|前)?",
    "ongoing": "|".join(ONGOING_WORDS),
    "holiday": f"(?:{_YEAR}\\s*)?(?P<holiday>{'|'.join(HOLIDAYS)})节?(?:假日)?"
    r"(?P<suffix>之前|以前|前|期间|以后|后)?",
}
_RELATIVE_YEAR_START = "今次翌明当本"
# first characters each pattern can start with: a cheap look-ahead saves trying every branch everywhere
_FIRST_CHARACTERS: dict[str, str] = {
    "daily_window": rf"\d每{_RELATIVE_YEAR_START}",
    "date_window": rf"\d每{_RELATIVE_YEAR_START}",
    "month_window": rf"\d每{_RELATIVE_YEAR_START}",
    "date": rf"\d每自从于{_RELATIVE_YEAR_START}",
    "month": rf"\d每自从于截{_RELATIVE_YEAR_START}",
    "year_end": rf"\d每年{_RELATIVE_YEAR_START}",
    "half": rf"\d每上下第{_RELATIVE_YEAR_START}",
    "year": rf"\d自从于{_RELATIVE_YEAR_START}",
    "season": rf"\d下{_RELATIVE_YEAR_START}{''.join(sorted({w[0] for w in SEASON_WORDS}))}",
}
_COMPILED = {
    name: re.compile(
        f"(?=[{_FIRST_CHARACTERS[name]}])(?:{pattern})" if name in _FIRST_CHARACTERS else pattern
    )
    for name, pattern in _PATTERNS.items()
}
_PRIORITY = list(_PATTERNS)


_DONE_WORDS = ("完成", "建成", "完工", "办结")  # 6月份完成 → by the end of June
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
MIN_YEAR, MAX_YEAR = 1949, 2199  # a four-digit number outside these is not read as a year


class _NotADate(ValueError):
    """The match looked like a date but is not one (year out of range, date overflow)."""


@dataclass(slots=True)
class _Context:
    plan_year: int | None
    seasons: SeasonSettings
    sentence_year: int | None = None  # the last year written in the current sentence


def _year(match: re.Match[str], ctx: _Context, suffix: str = "") -> tuple[int | None, list[str]]:
    """The year a match names (explicit, relative or the plan's) and any warning."""
    groups = match.groupdict()
    if groups.get("year" + suffix):
        year = int(groups["year" + suffix])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise _NotADate(match.group(0))
        return year, []
    rel = groups.get("rel" + suffix)
    offset = 1 if rel in ("次年", "翌年", "明年") else 0
    base = ctx.sentence_year if ctx.sentence_year is not None else ctx.plan_year
    if base is None:
        return None, [f"「{match.group(0)}」未写年份，计划也无年度：日期不明"]
    return base + offset, []


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int, warnings: list[str], words: str) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        warnings.append(f"「{words}」不是有效日期")
        return None


def _recurring(match: re.Match[str], milestone: Milestone) -> Milestone:
    every = match.groupdict().get("every")
    if every:
        milestone.kind = MilestoneKind.RECURRING
        milestone.recurrence = RECURRENCES[every]
    return milestone


def _on_month(match: re.Match[str], ctx: _Context) -> Milestone | None:
    groups = match.groupdict()
    part, suffix = groups.get("part"), groups.get("suffix")
    done = match.string[match.end() : match.end() + 3].lstrip().startswith(_DONE_WORDS)
    if not (groups.get("year") or groups.get("rel") or part or suffix or groups.get("every") or done):
        return None  # a bare 「5月」 without year, 底 or 前 is not read as a deadline; 「6月份完成」 is
    if suffix in ("以后", "后"):
        return None
    year, warnings = _year(match, ctx)
    text, month = match.group(0), int(groups["month"])
    if year is None:
        return _recurring(match, Milestone(text, MilestoneKind.DUE, warnings=warnings))
    if suffix in ("起", "开始"):
        first = dt.date(year, month, 1)
        return _recurring(match, Milestone(text, MilestoneKind.START, start=first, warnings=warnings))
    day = {"上旬": 10, "中旬": 20}.get(part or "")
    due = dt.date(year, month, day) if day else _month_end(year, month)
    return _recurring(match, Milestone(text, MilestoneKind.DUE, due=due, warnings=warnings))


def _on_date(match: re.Match[str], ctx: _Context) -> Milestone | None:
    groups = match.groupdict()
    year, warnings = _year(match, ctx)
    text, suffix = match.group(0), groups.get("suffix")
    if suffix in ("以后", "后"):
        suffix = "起"
    kind = MilestoneKind.START if suffix in ("起", "开始") else MilestoneKind.DUE
    milestone = Milestone(text, kind, warnings=warnings)
    if year is not None:
        date = _safe_date(year, int(groups["month"]), int(groups["day"]), milestone.warnings, text)
        if kind is MilestoneKind.START:
            milestone.start = date
        else:
            milestone.due = date
    return _recurring(match, milestone)


def _on_monthly_day(match: re.Match[str], ctx: _Context) -> Milestone | None:
    return _recurring(match, Milestone(match.group(0), MilestoneKind.RECURRING))


def _window(match: re.Match[str], ctx: _Context, days: bool) -> Milestone:
    groups = match.groupdict()
    text = match.group(0)
    year, warnings = _year(match, ctx)
    milestone = Milestone(text, MilestoneKind.WINDOW, warnings=warnings)
    if year is None:
        return milestone
    month, month2 = int(groups["month"]), int(groups["month2"])
    end_year = _year(match, ctx, "2")[0] if (groups.get("year2") or groups.get("rel2")) else year
    if end_year is not None and (end_year, month2) < (year, month):
        end_year = year + 1
    end_year = end_year if end_year is not None else year
    if days:
        milestone.start = _safe_date(year, month, int(groups["day"]), milestone.warnings, text)
        milestone.end = _safe_date(end_year, month2, int(groups["day2"]), milestone.warnings, text)
    else:
        milestone.start, milestone.end = dt.date(year, month, 1), _month_end(end_year, month2)
    milestone.due = milestone.end
    return milestone


def _on_month_window(match: re.Match[str], ctx: _Context) -> Milestone | None:
    return _recurring(match, _window(match, ctx, days=False))


def _on_date_window(match: re.Match[str], ctx: _Context) -> Milestone | None:
    return _recurring(match, _window(match, ctx, days=True))


def _on_daily_window(match: re.Match[str], ctx: _Context) -> Milestone | None:
    hours = _time_of_day(match)
    if hours is None:
        return None
    milestone = _window(match, ctx, days=False)
    milestone.recurrence, milestone.time_of_day = "daily", hours
    return milestone


def _on_year_end(match: re.Match[str], ctx: _Context) -> Milestone | None:
    year, warnings = _year(match, ctx)
    due = dt.date(year, 12, 31) if year is not None else None
    return _recurring(match, Milestone(match.group(0), MilestoneKind.DUE, due=due, warnings=warnings))


def _on_half(match: re.Match[str], ctx: _Context) -> Milestone | None:
    year, warnings = _year(match, ctx)
    period = match.group("period")
    milestone = Milestone(match.group(0), MilestoneKind.DUE, warnings=warnings)
    if year is None:
        return _recurring(match, milestone)
    if period in ("上半年", "下半年"):
        first_month = 1 if period == "上半年" else 7
    else:
        quarter = "一二三四1234".index(period.strip("第季度")) % 4
        first_month = quarter * 3 + 1
    last_month = first_month + (5 if period.endswith("半年") else 2)
    milestone.start, milestone.due = dt.date(year, first_month, 1), _month_end(year, last_month)
    return _recurring(match, milestone)


def _on_year(match: re.Match[str], ctx: _Context) -> Milestone | None:
    suffix = match.group("suffix")
    if suffix == "以来":
        return None
    year, warnings = _year(match, ctx)
    if year is None:
        return None
    text = match.group(0)
    if suffix in ("起", "开始"):
        return Milestone(text, MilestoneKind.START, start=dt.date(year, 1, 1), warnings=warnings)
    if suffix in ("前", "之前"):
        warnings.append(f"「{text}」按{year}年底前读入（也可能指{year}年开始之前）")
    return Milestone(text, MilestoneKind.DUE, due=dt.date(year, 12, 31), warnings=warnings)


def _on_season(match: re.Match[str], ctx: _Context) -> Milestone | None:
    groups = match.groupdict()
    season = SEASON_WORDS[groups["season"]]
    text, suffix = match.group(0), groups.get("suffix") or ""
    year, warnings = (int(groups["year1"]), []) if groups.get("year1") else _year(match, ctx)
    milestone = Milestone(text, MilestoneKind.SEASON, warnings=warnings)
    if year is None:
        return milestone
    start, end = ctx.seasons.span(season, year)
    milestone.start, milestone.end = start, end
    if suffix in ("来临前", "到来前", "之前", "以前", "前"):
        milestone.due = start - dt.timedelta(days=1)
    elif suffix in ("结束后", "以后", "后"):
        milestone.start, milestone.end = end + dt.timedelta(days=1), None
    else:
        milestone.due = end
    return milestone


def _time_of_day(match: re.Match[str]) -> str | None:
    """``10-16时`` → ``"10:00-16:00"``; None when the hours are not a span within a day."""
    groups = match.groupdict()
    hour1, hour2 = int(groups["h1"]), int(groups["h2"])
    if not (0 <= hour1 < hour2 <= 24):
        return None
    return f"{hour1:02d}:{groups['m1'] or '00'}-{hour2:02d}:{groups['m2'] or '00'}"


def _on_daily_hours(match: re.Match[str], ctx: _Context) -> Milestone | None:
    hours = _time_of_day(match)
    if hours is None:
        return None
    return Milestone(match.group(0), MilestoneKind.RECURRING, recurrence="daily", time_of_day=hours)


def _on_recurrence(match: re.Match[str], ctx: _Context) -> Milestone | None:
    return _recurring(match, Milestone(match.group(0), MilestoneKind.RECURRING))


def _on_ongoing(match: re.Match[str], ctx: _Context) -> Milestone | None:
    return Milestone(match.group(0), MilestoneKind.ONGOING)


def _on_holiday(match: re.Match[str], ctx: _Context) -> Milestone | None:
    suffix = match.group("suffix") or "期间"
    kind = {"之前": MilestoneKind.DUE, "以前": MilestoneKind.DUE, "前": MilestoneKind.DUE}.get(suffix)
    kind = kind or (MilestoneKind.START if suffix in ("以后", "后") else MilestoneKind.WINDOW)
    warning = f"「{match.group(0).strip()}」：节假日日期不作推算，请手工确定日期"
    return Milestone(match.group(0), kind, warnings=[warning])


_HANDLERS: dict[str, Callable[[re.Match[str], _Context], Milestone | None]] = {
    "daily_window": _on_daily_window,
    "date_window": _on_date_window,
    "month_window": _on_month_window,
    "date": _on_date,
    "monthly_day": _on_monthly_day,
    "month": _on_month,
    "year_end": _on_year_end,
    "half": _on_half,
    "year": _on_year,
    "season": _on_season,
    "daily_hours": _on_daily_hours,
    "recurrence": _on_recurrence,
    "ongoing": _on_ongoing,
    "holiday": _on_holiday,
}


def _candidates(text: str) -> list[tuple[int, int, int, re.Match[str], str]]:
    found = []
    for priority, name in enumerate(_PRIORITY):
        for match in _COMPILED[name].finditer(text):
            if match.end() > match.start():
                found.append((match.start(), -match.end(), priority, match, name))
    return sorted(found, key=lambda c: c[:3])


def parse_milestones(
    text: str, plan_year: int | None, seasons: SeasonSettings | None = None
) -> list[Milestone]:
    """Every time expression of ``text`` as a milestone, in text order (see the module rules)."""
    ctx = _Context(plan_year, seasons or SeasonSettings())
    milestones: list[Milestone] = []
    taken_until = -1
    for start, negative_end, _priority, match, name in _candidates(text):
        if start < taken_until:
            continue
        if _SENTENCE_END.search(text, max(taken_until, 0), start):
            ctx.sentence_year = None
        try:
            milestone = _HANDLERS[name](match, ctx)
        except (ValueError, OverflowError):  # out-of-range year or date: these words are no date
            taken_until = -negative_end
            continue
        if milestone is None:
            continue
        milestone.text = milestone.text.strip()
        taken_until = -negative_end
        written = match.groupdict().get("year") or match.groupdict().get("year1")
        if written and MIN_YEAR <= int(written) <= MAX_YEAR:
            ctx.sentence_year = int(written)
        if milestone not in milestones:  # the same words meaning the same dates are reported once
            milestones.append(milestone)
    return milestones
