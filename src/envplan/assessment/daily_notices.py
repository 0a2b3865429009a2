"""The daily run's notifications: one digest per unit officer and day, a message per change.

The officers of a unit get, for a run day D,

- one **digest** (「今日调度提醒：红色N项、黄色M项、蓝色K项」) listing the unit's red and yellow
  assignments with links, sent when the unit has any red, yellow or blue assignment; and
- one **change** message per assignment that became red or yellow since the baseline — the latest
  earlier run day's snapshots (absent there: no colour). Without an earlier run (the very first run)
  there is no baseline, so no change messages: the digest says it all.

Every message carries its run day and a dedupe key (``digest:<unit>:<D>``,
``colour:<assignment>:<D>:<colour>``), so running a day again creates nothing new.

Running a day again after the ledger or a policy changed brings that day's digests up to date
**in place** while they are unread: same row (id, created_at, key), new title and body; a unit
with nothing coloured any more gets the zero counts (「红色0项、黄色0项、蓝色0项」). A digest the
officer has read is never rewritten — it stays the record of what was read; the dispatch board
(the digest's link) shows the current state. An updated digest keeps its ``emailed_at``: one
already e-mailed is not e-mailed again (an assignment newly red or yellow still gets its own change
message, e-mailed as usual); one not yet e-mailed goes out with the new text. A re-run that finds
the same state changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from envplan.assessment.colours import COLOUR_LABELS, Colour, Evaluation
from envplan.ledger.dispatch_models import DispatchRun, InboxMessage, ScheduleSnapshot
from envplan.ledger.models import Assignment, Task, User, UserRole, utcnow

RANK = {Colour.NONE: 0, Colour.BLUE: 1, Colour.YELLOW: 2, Colour.RED: 3}
DIGEST_LINES = 20  # red and yellow assignments listed per colour in a digest; the board has the rest


@dataclass(frozen=True, slots=True)
class Target:
    """Where an assignment's messages go: its unit, the unit's officers, and its task."""

    unit_id: int
    officers: tuple[int, ...]
    task_id: int
    label: str  # 任务编号 and title


def baseline_colours(session: Session, day: dt.date) -> dict[str, Colour] | None:
    """Colours of the latest run day before ``day``; None when there was no earlier run."""
    before = session.scalar(select(func.max(DispatchRun.day)).where(DispatchRun.day < day))
    if before is None:
        return None
    query = select(ScheduleSnapshot.assignment_id, ScheduleSnapshot.colour).where(
        ScheduleSnapshot.day == before
    )
    return {str(assignment_id): Colour(colour) for assignment_id, colour in session.execute(query)}


def changed(evaluations: Sequence[Evaluation], baseline: dict[str, Colour] | None) -> list[Evaluation]:
    """Assignments newly red or newly yellow against the baseline (none without a baseline)."""
    if baseline is None:
        return []
    return [
        e
        for e in evaluations
        if e.colour in (Colour.YELLOW, Colour.RED) and RANK[e.colour] > RANK[baseline.get(e.key, Colour.NONE)]
    ]


def _targets(session: Session) -> dict[str, Target]:
    """Every assignment of a unit with active officers, keyed by assignment id (as text)."""
    officers: dict[int, list[int]] = defaultdict(list)
    query = select(User.unit_id, User.id).where(
        User.role == UserRole.UNIT_OFFICER, User.active.is_(True), User.unit_id.is_not(None)
    )
    for unit_id, user_id in session.execute(query.order_by(User.id)):
        if unit_id is not None:
            officers[unit_id].append(user_id)
    if not officers:
        return {}
    rows = session.execute(
        select(Assignment.id, Assignment.unit_id, Task.id, Task.number, Task.title)
        .join(Task, Assignment.task_id == Task.id)
        .where(Assignment.unit_id.in_(list(officers)))
    )
    return {
        str(aid): Target(unit_id, tuple(officers[unit_id]), task_id, f"{number} {title}".strip())
        for aid, unit_id, task_id, number, title in rows
    }


@dataclass(frozen=True, slots=True)
class Notified:
    """What a day's notification pass did: messages inserted, unread digests brought up to date."""

    inserted: int
    updated: int


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    category: str
    title: str
    body: str
    read: bool


def notify_day(
    session: Session, day: dt.date, evaluations: Sequence[Evaluation], baseline: dict[str, Colour] | None
) -> Notified:
    """Insert the day's digests and change messages not sent yet and update unread digests."""
    targets = _targets(session)
    if not targets:
        return Notified(0, 0)
    existing = _stored_messages(session, day)
    fresh = [*_digest_rows(day, evaluations, targets), *_change_rows(day, evaluations, baseline, targets)]
    rows = [row for row in fresh if (row["user_id"], row["dedupe_key"]) not in existing]
    if rows:
        session.execute(insert(InboxMessage), rows)
    updates = digest_updates(day, fresh, existing)
    if updates:
        _apply_updates(session, updates)
    return Notified(len(rows), len(updates))


