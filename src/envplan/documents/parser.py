"""Notice text → :class:`ParsedNotice`: the parsing pipeline.

``parse_text`` cleans the text (:mod:`.normalize`), lifts the tables out of it (:mod:`.tables`),
splits the notice into its header and plans (:mod:`.structure`), and reads every task's unit
clauses (:mod:`.units`), time expressions (:mod:`.milestones`) and every plan's targets
(:mod:`.targets`). ``parse_file`` / ``parse_bytes`` read the file first (:mod:`.readers`).

Bad input never raises anything but :class:`DocumentError` (unreadable file); text that holds no
plan (empty, a review, arbitrary bytes decoded as text) gives a notice with zero plans and a
warning saying so.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from envplan.documents.milestones import parse_milestones
from envplan.documents.milestones_seasons import SeasonSettings
from envplan.documents.model import (
    Clause,
    Level,
    Milestone,
    MilestoneKind,
    ParsedNotice,
    Plan,
    Table,
    Task,
    TaskKind,
)
from envplan.documents.normalize import clean_lines, join_paragraphs
from envplan.documents.readers import DocumentError, SourceText, read_bytes, read_document
from envplan.documents.regions import follows_another_city, level_by_suffix
from envplan.documents.structure import (
    PlanBlock,
    TaskBlock,
    compact,
    cover_titles,
    domain_of,
    parse_header,
    period_of,
    plan_starts,
    split_plan,
)
from envplan.documents.table_tasks import separate_unit_cells, table_tasks
from envplan.documents.tables import classify_table, find_line_tables
from envplan.documents.targets import parse_targets, parse_threshold_targets
from envplan.documents.targets_tables import table_targets
from envplan.documents.units import UnitAssignment, find_unit_clauses

NO_PLAN_WARNING = "未找到行动计划（既无计划标题，也无“为……制定本行动计划”引言）"


def parse_text(
    text: str,
    source: str = "-",
    tables: list[Table] | None = None,
    seasons: SeasonSettings | None = None,
) -> ParsedNotice:
    """Parse the text of a notice; ``tables`` are tables a reader found as tables (DOCX, PDF)."""
    lines = clean_lines(text)
    line_tables = find_line_tables(lines)
    paragraphs = join_paragraphs([ln for ln in lines if ln.number not in line_tables.consumed])
    starts = plan_starts(paragraphs)
    cover = paragraphs[: starts[0][0]] if starts else paragraphs[:12]
    notice = ParsedNotice(document=parse_header(cover, source))
    if not starts:
        notice.warnings.append(NO_PLAN_WARNING if text.strip() else "文件为空")
        return notice
    listed = cover_titles(cover)
    bounds = [index for index, _ in starts] + [len(paragraphs)]
    for (index, title), end in zip(starts, bounds[1:], strict=True):
        block = split_plan(title, paragraphs[index:end], paragraphs[index].number, listed)
        notice.plans.append(_build_plan(block, notice.document.region or "", seasons))
    _complete_document(notice)
    reader_tables = [_classified(table) for table in tables or []]
    _attach_tables(notice.plans, line_tables.tables + reader_tables, [p.number for p in paragraphs], starts)
    for plan in notice.plans:
        plan.warnings += [w for table in plan.tables for w in line_tables.warnings.get(table.line or 0, [])]
        year = plan.period_start or plan.period_end
        for table in plan.tables:
            plan.targets += table_targets(table, year, plan.region or None)
        if not plan.tasks:
            plan.tasks = _tasks_from_tables(
                plan, _Dates(year, seasons, plan.period if year != plan.period_end else "")
            )
    if not any(plan.tasks for plan in notice.plans):
        notice.warnings.append("找到行动计划，但其中没有编号的任务")
    return notice


def parse_source(source_text: SourceText, seasons: SeasonSettings | None = None) -> ParsedNotice:
    """Parse what a reader returned, keeping its warnings."""
    notice = parse_text(source_text.text, source_text.source, source_text.tables, seasons)
    notice.warnings[:0] = source_text.warnings
    return notice


def parse_file(path: str | Path, seasons: SeasonSettings | None = None) -> ParsedNotice:
    """Read and parse a notice file (TXT, DOCX, PDF); raises :class:`DocumentError` if unreadable."""
    return parse_source(read_document(Path(path)), seasons)


def parse_bytes(data: bytes, name: str, seasons: SeasonSettings | None = None) -> ParsedNotice:
    """Parse a notice given as bytes (``name`` tells the file, e.g. ``"-"`` for standard input)."""
    return parse_source(read_bytes(data, name), seasons)


__all__ = ["DocumentError", "parse_bytes", "parse_file", "parse_source", "parse_text"]


# ---------------------------------------------------------------- plans and tasks


def _build_plan(block: PlanBlock, document_region: str, seasons: SeasonSettings | None) -> Plan:
    period, start, end = period_of(block.title)
    region = document_region if document_region and block.title.startswith(document_region) else ""
    if not region:
        region = _region_of_title(block.title)
    year = start or end
    plan = Plan(
        title=block.title,
        domain=block.domain,
        period=period,
        period_start=start,
        period_end=end,
        region=region,
        parent_plans=_parent_plans(block),
        warnings=list(block.warnings),
    )
    if year is None:
        plan.warnings.append("标题中没有计划年度：未写年份的日期无法确定")
    target_text = "\n".join(p.text for p in block.target_paragraphs)
    if target_text and year is not None:
        plan.targets = parse_targets(target_text, year, scope=region or None)
    later: list[str] = []
    for task_block in block.tasks:
        task = _build_task(task_block, _Dates(year, seasons, period if start != end else ""), later)
        plan.tasks.append(task)
        plan.targets += parse_threshold_targets(task.text)
    return plan


_PLACE_BEFORE_TOPIC = re.compile(r"^[\u4e00-\u9fff]*(?:省|自治区|市|县|区|旗)(?![场容政域])")
_PLACE_AT_START = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|县|区|旗)(?![场容政域])")


def _complete_document(notice: ParsedNotice) -> None:
    """What the plans tell about the notice: the region when no issuer is printed, and a city
    that follows another city's plan is a county-level city (:mod:`.regions`, rule 3)."""
    document = notice.document
    regions = {plan.region for plan in notice.plans}
    if not document.region and len(regions) == 1 and (region := regions.pop()):
        document.region, document.level = region, level_by_suffix(region)
        notice.warnings.append(f"未印发文机关：所属地区“{region}”取自计划标题")
    parents = [title for plan in notice.plans for title in plan.parent_plans]
    if document.level is Level.CITY and follows_another_city(document.region or "", parents):
        document.level = Level.COUNTY
    if not document.title and notice.plans:
        notice.warnings.append("未印通知标题（关于印发……的通知）：文件标题留空")


