"""Benchmark: 20 concurrent clients against ``envplan serve`` on loopback, on a synthetic province.

The province (engineer F's ``build_synthetic_province``: 11 cities, 117 counties, 4 plans each, about
40 tasks per plan, ~20,000 tasks and 200,000 progress reports) is built in a fresh SQLite file and,
when ``--postgres URL`` or ENVPLAN_TEST_POSTGRES_URL is given, in a fresh PostgreSQL database.
``envplan serve`` runs it in a child process on 127.0.0.1; 20 clients, each signed in as a unit
officer on its own keep-alive connection, spread over ``--client-processes`` processes (default 4,
so that the clients do not queue on one interpreter lock), mix for ``--duration`` seconds (bounded
loop; the run stops by itself):

    45 % ledger pages (random filters, sort and page), 30 % task pages, 10 % dashboard,
    15 % progress reports on the client's own unit's assignments (HTML form + CSRF, as a browser).

Goal: p95 < 150 ms for ledger and task pages, < 300 ms for the dashboard, zero errors and zero lost
updates (every accepted report is in the database afterwards, and nothing else is). Prints
p50/p95/p99 [ms] and throughput [requests/s] per endpoint, and the CPU time per request [ms] of
the server (all its workers) and of the clients, which share the machine's cores with it.

Clients sign in before the clock starts (argon2 hashing is slow on purpose) and then send requests
back to back (``--think S`` adds exponential pauses of mean S seconds, like people reading pages).
``--workers N`` runs ``envplan serve --workers N`` (default: serve's own default, one per CPU core,
at most 4); LEDGER_LOAD_MIX=ledger:45,task:30,... changes the mix.

Run: ``python benchmarks/ledger_load.py [--duration 60] [--clients 20] [--client-processes 4]
[--scale 1.0] [--think 0] [--workers N] [--postgres URL]``
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from envplan.ledger.db import make_engine, upgrade
from envplan.ledger.models import Assignment, AssignmentStatus, ProgressReport, Unit, User
from envplan.ledger.services.users import create_user
from envplan.web.serving import default_workers

PASSWORD = "benchmark-password-1"
GOALS_MS = {"ledger": 150.0, "task": 150.0, "dashboard": 300.0}
MIX = tuple(
    (name, int(share))
    for name, share in (
        item.split(":")
        for item in os.environ.get("LEDGER_LOAD_MIX", "ledger:45,task:30,dashboard:10,report:15").split(",")
    )
)
STATUSES = [s.value for s in AssignmentStatus]
DOMAINS = ["water", "air", "soil", "groundwater"]
SEARCH_WORDS = ["污水", "扬尘", "整治", "监测", "排查", "治理"]


@dataclass
class Officer:
    username: str
    unit_id: int
    assignment_ids: list[int]
    task_ids: list[int]


@dataclass
class Tally:
    """Samples of one run: latency per endpoint [ms], errors, accepted reports per assignment."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    accepted: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, endpoint: str, milliseconds: float) -> None:
        with self.lock:
            self.latencies[endpoint].append(milliseconds)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    def accept(self, assignment_id: int) -> None:
        with self.lock:
            self.accepted[assignment_id] += 1


# ───────────────────────────────────────────────────────────── the database


def build_province(url: str, scale: float) -> None:
    """A migrated database holding the synthetic province (F's builder), committed."""
    from envplan.ledger.synthetic import build_synthetic_province

    engine = make_engine(url)
    try:
        upgrade(engine)
        started = time.perf_counter()
        with Session(engine) as session:
            built = build_synthetic_province(
                session, tasks_per_plan=max(1, round(40 * scale)), reports=round(200_000 * scale)
            )
            session.commit()
        print(
            f"  built synthetic province in {time.perf_counter() - started:.1f} s: {built.tasks} tasks, "
            f"{built.assignments} assignments, {built.reports} reports, {built.events} events"
        )
    finally:
        engine.dispose()


