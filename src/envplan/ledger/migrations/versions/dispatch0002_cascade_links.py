"""Cascade links: which upper-level task a lower-level task implements (suggested, confirmed, corrected).

Revision ID: dispatch0002
Revises: dispatch0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dispatch0002"
down_revision: str | Sequence[str] | None = "dispatch0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create cascade_links."""
    op.create_table(
        "cascade_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_task_id", sa.Integer(), nullable=False),
        sa.Column("parent_task_id", sa.Integer(), nullable=True),
        sa.Column("suggested_parent_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("confidence", sa.String(length=4), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "suggested",
                "confirmed",
                "corrected",
                "rejected",
                name="linkstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_task_id"], ["tasks.id"], name=op.f("fk_cascade_links_child_task_id_tasks")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_cascade_links_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["parent_task_id"], ["tasks.id"], name=op.f("fk_cascade_links_parent_task_id_tasks")
        ),
        sa.ForeignKeyConstraint(
            ["suggested_parent_id"], ["tasks.id"], name=op.f("fk_cascade_links_suggested_parent_id_tasks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cascade_links")),
        sa.UniqueConstraint("child_task_id", name=op.f("uq_cascade_links_child_task_id")),
    )
    op.create_index(
        op.f("ix_cascade_links_parent_task_id"), "cascade_links", ["parent_task_id"], unique=False
    )


def downgrade() -> None:
    """Drop cascade_links."""
    op.drop_index(op.f("ix_cascade_links_parent_task_id"), table_name="cascade_links")
    op.drop_table("cascade_links")
