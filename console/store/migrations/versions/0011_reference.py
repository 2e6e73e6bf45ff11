"""Reference data a centre owns: townships, the register of regulated entities, expert
specialties and their synonyms, depot status and minimum stock. Owned by console/reference.

Written by hand; mirrors console/reference/models.py and the ``active``/``status_reason``
columns of console/reserves/models.py (a depot is deactivated, never deleted, by an event of
the ``reference`` stream).

Revision ID: 0011_reference
Revises: 0010_plan_library
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_reference"
down_revision = "0010_plan_library"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_townships",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("county", sa.String(6), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_reference_townships"),
    )
    op.create_index("ix_reference_townships_county", "reference_townships", ["county"])
    op.create_table(
        "reference_entities",
        sa.Column("licence_no", sa.String(40), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("county", sa.String(6), nullable=False),
        sa.Column("township", sa.String(50), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("supervisor", sa.String(100), nullable=False),
        sa.Column("risk_grade", sa.String(1), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("licence_no", name="pk_reference_entities"),
    )
    op.create_index("ix_reference_entities_category", "reference_entities", ["category"])
    op.create_table(
        "reference_specialty_synonyms",
        sa.Column("synonym", sa.String(50), nullable=False),
        sa.Column("specialty", sa.String(50), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("synonym", name="pk_reference_specialty_synonyms"),
    )
    # plain ADD COLUMN (SQLite takes NOT NULL with a default): a batch copy of the table would
    # trip the lots' and minimums' foreign keys
    op.add_column("reserve_depots", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("reserve_depots", sa.Column("status_reason", sa.String(500), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("reserve_depots") as batch:
        batch.drop_column("status_reason")
        batch.drop_column("active")
    op.drop_table("reference_specialty_synonyms")
    op.drop_index("ix_reference_entities_category", "reference_entities")
    op.drop_table("reference_entities")
    op.drop_index("ix_reference_townships_county", "reference_townships")
    op.drop_table("reference_townships")
