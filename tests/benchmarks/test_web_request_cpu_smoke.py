"""benchmarks/web_request_cpu.py still runs: a tiny province, a few requests per endpoint."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "web_request_cpu.py"


def test_web_request_cpu_prints_every_endpoint_for_each_database(tmp_path: Path) -> None:
    argv = [sys.executable, str(SCRIPT), "--requests", "5", "--runs", "1", "--scale", "0.02"]
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=300, env=dict(os.environ), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    databases = 2 if os.environ.get("ENVPLAN_TEST_POSTGRES_URL") else 1
    assert done.stdout.count("\n== ") == databases, done.stdout
    for endpoint in ("ledger", "task", "dashboard", "session"):
        assert len(re.findall(rf"^  {endpoint} +\d+\.\d\d  ", done.stdout, re.M)) == databases, done.stdout