def _region_of_title(title: str) -> str:
    """The place a plan title starts with: the words before its topic, else a place name."""
    for word in ("水环境", "空气", "大气", "土壤", "地下水", "水污染"):
        if word in title:
            before = title.split(word)[0]  # 青岚县秋冬季 / 青岚县2024年 → 青岚县; 晋城市城区 stays
            place = _PLACE_BEFORE_TOPIC.match(before)
            return place.group(0) if place else before
    place = _PLACE_AT_START.match(title)
    return place.group(0) if place else ""


def _parent_plans(block: PlanBlock) -> list[str]:
    own = compact(block.title)
    cited = [compact(t) for t in _quoted(block.preamble)]
    return [t for t in dict.fromkeys(cited) if ("计划" in t or "规划" in t or "方案" in t) and t != own]


def _quoted(text: str) -> list[str]:
    return re.findall(r"《([^《》]{2,80})》", text)


@dataclass(frozen=True, slots=True)
class _Dates:
    """What a time expression needs from its plan: the year, the season settings, and the period
    when the plan spans several years (then a date printed without its year is flagged)."""

    year: int | None
    seasons: SeasonSettings | None
    multi_year_period: str = ""


def _build_task(block: TaskBlock, dates: _Dates, later: list[str]) -> Task:
    """A task with its clauses; ``later`` holds the units of earlier 「以下…不再列出」 clauses."""
    text = "\n".join(p.text for p in block.paragraphs)
    task = Task(
        number=block.number,
        title=block.title,
        text=text,
        path=block.path,
        kind=block.kind,
        line=block.paragraphs[0].number,
        warnings=list(block.warnings),
    )
    matches = find_unit_clauses(text)
    position = 0
    for match in matches:
        segment = text[position : match.end].strip()
        task.clauses.append(_clause(segment, match.assignment, dates, task.warnings))
        task.warnings += match.assignment.warnings
        position = match.end
    _collect_units(task)
    tail = text[position:].strip()
    task.milestones += _milestones(tail, dates, task.warnings) if tail else []
    if not task.clauses and block.section_text:
        _inherit_section_units(task, block.section_text, dates)
    _inherit_heading_deadline(task, dates)
    if block.kind is not TaskKind.SAFEGUARD:
        _union(task.responsible_units, later)
        if not task.clauses:
            task.warnings.append("未找到责任单位条款：牵头、配合、责任单位不明")
    for match in matches:
        _union(later, match.assignment.applies_to_later)
    return task


