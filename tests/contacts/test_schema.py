"""Migration 0006_contacts creates exactly the tables console/contacts/models.py describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import console.contacts.models  # noqa: F401  (registers the contacts tables on Base.metadata)
from console.store.models import Base
from console.store.pgroles import WRITER_TABLES


def test_models_match_the_migration(db) -> None:  # noqa: ANN001
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    ours = [d for d in diff if "contacts" in repr(d) or "notifications" in repr(d)]
    assert ours == []


def test_console_logins_may_write_the_directory_and_the_notification_log() -> None:
    assert WRITER_TABLES["contacts"] == WRITER_TABLES["notifications"] == ("INSERT", "UPDATE", "DELETE")
