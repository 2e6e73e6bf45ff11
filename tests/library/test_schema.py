"""Migration 0010_plan_library: the table as the model describes it, on an empty database and on
a database of release 0008 (whose pinned plans are listed as 来自既有事件 and verify honestly);
the PostgreSQL logins' privileges on it."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from console.app import Console
from console.clock import ManualClock
from console.store import open_database
from console.store.migrate import HEAD_REVISION, current_revision
from console.store.models import Base, plans_table
from console.store.pgroles import WRITER_TABLES
from console.store.verify import verify_chain
from tests.library.conftest import ADMIN, MUNICIPAL
from tests.records_fixtures import T0

RELEASE_0008 = Path(__file__).resolve().parents[1] / "store" / "releases" / "release-0008.sqlite3.gz"


def test_models_match_the_migration(db) -> None:  # noqa: ANN001
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert [d for d in diff if "plan_library" in repr(d)] == []


def test_an_empty_database_has_an_empty_library(db) -> None:  # noqa: ANN001
    console = Console(db, ManualClock(T0))
    assert console.library.entries(include_retired=True) == []
    assert console.library.verify() == []
    assert console.library.offered("410900") == []


def test_console_logins_may_add_and_retire_but_never_delete() -> None:
    assert WRITER_TABLES["plan_library"] == ("INSERT", "UPDATE")


def _release_0008(tmp_path: Path) -> Path:
    path = tmp_path / "release-0008.sqlite3"
    with gzip.open(RELEASE_0008, "rb") as fin, path.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    return path


def test_a_release_0008_database_lists_its_pinned_plans_as_from_existing_incidents(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{_release_0008(tmp_path)}")
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        assert verify_chain(db).ok
        console = Console(db, ManualClock(T0))
        lib = console.library
        with db.reading() as conn:
            pinned = {r.hash: r for r in conn.execute(select(plans_table))}
        entries = lib.entries(include_retired=True)
        assert pinned and {e.content_hash for e in entries} == set(pinned)
        for e in entries:
            assert (e.status_title, e.origin_title, e.added_by) == ("在用", "来自既有事件", "")
            assert (e.plan_id, e.version, e.title) == (pinned[e.content_hash].plan_id, pinned[e.content_hash].version,
                                                     pinned[e.content_hash].title)
        assert any(e.jurisdiction == "410900" and e.domain == "food" for e in entries)
        assert lib.verify() == []
        assert lib.origins() == {"pinned": len(pinned)}
        used = lib.usage()
        assert sum(used.get(h, 0) for h in pinned) >= 1
        # its incidents are offered the same plans again, and the library works on it
        assert [p.id for p in lib.offered("410900")][:1] == ["food-municipal"]
        municipal = next(e for e in entries if e.plan_id == "food-municipal")
        # a row listed as from existing incidents is held against its pinned text
        with db.connect() as conn:
            conn.execute(text("UPDATE plan_library SET jurisdiction = '999999' WHERE content_hash = :h"),
                         {"h": municipal.content_hash})
        (problem,) = lib.verify()
        assert "来自既有事件" in problem and "999999" in problem and "410900" in problem
        with db.connect() as conn:
            conn.execute(text("UPDATE plan_library SET jurisdiction = '410900' WHERE content_hash = :h"),
                         {"h": municipal.content_hash})
        assert lib.verify() == []
        # retired and restored with events like any other
        lib.retire(municipal.content_hash, reason="改用本中心预案", actor="admin", role="admin")
        assert lib.verify() == []
        assert lib.get(municipal.content_hash).origin_title == "来自既有事件"  # retiring keeps the origin
        assert lib.offered("410900") == []
        lib.restore(municipal.content_hash, actor="admin", role="admin")
        assert lib.verify() == [] and verify_chain(db).ok
    finally:
        db.close()


def test_a_row_claiming_to_come_from_existing_incidents_without_a_pinned_text_is_named(db) -> None:  # noqa: ANN001
    console = Console(db, ManualClock(T0))
    console.library.add_file(MUNICIPAL, **ADMIN)
    with db.connect() as conn:
        conn.execute(text("INSERT INTO plan_library (content_hash, plan_id, version, title, jurisdiction, "
                          "jurisdiction_name, domain, level, status, origin, added_us, added_by, file_name, "
                          "retired_us, retired_by, retired_reason) VALUES ('" + "a" * 64 + "', 'x', '1', '伪造', "
                          "'410100', '郑州市', 'food', 'city', 'in_use', 'pinned', 0, '', '', NULL, '', '')"))
        n = conn.execute(select(func.count()).select_from(plans_table)).scalar_one()
    assert n == 1
    problems = console.library.verify()
    assert any("没有这一固定的预案原文" in p for p in problems)
