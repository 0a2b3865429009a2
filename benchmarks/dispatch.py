"""Dispatch benchmark: daily evaluation of ~20,000 assignments, cascade suggestions, cascade quality.

Prints
1. the daily evaluation (schedule state, 序时进度, colour with the red carry-over) of 20,000
   assignments with 200,000 progress reports — goal < 10 s (median of 5 runs); when the ledger's
   synthetic province and the dispatch run are available, also the full ``dispatch run`` on it;
2. cascade suggestions between the provincial plans and 11 lower plans from the seeds — goal < 5 s;
3. precision and recall of the cascade on the seeds (province → 吕梁, province → 新绛 water plans)
   against the hand-made lists in tests/assessment/data/.

Run: ``python benchmarks/dispatch.py`` (needs ../shared/seeds for parts 2 and 3; set
``ENVPLAN_BENCH_POSTGRES_URL`` to an empty PostgreSQL database to time the run there too).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from envplan.assessment.cascade import cascade, precision_recall, suggest_links
from envplan.assessment.colours import Colour, evaluate_all
from envplan.assessment.daily_run import RunResult, run_day
from envplan.assessment.policy import PolicySet
from envplan.assessment.schedule import Assignment, Report
from envplan.documents.model import Domain, Milestone, MilestoneKind, Plan
from envplan.documents.parser import parse_file
from envplan.ledger.db import make_engine, upgrade, write_session
from envplan.ledger.dispatch_models import InboxMessage
from envplan.ledger.models import Assignment as LedgerAssignment
from envplan.ledger.models import Document as LedgerDocument
from envplan.ledger.models import Milestone as LedgerMilestone
from envplan.ledger.models import Plan as LedgerPlan
from envplan.ledger.models import ProgressReport, Unit, utcnow
from envplan.ledger.models import Task as LedgerTask
from envplan.ledger.regions import ensure_regions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TRUTH = ROOT / "tests" / "assessment" / "data"
PROVINCE = "002_51e324a2bd90c1c6.txt"
LOWER = [
    "000_bb95c80613778daa.txt",
    "003_1a3a67b7a1f5494e.txt",
    "001_706581c7fb7291f2.txt",
    "004_4a1c0cf63212e619.txt",
]


def median_seconds(run: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def synthetic_assignments(count: int, reports_each: int, seed: int = 7) -> list[Assignment]:
    """Assignments of a 2023 plan with varied milestones and monthly reports (deterministic)."""
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    kinds = [MilestoneKind.DUE] * 6 + [MilestoneKind.WINDOW, MilestoneKind.RECURRING, MilestoneKind.ONGOING]
    result = []
    for index in range(count):
        kind = rng.choice(kinds)
        due = start + dt.timedelta(days=rng.randrange(60, 364))
        milestone = Milestone(
            "时限",
            kind,
            due=due if kind == MilestoneKind.DUE else None,
            start=start,
            end=due if kind == MilestoneKind.WINDOW else None,
            recurrence="monthly" if kind == MilestoneKind.RECURRING else None,
        )
        reports = tuple(
            Report(
                start + dt.timedelta(days=30 * r + rng.randrange(0, 25)),
                min(100.0, 9.0 * r + rng.random() * 10),
                rng.choice(["推进中", "已完成管网排查，正在组织施工改造", "完成年度任务的一半，按计划推进"]),
            )
            for r in range(reports_each)
        )
        completed = due - dt.timedelta(days=3) if rng.random() < 0.2 else None
        result.append(
            Assignment(
                f"a{index}",
                [milestone],
                region=f"R{index % 128}",
                period_start=start,
                completed_on=completed,
                reports=reports,
            )
        )
    return result


def bench_daily() -> None:
    assignments = synthetic_assignments(20_000, 10)
    on = dt.date(2023, 10, 31)
    previous = {a.key: Colour.RED for a in assignments[::7]}
    seconds, result = median_seconds(lambda: evaluate_all(assignments, on, PolicySet(), previous))
    assert isinstance(result, list)
    counts = {colour.value: sum(e.colour == colour for e in result) for colour in Colour}
    print(
        f"daily evaluation: {len(assignments):,} assignments, 200,000 reports: median {seconds:.2f} s "
        f"(goal < 10 s) — colours {counts}"
    )


def _plans() -> tuple[dict[Domain, Plan], list[Plan]]:
    upper = {p.domain: p for p in parse_file(SEEDS / PROVINCE).plans}
    lower = [p for name in LOWER for p in parse_file(SEEDS / name).plans if p.domain in upper]
    return upper, (lower * 3)[:11]


def bench_cascade() -> None:
    upper, lower = _plans()

    def run() -> int:
        return sum(len(cascade(upper[p.domain], [p])[0].suggestions) for p in lower)

    seconds, links = median_seconds(run)
    print(
        f"cascade: provincial plans vs 11 lower plans ({sum(len(p.tasks) for p in lower)} tasks): "
        f"median {seconds:.3f} s (goal < 5 s), {links} links suggested"
    )


def _truth(name: str) -> set[tuple[str, str]]:
    with (TRUTH / name).open(encoding="utf-8") as handle:
        return {(row["parent"], row["child"]) for row in csv.DictReader(handle)}


def bench_quality() -> None:
    province = next(p for p in parse_file(SEEDS / PROVINCE).plans if p.domain == Domain.WATER)
    for seed, truth_file in (
        ("000_bb95c80613778daa.txt", "cascade_truth_lvliang_water.csv"),
        ("003_1a3a67b7a1f5494e.txt", "cascade_truth_xinjiang_water.csv"),
    ):
        lower = next(p for p in parse_file(SEEDS / seed).plans if p.domain == Domain.WATER)
        result = suggest_links(province, lower)
        found = {(s.parent.number, s.child.number) for s in result.suggestions}
        precision, recall = precision_recall(found, _truth(truth_file))
        gaps = ", ".join(t.number for t in result.coverage_gaps)
        print(
            f"cascade quality {province.title} → {lower.title}: "
            f"precision {precision:.2f}, recall {recall:.2f} "
            f"({len(found)} suggested, {len(_truth(truth_file))} true); coverage gaps: {gaps}; "
            f"deadline conflicts: {len(result.deadline_conflicts)}"
        )


def _fallback_province(session: Session) -> str:
    """A synthetic province written with bulk inserts when the ledger's generator is unavailable:
    one plan per city and domain, 20,000 tasks (one deadline each), one assignment per task, ten
    monthly reports per assignment (200,000)."""
    rng = random.Random(11)
    regions = list(ensure_regions(session).values())
    session.flush()
    units = [
        {"name": f"合成单位{i}", "kind": "department", "region_id": regions[i % len(regions)].id}
        for i in range(128)
    ]
    session.execute(insert(Unit), units)
    unit_ids = list(session.scalars(select(Unit.id).where(Unit.name.like("合成单位%"))))
    session.execute(
        insert(LedgerDocument),
        [
            {
                "title": "合成通知",
                "content_hash": "0" * 64,
                "identity": "synthetic",
                "revision": 1,
                "warnings": [],
            }
        ],
    )
    document_id = session.scalar(select(LedgerDocument.id).where(LedgerDocument.identity == "synthetic"))
    plans: list[dict[str, object]] = [
        {
            "document_id": document_id,
            "position": i,
            "title": f"合成计划{i}",
            "domain": "water",
            "period": "2023",
            "period_start": 2023,
            "period_end": 2023,
            "region_id": regions[i % len(regions)].id,
            "parent_plans": [],
            "warnings": [],
        }
        for i in range(44)
    ]
    session.execute(insert(LedgerPlan), plans)
    plan_ids = list(session.scalars(select(LedgerPlan.id).where(LedgerPlan.document_id == document_id)))
    start = dt.date(2023, 1, 1)
    tasks, milestones = [], []
    for i in range(20_000):
        due = start + dt.timedelta(days=rng.randrange(60, 364))
        tasks.append(
            {
                "plan_id": plan_ids[i % len(plan_ids)],
                "key": f"k{i}",
                "position": i,
                "number": str(i),
                "title": f"任务{i}",
                "text": f"任务{i}。",
                "path": [],
                "kind": "task",
                "clauses": [],
                "warnings": [],
                "due_date": due,
                "standing": False,
                "withdrawn": False,
            }
        )
    session.execute(insert(LedgerTask), tasks)
    task_rows = session.execute(
        select(LedgerTask.id, LedgerTask.due_date).where(LedgerTask.key.like("k%"))
    ).all()
    milestones = [
        {"task_id": tid, "position": 0, "text": "时限", "kind": "due", "due": due} for tid, due in task_rows
    ]
    session.execute(insert(LedgerMilestone), milestones)
    assignments = [
        {
            "task_id": tid,
            "unit_id": unit_ids[n % len(unit_ids)],
            "role": "lead",
            "status": "in_progress",
            "due_date": due,
            "withdrawn": False,
            "version": 1,
            "updated_at": utcnow(),
        }
        for n, (tid, due) in enumerate(task_rows)
    ]
    session.execute(insert(LedgerAssignment), assignments)
    assignment_ids = list(session.scalars(select(LedgerAssignment.id)))
    reports = [
        {
            "assignment_id": aid,
            "period": f"2023-{m + 1:02d}",
            "completion_percent": min(100.0, 9.0 * m + 5),
            "progress": "按计划推进，完成阶段性工作",
            "problems": "",
            "causes": "",
            "next_steps": "",
            "coordination": "",
            "reported_at": dt.datetime(2023, m + 1, 20, tzinfo=dt.UTC),
        }
        for aid in assignment_ids
        for m in range(10)
    ]
    session.execute(insert(ProgressReport), reports)
    return f"fallback generator ({len(assignment_ids):,} assignments, {len(reports):,} reports)"


def _province(session: Session) -> str:
    try:
        from envplan.ledger.synthetic import build_synthetic_province
    except ImportError:
        return _fallback_province(session)
    build_synthetic_province(session)
    return "envplan.ledger.synthetic.build_synthetic_province"


def _timed_runs(engine: Engine, label: str) -> None:
    with write_session(engine) as session:
        source = _province(session)
    days = iter(dt.date(2023, 10, 1) + dt.timedelta(days=i) for i in range(100))

    results: list[RunResult] = []

    def run() -> object:
        with write_session(engine) as session:
            results.append(run_day(session, next(days)))
            return results[-1]

    seconds, result = median_seconds(run, repeat=3)
    print(f"daily run on the ledger ({label}, {source}): median {seconds:.2f} s (goal < 10 s) — {result}")
    with write_session(engine) as session:
        again = run_day(session, results[-1].day)
        digests = session.scalar(select(func.count(InboxMessage.id)).where(InboxMessage.category == "digest"))
        changes = session.scalar(select(func.count(InboxMessage.id)).where(InboxMessage.category == "colour"))
    per_day = ", ".join(f"{r.day}: {r.notified}" for r in results)
    print(
        f"  inbox messages per run day ({per_day}; the first has no earlier run: digests only); "
        f"in all {digests} digests + {changes} change messages; re-running {again.day}: {again.notified} new"
    )


def bench_daily_db() -> None:
    """The full daily run (load, evaluate, store snapshots, notify) on SQLite, and on PostgreSQL when
    ENVPLAN_BENCH_POSTGRES_URL names an empty database (it is filled and left behind)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
        upgrade(engine)
        _timed_runs(engine, "SQLite")
    url = os.environ.get("ENVPLAN_BENCH_POSTGRES_URL")
    if url:
        engine = make_engine(url)
        upgrade(engine)
        _timed_runs(engine, "PostgreSQL")


def main() -> None:
    bench_daily()
    bench_daily_db()
    if not SEEDS.exists():
        print(f"seeds not found at {SEEDS}: cascade figures skipped", file=sys.stderr)
        return
    bench_cascade()
    bench_quality()


if __name__ == "__main__":
    main()
