"""Unit clauses of a task: which units lead, cooperate and are responsible.

Clause styles read (brackets of any width: （） () 〔〕 [] 【】, commas and colons of any width)::

    （A牵头，B、C配合，D负责）        （A、B按职责牵头）          （A、B按职责分工负责）
    （A负责）                          〔责任单位：A、B〕          〔责任单位：A牵头，B配合〕
    （牵头单位：A；责任单位：B）       〔A牵头，B参与，C负责落实〕  （A牵头督导，B协办）
    （责任单位：A、B、C，排在前位为牵头部门）
    （…，以下各项任务和专项行动均需X负责，不再列出）

Rules (documented choices):

* Roles come from role words after a list of names, or from a label before it.
  Lead: 牵头, 主办, 负总责, 主责, 督导 / 牵头督导 / 督促指导 / 督办 / 指导 (the supervising unit leads).
  Cooperating: 配合, 协办, 协助, 参与. Responsible: 负责, 负责落实, 落实, 具体负责, 组织实施, 承办.
  Labels: 牵头单位 → lead; 配合单位 / 协办单位 / 参与单位 → cooperating;
  责任单位 / 责任部门 / 实施主体 → responsible. A role word inside a labelled list wins over
  the label: 〔责任单位：A牵头，B配合〕 → A lead, B cooperating.
* A list that ends without a role word before a comma takes the role of the next list
  (``A、B，C等相关单位按职责分工负责`` → A, B, C responsible).
* ``排在前位为牵头部门`` (and 排在第一位的 / 第一个…为牵头单位): the first listed unit is the lead, the
  others stay responsible.
* ``以下…均需X负责(落实)，不再列出``: X goes to ``applies_to_later`` and is not a unit of this clause.
* A bracket group is a unit clause when it holds a role word or label and at least one unit-shaped
  name (ends in 局、厅、委、政府、中心、镇、街道、公司… — see :mod:`units_names`). Groups without a role
  word — （试行）, （永济市、古交市…）, （运环发〔2022〕95号） — are not unit clauses, except a group
  made only of office names (…局, …厅, …政府) that closes a sentence: it is read as responsible units
  with a warning.
* A task without any bracketed or labelled clause may end its sentences with the units, unbracketed:
  ``…。由市生态环境局牵头，市工信局配合。`` / ``…。市城管局负责。`` — read only when the whole sentence is
  office names and role words (``督促企业落实…`` is not a clause).
* Anything left over (names without a role, names that do not look like units) is kept as written
  and reported in ``warnings``; nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from envplan.documents.units_names import (
    CLOSE_BRACKETS,
    OPEN_BRACKETS,
    bracket_depths,
    looks_like_office,
    looks_like_unit,
    split_top_level,
    split_unit_names,
)

LEAD, COOPERATING, RESPONSIBLE = "lead", "cooperating", "responsible"

ROLE_WORDS: dict[str, str] = {
    "牵头督导": LEAD, "牵头负责": LEAD, "牵头落实": LEAD, "牵头抓总": LEAD, "负责牵头": LEAD, "牵头": LEAD,
    "主办": LEAD, "加强督促指导": LEAD, "督促指导": LEAD, "负责督导": LEAD, "督导": LEAD,
    "负总责": LEAD, "总牵头": LEAD, "督办": LEAD, "指导": LEAD, "负主责": LEAD, "主责": LEAD,
    "配合落实": COOPERATING, "积极配合": COOPERATING, "协助配合": COOPERATING, "配合": COOPERATING,
    "协办": COOPERATING, "协助": COOPERATING, "参与": COOPERATING,
    "负责落实": RESPONSIBLE, "具体落实": RESPONSIBLE, "具体负责": RESPONSIBLE, "负责实施": RESPONSIBLE,
    "组织实施": RESPONSIBLE, "抓好落实": RESPONSIBLE, "负责": RESPONSIBLE, "落实": RESPONSIBLE,
    "承办": RESPONSIBLE,
    "为牵头单位": LEAD, "为牵头部门": LEAD, "为配合单位": COOPERATING, "为配合部门": COOPERATING,
    "为责任单位": RESPONSIBLE, "为责任部门": RESPONSIBLE, "为责任主体": RESPONSIBLE,
}  # fmt: skip
LABELS: dict[str, str] = {
    "牵头单位": LEAD, "牵头部门": LEAD, "主办单位": LEAD, "督导单位": LEAD, "主责单位": LEAD,
    "配合单位": COOPERATING, "配合部门": COOPERATING, "协办单位": COOPERATING, "参与单位": COOPERATING,
    "协助单位": COOPERATING, "责任单位": RESPONSIBLE, "责任部门": RESPONSIBLE, "落实单位": RESPONSIBLE,
    "实施单位": RESPONSIBLE, "实施主体": RESPONSIBLE, "责任主体": RESPONSIBLE, "承办单位": RESPONSIBLE,
    "主责部门": LEAD, "协同单位": COOPERATING, "配合责任单位": COOPERATING, "牵头责任单位": LEAD,
}  # fmt: skip

_ROLE_RE = re.compile("|".join(sorted(ROLE_WORDS, key=len, reverse=True)))
_LABEL_RE = re.compile(r"\s*(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[：:]\s*")
_APPLIES_LATER_RE = re.compile(
    r"以下[^。；;（(]*?(?:均|都|皆|一律)(?:需要|需|须|由|要)?(?P<units>[^。；;]+?)"
    r"(?:负责落实|具体落实|负责|落实)\s*[，,、]?\s*(?:不再(?:一一)?(?:列出|列明|标注|重复)|不另列出)"
)
_LEAD_FIRST_RE = re.compile(
    r"[，,；;]?\s*(?:(?:排|列)(?:在|名)?(?:第一|首|前)位?的?(?:单位|部门)?|第一(?:个|家)?(?:单位|部门)?|首位)"
    r"为牵头(?:单位|部门)"
)
_SEGMENT_SEPARATORS = "，,；;。"
_LINE_BREAKS_RE = re.compile(r"[ \t　]*[\r\n]+[ \t　]*")
_ANY_BRACKET_RE = re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")
_LABEL_SCAN_RE = re.compile("(?:" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[：:]")


def _separate_labels(inner: str) -> str:
    """A label written after other words without punctuation (牵头单位：A 配合单位：B) starts a segment."""
    pieces: list[str] = []
    position = 0
    for match in _LABEL_SCAN_RE.finditer(inner):
        before = inner[position : match.start()]
        if match.start() > 0 and before.rstrip(" \t　")[-1:] not in ("", *_SEGMENT_SEPARATORS, "：", ":"):
            before = before.rstrip(" \t　") + "；"
        pieces.append(before)
        position = match.start()
    return "".join(pieces) + inner[position:]


@dataclass(slots=True)
class UnitAssignment:
    """The units of one clause, each list in the order written, prefixes restored."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    text: str = ""  # the bracketed words as written
    applies_to_later: list[str] = field(default_factory=list)  # X of 「以下…均需X负责，不再列出」
    warnings: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when the clause named no unit at all."""
        return not (self.lead or self.cooperating or self.responsible or self.applies_to_later)

    def names(self) -> list[str]:
        """Every unit named, lead first."""
        return [*self.lead, *self.cooperating, *self.responsible, *self.applies_to_later]


@dataclass(slots=True)
class UnitClauseMatch:
    """A unit clause found in a task's text: offsets of the whole group and what it says."""

    start: int
    end: int
    assignment: UnitAssignment


