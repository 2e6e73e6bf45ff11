"""The site record: the jurisdiction kept with the database, written with its event in the chain."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

import console.site.models  # noqa: F401  (registers the site table on Base.metadata)
from console.app import Console
from console.auth.accounts import AccountService
from console.cli import main
from console.geo.divisions import division, search_divisions
from console.site import SiteError, SiteSettings
from console.store import open_database
from console.store.migrate import HEAD_REVISION, current_revision
from console.store.models import Base
from console.store.pgroles import ADMIN_TABLES, WRITER_TABLES
from console.store.verify import verify_chain

RELEASE = Path(__file__).resolve().parents[1] / "store" / "releases" / "release-0008.sqlite3.gz"


def test_a_fresh_database_has_no_jurisdiction_and_a_console_uses_none(db, clock) -> None:  # noqa: ANN001
    console = Console(db, clock)
    assert console.site.get() is None
    assert console.jurisdiction is None


def test_setting_the_jurisdiction_writes_the_row_and_its_event(db, clock) -> None:  # noqa: ANN001
    site = SiteSettings(db, clock)
    s = site.set_jurisdiction("410100", actor="张三", role="admin")
    assert (s.jurisdiction, s.name, s.level, s.full_name) == ("410100", "郑州市", "市", "河南省郑州市")
    assert s.set_by == "张三"
    assert site.get() == s
    events = list(site.log.read("site"))
    assert [e.type for e in events] == ["site.jurisdiction_set"]
    assert events[0].payload["old"] is None and events[0].payload["new"] == "410100"
    assert site.verify() == []
    # a change names the old and the new code; the same code again writes nothing
    site.set_jurisdiction("410105", actor="张三", role="admin")
    site.set_jurisdiction("410105", actor="张三", role="admin")
    events = list(site.log.read("site"))
    assert len(events) == 2 and (events[1].payload["old"], events[1].payload["new"]) == ("410100", "410105")
    assert site.get() is not None and site.get().level == "县"  # type: ignore[union-attr]
    assert verify_chain(db).ok
    # every console on the database now uses it: the bounds check, the reserves
    console = Console(db, clock)
    assert console.jurisdiction == "410105"
    assert console.ledger.jurisdiction == "410105"
    assert Console(db, clock, jurisdiction="410100").jurisdiction == "410100"  # an explicit one overrides


@pytest.mark.parametrize("code", ["999999", "4101", "abcdef", "", "100000"])
def test_a_code_outside_the_division_data_is_refused(db, clock, code: str) -> None:  # noqa: ANN001
    site = SiteSettings(db, clock)
    with pytest.raises(SiteError) as exc:
        site.set_jurisdiction(code, actor="张三", role="admin")
    assert "行政区划" in str(exc.value) or "辖区" in str(exc.value)
    assert site.get() is None and list(site.log.read("site")) == []


def test_the_refusal_of_999999_names_the_code_and_where_to_look(db, clock) -> None:  # noqa: ANN001
    with pytest.raises(SiteError, match="「999999」不在离线行政区划数据中"):
        SiteSettings(db, clock).set_jurisdiction("999999", actor="张三", role="admin")


def test_with_accounts_only_an_administrator_sets_it(db, clock) -> None:  # noqa: ANN001
    accounts = AccountService(db, clock)
    admin = accounts.create("admin", "admin-pass-1", role="admin", display_name="管理员", by=None)
    accounts.create("zhang", "zhang-pass-1", role="commander", display_name="张三", by=admin)
    site = SiteSettings(db, clock)
    with pytest.raises(SiteError, match="只有系统管理员可以设置辖区"):
        site.set_jurisdiction("410100", actor="zhang", role="commander")
    with pytest.raises(SiteError, match="不是系统管理员账号"):
        site.set_jurisdiction("410100", actor="zhang", role="admin")  # claiming a role it does not hold
    assert site.get() is None
    assert site.set_jurisdiction("410100", actor="admin", role="admin").jurisdiction == "410100"


def test_verify_finds_a_row_changed_behind_the_log(db, clock) -> None:  # noqa: ANN001
    site = SiteSettings(db, clock)
    site.set_jurisdiction("410100", actor="张三", role="admin")
    with db.connect() as conn:
        conn.execute(text("UPDATE site SET jurisdiction = '410900', name = '濮阳市'"))
    problems = site.verify()
    assert len(problems) == 1 and "辖区代码" in problems[0] and "410900" in problems[0] and "410100" in problems[0]
    with db.connect() as conn:
        conn.execute(text("DELETE FROM site"))
    assert "在表中缺失" in site.verify()[0]


def test_verify_finds_a_row_written_without_its_event(db, clock) -> None:  # noqa: ANN001
    with db.connect() as conn:
        conn.execute(text("INSERT INTO site (id, jurisdiction, name, full_name, level, set_us, set_by, event_version)"
                          " VALUES (1, '410900', '濮阳市', '河南省濮阳市', '市', 0, 'x', 1)"))
    assert "在链上没有对应事件" in SiteSettings(db, clock).verify()[0]


def test_the_model_matches_the_migration_and_the_grants(db) -> None:  # noqa: ANN001
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert [d for d in diff if "'site'" in repr(d) or "site" == getattr(d, "name", None)] == []
    assert ADMIN_TABLES["site"] == ("INSERT", "UPDATE") and "site" not in WRITER_TABLES


def test_the_release_0008_database_migrates_and_takes_a_jurisdiction(tmp_path: Path, clock) -> None:  # noqa: ANN001
    path = tmp_path / "release-0008.sqlite3"
    with gzip.open(RELEASE, "rb") as fin, path.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    db = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        console = Console(db, clock)
        assert console.site.get() is None and console.jurisdiction is None  # an old database: not set yet
        with pytest.raises(SiteError):  # it has accounts: only its administrator
            console.site.set_jurisdiction("410900", actor="zhang", role="commander")
        console.site.set_jurisdiction("410900", actor="admin", role="admin")
        assert console.site.verify() == [] and verify_chain(db).ok
    finally:
        db.close()


def test_the_division_list_is_searched_by_name_and_code() -> None:
    assert [d.code for d in search_divisions("郑州", 1)] == ["410100"]
    assert [d.code for d in search_divisions("4101", 2)] == ["410100", "410102"]
    assert {d.name for d in search_divisions("4101", None)} >= {"郑州市", "金水区", "中原区", "登封市"}
    assert [d.code for d in search_divisions("金水")] == ["410105"]
    assert search_divisions("河南 郑州", 1)[0].code == "410100"
    jinshui = division("410105")
    assert jinshui is not None
    assert (jinshui.parent, jinshui.level, jinshui.full_name) == ("郑州市", "县", "河南省郑州市金水区")
    assert division("999999") is None and search_divisions("没有这个地方") == []
    # 拼音, for a desk without a Chinese input method: whole syllables (any part) or initials
    assert search_divisions("zhengzhou", 1)[0].code == "410100"
    assert search_divisions("ZhengZhou", 1)[0].code == "410100"
    assert [d.code for d in search_divisions("jinshui")] == ["410105"]
    assert "410100" in {d.code for d in search_divisions("zzs", 5)}  # 郑州市 (and 长治市, read zhang-)
    assert "410105" in {d.code for d in search_divisions("henan jinshui")}
    assert search_divisions("xq") and search_divisions("qqqqzzz") == []


def test_the_command_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["--db", url, "site", "show"]) == 1
    assert "尚未设置辖区" in capsys.readouterr().out
    assert main(["--db", url, "site", "divisions", "郑州", "--limit", "1"]) == 0
    assert "410100 郑州市" in capsys.readouterr().out
    assert main(["--db", url, "site", "set-jurisdiction", "999999", "--actor", "张三"]) == 1
    assert "不在离线行政区划数据中" in capsys.readouterr().err
    assert main(["--db", url, "site", "set-jurisdiction", "410100", "--actor", "张三"]) == 0
    assert "河南省郑州市（410100）" in capsys.readouterr().out
    assert main(["--db", url, "site", "show"]) == 0
    assert "410100" in capsys.readouterr().out
    assert main(["--db", url, "site", "verify"]) == 0


@pytest.mark.postgres
def test_db_copy_carries_the_jurisdiction_to_postgresql(tmp_path: Path, clock, pg_database: str) -> None:  # noqa: ANN001, F811
    from console.store.transfer import copy_database
    from tests.store.conftest import fresh_pg_schema, pg_url

    src = open_database(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    dst = open_database(pg_url(pg_database, fresh_pg_schema(pg_database)))
    try:
        SiteSettings(src, clock).set_jurisdiction("410100", actor="张三", role="admin")
        summary = copy_database(src, dst)
        assert summary.tables["site"] == 1
        moved = SiteSettings(dst, clock)
        assert moved.get() == SiteSettings(src, clock).get() and moved.verify() == []
        assert Console(dst, clock).jurisdiction == "410100"
    finally:
        src.close()
        dst.close()
