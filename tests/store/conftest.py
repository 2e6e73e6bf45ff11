"""Real databases for the store tests: a SQLite file per test, and on PostgreSQL a fresh
database per test module with a fresh schema per test (the way drills are isolated)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from psycopg import sql

from console.clock import ManualClock
from console.store import Database, EventLog, open_database

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN_DSN = f"host={PG_HOST} port={PG_PORT} user=root dbname=test connect_timeout=3"
PG_SKIP = "PostgreSQL not reachable at 127.0.0.1:5432"
T0 = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)

_pg_ok: bool | None = None


def pg_reachable() -> bool:
    global _pg_ok
    if _pg_ok is None:
        try:
            psycopg.connect(PG_ADMIN_DSN, autocommit=True).close()
            _pg_ok = True
        except psycopg.Error:
            _pg_ok = False
    return _pg_ok


def pg_url(dbname: str, schema: str | None = None) -> str:
    url = f"postgresql://root@{PG_HOST}:{PG_PORT}/{dbname}"
    return url + (f"?options=-csearch_path%3D{schema}" if schema else "")


@pytest.fixture(scope="module")
def pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A uniquely named database for this test module, dropped afterwards."""
    if not pg_reachable():
        pytest.skip(PG_SKIP)
    module = request.module.__name__.rsplit(".", 1)[-1].lower()
    name = f"fds_{module}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def fresh_pg_schema(dbname: str) -> str:
    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(
        f"host={PG_HOST} port={PG_PORT} user=root dbname={dbname}", autocommit=True
    ) as c:
        c.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'log.sqlite3'}"
    dbname = request.getfixturevalue("pg_database")
    return pg_url(dbname, fresh_pg_schema(dbname))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def log(db: Database, clock: ManualClock) -> EventLog:
    return EventLog(db, clock)


def tamper(db: Database, statements: list[str]) -> None:
    """Change the log behind its back: lift the append-only guard, run raw SQL."""
    with db.connect() as conn:
        if db.dialect == "postgresql":
            conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")
        else:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)
