"""The site: the centre's own settings kept with the database (its jurisdiction, name, first-run state). Owned by console/site.

Revision ID: 0009_site
Revises: 0008_room
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0009_site"
down_revision = "0008_room"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
