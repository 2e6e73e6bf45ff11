"""The site: the centre's own settings kept with the database (its jurisdiction, name, first-run
state). Owned by console/site.

Written by hand; mirrors console/site/models.py. The one row is written with its event of the
``site`` stream (``site.jurisdiction_set``); ``site verify`` checks it against the chain.

Revision ID: 0009_site
Revises: 0008_room
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_site"
down_revision = "0008_room"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("jurisdiction", sa.String(12), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("set_us", sa.BigInteger(), nullable=False),
        sa.Column("set_by", sa.String(100), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_site"),
    )


def downgrade() -> None:
    op.drop_table("site")
