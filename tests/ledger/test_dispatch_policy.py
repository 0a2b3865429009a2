"""Warning policies in the ledger: set per region with permissions, loaded from a file by the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from envplan.assessment.daily_run import region_policies
from envplan.assessment.policy_store import set_policy
from envplan.cli import app
from envplan.ledger.errors import LedgerValidationError, PermissionDenied
from envplan.ledger.models import User
from envplan.ledger.regions import find_region


def user(session: Session, name: str) -> User:
    found = session.scalar(select(User).where(User.username == name))
    assert found is not None
    return found


def test_set_policy_permissions_and_inheritance(session: Session, persona_notice: object) -> None:
    lvliang, xiaoyi = find_region(session, "吕梁市"), find_region(session, "孝义市")
    set_policy(session, user(session, "bureau"), lvliang.id, {"due_soon_days": 30})
    policies = region_policies(session)
    assert policies.for_region(str(xiaoyi.id)).due_soon_days == 30  # a county inherits its city's policy
    assert policies.for_region(str(find_region(session, "新绛县").id)).due_soon_days == 15
    with pytest.raises(PermissionDenied):
        set_policy(session, user(session, "bureau"), None, {"due_soon_days": 5})
    with pytest.raises(PermissionDenied):
        set_policy(session, user(session, "outsider"), lvliang.id, {"due_soon_days": 5})
    with pytest.raises(LedgerValidationError, match="unknown policy field"):
        set_policy(session, user(session, "admin"), lvliang.id, {"days": 5})


def test_cli_applies_policy_file(
    database_url: str, session: Session, persona_notice: object, tmp_path: Path
) -> None:
    path = tmp_path / "policy.toml"
    lines = ["[default]", "progress_tolerance_pp = 15", "report_interval_days = 400", '[regions."吕梁市"]']
    path.write_text("\n".join([*lines, "due_soon_days = 60", ""]), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["dispatch", "policy", str(path), "--apply", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert "2 policies stored" in result.output
    session.expire_all()
    policies = region_policies(session)
    lvliang = policies.for_region(str(find_region(session, "吕梁市").id))
    assert (lvliang.due_soon_days, lvliang.progress_tolerance_pp) == (60, 15.0)
    run = runner.invoke(app, ["dispatch", "run", "--date", "2023-09-16", "--database-url", database_url])
    # task 1 (lead and cooperating unit) is due 31 Oct: 45 days ahead, blue only with the 60-day window
    assert run.exit_code == 0 and "blue 2," in run.output, run.output
