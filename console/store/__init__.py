"""The storage layer: the append-only, hash-chained event log and its tables.

The event log is the source of truth of the whole product; every other table here
(incidents, snapshots) is a projection or a cache that can be rebuilt from it.
"""

from __future__ import annotations

from console.store.db import (
    Database,
    DatabaseBusy,
    DatabaseError,
    default_database_url,
    open_database,
)
from console.store.eventlog import (
    EventLog,
    InvalidEvent,
    NewEvent,
    Snapshot,
    StaleAppend,
    StoredEvent,
    VerifyReport,
)

__all__ = [
    "Database",
    "DatabaseBusy",
    "DatabaseError",
    "EventLog",
    "InvalidEvent",
    "NewEvent",
    "Snapshot",
    "StaleAppend",
    "StoredEvent",
    "VerifyReport",
    "default_database_url",
    "open_database",
]
