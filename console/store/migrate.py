"""Schema migrations: run Alembic "upgrade head" from inside the package.

``HEAD_REVISION`` lets :func:`console.store.db.open_database` skip Alembic entirely (and
its import cost) when a database is already current; a test keeps it equal to the
real head of ``migrations/versions``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0013_improvements"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number; serialises concurrent first-time upgrades on PostgreSQL.
_PG_MIGRATION_LOCK = 0x46445345_4D434F4E


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_head() -> str | None:
    """The head revision as Alembic sees it in migrations/versions."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine | Connection) -> str | None:
    """The revision recorded in ``alembic_version``, or None for an empty database."""
    if isinstance(engine, Connection):
        return _read_revision(engine)
    with engine.connect() as conn:
        rev = _read_revision(conn)
        conn.rollback()
        return rev


def _read_revision(conn: Connection) -> str | None:
    if conn.dialect.name == "postgresql":
        exists = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar()
    else:
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).scalar()
    if not exists:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to head in one transaction (DDL is transactional on both backends).

    Concurrent first starts are serialised: SQLite by BEGIN IMMEDIATE (our begin hook),
    PostgreSQL by a transaction-scoped advisory lock; the loser then finds head and no-ops.
    """
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        if _read_revision(conn) == HEAD_REVISION:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
