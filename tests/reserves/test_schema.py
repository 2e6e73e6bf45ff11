"""Migration 0002_reserves creates exactly the tables console/reserves/models.py describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import console.reserves.models  # noqa: F401  (registers the reserve tables on Base.metadata)
from console.store.models import Base


def test_models_match_the_migration(db) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    ours = [d for d in diff if "reserve_" in repr(d)]
    assert ours == []
