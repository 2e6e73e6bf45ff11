"""Migration 0011_reference: the tables console/reference/models.py describes and the depots'
status columns, on an empty database and on a database written by release 0008; console logins
may write the new tables."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import console.reference.models  # noqa: F401  (registers the reference tables on Base.metadata)
import console.reserves.models  # noqa: F401
from console.app import Console
from console.reserves.files import import_depots_file
from console.store import open_database
from console.store.migrate import HEAD_REVISION, current_revision
from console.store.models import Base
from console.store.pgroles import WRITER_TABLES
from console.store.verify import verify_chain
from tests.reference.conftest import SAMPLES

RELEASE_0008 = Path(__file__).resolve().parents[1] / "store" / "releases" / "release-0008.sqlite3.gz"
NEW_TABLES = ("reference_townships", "reference_entities", "reference_specialty_synonyms")


def test_models_match_the_migration(db) -> None:  # noqa: ANN001
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    ours = [d for d in diff if "reference_" in repr(d) or "reserve_depots" in repr(d)]
    assert ours == []
    cols = {c["name"] for c in inspect(db.engine).get_columns("reserve_depots")}
    assert {"active", "status_reason"} <= cols


def test_console_logins_may_write_the_reference_tables() -> None:
    for t in NEW_TABLES:
        assert WRITER_TABLES[t] == ("INSERT", "UPDATE", "DELETE")


def test_a_release_0008_database_migrates_keeps_its_depots_active_and_takes_the_registers(tmp_path: Path) -> None:
    path = tmp_path / "release-0008.sqlite3"
    with gzip.open(RELEASE_0008, "rb") as fin, path.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    db = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        assert set(NEW_TABLES) <= set(inspect(db.engine).get_table_names())
        app = Console(db, jurisdiction="410900")
        depots = app.ledger.depots()
        assert depots and all(d.active and d.status_reason == "" for d in depots)  # the old depots stay in use
        app.reference.set_depot_active(depots[0].id, False, reason="迁移后测试", actor="admin")
        assert not app.ledger.depots()[0].active
        assert app.reference.verify() == [] and app.ledger.verify_chain().ok
        assert verify_chain(db).ok
        assert app.reference.counts()["townships"] == 0
    finally:
        db.close()


def test_a_zhengzhou_centre_sets_itself_up_from_the_samples(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'zz.sqlite3'}")
    try:
        app = Console(db, jurisdiction="410100")
        app.reference.import_townships(SAMPLES / "townships.csv", actor="管理员")
        app.reference.import_entities(SAMPLES / "entities.csv", actor="管理员")
        assert len(import_depots_file(app.ledger, SAMPLES / "depots.csv")) == 3
        assert app.experts.import_file(SAMPLES / "experts.csv", actor="管理员") == 3
        counts = app.reference.counts()
        assert (counts["townships"], counts["entities"], counts["depots"]) == (58, 50, 3)
        assert {e.category for e in app.reference.entities()} >= {"catering", "food_operation", "drug_operation"}
        assert verify_chain(db).ok and app.reference.verify() == []
    finally:
        db.close()
