"""Notification e-mail through the configured SMTP server (settings ``smtp_*``).

Off when ``smtp_host`` is unset: :func:`send_notification` then returns False and sends nothing,
so that the in-app inbox stays the one channel that always works. :func:`deliver_pending` e-mails
the inbox messages not yet sent to users who set a notification address (``envplan dispatch email``,
also run after ``envplan dispatch run``) — the daily run's as one digest e-mail per address and day;
a message is marked sent only after the server accepted it.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from envplan.ledger.dispatch_models import InboxMessage, NotificationAddress
from envplan.ledger.errors import LedgerValidationError, NotFound, PermissionDenied
from envplan.ledger.models import User, UserRole, utcnow
from envplan.ledger.services.audit import record
from envplan.settings import Settings

_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# a page path of envplan inside message text: after a start of line, blank, colon or bracket
_PAGE_PATH = re.compile(r"(?:(?<=^)|(?<=[\s：:（(]))/(?=[a-z])", re.MULTILINE)


def absolute_links(text: str, base_url: str | None) -> str:
    """Message text with envplan page paths (/tasks/3, /dispatch?day=…) prefixed by ``base_url``."""
    if not base_url:
        return text
    return _PAGE_PATH.sub(base_url.rstrip("/") + "/", text)


class EmailError(RuntimeError):
    """The SMTP server refused or could not be reached; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Notification:
    recipients: Sequence[str]  # e-mail addresses
    subject: str
    body: str  # plain text
    attachments: Sequence[Path] = field(default_factory=tuple)


_TYPES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def build_message(settings: Settings, notification: Notification) -> EmailMessage:
    """The MIME message (UTF-8 text, attachments by file type)."""
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = ", ".join(notification.recipients)
    message["Subject"] = notification.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.smtp_sender.rpartition("@")[2] or "localhost")
    message.set_content(absolute_links(notification.body, settings.public_base_url), charset="utf-8")
    for path in notification.attachments:
        maintype, subtype = _TYPES.get(path.suffix.lower(), ("application", "octet-stream"))
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message


def send_notification(settings: Settings, notification: Notification, timeout: float = 10.0) -> bool:
    """Send by SMTP; False when e-mail is off, True when sent; raises EmailError on failure."""
    if not settings.smtp_host:
        return False
    if not notification.recipients:
        raise EmailError("notification has no recipients")
    message = build_message(settings, notification)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as client:
            if settings.smtp_starttls:
                client.starttls()
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        where = f"{settings.smtp_host}:{settings.smtp_port}"
        raise EmailError(f"SMTP server {where} failed to send '{notification.subject}': {error}") from None
    return True


def get_address(session: Session, actor: User, user_id: int) -> str | None:
    """A user's notification address (None: inbox only): the user or an administrator."""
    if actor.id != user_id and actor.role != UserRole.ADMINISTRATOR:
        raise PermissionDenied(f"{actor.username} may not see another user's notification address")
    if session.get(User, user_id) is None:
        raise NotFound(f"user {user_id} not found")
    return session.scalar(select(NotificationAddress.address).where(NotificationAddress.user_id == user_id))


def set_address(session: Session, actor: User, user_id: int, address: str | None) -> None:
    """Set (or clear, with None) a user's notification address: the user or an administrator."""
    if actor.id != user_id and actor.role != UserRole.ADMINISTRATOR:
        raise PermissionDenied(f"{actor.username} may not set another user's notification address")
    if session.get(User, user_id) is None:
        raise NotFound(f"user {user_id} not found")
    if address is not None and not _ADDRESS.match(address):
        raise LedgerValidationError(f"address: {address!r} is not an e-mail address")
    row = session.scalar(select(NotificationAddress).where(NotificationAddress.user_id == user_id))
    if address is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(NotificationAddress(user_id=user_id, address=address))
    else:
        row.address = address
    record(session, actor, "dispatch.notification_address", "user", user_id, address=address)
    session.flush()


DAILY = ("digest", "colour")  # the daily run's messages: one e-mail per address and day


def deliver_pending(session: Session, settings: Settings) -> int:
    """E-mail the inbox messages not yet e-mailed to users with an address; returns e-mails sent.

    The daily run's digests and change messages go out as one e-mail per address and run day
    (all digests for that address, then the changes); letters and other messages one by one.
    A message is marked e-mailed once the server accepted the e-mail that carries it.
    """
    if not settings.smtp_host:
        return 0
    rows = session.execute(
        select(InboxMessage, NotificationAddress.address)
        .join(NotificationAddress, NotificationAddress.user_id == InboxMessage.user_id)
        .where(InboxMessage.emailed_at.is_(None))
        .order_by(InboxMessage.id)
    ).all()
    daily: dict[tuple[str, dt.date], list[InboxMessage]] = defaultdict(list)
    sent = 0
    for message, address in rows:
        if message.category in DAILY and message.day is not None:
            daily[(address, message.day)].append(message)
            continue
        send_notification(settings, Notification([address], message.title, message.body or message.title))
        _mark_emailed(session, [message])
        sent += 1
    for (address, day), messages in daily.items():
        send_notification(settings, daily_email(address, day, messages))
        _mark_emailed(session, messages)
        sent += 1
    return sent


def daily_email(address: str, day: dt.date, messages: Sequence[InboxMessage]) -> Notification:
    """One e-mail of a run day: each unit's digest once, then each change once (by dedupe key)."""
    once = {m.dedupe_key: m for m in messages}.values()
    digests = [m for m in once if m.category == "digest"]
    changes = [f"{m.title}\n{m.body}" for m in once if m.category != "digest"]
    if len(digests) == 1:
        subject = digests[0].title
    elif digests:
        subject = f"今日调度提醒（{day.isoformat()}）：共{len(digests)}份"
    else:
        subject = f"今日调度提醒（{day.isoformat()}）：新增预警{len(changes)}项"
    parts = [*(m.body or m.title for m in digests), *(["今日变化："] if changes else []), *changes]
    return Notification([address], subject, "\n\n".join(parts))


def _mark_emailed(session: Session, messages: Sequence[InboxMessage]) -> None:
    now = utcnow()
    for message in messages:
        message.emailed_at = now
    session.flush()
