"""Typed objects of a parsed notice: document → plans → targets, tasks, clauses, milestones, tables.

This is the contract between the parser and everything above it (ledger, dispatch, exports).
Its JSON form is documented in ``docs/plan-schema.md`` and ``docs/plan-schema.json``;
:data:`SCHEMA_VERSION` changes whenever a field is renamed or removed.
Every parsed field keeps the original words it came from (``text``) so that an officer can see
why the system believes, say, that a task is due on a date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = "1.0"


class Domain(StrEnum):
    WATER = "water"
    AIR = "air"
    SOIL = "soil"
    GROUNDWATER = "groundwater"
    OTHER = "other"


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"


class TaskKind(StrEnum):
    TASK = "task"
    SPECIAL_ACTION = "special_action"
    SAFEGUARD = "safeguard"


class MilestoneKind(StrEnum):
    DUE = "due"
    START = "start"
    WINDOW = "window"
    RECURRING = "recurring"
    SEASON = "season"
    ONGOING = "ongoing"


class Binding(StrEnum):
    BINDING = "binding"  # 约束性
    ASPIRATIONAL = "aspirational"  # 争取性 / 力争
    UNSPECIFIED = "unspecified"


@dataclass(slots=True)
class Milestone:
    """One time expression of a task, normalised, with the original words in ``text``.

    ``due`` is the date by which the work must be done (null for ongoing work and for windows
    without an end); ``start``/``end`` bound windows, seasons and starts. ``recurrence`` is one of
    ``daily``, ``weekly``, ``monthly``, ``quarterly``, ``yearly`` for recurring work, and
    ``time_of_day`` holds a daily window such as ``"10:00-16:00"``. ``inherited_from`` is set when
    the task prints no deadline of its own and the milestone comes from its chapter or section
    heading (the heading as printed, e.g. ``"（一）2023年6月底前完成燃煤锅炉淘汰"``); None otherwise.
    """

    text: str
    kind: MilestoneKind
    due: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: str | None = None
    time_of_day: str | None = None
    warnings: list[str] = field(default_factory=list)
    inherited_from: str | None = None  # the heading a task without its own deadline took it from


@dataclass(slots=True)
class Clause:
    """A sentence group of a task with its own unit assignment, e.g. '…。（A牵头，B配合）'."""

    text: str
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    units_text: str = ""  # the bracketed words the units were read from
    milestones: list[Milestone] = field(default_factory=list)


@dataclass(slots=True)
class Task:
    """A numbered task or special action of a plan."""

    number: str  # as printed: "5", "（三）", "专项行动1"
    title: str  # the heading sentence
    text: str  # the full text, units clause included
    path: list[str]  # chapter path: ["三、重点任务", "（二）深化水环境治理"]
    kind: TaskKind = TaskKind.TASK
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    line: int | None = None  # 1-based line of the input text (file or reader text) where the task starts


@dataclass(slots=True)
class Target:
    """A target of a plan. Quantitative ones carry indicator, comparator and value."""

    text: str  # the original sentence
    indicator: str | None = None  # e.g. "国考断面达到或优于Ⅲ类比例", "PM2.5平均浓度"
    comparator: str | None = None  # one of ">=", "<=", "=", "<", ">", "rank_outside_bottom", "none"
    value: float | None = None
    unit: str | None = None  # "%", "µg/m³", "mg/m³", "t/(km²·30d)", "位", "天"
    baseline: str | None = None  # e.g. "2022年" for 在2022年的基础上
    change: str | None = None  # "decrease" / "increase" for relative targets (降10%)
    year: int | None = None
    scope: str | None = None  # region or object the target applies to
    binding: Binding = Binding.UNSPECIFIED
    quantitative: bool = False
    threshold: bool = False  # a trigger, e.g. 平均降尘量高于7吨/月·平方公里的县…


@dataclass(slots=True)
class Table:
    """A table of the notice as rows of cells under its headers."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    kind: str = "other"  # projects | section_targets | monthly_targets | ledger | other
    line: int | None = None


@dataclass(slots=True)
class Plan:
    """One action plan of one domain, region and period."""

    title: str
    domain: Domain
    period: str = ""  # as printed normalised: "2023", "2022—2023"
    period_start: int | None = None
    period_end: int | None = None
    region: str = ""
    parent_plans: list[str] = field(default_factory=list)  # titles cited in 《》
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """The notice (发文) that carries the plans."""

    title: str = ""
    doc_number: str | None = None  # 文号, e.g. 吕政办发〔2023〕4号
    issuer: str | None = None
    issue_date: dt.date | None = None
    region: str | None = None
    level: Level | None = None
    source: str | None = None  # file name or "-" for standard input


@dataclass(slots=True)
class ParsedNotice:
    """What the parser returns for one input file."""

    document: Document
    plans: list[Plan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (dates as ISO strings, enums as their values)."""
        return _jsonable(dataclasses.asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
