"""Notification addresses: the e-mail address a user's inbox messages are also sent to.

Revision ID: dispatch0003
Revises: dispatch0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dispatch0003"
down_revision: str | Sequence[str] | None = "dispatch0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create notification_addresses."""
    op.create_table(
        "notification_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notification_addresses_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_addresses")),
        sa.UniqueConstraint("user_id", name=op.f("uq_notification_addresses_user_id")),
    )


def downgrade() -> None:
    """Drop notification_addresses."""
    op.drop_table("notification_addresses")
