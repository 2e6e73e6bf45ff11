"""Initial schema: plans, events (append-only), chain_head, snapshots, incidents.

Written out by hand rather than from the models so that revision 1 stays what it was
when later revisions change the models.

Revision ID: 0001_initial
Revises:
Create Date: 2024-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64
APPEND_ONLY_MESSAGE = "事件日志只允许追加，不能修改或删除已记录的事件；如需更正，请追加一条更正事件"
SeqType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("first_seen_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_plans"),
    )
    op.create_index("ix_plans_plan_id", "plans", ["plan_id"])

    op.create_table(
        "events",
        sa.Column("seq", SeqType, nullable=False, autoincrement=False),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("occurred_us", sa.BigInteger(), nullable=False),
        sa.Column("recorded_us", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_events"),
        sa.UniqueConstraint("stream", "version", name="uq_events_stream_version"),
        sa.CheckConstraint("mode IN ('real', 'drill')", name="ck_events_mode"),
        sa.CheckConstraint("version >= 1", name="ck_events_version"),
    )
    op.create_index("ix_events_stream_occurred_us", "events", ["stream", "occurred_us"])

    op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chain_head"),
        sa.CheckConstraint("id = 1", name="ck_chain_head_single_row"),
    )
    op.execute(sa.text(f"INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '{GENESIS_HASH}')"))

    op.create_table(
        "snapshots",
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("occurred_us", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("stream", "version", name="pk_snapshots"),
    )
    op.create_index("ix_snapshots_stream_occurred_us", "snapshots", ["stream", "occurred_us"])

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("plan_hash", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("status", sa.String(50), nullable=False),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_us", sa.BigInteger(), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        sa.CheckConstraint("mode IN ('real', 'drill')", name="ck_incidents_mode"),
    )
    op.create_index("ix_incidents_plan_hash", "incidents", ["plan_hash"])
    op.create_index("ix_incidents_status", "incidents", ["status"])
    op.create_index("ix_incidents_updated_us", "incidents", ["updated_us"])

    _create_append_only_guards()


def _create_append_only_guards() -> None:
    """Refuse UPDATE/DELETE on events, so no code path can rewrite history by accident.

    A deliberate tamperer can drop the guard; that is what verify() is for.
    """
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            sa.text(
                "CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$"
            )
        )
        op.execute(
            sa.text(
                "CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events "
                "FOR EACH ROW EXECUTE FUNCTION events_append_only()"
            )
        )
        op.execute(
            sa.text(
                "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
                "FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()"
            )
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                sa.text(
                    f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events "
                    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
                )
            )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_no_truncate ON events"))
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_no_update_delete ON events"))
        op.execute(sa.text("DROP FUNCTION IF EXISTS events_append_only()"))
    else:
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_no_update"))
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_no_delete"))
    for table in ("incidents", "snapshots", "chain_head", "events", "plans"):
        op.drop_table(table)
