"""benchmarks/ledger_load.py still runs end to end: a tiny province, a few clients, two seconds.

The speed goals are checked by the benchmark itself on a quiet machine, not here; this test only
keeps the script working (server start, sign-in, the request mix, the lost-update check).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "ledger_load.py"


def test_ledger_load_runs_and_counts_every_report(tmp_path: Path) -> None:
    argv = [sys.executable, str(SCRIPT), "--duration", "2", "--scale", "0.02", "--clients", "3"]
    argv += ["--client-processes", "2", "--workers", "1"]
    env = {**os.environ, "ENVPLAN_TEST_POSTGRES_URL": os.environ.get("ENVPLAN_TEST_POSTGRES_URL", "")}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    runs = re.findall(r"errors: (\d+); lost updates: (\d+) \(accepted reports (\d+)\)", done.stdout)
    expected_runs = 2 if env["ENVPLAN_TEST_POSTGRES_URL"] else 1
    assert len(runs) == expected_runs, done.stdout
    assert all(errors == "0" and lost == "0" for errors, lost, _ in runs), done.stdout
    for endpoint in ("ledger", "task", "dashboard"):
        assert re.search(rf"^  {endpoint} +\d+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+  p95 <", done.stdout, re.M)
    assert "CPU per request: envplan serve" in done.stdout
