"""A database and an audit export written by an earlier release open, migrate and verify.

``releases/release-NNNN.sqlite3.gz`` is the demo (incidents, records, reserves) plus two
accounts, written by the release whose schema head was revision NNNN; the audit export was
taken from it at the same moment. From 0005 on the accounts have written events of their own
(a duty note, a facts change) and signed a checkpoint. Each later release must open the database (migrating it to
head), keep every event and account, verify the chain, and verify the old export.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.auth.accounts import AccountService
from console.store import open_database
from console.store.audit import verify_export
from console.store.migrate import HEAD_REVISION, current_revision
from console.store.models import events_table, incidents_table
from console.store.verify import verify_chain

RELEASES = Path(__file__).resolve().parent / "releases"
DATABASES = sorted(RELEASES.glob("release-*[0-9].sqlite3.gz"))


def _unzip(src: Path, dest: Path) -> Path:
    with gzip.open(src, "rb") as fin, dest.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    return dest


def test_there_is_a_release_fixture() -> None:
    assert DATABASES, "tests/store/releases/ holds no earlier release database"


@pytest.mark.parametrize("packed", DATABASES, ids=[p.name for p in DATABASES])
def test_an_earlier_database_migrates_and_verifies(packed: Path, tmp_path: Path) -> None:
    path = _unzip(packed, tmp_path / packed.name.removesuffix(".gz"))
    db = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        report = verify_chain(db)
        assert report.ok, report.message
        assert report.checked == report.head_seq > 300
        with db.reading() as conn:
            assert conn.execute(select(func.count()).select_from(events_table)).scalar() == report.checked
            assert conn.execute(select(func.count()).select_from(incidents_table)).scalar() >= 1
        accounts = AccountService(db)
        assert {u.username for u in accounts.list()} == {"admin", "zhang"}
        assert accounts.login("zhang", "zhang-pass-1").role == "commander"
    finally:
        db.close()


@pytest.mark.parametrize("packed", sorted(RELEASES.glob("release-*-audit.jsonl.gz")))
def test_an_earlier_audit_export_verifies(packed: Path, tmp_path: Path) -> None:
    path = _unzip(packed, tmp_path / packed.name.removesuffix(".gz"))
    report, header = verify_export(path)
    assert report.ok, report.message
    assert report.checked == report.head_seq > 300
    assert str(header.get("source", "")).startswith("release ")
