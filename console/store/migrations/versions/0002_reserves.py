"""Reserve materials: depots, lots and the stock ledger (filled in by the reserves work).

Written by hand (same schema as console/reserves/models.py at this revision). The
movements table is append-only like the event log: triggers refuse UPDATE and DELETE.
Each lot's ``balance`` carries ``CHECK (balance >= 0)``, so no transaction can commit a
negative stock on either backend.

Revision ID: 0002_reserves
Revises: 0001_initial
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_reserves"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

SeqType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
LEDGER_MESSAGE = "物资台账只允许追加，不能修改或删除已记录的出入库流水；如需更正，请登记一笔盘点调整"


def upgrade() -> None:
    op.create_table(
        "reserve_depots",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("region", sa.String(12), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("custodian", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reserve_depots"),
    )
    op.create_table(
        "reserve_lots",
        sa.Column("id", SeqType, nullable=False, autoincrement=True),
        sa.Column("depot_id", sa.String(40), nullable=False),
        sa.Column("item", sa.String(10), nullable=False),
        sa.Column("lot", sa.String(60), nullable=False),
        sa.Column("expiry", sa.String(10), nullable=True),
        sa.Column("produced", sa.String(10), nullable=True),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reserve_lots"),
        sa.ForeignKeyConstraint(["depot_id"], ["reserve_depots.id"],
                                name="fk_reserve_lots_depot_id_reserve_depots"),
        sa.UniqueConstraint("depot_id", "item", "lot", name="uq_reserve_lots_depot_id_item_lot"),
        sa.CheckConstraint("balance >= 0", name="ck_reserve_lots_balance_not_negative"),
    )
    op.create_index("ix_reserve_lots_item_expiry", "reserve_lots", ["item", "expiry"])
    op.create_table(
        "reserve_movements",
        sa.Column("seq", SeqType, nullable=False, autoincrement=True),
        sa.Column("lot_id", SeqType, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("occurred_us", sa.BigInteger(), nullable=False),
        sa.Column("recorded_us", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=True),
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_reserve_movements"),
        sa.ForeignKeyConstraint(["lot_id"], ["reserve_lots.id"],
                                name="fk_reserve_movements_lot_id_reserve_lots"),
        sa.CheckConstraint("qty <> 0", name="ck_reserve_movements_qty_not_zero"),
        sa.CheckConstraint(
            "kind IN ('receive', 'issue', 'transfer_out', 'transfer_in', 'consume', 'return', "
            "'adjust', 'expire')",
            name="ck_reserve_movements_kind",
        ),
    )
    op.create_index("ix_reserve_movements_lot_id_seq", "reserve_movements", ["lot_id", "seq"])
    op.create_index("ix_reserve_movements_incident_id", "reserve_movements", ["incident_id"])
    op.create_table(
        "reserve_minimums",
        sa.Column("depot_id", sa.String(40), nullable=False),
        sa.Column("item", sa.String(10), nullable=False),
        sa.Column("min_qty", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("depot_id", "item", name="pk_reserve_minimums"),
        sa.ForeignKeyConstraint(["depot_id"], ["reserve_depots.id"],
                                name="fk_reserve_minimums_depot_id_reserve_depots"),
    )
    op.create_table(
        "reserve_requests",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=True),
        sa.Column("plan_ref", sa.String(20), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=True),
        sa.Column("decided_us", sa.BigInteger(), nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reserve_requests"),
        sa.UniqueConstraint("incident_id", "plan_ref", name="uq_reserve_requests_incident_id_plan_ref"),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')",
                           name="ck_reserve_requests_status"),
    )
    op.create_index("ix_reserve_requests_status", "reserve_requests", ["status"])
    _create_append_only_guards()


def _create_append_only_guards() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(sa.text(
            "CREATE FUNCTION reserve_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{LEDGER_MESSAGE}'; END $$"
        ))
        op.execute(sa.text(
            "CREATE TRIGGER reserve_movements_no_update_delete BEFORE UPDATE OR DELETE "
            "ON reserve_movements FOR EACH ROW EXECUTE FUNCTION reserve_movements_append_only()"
        ))
        op.execute(sa.text(
            "CREATE TRIGGER reserve_movements_no_truncate BEFORE TRUNCATE ON reserve_movements "
            "FOR EACH STATEMENT EXECUTE FUNCTION reserve_movements_append_only()"
        ))
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(sa.text(
                f"CREATE TRIGGER reserve_movements_no_{action.lower()} BEFORE {action} "
                f"ON reserve_movements BEGIN SELECT RAISE(ABORT, '{LEDGER_MESSAGE}'); END"
            ))


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(sa.text("DROP TRIGGER IF EXISTS reserve_movements_no_truncate ON reserve_movements"))
        op.execute(sa.text("DROP TRIGGER IF EXISTS reserve_movements_no_update_delete ON reserve_movements"))
        op.execute(sa.text("DROP FUNCTION IF EXISTS reserve_movements_append_only()"))
    else:
        op.execute(sa.text("DROP TRIGGER IF EXISTS reserve_movements_no_update"))
        op.execute(sa.text("DROP TRIGGER IF EXISTS reserve_movements_no_delete"))
    for table in ("reserve_requests", "reserve_minimums", "reserve_movements", "reserve_lots",
                  "reserve_depots"):
        op.drop_table(table)
