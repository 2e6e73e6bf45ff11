"""The plan library: every plan version a centre added, its jurisdiction, domain and status (in use, retired). Owned by console/library.

Revision ID: 0010_plan_library
Revises: 0009_site
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0010_plan_library"
down_revision = "0009_site"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
