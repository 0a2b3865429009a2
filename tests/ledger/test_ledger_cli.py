"""envplan db upgrade / backup / restore, envplan import, envplan users add (CliRunner)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from conftest import make_persona_notice
from envplan.cli import app
from envplan.ledger.backup import BackupError, backup_sqlite, restore_sqlite
from envplan.ledger.db import make_engine
from envplan.ledger.models import Document, User
from envplan.ledger.services.importing import import_notice
from envplan.settings import get_settings
from ledger.revision_helpers import PROJECT_TABLE, WATER_PLAN, revised_seed_004, seed_004


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ENVPLAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield database_url  # type: ignore[misc]
    get_settings.cache_clear()


def _count(url: str, model: type) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(model)) or 0
    engine.dispose()
    return count


def test_db_upgrade_reports_the_heads(cli_env: str) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "ledger0003" in result.output


def test_users_add_reads_the_password_from_stdin(cli_env: str) -> None:
    runner = CliRunner()
    args = ["users", "add", "wang", "--unit", "县水利局", "--region", "新绛县", "--role", "unit_officer"]
    assert runner.invoke(app, args, input="pw\n").exit_code == 2  # no --password-stdin
    result = runner.invoke(app, [*args, "--password-stdin"], input="a-long-password\n")
    assert result.exit_code == 0, result.output
    assert "unit 新绛县水利局" in result.output
    again = runner.invoke(app, [*args, "--password-stdin"], input="a-long-password\n")
    assert again.exit_code == 1 and "exists already" in again.output
    bad_role = runner.invoke(
        app, ["users", "add", "x", "--role", "king", "--password-stdin"], input="long-enough\n"
    )
    assert bad_role.exit_code == 1 and "role" in bad_role.output
    no_region = ["users", "add", "y", "--unit", "不存在局", "--role", "viewer", "--password-stdin"]
    unknown = runner.invoke(app, no_region, input="long-enough\n")
    assert unknown.exit_code == 1 and "--region" in unknown.output
    assert _count(cli_env, User) == 1


def test_import_demo_loads_notices_and_users_once(cli_env: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["import", "--demo"])
    assert first.exit_code == 0, first.output
    assert "created" in first.output and "envplan-demo" in first.output
    second = runner.invoke(app, ["import", "--demo"])
    assert second.exit_code == 0 and "unchanged" in second.output
    assert (_count(cli_env, Document), _count(cli_env, User)) == (2, 6)


def test_import_of_a_missing_file_is_a_one_line_error(cli_env: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", str(tmp_path / "missing.docx")])
    assert result.exit_code == 1
    assert "missing.docx" in result.output and "Traceback" not in result.output


def test_import_of_a_revised_seed_lists_task_and_project_changes(cli_env: str, tmp_path: Path) -> None:
    runner = CliRunner()
    seed, revised = tmp_path / "004.txt", tmp_path / "004-revised.txt"
    seed.write_text(seed_004(), encoding="utf-8")
    revised.write_text(revised_seed_004(), encoding="utf-8")
    first = runner.invoke(app, ["import", str(seed)])
    assert first.exit_code == 0 and "created: 3 plans, 57 tasks" in first.stdout, first.output
    where = f"《{WATER_PLAN}》「{PROJECT_TABLE}」"
    wetland = "白水河人工湿地及中水资源再利用项目的{}%工程量"
    units = ["晋城市城区生态环境分局", "晋城市凤禹排水有限公司", "晋城市城区相关镇（街道）"]
    old_units = "、".join(f"{unit}（负责落实）" for unit in units)
    new_units = "、".join(f"{unit}（负责落实）" for unit in [units[0], "晋城市城区水务局", *units[1:]])
    changes = [
        f"  新增任务 《{WATER_PLAN}》任务15「实施城镇污水处理厂尾水生态化治理」",
        f"  删除任务 《{WATER_PLAN}》任务14「实施城镇污水处理厂尾水生态化治理」",
        f"  新增项目 {where}第3行「白水河河道清淤工程」",
        f"  删除项目 {where}第2行「晋普山煤矿新建5000m³矿井水污水处理站」",
        f"  项目完成时限变更 {where}第2行「晋普山煤矿3500m³矿井水污水处理系统深度处理工程」："
        "2023年5月 → 2023年6月",
        f"  项目更名 {where}第1行「{wetland.format(50)}」：{wetland.format(30)} → {wetland.format(50)}",
        f"  项目责任单位变更 {where}第1行「{wetland.format(50)}」：{old_units} → {new_units}",
    ]
    review = runner.invoke(app, ["import", str(revised)])
    assert review.exit_code == 1, review.output
    lines = review.stderr.splitlines()
    assert "(2 task changes, 5 project changes)" in lines[0]
    assert lines[1:] == [*changes, "  run again with --apply to apply these changes"]
    applied = runner.invoke(app, ["import", str(revised), "--apply"])
    assert applied.exit_code == 0, applied.output
    summary, *listed = applied.stdout.splitlines()
    assert "revised: 3 plans, 57 tasks" in summary and "3 projects" in summary
    assert listed == changes
    again = runner.invoke(app, ["import", str(revised)])
    assert again.exit_code == 0 and again.stdout.splitlines()[0].endswith("new units")
    assert "unchanged" in again.stdout and len(again.stdout.splitlines()) == 1


def test_demo_is_refused_in_production(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVPLAN_ENVIRONMENT", "production")
    monkeypatch.setenv("ENVPLAN_SECRET_KEY", "a-real-secret-for-this-test")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["import", "--demo"])
    assert result.exit_code == 1 and "production" in result.output
    assert _count(cli_env, User) == 0


def test_backup_and_restore_round_trip(cli_env: str, tmp_path: Path) -> None:
    runner = CliRunner()
    backup = tmp_path / "ledger.backup"  # SQLite: a database file; PostgreSQL: a pg_dump archive
    engine = make_engine(cli_env)
    with Session(engine) as session:
        import_notice(session, make_persona_notice(), actor=None)  # type: ignore[arg-type]
        session.commit()
    assert runner.invoke(app, ["db", "backup", str(backup)]).exit_code == 0
    assert runner.invoke(app, ["db", "backup", str(backup)]).exit_code == 1  # never overwrites
    with Session(engine) as session:  # a change after the backup
        other = make_persona_notice()
        other.document.doc_number = "吕政办测〔2023〕2号"  # type: ignore[attr-defined]
        import_notice(session, other, actor=None)  # type: ignore[arg-type]
        session.commit()
    engine.dispose()
    assert _count(cli_env, Document) == 2
    result = runner.invoke(app, ["db", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert _count(cli_env, Document) == 1


def test_restore_refuses_what_is_not_a_ledger_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError, match="not a SQLite database"):
        restore_sqlite(url, junk)
    with pytest.raises(BackupError, match="no such backup"):
        restore_sqlite(url, tmp_path / "absent.sqlite3")
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(url, tmp_path / "b.sqlite3")
