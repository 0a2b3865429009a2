"""Bulletins from the ledger: the changes between two run days, through the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from envplan.assessment.daily_run import run_day
from envplan.cli import app
from envplan.reports.bulletins import BulletinKind
from envplan.reports.dispatch_bulletin import bulletin_from_ledger
from envplan.reports.official_docx import docx_text


def test_week_of_changes(session: Session, persona_notice: object) -> None:
    # 吕梁 persona notice: task 3 is due 30 Jun 2023 → newly overdue between 28 Jun and 5 Jul
    run_day(session, dt.date(2023, 6, 28))
    run_day(session, dt.date(2023, 7, 5))
    session.commit()
    bulletin = bulletin_from_ledger(
        session, BulletinKind.WEEKLY, "吕梁市", 26, dt.date(2023, 7, 5), dt.date(2023, 6, 28)
    )
    sections = {s.heading: s.lines for s in bulletin.sections}
    (heading,) = [h for h in sections if h.startswith("一、本期新增逾期任务")]
    assert heading == "一、本期新增逾期任务（2项）"  # 市水利局 (lead) and 市生态环境局 (cooperating)
    assert all("第3项“保障生态流量”" in line for line in sections[heading])
    assert "较上期增加2项" in sections["总体情况"][0]
    # the ranking reads each assignment's days overdue from the stored snapshot: 5 Jul − 30 Jun = 5 d
    (ranking,) = [s for s in bulletin.sections if s.table]
    delays = {row[1]: row[6] for row in ranking.table[1:]}
    assert delays == {"吕梁市水利局": "5.0", "吕梁市生态环境局": "5.0", "吕梁市住建局": "—"}


def test_cli_writes_docx_and_refuses_unrun_day(
    database_url: str, session: Session, persona_notice: object, tmp_path: Path
) -> None:
    run_day(session, dt.date(2023, 7, 5))
    session.commit()
    runner = CliRunner()
    out = tmp_path / "bulletin.docx"
    args = [
        "dispatch",
        "bulletin",
        "--date",
        "2023-07-05",
        "--issuer",
        "吕梁市",
        "--out",
        str(out),
        "--database-url",
        database_url,
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "吕梁市污染防治攻坚工作进展周通报（2023年第1期）" in docx_text(Document(str(out)))
    missing = runner.invoke(app, [*args[:2], "--date", "2023-07-06", *args[4:]])
    assert missing.exit_code == 2 and "no dispatch run for 2023-07-06" in missing.output
