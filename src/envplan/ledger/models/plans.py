"""What a notice carries: the document, its plans, targets, tasks, milestones and project rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from envplan.documents.model import Binding, Domain, Level, MilestoneKind, TaskKind
from envplan.ledger.models.base import Base, utcnow
from envplan.ledger.models.enums import AssignmentRole, enum_type
from envplan.ledger.models.geo import Region, Unit


class Document(Base):
    """A notice (发文). Identity: 文号 + title + content hash (``identity``); revisions keep the row."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_number: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(512))
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the parsed content
    identity: Mapped[str] = mapped_column(String(64), unique=True)  # sha256(文号, title, content hash)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    issuer: Mapped[str | None] = mapped_column(String(128))
    issue_date: Mapped[dt.date | None] = mapped_column(Date)
    level: Mapped[Level | None] = mapped_column(enum_type(Level, 16))
    source: Mapped[str | None] = mapped_column(String(512))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)

    region: Mapped[Region | None] = relationship()
    plans: Mapped[list[Plan]] = relationship(back_populates="document", order_by="Plan.position")


class Plan(Base):
    """One action plan (行动计划) of one domain, region and period."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(512))
    domain: Mapped[Domain] = mapped_column(enum_type(Domain, 16), index=True)
    period: Mapped[str] = mapped_column(String(32), default="")
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    parent_plans: Mapped[list[str]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)

    document: Mapped[Document] = relationship(back_populates="plans")
    region: Mapped[Region | None] = relationship()
    targets: Mapped[list[Target]] = relationship(back_populates="plan", order_by="Target.position")
    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.position")
    projects: Mapped[list[Project]] = relationship(back_populates="plan", order_by="Project.id")


class Target(Base):
    """A target (目标/指标) of a plan; quantitative ones carry indicator, comparator and value."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(String(256))
    comparator: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(32))
    baseline: Mapped[str | None] = mapped_column(String(64))
    change: Mapped[str | None] = mapped_column(String(16))
    year: Mapped[int | None] = mapped_column(Integer)
    scope: Mapped[str | None] = mapped_column(String(256))
    binding: Mapped[Binding] = mapped_column(enum_type(Binding, 16), default=Binding.UNSPECIFIED)
    quantitative: Mapped[bool] = mapped_column(Boolean, default=False)
    threshold: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)  # a revision dropped it

    plan: Mapped[Plan] = relationship(back_populates="targets")


class Task(Base):
    """A numbered task (任务 / 专项行动) with its clause text; ``withdrawn`` when a revision drops it."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    key: Mapped[str] = mapped_column(String(160))  # stable within the plan: chapter path + number
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    path: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[TaskKind] = mapped_column(enum_type(TaskKind, 16), default=TaskKind.TASK)
    clauses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    line: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)  # latest due of its milestones
    standing: Mapped[bool] = mapped_column(Boolean, default=False)  # 长期坚持 / 常态化: never overdue
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="task", order_by="Milestone.position", cascade="all, delete-orphan"
    )


class Milestone(Base):
    """A time expression (完成时限) of a task, normalised, with the original words in ``text``."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    clause_index: Mapped[int | None] = mapped_column(Integer)  # None: the task's own milestone
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[MilestoneKind] = mapped_column(enum_type(MilestoneKind, 16))
    due: Mapped[dt.date | None] = mapped_column(Date)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    recurrence: Mapped[str | None] = mapped_column(String(16))
    time_of_day: Mapped[str | None] = mapped_column(String(32))

    task: Mapped[Task] = relationship(back_populates="milestones")


class Project(Base):
    """One row of a project table (重点项目表) of a plan, cells keyed by the table's headers.

    ``units`` are every unit the row names, with its role, in the order written; ``unit_id`` is the
    first of them (kept for readers of the single-unit schema before ``ledger0003``).
    """

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    table_title: Mapped[str] = mapped_column(String(512))
    row_number: Mapped[int] = mapped_column(Integer)  # 1-based within the table
    name: Mapped[str] = mapped_column(Text)
    cells: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    due_text: Mapped[str | None] = mapped_column(String(128))

    plan: Mapped[Plan] = relationship(back_populates="projects")
    unit: Mapped[Unit | None] = relationship()
    units: Mapped[list[ProjectUnit]] = relationship(
        back_populates="project", order_by="ProjectUnit.position", cascade="all, delete-orphan"
    )


class ProjectUnit(Base):
    """One unit named for a project, with its role (牵头 / 配合 / 负责落实) and place in the row."""

    __tablename__ = "project_units"
    __table_args__ = (UniqueConstraint("project_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(enum_type(AssignmentRole, 16))
    position: Mapped[int] = mapped_column(Integer)  # 0-based, columns left to right, names as written

    project: Mapped[Project] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()