def _apply_updates(session: Session, updates: Sequence[dict[str, Any]]) -> None:
    """Rewrite title and body through the ORM (objects already loaded in the session stay current)."""
    by_id = {u["id"]: u for u in updates}
    for message in session.scalars(select(InboxMessage).where(InboxMessage.id.in_(list(by_id)))):
        message.title = by_id[message.id]["title"]
        message.body = by_id[message.id]["body"]
    session.flush()


def _stored_messages(session: Session, day: dt.date) -> dict[tuple[int, str], _Stored]:
    query = select(
        InboxMessage.user_id,
        InboxMessage.dedupe_key,
        InboxMessage.id,
        InboxMessage.category,
        InboxMessage.title,
        InboxMessage.body,
        InboxMessage.read_at,
    ).where(InboxMessage.day == day)
    return {
        (user_id, key): _Stored(id_, category, title, body or "", read_at is not None)
        for user_id, key, id_, category, title, body, read_at in session.execute(query)
    }


def digest_updates(
    day: dt.date, fresh: Sequence[dict[str, Any]], existing: dict[tuple[int, str], _Stored]
) -> list[dict[str, Any]]:
    """New title and body for each stored unread digest of ``day`` whose text changed.

    A unit without any digest now (nothing coloured) gets the zero counts; an officer who is no
    longer one of the unit's officers keeps the digest as it was.
    """
    current = {
        (r["user_id"], r["dedupe_key"]): (r["title"], r["body"]) for r in fresh if r["category"] == "digest"
    }
    units_now = {key for _, key in current}
    empty = digest_text(day, [])
    updates = []
    for (user_id, key), stored in existing.items():
        if stored.category != "digest" or stored.read:
            continue
        if key in units_now and (user_id, key) not in current:
            continue
        title, body = current.get((user_id, key), empty)
        if (title, body) != (stored.title, stored.body):
            updates.append({"id": stored.id, "title": title, "body": body})
    return updates


def _digest_rows(
    day: dt.date, evaluations: Sequence[Evaluation], targets: dict[str, Target]
) -> list[dict[str, Any]]:
    per_unit: dict[int, list[tuple[Evaluation, Target]]] = defaultdict(list)
    for evaluation in evaluations:
        target = targets.get(evaluation.key)
        if target is not None and evaluation.colour != Colour.NONE:
            per_unit[target.unit_id].append((evaluation, target))
    rows = []
    for unit_id, items in per_unit.items():
        title, body = digest_text(day, items)
        link = f"/dispatch?day={day.isoformat()}"
        key = f"digest:{unit_id}:{day.isoformat()}"
        for user_id in items[0][1].officers:
            rows.append(_row(user_id, None, "digest", title, body, key, day, link))
    return rows


def digest_text(day: dt.date, items: Sequence[tuple[Evaluation, Target]]) -> tuple[str, str]:
    """The digest's title (counts per colour) and body (red, then yellow assignments, with links)."""
    counts = Counter(e.colour for e, _ in items)
    title = (
        f"今日调度提醒（{day.isoformat()}）：红色{counts[Colour.RED]}项、"
        f"黄色{counts[Colour.YELLOW]}项、蓝色{counts[Colour.BLUE]}项"
    )
    lines = [title + "。", f"调度看板：/dispatch?day={day.isoformat()}"]
    if not items:
        lines.append("本单位今日没有红色、黄色或蓝色任务。")
    for colour in (Colour.RED, Colour.YELLOW):
        chosen = sorted((t.label, e.reason, t.task_id) for e, t in items if e.colour == colour)
        if not chosen:
            continue
        lines.append(f"{COLOUR_LABELS[colour]}：")
        lines += [f"- {label}：{why}（/tasks/{task}）" for label, why, task in chosen[:DIGEST_LINES]]
        if len(chosen) > DIGEST_LINES:
            lines.append(f"- 另有{len(chosen) - DIGEST_LINES}项，见调度看板。")
    return title, "\n".join(lines)


def _change_rows(
    day: dt.date,
    evaluations: Sequence[Evaluation],
    baseline: dict[str, Colour] | None,
    targets: dict[str, Target],
) -> list[dict[str, Any]]:
    rows = []
    for evaluation in changed(evaluations, baseline):
        target = targets.get(evaluation.key)
        if target is None:
            continue
        title = f"新增{evaluation.colour_label}：{target.label}（{day.isoformat()}）"
        key = f"colour:{evaluation.key}:{day.isoformat()}:{evaluation.colour.value}"
        for user_id in target.officers:
            rows.append(_row(user_id, int(evaluation.key), "colour", title, evaluation.reason, key, day,
                             f"/tasks/{target.task_id}"))  # fmt: skip
    return rows


def _row(
    user_id: int,
    assignment_id: int | None,
    category: str,
    title: str,
    body: str,
    key: str,
    day: dt.date,
    link: str,
) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "assignment_id": assignment_id,
        "category": category,
        "title": title,
        "body": body,
        "dedupe_key": key,
        "day": day,
        "link": link,
        "created_at": utcnow(),
    }
