"""Dispatch tables: warning policies, daily schedule snapshots, supervision actions, inbox, runs.

A supervision action (督办措施) is one reminder, warning letter, supervision notice, interview,
listing for supervision, extension request or close-out; it cites the assignments it concerns and
keeps an append-only log of its own events (issued, replied, approved, rejected, closed).
Created by the Alembic branch ``dispatch`` (migrations/versions/dispatch0001_*).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from envplan.ledger.models import (
    AppendOnlyViolation,
    Assignment,
    Base,
    StatusEvent,
    Task,
    Unit,
    User,
    utcnow,
)
from envplan.ledger.models.enums import enum_type


class ActionKind(StrEnum):
    REMINDER = "reminder"  # 催办
    WARNING_LETTER = "warning_letter"  # 预警函
    SUPERVISION_NOTICE = "supervision_notice"  # 督办单
    INTERVIEW = "interview"  # 约谈
    LISTING = "listing"  # 挂牌督办
    EXTENSION = "extension"  # 延期申请
    CLOSE_OUT = "close_out"  # 销号


ACTION_LABELS = {
    ActionKind.REMINDER: "催办",
    ActionKind.WARNING_LETTER: "预警函",
    ActionKind.SUPERVISION_NOTICE: "督办单",
    ActionKind.INTERVIEW: "约谈",
    ActionKind.LISTING: "挂牌督办",
    ActionKind.EXTENSION: "延期申请",
    ActionKind.CLOSE_OUT: "销号申请",
}


class ActionStatus(StrEnum):
    ISSUED = "issued"  # 已发出 (letters, interviews, listings)
    REQUESTED = "requested"  # 待审批 (extension, close-out)
    REPLIED = "replied"  # 已回复
    APPROVED = "approved"
    REJECTED = "rejected"
    CLOSED = "closed"  # 已办结 / 已摘牌


STATUS_LABELS = {
    ActionStatus.ISSUED: "已发出",
    ActionStatus.REQUESTED: "待审批",
    ActionStatus.REPLIED: "已回复",
    ActionStatus.APPROVED: "已批准",
    ActionStatus.REJECTED: "未批准",
    ActionStatus.CLOSED: "已办结",
}


class WarningPolicyRow(Base):
    """A region's warning policy (fields of assessment.policy.WarningPolicy); region None: default."""

    __tablename__ = "dispatch_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), unique=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ScheduleSnapshot(Base):
    """The schedule state and colour of one assignment on one day, with how they were computed."""

    __tablename__ = "schedule_snapshots"
    __table_args__ = (UniqueConstraint("assignment_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(24))
    colour: Mapped[str] = mapped_column(String(8), index=True)
    reason: Mapped[str] = mapped_column(Text)
    state_reason: Mapped[str] = mapped_column(Text, default="")
    numbers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    assignment: Mapped[Assignment] = relationship()


class DispatchRun(Base):
    """One daily run (``envplan dispatch run --date D``); re-running a day replaces its figures."""

    __tablename__ = "dispatch_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SupervisionAction(Base):
    """A reminder, letter, notice, interview, listing, extension request or close-out."""

    __tablename__ = "supervision_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ActionKind] = mapped_column(enum_type(ActionKind, 24), index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus, 16), index=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), unique=True)  # 文号 of letters
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")  # the letter's text, or the request's reasons
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    issuer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    recipient_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    requested_due: Mapped[dt.date | None] = mapped_column(Date)  # extension: the date asked for
    reply_by: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date | None] = mapped_column(Date)  # the day whose facts the action cites
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    docx: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)

    issuer_unit: Mapped[Unit | None] = relationship(foreign_keys=[issuer_unit_id])
    recipient_unit: Mapped[Unit | None] = relationship(foreign_keys=[recipient_unit_id])
    created_by: Mapped[User | None] = relationship()
    citations: Mapped[list[ActionCitation]] = relationship(back_populates="action", cascade="all")
    events: Mapped[list[ActionEvent]] = relationship(order_by="ActionEvent.id")

    @property
    def kind_label(self) -> str:
        return ACTION_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class ActionCitation(Base):
    """An assignment cited by an action, with the facts stated about it."""

    __tablename__ = "action_citations"
    __table_args__ = (UniqueConstraint("action_id", "assignment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("supervision_actions.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    facts: Mapped[str] = mapped_column(Text, default="")

    action: Mapped[SupervisionAction] = relationship(back_populates="citations")
    assignment: Mapped[Assignment] = relationship()


class ActionEvent(Base):
    """Append-only: one step of an action (who, when, old status, new status, note)."""

    __tablename__ = "action_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("supervision_actions.id"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    old_status: Mapped[str | None] = mapped_column(String(16))
    new_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # extension / close-out steps: the ledger workflow's status event this step was recorded from
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("status_events.id"), index=True)

    status_event: Mapped[StatusEvent | None] = relationship()


class InboxMessage(Base):
    """An in-app notification for one user; ``dedupe_key`` makes repeated runs send it once."""

    __tablename__ = "inbox_messages"
    __table_args__ = (UniqueConstraint("user_id", "dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_actions.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    category: Mapped[str] = mapped_column(String(32))  # letter, colour, digest, extension, close_out
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    dedupe_key: Mapped[str] = mapped_column(String(128))
    day: Mapped[dt.date | None] = mapped_column(Date, index=True)  # the run day (colour, digest)
    link: Mapped[str | None] = mapped_column(String(255))  # the page the message points to
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[dt.datetime | None] = mapped_column()
    emailed_at: Mapped[dt.datetime | None] = mapped_column()

    action: Mapped[SupervisionAction | None] = relationship()


class LetterSerial(Base):
    """The last serial number used for a 文号 prefix in a year (清环预警〔2023〕3号 → 3)."""

    __tablename__ = "letter_serials"
    __table_args__ = (UniqueConstraint("prefix", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)


class NotificationAddress(Base):
    """The e-mail address a user's inbox messages are also sent to (none: inbox only)."""

    __tablename__ = "notification_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    address: Mapped[str] = mapped_column(String(254))


class LinkStatus(StrEnum):
    SUGGESTED = "suggested"  # 系统建议
    CONFIRMED = "confirmed"  # 已确认
    CORRECTED = "corrected"  # 已更正 (another parent chosen)
    REJECTED = "rejected"  # 无上级对应任务


class CascadeLink(Base):
    """Which upper-level task a lower-level task implements (suggested, then confirmed or corrected)."""

    __tablename__ = "cascade_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), unique=True)
    parent_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    suggested_parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    score: Mapped[float | None] = mapped_column(Float)  # similarity of the suggestion, 0..1
    confidence: Mapped[str] = mapped_column(String(4), default="")  # 高 / 中 / 低
    status: Mapped[LinkStatus] = mapped_column(enum_type(LinkStatus, 16), default=LinkStatus.SUGGESTED)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column()

    child_task: Mapped[Task] = relationship(foreign_keys=[child_task_id])
    parent_task: Mapped[Task | None] = relationship(foreign_keys=[parent_task_id])


def _refuse(mapper: Any, connection: Any, target: Any) -> None:
    raise AppendOnlyViolation(f"{type(target).__tablename__} rows are append-only")


event.listen(ActionEvent, "before_update", _refuse)
event.listen(ActionEvent, "before_delete", _refuse)


# extension requests and close-outs of the ledger workflow are recorded as actions (before_flush hook)
from envplan.ledger import dispatch_workflow as _workflow_hook  # noqa: E402, F401