def _tasks_from_tables(plan: Plan, dates: _Dates) -> list[Task]:
    """A plan without numbered tasks takes its task table's rows as tasks (:mod:`.table_tasks`)."""
    tasks: list[Task] = []
    for table in plan.tables:
        for row in table_tasks(table):
            title = re.split(r"[。；;]", row.text, maxsplit=1)[0]
            task = Task(number=row.number, title=title, text=row.text, path=row.path, line=table.line)
            task.warnings.append(row.warning)
            task.lead_units = row.units["lead"]
            task.cooperating_units = row.units["cooperating"]
            task.responsible_units = row.units["responsible"]
            task.milestones = _milestones(row.due_text, dates, task.warnings) if row.due_text else []
            tasks.append(task)
    return tasks


def _inherit_section_units(task: Task, section_text: str, dates: _Dates) -> None:
    """A task naming no unit takes the units of its section heading: 「（一）强化工业治理（县工信局
    牵头）」 over 「1.…」 「2.…」; the clause keeps the heading's words and the task says so."""
    matches = find_unit_clauses(section_text)
    for match in matches:
        clause = _clause(match.assignment.text, match.assignment, dates, [])
        clause.milestones = []  # the heading's dates are the section's, not this task's
        task.clauses.append(clause)
    if matches:
        _collect_units(task)
        task.warnings.append(f"责任单位取自所在章节标题：{section_text.strip()[:40]}")


def _inherit_heading_deadline(task: Task, dates: _Dates) -> None:
    """A task that prints no time of its own but a start takes the deadlines (``due`` milestones) of
    its nearest heading that prints one — its section 「（一）2023年6月底前完成…」, else its chapter
    「三、…（2023年10月底前）」 — marked ``inherited_from`` that heading, with a warning. Only the
    heading sentence counts (the words after its 。 are the section's); seasons and windows in a
    heading (（一）持续开展夏季臭氧污染治理攻坚行动) name a campaign and are not passed down."""
    if any(m.kind is not MilestoneKind.START for m in task.milestones):
        return
    for heading in reversed(task.path):
        warnings: list[str] = []
        found = [m for m in _milestones(heading, dates, warnings) if m.kind is MilestoneKind.DUE]
        if found:
            task.milestones += [dataclasses.replace(m, inherited_from=heading) for m in found]
            words = "、".join(f"“{m.text}”" for m in found)
            task.warnings += [f"完成时限{words}取自所在章节标题「{heading}」（任务本身未写时限）", *warnings]
            return


def _collect_units(task: Task) -> None:
    """The task's units and milestones are the union of its clauses', in order."""
    for clause in task.clauses:
        _union(task.lead_units, clause.lead_units)
        _union(task.cooperating_units, clause.cooperating_units)
        _union(task.responsible_units, clause.responsible_units)
        task.milestones += clause.milestones


def _clause(segment: str, assignment: UnitAssignment, dates: _Dates, warnings: list[str]) -> Clause:
    return Clause(
        text=segment,
        lead_units=list(assignment.lead),
        cooperating_units=list(assignment.cooperating),
        responsible_units=list(assignment.responsible),
        units_text=assignment.text,
        milestones=_milestones(segment, dates, warnings),
    )


_YEAR = re.compile(r"\d{4}")


def _milestones(text: str, dates: _Dates, warnings: list[str]) -> list[Milestone]:
    """Time expressions of ``text``; their warnings are copied to the task's."""
    if dates.year is None:
        return []
    found = parse_milestones(text, dates.year, dates.seasons)
    for milestone in found:
        warnings += [f"{milestone.text}：{w}" for w in milestone.warnings]
        dated = milestone.due or milestone.start or milestone.end
        yearly = milestone.kind is MilestoneKind.RECURRING
        if dates.multi_year_period and dated and not yearly and not _YEAR.search(milestone.text):
            source = "计划首年" if dated.year == dates.year else "前文所写年份"
            warnings.append(
                f"{milestone.text}：未写年份，按{dated.year}年（{source}）读入"
                f"（计划期 {dates.multi_year_period}）"
            )
    return found


def _union(into: list[str], names: list[str]) -> None:
    for name in names:
        if name not in into:
            into.append(name)


# ---------------------------------------------------------------- tables


def _attach_tables(
    plans: list[Plan], tables: list[Table], paragraph_lines: list[int], starts: list[tuple[int, str]]
) -> None:
    """Each table goes to the plan whose text it stands in (by line), else by its title's domain."""
    start_lines = [paragraph_lines[index] for index, _ in starts]
    for table in tables:
        separate_unit_cells(table)
        plans[_plan_index(table, start_lines, plans)].tables.append(table)


def _classified(table: Table) -> Table:
    """A reader's table with its kind read from its headers (readers leave it "other")."""
    if table.kind == "other":
        table.kind = classify_table(table.headers, table.rows)
    return table


def _plan_index(table: Table, start_lines: list[int], plans: list[Plan]) -> int:
    if table.line is not None:
        before = [i for i, line in enumerate(start_lines) if line <= table.line]
        return before[-1] if before else 0
    domain = domain_of(table.title)
    return next((i for i, plan in enumerate(plans) if plan.domain == domain), 0)