@dataclass(slots=True)
class _Reading:
    roles: dict[str, list[str]]
    unassigned: list[str]
    has_role_word: bool
    applies_to_later: list[str]
    warnings: list[str]


def _role_matches(segment: str) -> list[tuple[re.Match[str], str]]:
    """Role words at bracket depth 0 that end a list (followed by 、, blank or the end)."""
    depths = bracket_depths(segment)
    found = []
    for match in _ROLE_RE.finditer(segment):
        following = segment[match.end() : match.end() + 1]
        if depths[match.start()] == 0 and following in ("", "、", " ", "　"):
            found.append((match, ROLE_WORDS[match.group(0)]))
    return found


def _extract_applies_to_later(inner: str, warnings: list[str]) -> tuple[str, list[str]]:
    match = _APPLIES_LATER_RE.search(inner)
    if not match:
        return inner, []
    units = split_unit_names(match.group("units"))
    if not units:
        warnings.append(f"「{match.group(0)}」中没有单位")
    return inner[: match.start()] + inner[match.end() :], units


_TIME_SEGMENT_RE = re.compile(r"^(?:\d{4}年|\d{1,2}月|年底|每[年月季周日]|长期|持续|常态)")
_OTHER_LABEL_RE = re.compile(r"\s*[\u4e00-\u9fff]{2,6}\s*[：:]")  # 完成时限：… is no unit label
_ROLE_ALTERNATIVES = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
_ROLE_MARK_RE = re.compile(rf"^(?P<name>.+?)\s*[（(](?P<mark>{_ROLE_ALTERNATIVES})(?:单位|部门)?[）)]$")


