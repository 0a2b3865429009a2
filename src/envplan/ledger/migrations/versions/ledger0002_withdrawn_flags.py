"""Withdrawn flags: a revised notice can drop a unit from a task or a target from a plan.

Revision ID: ledger0002
Revises: ledger0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ledger0002"
down_revision: str | Sequence[str] | None = "ledger0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``withdrawn`` to assignments and targets (default false)."""
    for table in ("assignments", "targets"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    """Drop the flags."""
    for table in ("assignments", "targets"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("withdrawn")
