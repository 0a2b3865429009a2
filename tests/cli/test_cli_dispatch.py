"""CLI: envplan dispatch run / email / cascade / policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envplan.cli import app
from support import SmtpSink, seed_path

runner = CliRunner()


def test_run_twice_same_output(database_url: str, persona_notice: object) -> None:
    args = ["dispatch", "run", "--date", "2023-07-01", "--database-url", database_url]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "assignments evaluated" in first.output and "red" in first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert second.output.split(";")[0] == first.output.split(";")[0]
    assert second.output.strip().endswith("0 notifications, 0 digests updated")


def test_rerun_after_a_policy_change_prints_the_digests_updated(
    database_url: str, persona_notice: object, tmp_path: Path
) -> None:
    """2023-09-16: task 1 (吕梁市生态环境局 lead, 市住建局 cooperating) is due in 45 days and has no
    report: yellow under the default policy. A 60-day blue window with reports asked every 400 days
    for 吕梁 (141100) makes it blue; both units' officers' unread digests of the day are rewritten."""
    args = ["dispatch", "run", "--date", "2023-09-16", "--database-url", database_url]
    before = "6 assignments evaluated (none 0, blue 0, yellow 4, red 2)"  # tasks 1 ×2, 2, 4; task 3 ×2
    first = runner.invoke(app, args)
    assert first.output == f"2023-09-16: {before}; 2 notifications, 0 digests updated\n", first.output
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[regions."141100"]\ndue_soon_days = 60\nreport_interval_days = 400\n', encoding="utf-8"
    )
    applied = runner.invoke(
        app, ["dispatch", "policy", str(policy), "--apply", "--database-url", database_url]
    )
    assert applied.exit_code == 0 and "1 policies stored" in applied.output, applied.output
    after = "6 assignments evaluated (none 2, blue 2, yellow 0, red 2)"  # task 1 ×2 blue; 2 and 4 clear
    second = runner.invoke(app, args)
    assert second.output == f"2023-09-16: {after}; 0 notifications, 2 digests updated\n", second.output
    third = runner.invoke(app, args)
    assert third.output == f"2023-09-16: {after}; 0 notifications, 0 digests updated\n", third.output


def test_run_without_date_evaluates_today_in_beijing(database_url: str, persona_notice: object) -> None:
    """17:00 UTC on 30 June is 1 July in Beijing: the run is the bureaus' 1 July."""
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2023, 6, 30, 17, 0, tzinfo=dt.UTC), tick=False):
        result = runner.invoke(app, ["dispatch", "run", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2023-07-01: 6 assignments evaluated")


def test_run_rejects_bad_date() -> None:
    result = runner.invoke(app, ["dispatch", "run", "--date", "2023-13-01"])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_cascade_json_on_seeds() -> None:
    upper, lower = seed_path("002_51e324a2bd90c1c6.txt"), seed_path("003_1a3a67b7a1f5494e.txt")
    result = runner.invoke(app, ["dispatch", "cascade", str(upper), str(lower), "--json"])
    assert result.exit_code == 0, result.output
    water = next(r for r in json.loads(result.output) if "水环境" in r["child_plan"])
    assert {"child": "14", "parent": "16"}.items() <= next(
        s for s in water["suggestions"] if s["child"] == "14"
    ).items()


def test_policy_file_errors(tmp_path: Path) -> None:
    good = tmp_path / "p.toml"
    good.write_text(
        '[default]\ndue_soon_days = 20\n[regions."141100"]\ndue_soon_days = 30\n', encoding="utf-8"
    )
    assert "due_soon_days=30" in runner.invoke(app, ["dispatch", "policy", str(good)]).output
    bad = tmp_path / "bad.toml"
    bad.write_text("[default]\ndue_soon_days = -1\n", encoding="utf-8")
    result = runner.invoke(app, ["dispatch", "policy", str(bad)])
    assert result.exit_code == 2 and "due_soon_days must be >= 0" in result.output


def test_run_emails_what_is_pending_and_email_sends_nothing_twice(
    database_url: str, persona_notice: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an SMTP server set, the run e-mails the day's digests (one e-mail per address and day);
    `dispatch email` afterwards finds nothing left; without a server it says e-mail is off."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from envplan.ledger.dispatch_email import set_address
    from envplan.ledger.dispatch_models import InboxMessage
    from envplan.ledger.models import User
    from envplan.settings import get_settings

    engine = create_engine(database_url)
    with Session(engine) as session, session.begin():
        lead = session.scalars(select(User).where(User.username == "lead")).one()
        set_address(session, lead, lead.id, "lead@lvliang.example")
    off = runner.invoke(app, ["dispatch", "email", "--database-url", database_url])
    assert off.exit_code == 0 and "e-mail is off" in off.output, off.output
    with SmtpSink() as sink:
        monkeypatch.setenv("ENVPLAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("ENVPLAN_SMTP_PORT", str(sink.port))
        get_settings.cache_clear()
        try:
            args = ["dispatch", "run", "--date", "2023-07-01", "--database-url", database_url]
            run = runner.invoke(app, args)
            again = runner.invoke(app, ["dispatch", "email", "--database-url", database_url])
        finally:
            get_settings.cache_clear()
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[1] == f"e-mail: 1 sent through 127.0.0.1:{sink.port}"
    assert [m["To"] for m in sink.messages] == ["lead@lvliang.example"]
    assert again.output.strip() == f"e-mail: 0 sent through 127.0.0.1:{sink.port}"
    with Session(engine) as session:
        pending = session.scalars(select(InboxMessage).where(InboxMessage.emailed_at.is_(None))).all()
        assert {m.user_id for m in pending} <= {
            u.id for u in session.scalars(select(User)) if u.username != "lead"
        }
    engine.dispose()


def test_email_failure_is_reported_and_nothing_is_marked_sent(
    database_url: str, persona_notice: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from envplan.ledger.dispatch_email import set_address
    from envplan.ledger.dispatch_models import InboxMessage
    from envplan.ledger.models import User
    from envplan.settings import get_settings

    engine = create_engine(database_url)
    with Session(engine) as session, session.begin():
        lead = session.scalars(select(User).where(User.username == "lead")).one()
        set_address(session, lead, lead.id, "lead@lvliang.example")
    assert (
        runner.invoke(
            app, ["dispatch", "run", "--date", "2023-07-01", "--database-url", database_url]
        ).exit_code
        == 0
    )
    monkeypatch.setenv("ENVPLAN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ENVPLAN_SMTP_PORT", "9")  # nothing listens
    get_settings.cache_clear()
    try:
        failed = runner.invoke(app, ["dispatch", "email", "--database-url", database_url])
    finally:
        get_settings.cache_clear()
    assert failed.exit_code == 1 and "error: e-mail: SMTP server 127.0.0.1:9 failed" in failed.output
    with Session(engine) as session:
        sent = select(func.count()).select_from(InboxMessage).where(InboxMessage.emailed_at.is_not(None))
        assert session.scalar(sent) == 0
    engine.dispose()
