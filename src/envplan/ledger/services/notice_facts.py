"""Facts the ledger derives from a parsed notice without touching the database.

Content hash and identity of a notice, the stable key of a task inside its plan (and how a task
under a reworded heading is still recognised), a task's due date
(the latest date among its milestones) and whether it is standing work (长期坚持 / 常态化:
ongoing or recurring milestones and no date), and the unit names of each role.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from envplan.documents.model import Clause, Milestone, MilestoneKind, ParsedNotice, Task
from envplan.ledger.models import AssignmentRole

STANDING_KINDS = frozenset({MilestoneKind.ONGOING, MilestoneKind.RECURRING})


def content_hash(notice: ParsedNotice) -> str:
    """SHA-256 of the notice's parsed content (its source file name left out) [hex]."""
    data = notice.to_dict()
    data["document"].pop("source", None)
    data.pop("warnings", None)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def document_identity(doc_number: str | None, title: str, digest: str) -> str:
    """The identity of one version of a notice: SHA-256 of 文号, title and content hash [hex]."""
    payload = "\x1f".join((doc_number or "", title, digest))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def task_key(task: Task) -> str:
    """Stable key of a task within its plan: its number under its chapter path (≤ 160 characters)."""
    return _bounded("/".join([*task.path, task.number]))


def _bounded(key: str) -> str:
    if len(key) <= 160:
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{key[:140]}~{digest}"


def task_keys(tasks: Sequence[Task]) -> list[str]:
    """The keys of a plan's tasks in order; a number printed twice under one heading (the parser
    warns of it) gets ``#2``, ``#3`` … on its later tasks, so that every key is unique."""
    keys, seen = [], Counter[str]()
    for task in tasks:
        key = task_key(task)
        seen[key] += 1
        keys.append(key if seen[key] == 1 else _bounded(f"{key}#{seen[key]}"))
    return keys


HEADING_NUMBER = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节部分篇]|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|[一二三四五六七八九十百]+[、.．]|\d+(?:\.\d+)*[、.．]?)"
)


def loose_key(path: Sequence[str], number: str) -> str:
    """A task's key with each heading cut to its number (「三、重点任务」 → 「三、」): the same after a
    heading is reworded. Headings without a number stay whole."""
    parts = [(m.group(1) if (m := HEADING_NUMBER.match(h)) else h) for h in path]
    return "/".join([*parts, number])


def match_reworded(
    old: Mapping[str, tuple[Sequence[str], str]], new: Mapping[str, tuple[Sequence[str], str]]
) -> dict[str, str]:
    """Pairs (new key → old key) of tasks whose keys differ only because a heading above them was
    reworded: unmatched on both sides, with one and the same :func:`loose_key` on each side.
    ``old``/``new``: key → (heading path, task number) of the tasks left unmatched by key."""

    def unique(side: Mapping[str, tuple[Sequence[str], str]]) -> dict[str, str]:
        by_loose: dict[str, list[str]] = {}
        for key, (path, number) in side.items():
            by_loose.setdefault(loose_key(path, number), []).append(key)
        return {loose: keys[0] for loose, keys in by_loose.items() if len(keys) == 1}

    olds, news = unique(old), unique(new)
    return {news[loose]: olds[loose] for loose in news.keys() & olds.keys()}


def all_milestones(task: Task) -> Iterator[tuple[int | None, Milestone]]:
    """The task's own milestones (clause None) and each clause's, with the clause index."""
    for milestone in task.milestones:
        yield None, milestone
    for index, clause in enumerate(task.clauses):
        for milestone in clause.milestones:
            yield index, milestone


def _date_of(milestone: Milestone) -> dt.date | None:
    if milestone.kind in STANDING_KINDS:
        return milestone.due
    return milestone.due or milestone.end


def task_due_date(task: Task) -> dt.date | None:
    """The latest date by which the task's work is due, or None when no milestone gives one."""
    dates = [d for _, m in all_milestones(task) if (d := _date_of(m)) is not None]
    return max(dates) if dates else None


def task_is_standing(task: Task) -> bool:
    """Standing work (长期坚持, 常态化, recurring): ongoing/recurring milestones and no due date."""
    kinds = {m.kind for _, m in all_milestones(task)}
    return bool(kinds & STANDING_KINDS) and task_due_date(task) is None


def task_unit_names(task: Task) -> list[tuple[AssignmentRole, str]]:
    """(role, name as written) of every unit of the task and its clauses, in order, without repeats."""
    pairs: list[tuple[AssignmentRole, str]] = []
    sources: list[Task | Clause] = [task, *task.clauses]
    for source in sources:
        for role, names in (
            (AssignmentRole.LEAD, source.lead_units),
            (AssignmentRole.COOPERATING, source.cooperating_units),
            (AssignmentRole.RESPONSIBLE, source.responsible_units),
        ):
            for name in names:
                if (role, name) not in pairs:
                    pairs.append((role, name))
    return pairs


def clause_dicts(task: Task) -> list[dict[str, object]]:
    """The task's clauses as JSON-ready dictionaries (kept for the task page)."""
    return [
        {
            "text": c.text,
            "lead_units": list(c.lead_units),
            "cooperating_units": list(c.cooperating_units),
            "responsible_units": list(c.responsible_units),
            "units_text": c.units_text,
        }
        for c in task.clauses
    ]
