"""The plan library: every plan version a centre added, its jurisdiction, domain and status
(in use, retired). Owned by console/library.

Written by hand; mirrors ``PlanLibraryEntry`` in console/store/models.py.

- ``plan_library``: one row per plan version (content hash of its text, pinned in ``plans``):
  plan id, version, title, jurisdiction (行政区划代码 and name), domain, level, status
  (``in_use`` 在用 / ``retired`` 已停用), origin, who added it and when, from which file, and
  who retired it, when and why. Each change is written with a ``library.*`` event of the
  centre's ``library`` stream (console/library).

A database written before the library existed already holds the plans its incidents were
opened on (pinned in ``plans``). They are listed here as ``in_use`` with origin ``pinned``
(来自既有事件): no event registered them — the library's ``verify`` checks such a row against
the pinned text instead of the chain, and says so.

Revision ID: 0010_plan_library
Revises: 0009_site
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010_plan_library"
down_revision = "0009_site"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "plan_library",
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("jurisdiction", sa.String(12), nullable=False),
        sa.Column("jurisdiction_name", sa.String(200), nullable=False),
        sa.Column("domain", sa.String(20), nullable=False),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("origin", sa.String(10), nullable=False),
        sa.Column("added_us", sa.BigInteger(), nullable=False),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("retired_us", sa.BigInteger(), nullable=True),
        sa.Column("retired_by", sa.String(100), nullable=False),
        sa.Column("retired_reason", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name="pk_plan_library"),
    )
    op.create_index("ix_plan_library_plan_id", "plan_library", ["plan_id"])
    op.create_index("ix_plan_library_jurisdiction", "plan_library", ["jurisdiction"])
    # The plans already pinned by incidents: in use, from the pinned texts.
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT hash, plan_id, version, title, source, first_seen_us FROM plans")).all()
    adopted = [_adopted(r) for r in rows]
    if adopted:
        op.bulk_insert(table, adopted)


def _adopted(row: Any) -> dict[str, Any]:
    """A pinned plan as a library row (the header of its text, read as YAML; nothing compiled)."""
    import yaml

    try:
        doc = yaml.safe_load(row.source)
    except yaml.YAMLError:
        doc = None
    doc = doc if isinstance(doc, dict) else {}
    j = doc.get("jurisdiction")
    j = j if isinstance(j, dict) else {}
    level = j.get("level")
    return {"content_hash": row.hash, "plan_id": row.plan_id, "version": row.version, "title": row.title,
            "jurisdiction": str(j.get("code", ""))[:12], "jurisdiction_name": str(j.get("name", ""))[:200],
            "domain": str(doc.get("domain", ""))[:20], "level": str(level)[:20] if level is not None else None,
            "status": "in_use", "origin": "pinned", "added_us": row.first_seen_us, "added_by": "",
            "file_name": "", "retired_us": None, "retired_by": "", "retired_reason": ""}


def downgrade() -> None:
    op.drop_index("ix_plan_library_jurisdiction", "plan_library")
    op.drop_index("ix_plan_library_plan_id", "plan_library")
    op.drop_table("plan_library")
