"""The command line of the register and the annual plan; migration 0013 on an earlier release;
the PostgreSQL grants of the new tables."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect

from console.cli import main
from console.improvements.register import ImprovementRegister
from console.store import open_database
from console.store.migrate import HEAD_REVISION, current_revision
from console.store.pgroles import WRITER_TABLES
from tests.improvements.conftest import COUNTY, finished_drill

RELEASE = Path(__file__).resolve().parents[1] / "store" / "releases" / "release-0008.sqlite3.gz"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_the_cli_imports_lists_verifies_and_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    assert _run(capsys, "--db", url, "plan", "add", str(COUNTY), "--actor", "管理员")[0] == 0
    drill = finished_drill(tmp_path, [dict(issue="初报迟报", action="值班员培训", owner="县市场监管局",
                                           due="2026-12-01")])
    rc, out, _ = _run(capsys, "--db", url, "improvements", "import-drill", str(drill), "--actor", "张三")
    assert rc == 0 and "ZG0001" in out and "导入 1 项" in out
    rc, out, _ = _run(capsys, "--db", url, "improvements", "import-drill", str(drill), "--actor", "张三")
    assert rc == 0 and "导入 0 项" in out and "未重复导入" in out
    rc, _, err = _run(capsys, "--db", url, "improvements", "add", "--issue", "a", "--action", "b",
                      "--owner", "县委宣传部", "--actor", "张三")
    assert rc == 1 and "完成期限" in err and "Traceback" not in err
    rc, out, _ = _run(capsys, "--db", url, "improvements", "list", "--which", "overdue")
    assert rc == 0 and "【逾期】" in out and "ZG0001" in out  # due 2026-12-01, today is later
    assert _run(capsys, "--db", url, "improvements", "status", "ZG0001", "已完成待验证", "--actor", "张三")[0] == 0
    rc, out, _ = _run(capsys, "--db", url, "improvements", "verify-item", "ZG0001", "--by", "李四", "--actor", "张三")
    assert rc == 0 and "李四" in out
    db = open_database(url)
    h = ImprovementRegister(db).items()[0]
    assert h.verified_by == "李四"
    from console.library.library import PlanLibrary

    entry = PlanLibrary(db).entries()[0]
    db.close()
    rc, out, _ = _run(capsys, "--db", url, "improvements", "link-plan", "ZG0001", "--plan", entry.short_hash,
                      "--actor", "张三")
    assert rc == 0 and entry.plan_id in out
    rc, out, _ = _run(capsys, "--db", url, "improvements", "for-plan", entry.plan_id)
    assert rc == 0 and "1 次演练、1 项整改要求" in out and "连江县某中学食堂" in out
    assert _run(capsys, "--db", url, "improvements", "verify")[0] == 0
    # the annual plan
    rc, out, _ = _run(capsys, "--db", url, "drills-plan", "add", "--year", "2027", "--title", "食堂食物中毒功能演练",
                      "--plan", entry.plan_id, "--units", "县市场监管局、县卫健局", "--when", "2027-05",
                      "--form", "功能", "--content", "综合", "--purpose", "检验性", "--actor", "张三")
    assert rc == 0 and "2027-01" in out and "功能·综合·检验性" in out
    rc, out, _ = _run(capsys, "--db", url, "drills-plan", "done", "2027-01", "--run", "school@20270512",
                      "--actor", "张三")
    assert rc == 0 and "已完成 1 / 1 项" in out
    rc, out, _ = _run(capsys, "--db", url, "drills-plan", "list", "--year", "2027")
    assert rc == 0 and "[已完成]" in out and "已完成 1 / 1 项" in out


def test_migration_0013_on_an_earlier_release(tmp_path: Path) -> None:
    path = tmp_path / "release-0008.sqlite3"
    with gzip.open(RELEASE, "rb") as fin, path.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    db = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(db.engine) == HEAD_REVISION == "0013_improvements"
        tables = set(inspect(db.engine).get_table_names())
        assert {"improvement_items", "drill_plan_entries"} <= tables
        reg = ImprovementRegister(db)
        assert reg.items() == [] and reg.verify() == []
        # the units of the plans the old incidents were opened on are known
        it = reg.add(issue="a", action="b", owner=next(iter(sorted(_units(db)))), due="2027-01-01", actor="x",
                     role="duty_officer")
        assert it.number == "ZG0001" and reg.verify() == []
    finally:
        db.close()


def _units(db):  # type: ignore[no-untyped-def]
    from console.improvements.register import known_units

    return known_units(db)


def test_an_empty_database_migrates_to_the_new_tables(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        assert {"improvement_items", "drill_plan_entries"} <= set(inspect(db.engine).get_table_names())
        # no plan yet: any owner is kept as given (as accounts' units are)
        assert ImprovementRegister(db).add(issue="a", action="b", owner="县食安办", due="2027-01-01", actor="x",
                                           role="duty_officer").owner == "县食安办"
    finally:
        db.close()


def test_the_writers_may_insert_and_update_but_never_delete() -> None:
    assert WRITER_TABLES["improvement_items"] == ("INSERT", "UPDATE")
    assert WRITER_TABLES["drill_plan_entries"] == ("INSERT", "UPDATE")
