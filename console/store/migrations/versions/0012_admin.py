"""Administration: account locks set by the administrator. Owned by console/auth.

- ``users.lock_reason``: set when an administrator locks the account (``user lock``, 账号管理
  → 锁定…); the account cannot log in until an administrator unlocks it. NULL: not locked by
  an administrator (the failed-login lock is ``locked_until_us``, as before).

Revision ID: 0012_admin
Revises: 0011_reference
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_admin"
down_revision = "0011_reference"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as b:
        b.add_column(sa.Column("lock_reason", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as b:
        b.drop_column("lock_reason")