@dataclass(slots=True)
class _Reader:
    """State while reading one clause segment by segment (see :func:`_read_inner`)."""

    roles: dict[str, list[str]] = field(default_factory=lambda: {LEAD: [], COOPERATING: [], RESPONSIBLE: []})
    pending: list[str] = field(default_factory=list)
    label_role: str | None = None
    last_name: str = ""
    has_role_word: bool = False
    warnings: list[str] = field(default_factory=list)

    def assign(self, role: str, names: list[str]) -> None:
        """Give ``role`` to ``names``, except names marked otherwise: 市生态环境局（牵头）."""
        for name in names:
            marked = _ROLE_MARK_RE.match(name)
            if marked:
                name, role_of_name = marked.group("name"), ROLE_WORDS[marked.group("mark")]
                self.roles[role_of_name].append(name)
            else:
                self.roles[role].append(name)

    def names(self, words: str) -> list[str]:
        found = split_unit_names(words, self.last_name)
        self.last_name = found[-1] if found else self.last_name
        return found

    def read_segment(self, segment: str) -> None:
        label = _LABEL_RE.match(segment)
        if label:
            self.label_role, segment, self.has_role_word = (
                LABELS[label.group(1)],
                segment[label.end() :],
                True,
            )
        elif _OTHER_LABEL_RE.match(segment):
            self.label_role = None  # 完成时限：2023年底前 — not units
            return
        elif _TIME_SEGMENT_RE.match(segment.strip()) and not looks_like_unit(segment.strip()):
            return  # （市公安局牵头，2024年6月底前完成）: the date is a milestone, not a unit
        position = 0
        for match, role in _role_matches(segment):
            names = self.pending + self.names(segment[position : match.start()])
            self.has_role_word, self.pending, position = True, [], match.end()
            if not names:
                self.warnings.append(f"「{match.group(0)}」后没有单位")
            self.assign(role, names)
        rest = self.names(segment[position:])
        if rest and self.label_role:
            self.assign(self.label_role, self.pending + rest)
            self.pending = []
        else:
            self.pending.extend(rest)


def _read_inner(inner: str) -> _Reading:
    inner = _LINE_BREAKS_RE.sub("", inner)  # a clause hard-wrapped over lines reads as one line
    reader = _Reader()
    inner, later = _extract_applies_to_later(inner, reader.warnings)
    inner, lead_first = _LEAD_FIRST_RE.subn("", inner)
    reader.has_role_word = bool(later)
    for segment in split_top_level(_separate_labels(inner), _SEGMENT_SEPARATORS):
        reader.read_segment(segment)
    if reader.pending and any(_ROLE_MARK_RE.match(name) for name in reader.pending):
        reader.assign(RESPONSIBLE, reader.pending)
        reader.pending, reader.has_role_word = [], True
    roles = reader.roles
    if lead_first and not roles[LEAD] and roles[RESPONSIBLE]:
        roles[LEAD].append(roles[RESPONSIBLE].pop(0))
    return _Reading(roles, reader.pending, reader.has_role_word, later, reader.warnings)


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _strip_outer_brackets(text: str) -> str:
    if len(text) >= 2 and text[0] in OPEN_BRACKETS and text[-1] in CLOSE_BRACKETS:
        depths = bracket_depths(text)
        if all(depth > 0 for depth in depths[1:-1]):
            return text[1:-1]
    return text


def _assignment(text: str, reading: _Reading) -> UnitAssignment:
    warnings = list(reading.warnings)
    roles = reading.roles
    if reading.unassigned:
        if not reading.has_role_word and all(looks_like_office(n) for n in reading.unassigned):
            roles[RESPONSIBLE].extend(reading.unassigned)
            warnings.append(f"「{text}」中没有牵头、配合、负责等职责字样：按责任单位读入")
        elif reading.has_role_word:
            warnings.append(f"未标明职责的单位：{'、'.join(reading.unassigned)}")
        else:
            warnings.append(f"不是责任单位条款（既无职责字样，也无机关名称）：「{text}」")
    assignment = UnitAssignment(
        lead=_dedupe(roles[LEAD]),
        cooperating=_dedupe(roles[COOPERATING]),
        responsible=_dedupe(roles[RESPONSIBLE]),
        text=text,
        applies_to_later=_dedupe(reading.applies_to_later),
        warnings=warnings,
    )
    odd = [name for name in assignment.names() if not looks_like_unit(name)]
    assignment.warnings += [f"「{name}」不像单位名称" for name in odd]
    return assignment


