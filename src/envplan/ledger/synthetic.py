"""A synthetic province for load and dispatch benchmarks: 11 cities, 117 counties, 4 plans each.

Shape (defaults): 128 regions × 4 plans (water, air, soil, groundwater) × 40 tasks ≈ 20,480 tasks,
about 2.5 unit assignments per task, 200,000 progress reports, status events consistent with each
assignment's status, one bureau-staff user per city, one officer for each of the first units of
every region and an administrator (all with :data:`SYNTHETIC_PASSWORD`, hashed once). The counties
per city follow Shanxi's real counts; seeded real counties are used where known, the rest are
synthetic and marked ``fictional``. Rows go in by bulk ``INSERT`` with explicit ids (PostgreSQL
sequences are moved past them afterwards). Deterministic for a given ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from envplan.documents.model import Domain, MilestoneKind, TaskKind
from envplan.ledger.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Document,
    Milestone,
    Plan,
    ProgressReport,
    Region,
    RegionLevel,
    StatusEvent,
    Task,
    Unit,
    UnitKind,
    User,
    UserRole,
    utcnow,
)
from envplan.ledger.regions import ensure_regions
from envplan.ledger.services.users import hash_password

SYNTHETIC_PASSWORD = "synthetic-password"  # benchmarks only
COUNTIES_PER_CITY = {  # Shanxi's county-level divisions per city (117 in all)
    "140100": 10,
    "140200": 10,
    "140300": 5,
    "140400": 12,
    "140500": 6,
    "140600": 6,
    "140700": 11,
    "140800": 13,
    "140900": 14,
    "141000": 17,
    "141100": 13,
}
DEPARTMENTS = (
    "生态环境局",
    "水利局",
    "住建局",
    "农业农村局",
    "自然资源局",
    "工业和信息化局",
    "发展和改革局",
    "交通运输局",
    "城市管理局",
    "公安局",
    "财政局",
    "市场监管局",
)
DOMAINS = (Domain.WATER, Domain.AIR, Domain.SOIL, Domain.GROUNDWATER)
DOMAIN_WORDS = {
    Domain.WATER: "水环境质量再提升",
    Domain.AIR: "空气质量再提升",
    Domain.SOIL: "土壤污染防治",
    Domain.GROUNDWATER: "地下水污染防治",
}
STATUS_WEIGHTS = {
    AssignmentStatus.NOT_STARTED: 20,
    AssignmentStatus.IN_PROGRESS: 50,
    AssignmentStatus.EXTENSION_REQUESTED: 3,
    AssignmentStatus.PENDING_REVIEW: 12,
    AssignmentStatus.CLOSED: 15,
}
PATHS = {  # the events that lead to each status
    AssignmentStatus.NOT_STARTED: [],
    AssignmentStatus.IN_PROGRESS: [("start", AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)],
    AssignmentStatus.EXTENSION_REQUESTED: [
        ("start", AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS),
        ("request_extension", AssignmentStatus.IN_PROGRESS, AssignmentStatus.EXTENSION_REQUESTED),
    ],
    AssignmentStatus.PENDING_REVIEW: [
        ("start", AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS),
        ("submit", AssignmentStatus.IN_PROGRESS, AssignmentStatus.PENDING_REVIEW),
    ],
    AssignmentStatus.CLOSED: [
        ("start", AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS),
        ("submit", AssignmentStatus.IN_PROGRESS, AssignmentStatus.PENDING_REVIEW),
        ("close", AssignmentStatus.PENDING_REVIEW, AssignmentStatus.CLOSED),
    ],
}
CHUNK = 5000


@dataclass(slots=True)
class SyntheticProvince:
    """Counts of what was built, and the user names benchmarks sign in with."""

    regions: int = 0
    units: int = 0
    plans: int = 0
    tasks: int = 0
    assignments: int = 0
    reports: int = 0
    events: int = 0
    users: list[str] = field(default_factory=list)
    officers: dict[str, int] = field(default_factory=dict)  # officer user name → unit id


class _Ids:
    """Next free id per table (explicit ids make bulk inserts independent of RETURNING)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.next: dict[str, int] = {}

    def take(self, model: Any) -> int:
        name = model.__tablename__
        if name not in self.next:
            self.next[name] = (self.session.scalar(select(func.max(model.id))) or 0) + 1
        value = self.next[name]
        self.next[name] += 1
        return value


