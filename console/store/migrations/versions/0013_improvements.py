"""The improvement register: corrective actions from drills (and reviews) followed up with the
real data — owner unit, due date, status, verification, the plan revision or training they led
to — and the annual drill plan. Owned by console/improvements.

Written by hand; mirrors ``ImprovementItem`` and ``DrillPlanEntry`` in console/store/models.py.

- ``improvement_items``: one row per item of the register (整改台账), numbered ZG0001…; the
  drill item it was imported from (``source_item``, unique: importing twice adds nothing).
- ``drill_plan_entries``: one row per drill of the annual drill plan (年度演练计划).

Each change is written with an ``improvements.*`` event of the centre's ``improvements`` stream.

Revision ID: 0013_improvements
Revises: 0012_admin
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_improvements"
down_revision = "0012_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "improvement_items",
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("source_item", sa.String(300), nullable=True),
        sa.Column("source_run", sa.String(200), nullable=False),
        sa.Column("source_title", sa.String(500), nullable=False),
        sa.Column("source_date", sa.String(10), nullable=False),
        sa.Column("issue", sa.String(500), nullable=False),
        sa.Column("action", sa.String(500), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("verified_by", sa.String(100), nullable=False),
        sa.Column("verified_us", sa.BigInteger(), nullable=True),
        sa.Column("verify_note", sa.String(500), nullable=False),
        sa.Column("plan_hash", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.String(200), nullable=False),
        sa.Column("plan_version", sa.String(50), nullable=False),
        sa.Column("training_note", sa.String(500), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("number", name="pk_improvement_items"),
        sa.UniqueConstraint("source_item", name="uq_improvement_items_source_item"),
    )
    op.create_index("ix_improvement_items_owner", "improvement_items", ["owner"])
    op.create_index("ix_improvement_items_plan_id", "improvement_items", ["plan_id"])
    op.create_table(
        "drill_plan_entries",
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("plan_id", sa.String(200), nullable=False),
        sa.Column("units", sa.String(1000), nullable=False),
        sa.Column("planned", sa.String(10), nullable=False),
        sa.Column("form", sa.String(20), nullable=False),
        sa.Column("content", sa.String(20), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("drill_run", sa.String(200), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("number", name="pk_drill_plan_entries"),
    )
    op.create_index("ix_drill_plan_entries_year", "drill_plan_entries", ["year"])


def downgrade() -> None:
    op.drop_index("ix_drill_plan_entries_year", "drill_plan_entries")
    op.drop_table("drill_plan_entries")
    op.drop_index("ix_improvement_items_plan_id", "improvement_items")
    op.drop_index("ix_improvement_items_owner", "improvement_items")
    op.drop_table("improvement_items")
