"""The work on a task: unit assignments with their status, progress reports, evidence, status events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from envplan.ledger.models.base import Base, utcnow
from envplan.ledger.models.enums import AssignmentRole, AssignmentStatus, enum_type
from envplan.ledger.models.geo import Unit
from envplan.ledger.models.plans import Task


class Assignment(Base):
    """One unit's part in one task (task × unit × role), with its own status and lock version."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("task_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(enum_type(AssignmentRole, 16))
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_type(AssignmentStatus, 24), default=AssignmentStatus.NOT_STARTED, index=True
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)  # the task's, or as extended
    requested_due_date: Mapped[dt.date | None] = mapped_column(Date)  # 延期申请: the date asked for
    completion_percent: Mapped[float | None] = mapped_column(Float)  # of the latest report [%]
    last_report_at: Mapped[dt.datetime | None] = mapped_column()
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)  # a revision dropped the unit
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    task: Mapped[Task] = relationship()
    unit: Mapped[Unit] = relationship()
    reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="assignment", order_by="ProgressReport.reported_at"
    )
    events: Mapped[list[StatusEvent]] = relationship(order_by="StatusEvent.id")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProgressReport(Base):
    """A unit's report (调度/进展) on an assignment for one period."""

    __tablename__ = "progress_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    period: Mapped[str] = mapped_column(String(16))  # "2023-05", "2023-Q2", "2023-W07", "2023"
    completion_percent: Mapped[float] = mapped_column(Float)  # [%], 0–100
    progress: Mapped[str] = mapped_column(Text, default="")  # 进展情况
    problems: Mapped[str] = mapped_column(Text, default="")  # 存在问题
    causes: Mapped[str] = mapped_column(Text, default="")  # 原因
    next_steps: Mapped[str] = mapped_column(Text, default="")  # 下一步措施
    coordination: Mapped[str] = mapped_column(Text, default="")  # 需协调事项
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    assignment: Mapped[Assignment] = relationship(back_populates="reports")
    evidence: Mapped[list[EvidenceFile]] = relationship(back_populates="report")


class EvidenceFile(Base):
    """A file attached to a report, stored under the data directory by its SHA-256."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # as uploaded
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)  # [bytes]
    stored_path: Mapped[str] = mapped_column(String(512))  # relative to the data directory
    content_type: Mapped[str | None] = mapped_column(String(128))

    report: Mapped[ProgressReport] = relationship(back_populates="evidence")


class StatusEvent(Base):
    """Append-only: one status change or workflow action of an assignment (who, when, old, new, why)."""

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    old_status: Mapped[AssignmentStatus | None] = mapped_column(enum_type(AssignmentStatus, 24))
    new_status: Mapped[AssignmentStatus] = mapped_column(enum_type(AssignmentStatus, 24))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
