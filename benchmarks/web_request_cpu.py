"""Benchmark: CPU time of one web request, per endpoint, with no network and no concurrency.

The application is driven in-process through its ASGI interface, one request at a time, with the
thread pool replaced by a direct call, so the figure is the Python work of a request (routing,
session, user, queries, template) plus the database driver; the database server's own time is not
in it. Far steadier than a load test on a shared machine, it tells whether a change made requests
cheaper; benchmarks/ledger_load.py tells what that buys under load.

The synthetic province (``--scale`` of 11 cities, 117 counties, ~20,000 tasks) is built in a fresh
SQLite file and, with ``--postgres URL``, in a fresh PostgreSQL database (dropped afterwards).
The signed-in user is the unit officer with the most open assignments. After one untimed run (the
templates and SQL statements compiled), prints per endpoint the median over ``--runs`` runs of the
mean CPU [ms] per request of ``--requests`` requests. ``PYTHONPATH=<other checkout>/src`` measures
another version of envplan with the same script, for a ratio in the same session.

Run: ``python benchmarks/web_request_cpu.py [--requests 300] [--runs 3] [--scale 1.0] [--postgres URL]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ledger_load import (
    all_task_ids,
    build_province,
    ledger_query,
    make_officers,
    postgres_database,
)

from envplan.ledger.db import make_engine
from envplan.ledger.models import User
from envplan.settings import Settings
from envplan.web.app import create_app
from envplan.web.sessions import COOKIE_NAME, SessionCodec, WebSession

SECRET = "web-request-cpu-benchmark"
ENDPOINTS = ("ledger", "task", "dashboard", "session")


async def _inline(function: Callable[..., Any], *args: Any, **_: Any) -> Any:
    return function(*args)  # the route's sync work on this thread: no thread hop to measure


def signed_cookie(user_id: int) -> str:
    """The session cookie a signed-in user's browser sends."""
    carrier = Response()
    SessionCodec(SECRET, 3600, secure=False).store(WebSession(user_id=user_id, changed=True), carrier)
    value = carrier.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    return f"{COOKIE_NAME}={value}"


def requester(app: Any, cookie: str) -> Callable[[str, str], Awaitable[int]]:
    async def call(path: str, query: str = "") -> int:
        scope = {
            "type": "http", "http_version": "1.1", "method": "GET", "path": path,
            "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", b"bench"), (b"cookie", cookie.encode())],
            "client": ("127.0.0.1", 1), "server": ("bench", 80), "scheme": "http",
        }  # fmt: skip
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, send)
        return status[0]

    return call


async def measure(
    call: Callable[[str, str], Awaitable[int]], tasks: list[int], count: int
) -> dict[str, float]:
    """Mean CPU [ms] per request of ``count`` requests to each endpoint."""
    rng = random.Random(7)
    figures = {}
    for endpoint in ENDPOINTS:
        started = time.process_time()
        for _ in range(count):
            if endpoint == "ledger":
                status = await call("/ledger", urlencode(ledger_query(rng)))
            elif endpoint == "task":
                status = await call(f"/tasks/{rng.choice(tasks)}", "")
            else:
                status = await call("/" if endpoint == "dashboard" else "/api/session", "")
            if status != 200:
                raise SystemExit(f"{endpoint}: HTTP {status}")
        figures[endpoint] = 1000 * (time.process_time() - started) / count
    return figures


def run(label: str, url: str, args: argparse.Namespace, data_dir: Path) -> None:
    print(f"\n== {label}")
    build_province(url, args.scale)
    engine = make_engine(url)
    officer = make_officers(engine, 1)[0]
    tasks = all_task_ids(engine)
    with Session(engine) as session:
        user_id = session.scalar(select(User.id).where(User.username == officer.username))
    engine.dispose()
    assert user_id is not None
    settings = Settings(environment="test", database_url=url, data_dir=data_dir, secret_key=SECRET)
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    call = requester(create_app(settings), signed_cookie(user_id))
    asyncio.run(measure(call, tasks, args.requests))  # warm-up: templates and statements compiled
    runs = [asyncio.run(measure(call, tasks, args.requests)) for _ in range(args.runs)]
    print(f"  {'endpoint':<10} {'CPU ms/request (median of ' + str(args.runs) + ' runs)':>40}  runs")
    for endpoint in ENDPOINTS:
        values = [r[endpoint] for r in runs]
        shown = " / ".join(f"{v:.2f}" for v in values)
        print(f"  {endpoint:<10} {statistics.median(values):>40.2f}  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the synthetic province to build")
    parser.add_argument("--postgres", default=os.environ.get("ENVPLAN_TEST_POSTGRES_URL"), help="server URL")
    args = parser.parse_args()
    print(f"load average: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="envplan-web-cpu-") as folder:
        data_dir = Path(folder)
        run("SQLite", f"sqlite:///{data_dir / 'ledger.sqlite3'}", args, data_dir)
        if args.postgres:
            name = f"envplan_web_cpu_{os.getpid()}"
            try:
                run("PostgreSQL", postgres_database(args.postgres, name, create=True), args, data_dir)
            finally:
                postgres_database(args.postgres, name, create=False)


if __name__ == "__main__":
    main()
