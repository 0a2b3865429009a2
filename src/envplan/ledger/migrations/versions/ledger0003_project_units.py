"""Project units: every unit a project row names, with its role, in the order written.

Until now a project kept one unit (``projects.unit_id``, the first name of its first unit column).
``project_units`` holds project × unit × role with the unit's place in the row. The upgrade copies
each project's unit in as position 0, with the role the old import gave it: lead when the row's
first filled unit column was a 牵头单位 column, else responsible (the old import tried 牵头单位,
then 责任单位, 实施单位, 责任主体). ``projects.unit_id`` stays (the first unit); the downgrade drops
the table and keeps it.

Revision ID: ledger0003
Revises: ledger0002
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "ledger0003"
down_revision: str | Sequence[str] | None = "ledger0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_UNIT_HEADERS = ("牵头单位", "责任单位", "实施单位", "责任主体")  # the old import's order

_projects = sa.table(
    "projects", sa.column("id", sa.Integer), sa.column("unit_id", sa.Integer), sa.column("cells", sa.JSON)
)
_project_units = sa.table(
    "project_units",
    sa.column("project_id", sa.Integer),
    sa.column("unit_id", sa.Integer),
    sa.column("role", sa.String),
    sa.column("position", sa.Integer),
)


def upgrade() -> None:
    """Create ``project_units`` and copy each project's single unit into it."""
    op.create_table(
        "project_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "lead", "cooperating", "responsible", name="assignmentrole", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_units_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_project_units_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_units")),
        sa.UniqueConstraint(
            "project_id", "unit_id", "role", name=op.f("uq_project_units_project_id_unit_id_role")
        ),
    )
    with op.batch_alter_table("project_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_units_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_units_unit_id"), ["unit_id"], unique=False)
    _backfill()


def old_role(cells: dict[str, Any] | None) -> str:
    """The role the single-unit import gave: lead when its unit came from a 牵头单位 column."""
    for wanted in OLD_UNIT_HEADERS:
        for header, value in (cells or {}).items():
            if wanted in header and str(value).strip():
                return "lead" if wanted == "牵头单位" else "responsible"
    return "responsible"


def _backfill() -> None:
    connection = op.get_bind()
    projects = _projects.c
    rows = connection.execute(
        sa.select(projects.id, projects.unit_id, projects.cells).where(projects.unit_id.is_not(None))
    ).all()
    values = [
        {"project_id": row.id, "unit_id": row.unit_id, "role": old_role(row.cells), "position": 0}
        for row in rows
    ]
    if values:
        connection.execute(_project_units.insert(), values)


def downgrade() -> None:
    """Drop ``project_units`` (``projects.unit_id`` still holds each project's first unit)."""
    with op.batch_alter_table("project_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_units_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_units_project_id"))
    op.drop_table("project_units")