def _bulk(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    table: Table = model.__table__
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[start : start + CHUNK])


def build_synthetic_province(
    session: Session,
    seed: int = 2023,
    *,
    tasks_per_plan: int = 40,
    reports: int = 200_000,
    year: int = 2023,
) -> SyntheticProvince:
    """Build the synthetic province into ``session`` (flushes; the caller commits)."""
    rng = random.Random(seed)
    ids = _Ids(session)
    summary = SyntheticProvince()
    regions = _regions(session, ids, summary)
    units = _units(session, ids, regions, summary)
    tasks = _plans_and_tasks(session, ids, rng, regions, tasks_per_plan, year, summary)
    assignments = _assignments(session, ids, rng, tasks, units, summary)
    _events(session, ids, rng, assignments, summary)
    _reports(session, ids, rng, assignments, reports, year, summary)
    _users(session, ids, regions, units, summary)
    _advance_sequences(session)
    session.flush()
    session.execute(text("ANALYZE"))  # planner statistics for the freshly loaded tables
    return summary


def _regions(session: Session, ids: _Ids, summary: SyntheticProvince) -> list[Region]:
    by_code = ensure_regions(session)
    rows = []
    for city_code, count in COUNTIES_PER_CITY.items():
        city = by_code[city_code]
        real = [r for r in by_code.values() if r.parent_id == city.id and not r.fictional]
        for number in range(len(real) + 1, count + 1):
            code = f"S{city_code[:4]}{number:02d}"
            if code in by_code:
                continue
            rows.append(
                {
                    "id": ids.take(Region),
                    "code": code,
                    "name": f"合成{number}县",
                    "full_name": f"{city.full_name}合成{number}县（虚构）",
                    "level": RegionLevel.COUNTY,
                    "parent_id": city.id,
                    "fictional": True,
                }
            )
    _bulk(session, Region, rows)
    session.expire_all()
    cities = set(COUNTIES_PER_CITY)
    all_regions = list(session.scalars(select(Region)))
    city_ids = {r.id for r in all_regions if r.code in cities}
    chosen = [r for r in all_regions if r.code in cities or (r.parent_id in city_ids and _counted(r))]
    summary.regions = len(chosen)
    return chosen


def _counted(region: Region) -> bool:
    return not region.fictional or region.code.startswith("S")


def _units(
    session: Session, ids: _Ids, regions: list[Region], summary: SyntheticProvince
) -> dict[int, list[int]]:
    existing = {name: uid for uid, name in session.execute(select(Unit.id, Unit.name))}
    rows, by_region = [], {}
    for region in regions:
        unit_ids = []
        for department in DEPARTMENTS:
            name = f"{region.unit_prefix}{department}"
            if name not in existing:
                existing[name] = ids.take(Unit)
                rows.append(
                    {"id": existing[name], "name": name, "kind": UnitKind.DEPARTMENT, "region_id": region.id}
                )
            unit_ids.append(existing[name])
        by_region[region.id] = unit_ids
    _bulk(session, Unit, rows)
    summary.units = sum(len(v) for v in by_region.values())
    return by_region


