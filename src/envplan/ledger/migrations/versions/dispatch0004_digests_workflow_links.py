"""Daily digests and workflow-linked actions: inbox day and link, action events' status event.

``inbox_messages.day`` is the run day a colour message or digest is about (one digest e-mail per
address and day); ``inbox_messages.link`` the page it points to; ``action_events.status_event_id``
the ledger workflow's status event an extension or close-out step was recorded from.

Revision ID: dispatch0004
Revises: dispatch0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dispatch0004"
down_revision: str | Sequence[str] | None = "dispatch0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the columns (the foreign key only where ALTER TABLE can add it: not SQLite)."""
    op.add_column("inbox_messages", sa.Column("day", sa.Date(), nullable=True))
    op.add_column("inbox_messages", sa.Column("link", sa.String(length=255), nullable=True))
    op.create_index(op.f("ix_inbox_messages_day"), "inbox_messages", ["day"])
    op.add_column("action_events", sa.Column("status_event_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_action_events_status_event_id"), "action_events", ["status_event_id"])
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            op.f("fk_action_events_status_event_id_status_events"),
            "action_events",
            "status_events",
            ["status_event_id"],
            ["id"],
        )


def downgrade() -> None:
    """Drop the columns."""
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_action_events_status_event_id_status_events"), "action_events", type_="foreignkey"
        )
    op.drop_index(op.f("ix_action_events_status_event_id"), "action_events")
    op.drop_column("action_events", "status_event_id")
    op.drop_index(op.f("ix_inbox_messages_day"), "inbox_messages")
    op.drop_column("inbox_messages", "link")
    op.drop_column("inbox_messages", "day")