def make_officers(engine: Engine, count: int) -> list[Officer]:
    """One unit officer for each of the ``count`` units with the most reportable assignments."""
    reportable = [AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS]
    with Session(engine, expire_on_commit=False) as session:
        busiest = session.execute(
            select(Assignment.unit_id, func.count())
            .where(Assignment.status.in_(reportable), ~Assignment.withdrawn)
            .group_by(Assignment.unit_id)
            .order_by(func.count().desc(), Assignment.unit_id)
            .limit(count)
        ).all()
        officers = []
        for index, (unit_id, _) in enumerate(busiest):
            rows = session.execute(
                select(Assignment.id, Assignment.task_id)
                .where(
                    Assignment.unit_id == unit_id, Assignment.status.in_(reportable), ~Assignment.withdrawn
                )
                .order_by(Assignment.id)
                .limit(50)
            ).all()
            username = f"bench{index:02d}"
            if session.scalar(select(User).where(User.username == username)) is None:
                unit = session.get(Unit, unit_id)
                create_user(session, username, password=PASSWORD, role="unit_officer", unit=unit, actor=None)
            officers.append(Officer(username, unit_id, [r[0] for r in rows], [r[1] for r in rows]))
        session.commit()
    return officers


def report_counts(engine: Engine, assignment_ids: list[int]) -> dict[int, int]:
    with Session(engine) as session:
        rows = session.execute(
            select(ProgressReport.assignment_id, func.count())
            .where(ProgressReport.assignment_id.in_(assignment_ids))
            .group_by(ProgressReport.assignment_id)
        ).all()
    return {assignment_id: 0 for assignment_id in assignment_ids} | dict(rows)


def all_task_ids(engine: Engine, limit: int = 5000) -> list[int]:
    with Session(engine) as session:
        return list(session.scalars(text(f"SELECT id FROM tasks ORDER BY id LIMIT {int(limit)}")))


