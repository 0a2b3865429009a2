"""Notification e-mail against a local SMTP sink (aiosmtpd) on loopback."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_email import EmailError, Notification, send_notification
from envplan.settings import Settings
from support import SmtpSink, free_port


@pytest.fixture
def sink() -> Iterator[tuple[SmtpSink, int]]:
    with SmtpSink() as server:
        yield server, server.port


def test_sends_utf8_subject_body_and_attachment(sink: tuple[SmtpSink, int], tmp_path: Path) -> None:
    handler, port = sink
    letter = tmp_path / "预警函.pdf"
    letter.write_bytes(b"%PDF-1.4 test")
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_sender="envplan@qinghe.example")
    notice = Notification(
        ["officer@zjj.example"], "【预警函】清环预警〔2023〕3号", "请于7月21日前书面回复。", [letter]
    )
    assert send_notification(settings, notice) is True
    (raw,) = handler.messages
    message = email.message_from_bytes(raw.as_bytes(), policy=default)
    assert message["Subject"] == "【预警函】清环预警〔2023〕3号"
    assert message["To"] == "officer@zjj.example"
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().strip() == "请于7月21日前书面回复。"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "预警函.pdf" and attachment.get_content() == b"%PDF-1.4 test"


def test_off_without_host_and_clear_error_when_unreachable() -> None:
    notice = Notification(["a@b.example"], "主题", "正文")
    assert send_notification(Settings(smtp_host=None), notice) is False
    closed = Settings(smtp_host="127.0.0.1", smtp_port=free_port())
    with pytest.raises(EmailError, match=r"SMTP server 127\.0\.0\.1:\d+ failed to send '主题'"):
        send_notification(closed, notice, timeout=2)


def test_pending_inbox_messages_emailed_once(
    sink: tuple[SmtpSink, int], session: Session, persona_notice: object
) -> None:
    import datetime as dt

    from sqlalchemy import select

    from envplan.assessment.daily_run import run_day
    from envplan.ledger.dispatch_email import deliver_pending, set_address
    from envplan.ledger.errors import LedgerValidationError, PermissionDenied
    from envplan.ledger.models import User

    handler, port = sink
    lead = session.scalar(select(User).where(User.username == "lead"))
    other = session.scalar(select(User).where(User.username == "cooperating"))
    assert lead is not None and other is not None
    set_address(session, lead, lead.id, "lead@lvliang.example")
    with pytest.raises(PermissionDenied):
        set_address(session, other, lead.id, "x@y.example")
    with pytest.raises(LedgerValidationError):
        set_address(session, lead, lead.id, "not-an-address")
    run_day(session, dt.date(2023, 7, 1))
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port)
    sent = deliver_pending(session, settings)
    assert sent >= 1 and len(handler.messages) == sent
    assert all(m["To"] == "lead@lvliang.example" for m in handler.messages)
    assert deliver_pending(session, settings) == 0


def test_one_digest_email_per_address_and_day(
    sink: tuple[SmtpSink, int], session: Session, persona_notice: object
) -> None:
    import datetime as dt

    from sqlalchemy import select

    from envplan.assessment.daily_run import run_day
    from envplan.ledger.dispatch_email import deliver_pending, set_address
    from envplan.ledger.dispatch_models import InboxMessage
    from envplan.ledger.models import User

    handler, port = sink
    lead = session.scalar(select(User).where(User.username == "lead"))
    other = session.scalar(select(User).where(User.username == "cooperating"))
    assert lead is not None and other is not None
    # two officers of two units share one mailbox
    set_address(session, lead, lead.id, "duty@lvliang.example")
    set_address(session, other, other.id, "duty@lvliang.example")
    june_30, july_1 = dt.date(2023, 6, 30), dt.date(2023, 7, 1)
    run_day(session, june_30)
    run_day(session, july_1)  # task 3 (due 30 Jun) newly red for the lead unit
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port)
    assert deliver_pending(session, settings) == 2 and len(handler.messages) == 2
    parsed = [email.message_from_bytes(m.as_bytes(), policy=default) for m in handler.messages]
    subjects = sorted(str(m["Subject"]) for m in parsed)
    assert subjects == ["今日调度提醒（2023-06-30）：共2份", "今日调度提醒（2023-07-01）：共2份"]
    (july,) = [m for m in parsed if "2023-07-01" in str(m["Subject"])]
    body = july.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    digests = session.scalars(
        select(InboxMessage.body).where(InboxMessage.day == july_1, InboxMessage.category == "digest")
    ).all()
    assert len(digests) == 2 and all(d in text for d in digests)
    assert "今日变化：\n\n新增红色：3 保障生态流量（2023-07-01）\n红色预警：" in text
    assert text.count("新增红色：") == 1
    pending = select(InboxMessage).where(InboxMessage.emailed_at.is_(None))
    assert session.scalars(pending).first() is None
    run_day(session, july_1)
    assert deliver_pending(session, settings) == 0 and len(handler.messages) == 2


def test_email_links_made_absolute_with_public_base_url() -> None:
    from envplan.ledger.dispatch_email import Notification, absolute_links, build_message
    from envplan.settings import Settings

    body = "今日调度提醒。\n调度看板：/dispatch?day=2023-06-30\n- 任务5：逾期3天（/tasks/12）\n比例 1/2 不变"
    assert absolute_links(body, None) == body
    linked = absolute_links(body, "https://envplan.example.gov.cn/")
    assert "调度看板：https://envplan.example.gov.cn/dispatch?day=2023-06-30" in linked
    assert "（https://envplan.example.gov.cn/tasks/12）" in linked
    assert "比例 1/2 不变" in linked  # a slash inside text is left alone
    settings = Settings(smtp_host="127.0.0.1", public_base_url="https://envplan.example.gov.cn")
    message = build_message(settings, Notification(["a@example.gov.cn"], "提醒", body))
    assert "https://envplan.example.gov.cn/tasks/12" in message.get_content()
