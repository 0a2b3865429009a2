"""Benchmark: how long a sign-in keeps other writers waiting on the embedded SQLite database.

A sign-in checks an argon2id hash (slow on purpose). A writer that starts while the hash is being
checked is timed until its transaction has committed, for two ways of signing in, measured in the
same run on the same database:

* baseline — the password checked inside the write transaction (``authenticate`` in
  ``write_transaction``: the web application's way before this benchmark was written);
* now — :func:`envplan.ledger.services.users.sign_in`: read, short write, hash with no transaction,
  short write.

Goal: the writer's wait no longer contains the hash time (a few ms instead of the hash's ~50-500 ms).
Prints medians of several runs: the writer's wait and the sign-in's own duration [ms].

Run: ``python benchmarks/signin_write_lock.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from envplan.ledger.db import make_engine, upgrade
from envplan.ledger.models import User
from envplan.ledger.services import users
from envplan.settings import Settings
from envplan.web.deps import write_transaction

PASSWORD = "benchmark-password-1"
SETTINGS = Settings(login_max_failures=1000, login_window_seconds=60)


def _database(folder: Path) -> Engine:
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade(engine)
    with write_transaction(engine) as session:
        users.create_user(session, "signer", password=PASSWORD, role="viewer", unit=None, actor=None)
        users.create_user(session, "writer", password=PASSWORD, role="viewer", unit=None, actor=None)
    return engine


def _baseline(engine: Engine) -> None:
    with write_transaction(engine) as session:
        assert users.authenticate(session, "signer", PASSWORD, settings=SETTINGS) is not None


def _now(engine: Engine) -> None:
    result = users.sign_in(
        engine,
        "signer",
        PASSWORD,
        address="10.0.0.1",
        settings=SETTINGS,
        write=lambda: write_transaction(engine),
    )
    assert result.user is not None


def _one_run(engine: Engine, sign_in: Callable[[Engine], None]) -> tuple[float, float]:
    """(writer's wait, sign-in duration) [s] for one sign-in with one writer starting mid-hash."""
    hashing = threading.Event()
    real = users._verify

    def observed(password_hash: str, password: str) -> bool:
        hashing.set()
        return real(password_hash, password)

    users._verify = observed
    took: list[float] = []

    def timed() -> None:
        began = time.perf_counter()
        sign_in(engine)
        took.append(time.perf_counter() - began)

    try:
        signer = threading.Thread(target=timed)
        signer.start()
        hashing.wait(30)
        began = time.perf_counter()
        with write_transaction(engine) as session:
            writer = session.scalars(select(User).where(User.username == "writer")).one()
            writer.display_name = f"writer {began}"
        waited = time.perf_counter() - began
        signer.join()
    finally:
        users._verify = real
    return waited, took[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        engine = _database(Path(folder))
        for name, way in (("baseline (hash in the write transaction)", _baseline), ("now (sign_in)", _now)):
            results = [_one_run(engine, way) for _ in range(runs)]
            wait = statistics.median(r[0] for r in results) * 1000
            took = statistics.median(r[1] for r in results) * 1000
            print(f"{name:42s} writer waits {wait:7.1f} ms   sign-in takes {took:7.1f} ms   ({runs} runs)")
        with Session(engine) as session:
            assert session.scalar(select(User.failed_logins).where(User.username == "signer")) == 0
        engine.dispose()


if __name__ == "__main__":
    main()