# ───────────────────────────────────────────────────────────── the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, data_dir: Path, workers: int | None) -> tuple[subprocess.Popen[bytes], str]:
    """``envplan serve`` in a child process on 127.0.0.1; waits until it answers."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ENVPLAN_DATA_DIR": str(data_dir),
        "ENVPLAN_ENVIRONMENT": "test",
        "ENVPLAN_SECRET_KEY": "ledger-load-benchmark",
        "ENVPLAN_LOGIN_MAX_FAILURES": "1000",
    }
    command = [
        sys.executable,
        "-m",
        "envplan",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"envplan serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/api/session", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("envplan serve did not answer within 60 s")


# ───────────────────────────────────────────────────────────── the clients


@dataclass(frozen=True)
class ClientPlan:
    """What one signed-in client needs (picklable: it is handed to a client process)."""

    cookie: str  # the session cookie, as the Cookie header sends it
    token: str  # the session's CSRF token
    officer: Officer
    seed: int


def ledger_query(rng: random.Random) -> dict[str, str]:
    """A random filtered, sorted page of the ledger."""
    query: dict[str, str] = {"page": str(rng.randint(1, 20))}
    if rng.random() < 0.4:
        query["domain"] = rng.choice(DOMAINS)
    if rng.random() < 0.4:
        query["status"] = rng.choice(STATUSES)
    if rng.random() < 0.2:
        query["q"] = rng.choice(SEARCH_WORDS)
    if rng.random() < 0.3:
        query["due_to"] = f"2024-{rng.randint(1, 12):02d}-28"
    query["sort"] = rng.choice(["due_date", "-due_date", "status", "unit", "task"])
    return query


def sign_in(client: httpx.Client, username: str) -> str:
    token = client.get("/api/session").json()["csrf_token"]
    response = client.post(
        "/api/session", json={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token}
    )
    response.raise_for_status()
    return str(response.json()["csrf_token"])


def client_plans(base: str, officers: list[Officer], count: int) -> list[ClientPlan]:
    """``count`` sessions signed in before the clock starts (sign-in hashes are slow on purpose)."""
    plans = []
    for index in range(count):
        officer = officers[index % len(officers)]
        with httpx.Client(base_url=base, timeout=30) as client:
            token = sign_in(client, officer.username)
            cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        plans.append(ClientPlan(cookie, token, officer, index))
    return plans


def request_for(
    endpoint: str, rng: random.Random, plan: ClientPlan, tasks: list[int], assignment_id: int
) -> tuple[str, str, str]:
    """(method, path with query, form body) of one request to ``endpoint``."""
    if endpoint == "ledger":
        return "GET", f"/ledger?{urlencode(ledger_query(rng))}", ""
    if endpoint == "task":
        return "GET", f"/tasks/{rng.choice(tasks)}", ""
    if endpoint == "dashboard":
        return "GET", "/", ""
    form = {
        "csrf_token": plan.token,
        "period": f"2024-{rng.randint(1, 12):02d}",
        "progress": "按计划推进",
        "completion_percent": str(rng.randint(0, 99)),
        "problems": "",
        "next_steps": "继续推进",
    }
    return "POST", f"/assignments/{assignment_id}/progress", urlencode(form)


def one_request(
    connection: http.client.HTTPConnection,
    rng: random.Random,
    plan: ClientPlan,
    tasks: list[int],
    tally: Tally,
) -> None:
    """Pick an endpoint by the mix, time it (request sent → body read), record errors and reports."""
    endpoint = rng.choices([m[0] for m in MIX], weights=[m[1] for m in MIX])[0]
    assignment_id = rng.choice(plan.officer.assignment_ids) if plan.officer.assignment_ids else 0
    method, path, body = request_for(endpoint, rng, plan, tasks, assignment_id)
    headers = {"Cookie": plan.cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection.request(method, path, body=body.encode() if body else None, headers=headers)
    response = connection.getresponse()
    response.read()
    tally.add(endpoint, (time.perf_counter() - started) * 1000)
    expected = 303 if endpoint == "report" else 200
    if response.status != expected:
        tally.error(f"{endpoint} {path.split('?')[0]}: HTTP {response.status}")
    elif endpoint == "report":
        tally.accept(assignment_id)


def client_loop(
    address: tuple[str, int], plan: ClientPlan, tasks: list[int], deadline: float, think: float, tally: Tally
) -> None:
    """One client on its own keep-alive connection: requests until the deadline, pausing ``think`` s."""
    rng = random.Random(plan.seed)
    connection = http.client.HTTPConnection(*address, timeout=30)
    while time.monotonic() < deadline:
        try:
            one_request(connection, rng, plan, tasks, tally)
        except (OSError, http.client.HTTPException) as error:
            tally.error(f"{type(error).__name__}: {error}")
            connection.close()  # reconnects on the next request
        if think:
            time.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.monotonic())))
    connection.close()


def client_process(
    address: tuple[str, int],
    plans: list[ClientPlan],
    tasks: list[int],
    deadline: float,
    think: float,
    results: Any,
) -> None:
    """A process running ``plans`` as threads; puts its tally and CPU time [s] on ``results``."""
    tally = Tally()
    threads = [
        threading.Thread(target=client_loop, args=(address, plan, tasks, deadline, think, tally))
        for plan in plans
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((dict(tally.latencies), tally.errors, dict(tally.accepted), time.process_time()))


def run_clients(
    base: str, plans: list[ClientPlan], tasks: list[int], args: argparse.Namespace
) -> tuple[Tally, float]:
    """The clients spread over ``--client-processes`` processes (no shared GIL); their tally and CPU [s].

    Clients use the standard library's HTTP client on keep-alive connections: it costs the shared
    cores about a third of what httpx does per request, so more of the machine is left to the server.
    """
    address = ("127.0.0.1", int(base.rsplit(":", 1)[1]))
    groups = [plans[i :: args.client_processes] for i in range(args.client_processes)]
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    deadline = time.monotonic() + args.duration
    processes = [
        context.Process(target=client_process, args=(address, group, tasks, deadline, args.think, results))
        for group in groups
        if group
    ]
    for process in processes:
        process.start()
    tally, cpu = Tally(), 0.0
    for _ in processes:
        latencies, errors, accepted, seconds = results.get(timeout=args.duration + 120)
        for endpoint, values in latencies.items():
            tally.latencies[endpoint].extend(values)
        tally.errors.extend(errors)
        for assignment_id, count in accepted.items():
            tally.accepted[assignment_id] += count
        cpu += seconds
    for process in processes:
        process.join(timeout=30)
    return tally, cpu


# ───────────────────────────────────────────────────────────── one run and its report


def load_average() -> str:
    """The 1, 5 and 15 minute load averages of the machine (what else competes for the cores)."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def process_tree_cpu(pid: int) -> float:
    """CPU time [s] used so far by process ``pid`` and its live descendants (Linux /proc)."""
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        stack.extend(int(child) for child in children)
    return total