def _plans_and_tasks(
    session: Session,
    ids: _Ids,
    rng: random.Random,
    regions: list[Region],
    per_plan: int,
    year: int,
    summary: SyntheticProvince,
) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    milestones: list[dict[str, Any]] = []
    now = utcnow()
    for region in regions:
        doc_id = ids.take(Document)
        title = f"{region.unit_prefix}{year}年污染防治行动计划（合成）"
        documents.append(
            {
                "id": doc_id,
                "doc_number": f"合成〔{year}〕{doc_id}号",
                "title": title,
                "content_hash": f"{doc_id:064d}",
                "identity": f"synthetic-{doc_id}",
                "revision": 1,
                "region_id": region.id,
                "imported_at": now,
                "warnings": [],
                "source": "synthetic",
            }
        )
        for position, domain in enumerate(DOMAINS):
            plan_id = ids.take(Plan)
            plans.append(
                {
                    "id": plan_id,
                    "document_id": doc_id,
                    "position": position,
                    "domain": domain,
                    "title": f"{region.unit_prefix}{DOMAIN_WORDS[domain]}{year}年行动计划（合成）",
                    "period": str(year),
                    "period_start": year,
                    "period_end": year,
                    "region_id": region.id,
                    "parent_plans": [],
                    "warnings": [],
                }
            )
            for number in range(1, per_plan + 1):
                tasks.append(_task_row(ids, rng, plan_id, region, domain, number, year, milestones))
    for model, rows in ((Document, documents), (Plan, plans), (Task, tasks), (Milestone, milestones)):
        _bulk(session, model, rows)
    summary.plans, summary.tasks = len(plans), len(tasks)
    return tasks


def _task_row(
    ids: _Ids,
    rng: random.Random,
    plan_id: int,
    region: Region,
    domain: Domain,
    number: int,
    year: int,
    milestones: list[dict[str, Any]],
) -> dict[str, Any]:
    task_id = ids.take(Task)
    standing = rng.random() < 0.1
    due = None if standing else dt.date(year, rng.randint(3, 12), rng.randint(1, 28))
    words = DOMAIN_WORDS[domain]
    milestone_text = "长期坚持" if standing else f"{due:%Y年%m月%d日}前"
    milestones.append(
        {
            "id": ids.take(Milestone),
            "task_id": task_id,
            "position": 0,
            "text": milestone_text,
            "kind": MilestoneKind.ONGOING if standing else MilestoneKind.DUE,
            "due": due,
        }
    )
    return {
        "id": task_id,
        "plan_id": plan_id,
        "key": f"三、重点任务/{number}",
        "position": number - 1,
        "number": str(number),
        "title": f"{words}任务{number}",
        "text": f"{region.unit_prefix}开展{words}第{number}项工作，{milestone_text}完成。（合成）",
        "path": ["三、重点任务"],
        "kind": TaskKind.TASK,
        "clauses": [],
        "warnings": [],
        "due_date": due,
        "standing": standing,
        "withdrawn": False,
    }


def _assignments(
    session: Session,
    ids: _Ids,
    rng: random.Random,
    tasks: list[dict[str, Any]],
    units: dict[int, list[int]],
    summary: SyntheticProvince,
) -> list[dict[str, Any]]:
    plan_region: dict[int, int] = {
        pid: rid for pid, rid in session.execute(select(Plan.id, Plan.region_id)) if rid
    }
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    rows = []
    for task in tasks:
        pool = units[plan_region[task["plan_id"]]]
        chosen = rng.sample(pool, rng.choice((2, 2, 3)))
        for index, unit_id in enumerate(chosen):
            role = AssignmentRole.LEAD if index == 0 else AssignmentRole.COOPERATING
            status = rng.choices(statuses, weights)[0]
            if task["standing"] and status not in (
                AssignmentStatus.NOT_STARTED,
                AssignmentStatus.IN_PROGRESS,
            ):
                status = AssignmentStatus.IN_PROGRESS
            rows.append(
                {
                    "id": ids.take(Assignment),
                    "task_id": task["id"],
                    "unit_id": unit_id,
                    "role": role,
                    "status": status,
                    "due_date": task["due_date"],
                    "withdrawn": False,
                    "version": 1,
                    "updated_at": utcnow(),
                    "requested_due_date": None,
                    "completion_percent": None,
                }
            )
    summary.assignments = len(rows)
    return rows