def parse_unit_clause(text: str) -> UnitAssignment:
    """Read one unit clause, with or without its brackets: （A牵头，B配合） → lead [A], cooperating [B]."""
    text = text.strip()
    return _assignment(text, _read_inner(_strip_outer_brackets(text)))


def _top_level_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost bracket group; unbalanced brackets are skipped."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for bracket in _ANY_BRACKET_RE.finditer(text):
        if bracket.group(0) in OPEN_BRACKETS:
            stack.append(bracket.start())
        elif stack:
            pairs.append((stack.pop(), bracket.end()))
    outermost: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if not outermost or start >= outermost[-1][1]:
            outermost.append((start, end))
    return outermost


def _closes_sentence(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    after = text[end:].lstrip(" \t　")
    return before[-1:] in ("", "。", "；", ";", "\n") or after[:1] in ("", "。", "；", ";", "\n")


_UNIT_HINT_RE = re.compile("[局厅委办府心队部会]|" + "|".join(ROLE_WORDS) + "|" + "|".join(LABELS))


def _clause_in_group(text: str, start: int, end: int) -> UnitAssignment | None:
    group = text[start:end]
    if not _UNIT_HINT_RE.search(group):
        return None  # neither a role word nor an office name: （试行）, （一）, （2022—2025年）
    reading = _read_inner(group[1:-1])
    assignment = _assignment(group, reading)
    if reading.has_role_word:
        return assignment if any(looks_like_unit(n) for n in assignment.names()) else None
    if not assignment.is_empty() and _closes_sentence(text, start, end):
        return assignment
    return None


_BARE_CLAUSE_RE = re.compile(
    r"(?:^|(?<=[\n。；;]))[ \t　]*(?:" + "|".join(LABELS) + r")\s*[：:][^\n。]*|" + _APPLIES_LATER_RE.pattern
)


def _bare_clauses(text: str, taken: list[tuple[int, int]]) -> list[UnitClauseMatch]:
    """Unbracketed clauses: 「责任单位：A、B」 on its own sentence, 「以下…均需X负责，不再列出」."""
    found = []
    for match in _BARE_CLAUSE_RE.finditer(text):
        start, end = match.start(), match.end()
        if any(s <= start < e for s, e in taken):
            continue
        start += len(match.group(0)) - len(match.group(0).lstrip(" \t　"))
        assignment = parse_unit_clause(text[start:end])
        if not assignment.is_empty():
            found.append(UnitClauseMatch(start, end, assignment))
    return found


_SENTENCE_RE = re.compile(r"[^。；;\n]+")
_ENDS_WITH_ROLE_RE = re.compile(f"(?:{_ROLE_ALTERNATIVES})$")


def _unit_sentences(text: str) -> list[UnitClauseMatch]:
    """Unbracketed sentences made only of office names and role words: 「由市生态环境局牵头，市工信局
    配合。」, 「市城管局负责。」. A sentence with any other word (督促企业落实…) is not a clause."""
    found = []
    for match in _SENTENCE_RE.finditer(text):
        sentence = match.group(0).strip(" \t　")
        if len(sentence) > 80 or not _ENDS_WITH_ROLE_RE.search(sentence):
            continue
        reading = _read_inner(sentence)
        names = [n for role in reading.roles.values() for n in role]
        if names and not reading.unassigned and not reading.warnings and all(map(looks_like_office, names)):
            start = match.start() + match.group(0).index(sentence)
            found.append(UnitClauseMatch(start, start + len(sentence), _assignment(sentence, reading)))
    return found


def find_unit_clauses(text: str) -> list[UnitClauseMatch]:
    """Every unit clause of a task's text, in order, with the offsets of the whole group."""
    found: list[UnitClauseMatch] = []
    groups = _top_level_groups(text)
    for start, end in groups:
        assignment = _clause_in_group(text, start, end)
        if assignment is not None:
            found.append(UnitClauseMatch(start, end, assignment))
    found += _bare_clauses(text, groups)
    if not found:
        found += _unit_sentences(text)  # only when nothing else named the units
    return sorted(found, key=lambda m: m.start)
