"""Opening databases: migrations to head, the fast no-op reopen, friendly errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from console.store import DatabaseError, default_database_url, open_database
from console.store.migrate import HEAD_REVISION, MIGRATIONS_DIR, current_revision, script_head

REPO = Path(__file__).resolve().parents[2]
TABLES = {"alembic_version", "plans", "events", "chain_head", "snapshots", "incidents"}


def test_head_constant_matches_the_scripts() -> None:
    assert script_head() == HEAD_REVISION
    # open_database recognises revisions by file name: keep file stem == revision id.
    for path in (MIGRATIONS_DIR / "versions").glob("[!_]*.py"):
        assert f'revision = "{path.stem}"' in path.read_text(encoding="utf-8")


def test_fresh_database_is_migrated_to_head(db_url: str) -> None:
    db = open_database(db_url)
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        assert TABLES <= set(inspect(db.engine).get_table_names())
        with db.connect() as conn:
            assert conn.execute(text("SELECT id, seq FROM chain_head")).all() == [(1, 0)]
    finally:
        db.close()
    again = open_database(db_url)  # no-op
    assert current_revision(again.engine) == HEAD_REVISION
    again.close()


def test_reopening_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    open_database(url).close()
    code = (
        "import sys; from console.store import open_database; "
        f"open_database({url!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_upgrade_false_leaves_an_empty_database_alone(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}", upgrade=False)
    assert current_revision(db.engine) is None
    db.close()


def test_sqlite_durability_settings(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "plain-path.sqlite3"))  # a bare path is accepted too
    with db.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    db.close()


def test_not_a_database_file_gives_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"This is a shopping list, not a database.\n" * 100)
    with pytest.raises(DatabaseError) as info:
        open_database(f"sqlite:///{path}")
    assert "不是有效的数据库" in str(info.value) and str(path) in str(info.value)


def test_unreachable_server_gives_a_chinese_message() -> None:
    with pytest.raises(DatabaseError, match="无法连接 PostgreSQL"):
        open_database("postgresql://root@127.0.0.1:1/test")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    db = open_database(url)
    with db.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.close()
    with pytest.raises(DatabaseError, match="请升级"):
        open_database(url)


def test_default_url_is_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = default_database_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'fds-emergency-console' / 'console.sqlite3'}"
    assert (tmp_path / "data" / "fds-emergency-console").is_dir()


@pytest.mark.postgres
def test_plain_postgresql_url_is_rewritten_to_psycopg(pg_database: str) -> None:
    db = open_database(f"postgresql://root@127.0.0.1:5432/{pg_database}")
    assert db.url.startswith("postgresql+psycopg://") and db.dialect == "postgresql"
    db.close()
