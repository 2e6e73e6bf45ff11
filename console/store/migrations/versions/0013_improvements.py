"""The improvement register: corrective actions from drills (and reviews) followed up with the
real data — owner unit, due date, status, verification, the plan revision or training they led
to — and the annual drill plan. Owned by console/improvements.

Revision ID: 0013_improvements
Revises: 0012_admin
Create Date: 2026-12-04
"""

from __future__ import annotations

revision = "0013_improvements"
down_revision = "0012_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
