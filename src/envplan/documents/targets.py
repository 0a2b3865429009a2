"""Targets of a plan (its 目标 chapter) and threshold triggers inside tasks.

What is read from each sentence, clause by clause (a clause ends at ，；):

Each clause is matched from its start (``re.match``, linear in its length) by the first reader that
fits: relative, ranking, absolute, water class, elimination.

* absolute: ``PM2.5平均浓度力争降到36微克/立方米`` → ``<=`` 36 µg/m³; ``正常运行率达80%以上`` → ``>=`` 80 %;
  ``分别达到72.3%、76.6%`` after ``2022年、2023年`` → one target per year.
* relative: ``在2022年的基础上力争降10%`` → baseline ``2022年``, change ``decrease``, ``>=`` 10 %;
  ``同比下降30%以上`` → baseline the year before the target's year.
* ranking: ``在168个重点城市排名退出后40位`` → comparator ``rank_outside_bottom``, 40 位, scope
  ``168个重点城市`` (the ranking's universe); ``进入前5位`` → indicator ``…排名`` ``<=`` 5 位;
  ``排名…前移10位以上`` → indicator ``…排名``, change ``decrease`` (the rank number falls) ``>=`` 10 位.
  When the subject is a list of places (``太原市、临汾市要退出后10位``) the scope is that list and the
  indicator is the ranking indicator named before.
* water class (unit ``类``, the class number: Ⅰ=1 … Ⅴ=5, 劣Ⅴ=6; a lower number is better):
  ``全部达到或优于Ⅲ类`` / ``达到Ⅲ类`` / ``不低于Ⅴ类`` → ``<=`` n; ``优于Ⅲ类`` → ``<`` 3;
  ``不出现Ⅴ类`` → comparator ``none``, value 5 (no site of class Ⅴ); ``劣Ⅴ类断面全部消除`` →
  ``none``, value 6; ``黑臭水体全面消除`` → ``none`` without a value.
* binding: 力争 / 争取 / 努力 → aspirational; 约束性 / 确保 / 必须 / 坚决 / 不得 → binding; otherwise the
  section heading (（一）约束性指标 / （二）争取性指标) decides, else unspecified.
* everything else (``受污染耕地安全利用率达到国家考核要求``) is kept as ``quantitative=False`` with its
  words; consecutive such clauses of one sentence form one target.
* targets written as a list (``1.到2024年底，…`` ``（2）…`` ``③…``) are read without their numbers;
  target tables (指标 | 2024年目标) are read by :mod:`envplan.documents.targets_tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from envplan.documents.model import Binding, Target
from envplan.documents.targets_patterns import (
    ABSOLUTE_RE,
    ASPIRATIONAL_WORDS,
    BINDING_WORDS,
    CLASS_COMPARATORS,
    CLASS_IN_TEXT_RE,
    CLASS_RE,
    ELIMINATED_RE,
    RANK_RE,
    RELATIVE_RE,
    SCOPE_RE,
    SECTION_RE,
    TAILS,
    THRESHOLD_RE,
    VERBS,
    class_number,
    normalise_unit,
    split_values,
    words_before,
)
from envplan.documents.units_names import split_top_level

__all__ = ["parse_targets", "parse_threshold_targets"]

_FILLER = r"(?:其中|要|确保|力争|争取|努力|全部|全面|均|稳定|继续|进一步|分别|的|在|、|，|,)"
_LEADING_FILLER = re.compile(rf"^{_FILLER}+")
_TRAILING_FILLER = re.compile(rf"{_FILLER}+$")
_YEAR_PREFIX = re.compile(
    r"^\s*(?:力争|争取)?(?:到|至|截至)?\s*(?P<years>\d{4}年(?:\s*[、和至-]\s*\d{4}年)*)(?:底前|底|前)?\s*[，,]?\s*"
)
_PLACE_LIST = re.compile(r"^[\u4e00-\u9fff、（）()]+?(?:市|县|区|城市)(?:[（(][^）)]*[）)])?$")
_CHAPTER_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])?\s*(?:工作|主要|总体)?目标(?:任务)?\s*$"
)
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")  # 1. 到2024年底…
_DECREASE = ("下降", "降低", "降", "减少", "削减")


@dataclass(slots=True)
class _Context:
    plan_year: int | None
    scope: str | None
    section: Binding = Binding.UNSPECIFIED
    rank_indicator: str | None = None
    years: list[int] = field(default_factory=list)


def _binding(words: str, section: Binding) -> Binding:
    if any(word in words for word in ASPIRATIONAL_WORDS):
        return Binding.ASPIRATIONAL
    if any(word in words for word in BINDING_WORDS):
        return Binding.BINDING
    return section


def _clean_indicator(raw: str, default_scope: str | None) -> tuple[str, str | None]:
    """Indicator words without year, scope and filler; the scope found at its start (or the default)."""
    words = _YEAR_PREFIX.sub("", raw.strip())
    words = _LEADING_FILLER.sub("", words)
    scope = default_scope
    found = SCOPE_RE.match(words)
    if found and len(words) > found.end():
        scope, words = found.group("scope"), words[found.end() :]
    words = _TRAILING_FILLER.sub("", _LEADING_FILLER.sub("", words))
    return words.strip(), scope


def _target(clause: str, ctx: _Context, year: int | None, **fields: object) -> Target:
    target = Target(text=clause.strip(), year=year, binding=_binding(clause, ctx.section), quantitative=True)
    for name, value in fields.items():
        setattr(target, name, value)
    return target


def _relative(clause: str, ctx: _Context, year: int | None) -> list[Target]:
    match = RELATIVE_RE.match(clause)
    if not match:
        return []
    indicator, scope = _clean_indicator(match.group("indicator"), ctx.scope)
    baseline = re.sub(r"\s+", "", match.group("baseline") or "")
    if not baseline and year is not None:
        baseline = f"{year - 1}年"
    change = "decrease" if match.group("direction") in _DECREASE else "increase"
    unit = normalise_unit(match.group("unit"))
    value = float(match.group("value"))
    return [
        _target(clause, ctx, year, indicator=indicator, comparator=">=", value=value, unit=unit,
                baseline=baseline or "同比", change=change, scope=scope)
    ]  # fmt: skip


def _rank(clause: str, ctx: _Context, year: int | None) -> list[Target]:
    match = RANK_RE.match(clause)
    if not match:
        return []
    indicator, _region = _clean_indicator(match.group("indicator"), None)
    subject = None
    universe = (match.group("scope") or match.group("scope2") or "").strip()
    baseline = re.search(r"\d{4}年", universe)
    universe = re.sub(r"\d{4}年(?:的)?", "", universe)
    numbered = re.search(r"\d+个\S+", universe)
    universe = numbered.group(0) if numbered else universe
    if _PLACE_LIST.match(indicator) and not re.search("指数|浓度|质量|比例|率", indicator):
        subject, indicator = indicator, ctx.rank_indicator or f"{universe}排名"
    elif indicator:
        ctx.rank_indicator = indicator
    move = match.group("move") or "退出后"
    comparator = {"退出后": "rank_outside_bottom", "进入前": "<="}.get(move, ">=")
    change = {"前移": "decrease", "后退": "increase"}.get(move)
    if move != "退出后" and indicator and not indicator.endswith("排名"):
        indicator += (
            "排名"  # the rank position itself: 进入前5位 → 排名 <= 5; 前移10位 → 排名 decreases by >= 10
        )
    return [
        _target(clause, ctx, year, indicator=indicator, comparator=comparator,
                value=float(match.group("value")), unit="位", change=change,
                baseline=baseline.group(0) if baseline else None, scope=subject or universe or ctx.scope)
    ]  # fmt: skip


def _absolute(clause: str, ctx: _Context, year: int | None) -> list[Target]:
    match = ABSOLUTE_RE.match(clause)
    if not match:
        return []
    indicator, scope = _clean_indicator(match.group("indicator"), ctx.scope)
    comparator = TAILS.get(match.group("tail") or "", VERBS[match.group("verb")])
    values = split_values(match.group("values"))
    years: list[int | None] = list(ctx.years) if len(ctx.years) == len(values) > 1 else [year] * len(values)
    return [
        _target(clause, ctx, target_year, indicator=indicator, comparator=comparator, value=value, unit=unit,
                scope=scope)
        for (value, unit), target_year in zip(values, years, strict=True)
    ]  # fmt: skip


def _classes(clause: str, ctx: _Context, year: int | None) -> list[Target]:
    found = []
    for match in CLASS_RE.finditer(clause):
        indicator, scope = _clean_indicator(match.group("indicator"), ctx.scope)
        if not indicator:  # 全面消除劣Ⅴ类断面: the class and what follows name the indicator
            indicator = _clean_indicator(clause[match.start("cls") :], None)[0]
        comparator = CLASS_COMPARATORS[match.group("verb")]
        found.append(
            _target(clause, ctx, year, indicator=indicator, comparator=comparator,
                    value=float(class_number(match.group("cls"))), unit="类", scope=scope)
        )  # fmt: skip
    return found


def _eliminated(clause: str, ctx: _Context, year: int | None) -> list[Target]:
    match = ELIMINATED_RE.match(clause)
    if not match or re.match(r"\s*(?:比例|率)", match.group("after")):
        return []
    raw = match.group("indicator").strip() or match.group("after")
    indicator, scope = _clean_indicator(raw, ctx.scope)
    if not indicator:
        return []
    named_class = CLASS_IN_TEXT_RE.search(raw)
    value = float(class_number(named_class.group("cls"))) if named_class else None
    unit = "类" if value is not None else None
    return [
        _target(
            clause, ctx, year, indicator=indicator, comparator="none", value=value, unit=unit, scope=scope
        )
    ]


# each reader with what its clause must contain (a cheap test before the full regular expression)
_READERS = (
    (_relative, re.compile(r"\d")), (_rank, re.compile("[位名]")), (_absolute, re.compile(r"\d")),
    (_classes, re.compile("类")), (_eliminated, re.compile("消除|清零")),
)  # fmt: skip


def _clause_targets(clause: str, ctx: _Context, year: int | None) -> list[Target]:
    for reader, needed in _READERS:
        if needed.search(clause):
            found = reader(clause, ctx, year)
            if found:
                return found
    return []


def _remember_rank_indicator(clause: str, ctx: _Context) -> None:
    """A ranking named without a number (…综合指数在全国168个重点城市中排名前移) names the indicator."""
    named = re.match(r"(?P<indicator>.*?)在[^，,；;。]*?排名", clause)
    if named:
        indicator = _clean_indicator(named.group("indicator"), None)[0]
        ctx.rank_indicator = indicator or ctx.rank_indicator


def _sentence_years(sentence: str, plan_year: int | None) -> tuple[list[int], int | None]:
    prefix = _YEAR_PREFIX.match(sentence)
    if prefix:
        years = [int(y) for y in re.findall(r"\d{4}", prefix.group("years"))]
        return years, years[-1]
    deadline = re.search(r"(\d{4})年底", sentence)
    return [], int(deadline.group(1)) if deadline else plan_year


def _is_meaningful(words: str) -> bool:
    rest = _YEAR_PREFIX.sub("", words)
    rest = re.sub(r"[（(][^）)]*[）)]|[\s，,；;。、]", "", rest)
    return len(rest) >= 4


def _sentence_targets(sentence: str, ctx: _Context) -> list[Target]:
    ctx.years, year = _sentence_years(sentence, ctx.plan_year)
    thresholds = parse_threshold_targets(sentence)
    if thresholds:  # 平均降尘量高于7吨/月·平方公里的乡（镇），要… is a trigger, not a target to reach
        for target in thresholds:
            target.year, target.binding = year, _binding(sentence, ctx.section)
        return thresholds
    targets: list[Target] = []
    pending: list[str] = []

    def flush() -> None:
        words = "，".join(pending).strip()
        if _is_meaningful(words):
            targets.append(
                Target(text=words, year=year, scope=ctx.scope, binding=_binding(words, ctx.section))
            )
        pending.clear()

    for clause in split_top_level(sentence, "，,"):
        found = _clause_targets(clause, ctx, year)
        if found:
            flush()
            targets.extend(found)
        elif clause.strip():
            _remember_rank_indicator(clause, ctx)
            pending.append(clause.strip())
    flush()
    return targets


def parse_targets(text: str, plan_year: int | None, scope: str | None = None) -> list[Target]:
    """Targets of a plan's target chapter, in text order (see the module rules)."""
    ctx = _Context(plan_year, scope)
    targets: list[Target] = []
    for sentence in re.split(r"[。！!；;\n]+", text):
        sentence = _LIST_NUMBER.sub("", sentence)
        if _CHAPTER_HEADING.match(sentence):
            continue
        heading = SECTION_RE.match(sentence)
        if heading:
            ctx.section = Binding.BINDING if heading.group("kind") == "约束性" else Binding.ASPIRATIONAL
            sentence = sentence[heading.end() :]
        if _is_meaningful(sentence):
            targets.extend(_sentence_targets(sentence.strip(), ctx))
    return targets


def parse_threshold_targets(text: str) -> list[Target]:
    """Triggers inside tasks: ``平均降尘量高于7吨/月·平方公里的县（市、区）要…`` → threshold targets."""
    targets: list[Target] = []
    for sentence in re.split(r"[。；;！!\n]+", text):
        for match in THRESHOLD_RE.finditer(sentence):
            verb = match.group("verb")
            comparator = TAILS.get(match.group("tail") or "", VERBS.get(verb, "<" if verb == "不足" else ">"))
            indicator = _LEADING_FILLER.sub("", words_before(sentence[: match.start()]).strip())
            target = Target(
                text=sentence.strip(), indicator=indicator, comparator=comparator,
                value=float(match.group("value")), unit=normalise_unit(match.group("unit")),
                scope=match.group("subject").strip(), quantitative=True, threshold=True,
            )  # fmt: skip
            targets.append(target)
    return targets