def postgres_server_cpu() -> float:
    """CPU time [s] of the processes of the local PostgreSQL server (0 when none is visible)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"postgres" not in (entry / "comm").read_bytes():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run(label: str, url: str, args: argparse.Namespace, data_dir: Path) -> bool:
    """Build, serve, load, check; prints the table. True when every goal is met."""
    workers = args.workers or default_workers()
    print(f"\n== {label}: {make_url(url).render_as_string(hide_password=True)}, {workers} worker(s)")
    print(f"  load average before: {load_average()}")
    build_province(url, args.scale)
    engine = make_engine(url)
    officers = make_officers(engine, args.clients)
    tasks = all_task_ids(engine)
    watched = sorted({a for o in officers for a in o.assignment_ids})
    before = report_counts(engine, watched)
    process, base = start_server(url, data_dir, args.workers)
    try:
        plans = client_plans(base, officers, args.clients)
        server_before, database_before = process_tree_cpu(process.pid), postgres_server_cpu()
        tally, client_cpu = run_clients(base, plans, tasks, args)
        server_cpu = process_tree_cpu(process.pid) - server_before
        database_cpu = postgres_server_cpu() - database_before
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(f"  load average after: {load_average()} (other work on the machine shifts every figure)")
    after = report_counts(engine, watched)
    engine.dispose()
    lost = [a for a in watched if after[a] - before[a] != tally.accepted.get(a, 0)]
    requests = max(1, sum(len(v) for v in tally.latencies.values()))
    database = f", PostgreSQL server {1000 * database_cpu / requests:.2f} ms" if "postgresql" in url else ""
    print(
        f"  CPU per request: envplan serve {1000 * server_cpu / requests:.2f} ms{database}, "
        f"clients {1000 * client_cpu / requests:.2f} ms ({args.client_processes} client processes)"
    )
    return print_report(tally, args.duration, lost)


def print_report(tally: Tally, duration: float, lost: list[int]) -> bool:
    print(f"  {'endpoint':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  goal")
    met = True
    for endpoint, _ in MIX:
        values = tally.latencies.get(endpoint, [])
        if not values:
            continue
        p95 = percentile(values, 0.95)
        goal = GOALS_MS.get(endpoint)
        ok = goal is None or p95 < goal
        met &= ok
        verdict = "" if goal is None else f"p95 < {goal:.0f}: {'met' if ok else 'MISSED'}"
        print(
            f"  {endpoint:<10} {len(values):>8} {len(values) / duration:>7.1f} "
            f"{statistics.median(values):>8.1f} {p95:>8.1f} {percentile(values, 0.99):>8.1f}  {verdict}"
        )
    total = sum(len(v) for v in tally.latencies.values())
    print(
        f"  total {total} requests, {total / duration:.1f} req/s; errors: {len(tally.errors)}; "
        f"lost updates: {len(lost)} (accepted reports {sum(tally.accepted.values())})"
    )
    for message in sorted(set(tally.errors))[:10]:
        print(f"    error: {message}")
    return met and not tally.errors and not lost


def postgres_database(server_url: str, name: str, *, create: bool) -> str:
    """Drop database ``name`` on the server, then create it empty when ``create``; its URL."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per database")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--client-processes", type=int, default=4, help="processes the clients run in")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a client's requests [s]")
    parser.add_argument("--workers", type=int, default=None, help="envplan serve --workers")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the synthetic province to build")
    parser.add_argument("--postgres", default=os.environ.get("ENVPLAN_TEST_POSTGRES_URL"), help="server URL")
    parser.add_argument("--skip-sqlite", action="store_true", help="run PostgreSQL only")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="envplan-ledger-load-") as folder:
        data_dir = Path(folder)
        if not args.skip_sqlite:
            results.append(run("SQLite", f"sqlite:///{data_dir / 'ledger.sqlite3'}", args, data_dir))
        if args.postgres:
            name = f"envplan_ledger_load_{os.getpid()}"  # dropped again after the run
            try:
                url = postgres_database(args.postgres, name, create=True)
                results.append(run("PostgreSQL", url, args, data_dir))
            finally:
                postgres_database(args.postgres, name, create=False)
        else:
            print("\n(PostgreSQL skipped: give --postgres URL or ENVPLAN_TEST_POSTGRES_URL)")
    print("\nall goals met" if all(results) else "\nSOME GOALS MISSED")


if __name__ == "__main__":
    main()
