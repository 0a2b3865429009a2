"""How long building the synthetic province takes, on SQLite and (when given) PostgreSQL.

    python benchmarks/ledger_synth.py [--postgres SERVER_URL] [--runs N] [--reports N]

SERVER_URL is a PostgreSQL server URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres);
a throw-away database is created on it per run and dropped afterwards. Prints the median build time
of ``runs`` fresh databases, rows per second, and the time of one dashboard and one ledger page on
the built province (a first look; benchmarks/ledger_load.py measures the web application).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from envplan.ledger.db import make_engine, upgrade
from envplan.ledger.services.dashboard import dashboard
from envplan.ledger.services.queries import LedgerQuery, list_ledger
from envplan.ledger.synthetic import build_synthetic_province

TODAY = dt.date(2023, 7, 1)


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'synthetic.sqlite3'}"


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    name = f"envplan_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def one_run(url: str, reports: int) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    figures: dict[str, float] = {}
    with Session(engine) as session:
        start = time.perf_counter()
        summary = build_synthetic_province(session, seed=2023, reports=reports)
        session.commit()
        figures["build_s"] = time.perf_counter() - start
        rows = summary.tasks + summary.assignments + summary.reports + summary.events
        figures["rows"] = rows
        figures["tasks"] = summary.tasks
        figures["assignments"] = summary.assignments
        figures["dashboard_ms"] = 1000 * timed(lambda: dashboard(session, today=TODAY))
        query = LedgerQuery(text="水环境", status="in_progress", page=3)
        figures["ledger_page_ms"] = 1000 * timed(lambda: list_ledger(session, query, today=TODAY))
    engine.dispose()
    return figures


def report(name: str, runs: list[dict[str, float]]) -> None:
    build = statistics.median(r["build_s"] for r in runs)
    first = runs[0]
    print(
        f"{name:10s} build median {build:6.1f} s over {len(runs)} run(s): {first['tasks']:.0f} tasks, "
        f"{first['assignments']:.0f} assignments, {first['rows']:.0f} rows "
        f"({first['rows'] / build:,.0f} rows/s); "
        f"dashboard {statistics.median(r['dashboard_ms'] for r in runs):.0f} ms, "
        f"ledger page {statistics.median(r['ledger_page_ms'] for r in runs):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="PostgreSQL server URL (skipped when absent)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=200_000)
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        with sqlite_database() as url:
            runs.append(one_run(url, args.reports))
    report("SQLite", runs)
    if args.postgres:
        runs = []
        for _ in range(args.runs):
            with postgres_database(args.postgres) as url:
                runs.append(one_run(url, args.reports))
        report("PostgreSQL", runs)
    else:
        print("PostgreSQL skipped: give --postgres SERVER_URL")


if __name__ == "__main__":
    main()