def _events(
    session: Session,
    ids: _Ids,
    rng: random.Random,
    assignments: list[dict[str, Any]],
    summary: SyntheticProvince,
) -> None:
    rows = []
    start = dt.datetime(2023, 3, 1, tzinfo=dt.UTC)
    for assignment in assignments:
        at = start + dt.timedelta(hours=rng.randint(0, 24 * 200))
        for action, old, new in PATHS[assignment["status"]]:
            rows.append(
                {
                    "id": ids.take(StatusEvent),
                    "assignment_id": assignment["id"],
                    "action": action,
                    "old_status": old,
                    "new_status": new,
                    "reason": "",
                    "actor_id": None,
                    "at": at,
                }
            )
            at += dt.timedelta(days=rng.randint(1, 30))
        if assignment["status"] == AssignmentStatus.EXTENSION_REQUESTED:
            assignment["requested_due_date"] = dt.date(2024, 6, 30)
    _bulk(session, Assignment, assignments)
    _bulk(session, StatusEvent, rows)
    summary.events = len(rows)


def _reports(
    session: Session,
    ids: _Ids,
    rng: random.Random,
    assignments: list[dict[str, Any]],
    count: int,
    year: int,
    summary: SyntheticProvince,
) -> None:
    active = [a for a in assignments if a["status"] != AssignmentStatus.NOT_STARTED]
    rows: list[dict[str, Any]] = []
    for _ in range(count):
        assignment = rng.choice(active)
        month = rng.randint(1, 12)
        rows.append(
            {
                "id": ids.take(ProgressReport),
                "assignment_id": assignment["id"],
                "period": f"{year}-{month:02d}",
                "completion_percent": float(rng.randint(0, 100)),
                "progress": f"第{month}月按计划推进（合成）",
                "problems": "",
                "causes": "",
                "next_steps": "继续推进",
                "coordination": "",
                "reported_by_id": None,
                "reported_at": dt.datetime(year, month, 28, tzinfo=dt.UTC),
            }
        )
        if len(rows) == CHUNK * 4:
            _bulk(session, ProgressReport, rows)
            rows = []
    _bulk(session, ProgressReport, rows)
    summary.reports = count


def _users(
    session: Session,
    ids: _Ids,
    regions: list[Region],
    units: dict[int, list[int]],
    summary: SyntheticProvince,
) -> None:
    password_hash = hash_password(SYNTHETIC_PASSWORD)
    existing = set(session.scalars(select(User.username)))
    rows = []

    def add(username: str, role: UserRole, unit_id: int | None) -> None:
        if username in existing:
            return
        rows.append(
            {
                "id": ids.take(User),
                "username": username,
                "display_name": username,
                "role": role,
                "unit_id": unit_id,
                "password_hash": password_hash,
                "active": True,
                "failed_logins": 0,
                "created_at": utcnow(),
            }
        )
        summary.users.append(username)
        if role == UserRole.UNIT_OFFICER and unit_id is not None:
            summary.officers[username] = unit_id

    add("synthetic-admin", UserRole.ADMINISTRATOR, None)
    for region in regions:
        first, second = units[region.id][0], units[region.id][1]
        if region.level == RegionLevel.CITY:
            add(f"synthetic-bureau-{region.code}", UserRole.BUREAU_STAFF, first)
        add(f"synthetic-officer-{region.code}-1", UserRole.UNIT_OFFICER, first)
        add(f"synthetic-officer-{region.code}-2", UserRole.UNIT_OFFICER, second)
    _bulk(session, User, rows)


SEQUENCED: Iterable[str] = (
    "regions",
    "units",
    "documents",
    "plans",
    "tasks",
    "milestones",
    "assignments",
    "status_events",
    "progress_reports",
    "users",
)


def _advance_sequences(session: Session) -> None:
    """PostgreSQL: move each serial sequence past the explicit ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in SEQUENCED:
        session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        )
