"""Administration: account locks set by the administrator. Owned by console/auth.

Revision ID: 0012_admin
Revises: 0011_reference
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0012_admin"
down_revision = "0011_reference"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
