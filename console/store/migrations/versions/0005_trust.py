"""Trust: account keys, CLI sessions, signed checkpoints, checked projections, login throttling.

Written by hand; mirrors console/auth/models.py (users, sessions, login_throttle) and
console/store/models.py (checkpoints, events.db_user, incidents.last_seq/last_hash).

- ``users.roles``: further roles the account holds besides ``role`` (comma-separated ids).
- ``users.public_key`` / ``users.private_key``: the account's Ed25519 key pair; the private key
  is PKCS#8 PEM encrypted with the account's password.
- ``sessions``: short-lived CLI logins (``python -m console login``); only the token's sha256 is
  stored, with a session signing key certified by the account key.
- ``checkpoints``: signed statements "the chain head was (seq, hash)".
- ``events.db_user``: the PostgreSQL login that wrote the event (stamped by the server's trigger;
  not part of the hash). NULL on SQLite.
- ``incidents.last_seq`` / ``incidents.last_hash``: the last event folded into the projection row.
- ``login_throttle``: failed logins per name, summarised per window instead of one event each.

Revision ID: 0005_trust
Revises: 0004_accounts
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_trust"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as b:
        b.add_column(sa.Column("roles", sa.String(200), nullable=True))
        b.add_column(sa.Column("public_key", sa.String(64), nullable=True))
        b.add_column(sa.Column("private_key", sa.Text(), nullable=True))
    with op.batch_alter_table("events") as b:
        b.add_column(sa.Column("db_user", sa.String(100), nullable=True))
    with op.batch_alter_table("incidents") as b:
        b.add_column(sa.Column("last_seq", sa.BigInteger(), nullable=True))
        b.add_column(sa.Column("last_hash", sa.String(64), nullable=True))
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.Column("expires_us", sa.BigInteger(), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("certificate", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("signed_us", sa.BigInteger(), nullable=False),
        sa.Column("signer", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("certificate", sa.Text(), nullable=True),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkpoints"),
    )
    op.create_index("ix_checkpoints_seq", "checkpoints", ["seq"])
    op.create_table(
        "login_throttle",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("window_us", sa.BigInteger(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("logged", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_login_throttle"),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_index("ix_checkpoints_seq", "checkpoints")
    op.drop_table("checkpoints")
    op.drop_index("ix_sessions_username", "sessions")
    op.drop_table("sessions")
    with op.batch_alter_table("incidents") as b:
        b.drop_column("last_hash")
        b.drop_column("last_seq")
    with op.batch_alter_table("events") as b:
        b.drop_column("db_user")
    with op.batch_alter_table("users") as b:
        b.drop_column("private_key")
        b.drop_column("public_key")
        b.drop_column("roles")
