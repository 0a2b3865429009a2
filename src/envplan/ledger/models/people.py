"""Users and the append-only audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from envplan.ledger.models.base import Base, utcnow
from envplan.ledger.models.enums import UserRole, enum_type
from envplan.ledger.models.geo import Unit


class User(Base):
    """A person who signs in; belongs to one unit and has one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole, 16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # within the current window
    last_failed_login_at: Mapped[dt.datetime | None] = mapped_column()
    last_login_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()


class AuditEntry(Base):
    """Append-only record of one write: actor, action, object, time, details."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
