"""Dispatch tables: warning policies, schedule snapshots, runs, supervision actions, inbox, serials.

An independent branch (``dispatch``) on the ledger's first revision: ``envplan db upgrade`` goes to
every head. Action events are append-only (triggers as for the ledger's status events).

Revision ID: dispatch0001
Revises: ledger0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dispatch0001"
down_revision: str | Sequence[str] | None = "ledger0001"
branch_labels: str | Sequence[str] | None = ("dispatch",)
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = ("action_events",)


def upgrade() -> None:
    """Create the dispatch tables."""
    op.create_table(
        "dispatch_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_runs")),
        sa.UniqueConstraint("day", name=op.f("uq_dispatch_runs_day")),
    )
    op.create_table(
        "letter_serials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_serials")),
        sa.UniqueConstraint("prefix", "year", name=op.f("uq_letter_serials_prefix_year")),
    )
    op.create_table(
        "dispatch_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_dispatch_policies_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_dispatch_policies_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_policies")),
        sa.UniqueConstraint("region_id", name=op.f("uq_dispatch_policies_region_id")),
    )
    op.create_table(
        "supervision_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "reminder",
                "warning_letter",
                "supervision_notice",
                "interview",
                "listing",
                "extension",
                "close_out",
                name="actionkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "issued",
                "requested",
                "replied",
                "approved",
                "rejected",
                "closed",
                name="actionstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("doc_number", sa.String(length=64), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("issuer_unit_id", sa.Integer(), nullable=True),
        sa.Column("recipient_unit_id", sa.Integer(), nullable=True),
        sa.Column("requested_due", sa.Date(), nullable=True),
        sa.Column("reply_by", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_supervision_actions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["issuer_unit_id"], ["units.id"], name=op.f("fk_supervision_actions_issuer_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["recipient_unit_id"], ["units.id"], name=op.f("fk_supervision_actions_recipient_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_supervision_actions_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_actions")),
        sa.UniqueConstraint("doc_number", name=op.f("uq_supervision_actions_doc_number")),
    )
    op.create_index(op.f("ix_supervision_actions_kind"), "supervision_actions", ["kind"], unique=False)
    op.create_index(
        op.f("ix_supervision_actions_recipient_unit_id"),
        "supervision_actions",
        ["recipient_unit_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_supervision_actions_region_id"), "supervision_actions", ["region_id"], unique=False
    )
    op.create_index(op.f("ix_supervision_actions_status"), "supervision_actions", ["status"], unique=False)
    op.create_table(
        "action_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("old_status", sa.String(length=16), nullable=True),
        sa.Column("new_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["supervision_actions.id"],
            name=op.f("fk_action_events_action_id_supervision_actions"),
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_action_events_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_events")),
    )
    op.create_index(op.f("ix_action_events_action_id"), "action_events", ["action_id"], unique=False)
    op.create_table(
        "action_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["supervision_actions.id"],
            name=op.f("fk_action_citations_action_id_supervision_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_action_citations_assignment_id_assignments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_citations")),
        sa.UniqueConstraint(
            "action_id", "assignment_id", name=op.f("uq_action_citations_action_id_assignment_id")
        ),
    )
    op.create_index(op.f("ix_action_citations_action_id"), "action_citations", ["action_id"], unique=False)
    op.create_index(
        op.f("ix_action_citations_assignment_id"), "action_citations", ["assignment_id"], unique=False
    )
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["supervision_actions.id"],
            name=op.f("fk_inbox_messages_action_id_supervision_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_inbox_messages_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_inbox_messages_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
        sa.UniqueConstraint("user_id", "dedupe_key", name=op.f("uq_inbox_messages_user_id_dedupe_key")),
    )
    op.create_index(op.f("ix_inbox_messages_created_at"), "inbox_messages", ["created_at"], unique=False)
    op.create_index(op.f("ix_inbox_messages_user_id"), "inbox_messages", ["user_id"], unique=False)
    op.create_table(
        "schedule_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state_reason", sa.Text(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_schedule_snapshots_assignment_id_assignments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_snapshots")),
        sa.UniqueConstraint("assignment_id", "day", name=op.f("uq_schedule_snapshots_assignment_id_day")),
    )
    op.create_index(
        op.f("ix_schedule_snapshots_assignment_id"), "schedule_snapshots", ["assignment_id"], unique=False
    )
    op.create_index(op.f("ix_schedule_snapshots_colour"), "schedule_snapshots", ["colour"], unique=False)
    op.create_index(op.f("ix_schedule_snapshots_day"), "schedule_snapshots", ["day"], unique=False)
    _create_append_only_triggers()


def downgrade() -> None:
    """Drop the dispatch tables (data included)."""
    _drop_append_only_triggers()
    op.drop_index(op.f("ix_schedule_snapshots_day"), table_name="schedule_snapshots")
    op.drop_index(op.f("ix_schedule_snapshots_colour"), table_name="schedule_snapshots")
    op.drop_index(op.f("ix_schedule_snapshots_assignment_id"), table_name="schedule_snapshots")
    op.drop_table("schedule_snapshots")
    op.drop_index(op.f("ix_inbox_messages_user_id"), table_name="inbox_messages")
    op.drop_index(op.f("ix_inbox_messages_created_at"), table_name="inbox_messages")
    op.drop_table("inbox_messages")
    op.drop_index(op.f("ix_action_citations_assignment_id"), table_name="action_citations")
    op.drop_index(op.f("ix_action_citations_action_id"), table_name="action_citations")
    op.drop_table("action_citations")
    op.drop_index(op.f("ix_action_events_action_id"), table_name="action_events")
    op.drop_table("action_events")
    op.drop_index(op.f("ix_supervision_actions_status"), table_name="supervision_actions")
    op.drop_index(op.f("ix_supervision_actions_region_id"), table_name="supervision_actions")
    op.drop_index(op.f("ix_supervision_actions_recipient_unit_id"), table_name="supervision_actions")
    op.drop_index(op.f("ix_supervision_actions_kind"), table_name="supervision_actions")
    op.drop_table("supervision_actions")
    op.drop_table("dispatch_policies")
    op.drop_table("letter_serials")
    op.drop_table("dispatch_runs")


def _create_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for verb in ("UPDATE", "DELETE"):
            name = f"{table}_no_{verb.lower()}"
            if dialect == "sqlite":
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
                )
            elif dialect == "postgresql":  # envplan_refuse_change() comes with ledger0001
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION envplan_refuse_change()"
                )


def _drop_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for verb in ("update", "delete"):
            if dialect == "sqlite":
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
            elif dialect == "postgresql":
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb} ON {table}")
