"""The plan library on a real database (SQLite and PostgreSQL): added from a file and checked on
the way in, each version kept, retired and restored with events in the chain, verified against
the chain; a retired plan keeps its incidents on their version."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from console.app import Console
from console.errors import Refused
from console.library.library import AlreadyInLibrary, LibraryRefused, PlanRefused
from console.store.verify import verify_chain
from tests.library.conftest import ADMIN, COUNTY, DRUG, MUNICIPAL, ZHENGZHOU, line_col, variant


def test_a_plan_whose_jurisdiction_does_not_exist_is_refused_located(console: Console, tmp_path: Path) -> None:
    bad = variant(tmp_path, ZHENGZHOU, "bad.yaml", ('code: "410100"', 'code: "999999"'))
    head = console.log.head()
    with pytest.raises(PlanRefused) as info:
        console.library.add_file(bad, **ADMIN)
    line, col = line_col(bad, '"999999"')
    (err,) = info.value.errors
    assert (err.file, err.line, err.col) == (str(bad), line, col)
    assert "999999" in err.message and "不存在" in err.message
    assert f"bad.yaml:{line}:{col}: error:" in str(info.value)
    assert isinstance(info.value, Refused)
    # nothing written: no event, no row, no pinned text
    assert console.log.head() == head
    assert console.library.entries(include_retired=True) == []


def test_every_located_problem_is_carried_and_nothing_is_added(console: Console, tmp_path: Path) -> None:
    bad = variant(tmp_path, MUNICIPAL, "two.yaml", ('code: "410900"', 'code: "999999"'),
                  ("to: verifying", "to: nowhere"))
    with pytest.raises(PlanRefused) as info:
        console.library.add_file(bad, **ADMIN)
    messages = [d.message for d in info.value.errors]
    assert any("999999" in m for m in messages) and any("nowhere" in m for m in messages)
    assert console.library.entries(include_retired=True) == []


def test_add_list_retire_restore_with_events_in_the_chain(console: Console, clock) -> None:  # noqa: ANN001
    lib = console.library
    m = lib.add_file(MUNICIPAL, **ADMIN)
    assert (m.plan_id, m.jurisdiction, m.domain, m.level, m.status_title) == (
        "food-municipal", "410900", "food", "city", "在用")
    assert (m.added_by, m.file_name, m.origin_title) == ("系统管理员", "food-municipal.yaml", "从文件添加")
    assert console.log.plan_source(m.content_hash) == MUNICIPAL.read_text(encoding="utf-8")
    clock.advance(timedelta(minutes=5))
    lib.add_file(COUNTY, **ADMIN)
    assert [e.plan_id for e in lib.entries()] == ["food-county", "food-municipal"]

    retired = lib.retire(m.short_hash, reason="新版预案已印发", **ADMIN)
    assert (retired.status, retired.retired_reason, retired.retired_by) == ("retired", "新版预案已印发", "系统管理员")
    assert [e.plan_id for e in lib.entries()] == ["food-county"]
    assert len(lib.entries(include_retired=True)) == 2
    with pytest.raises(LibraryRefused, match="已停用"):
        lib.retire(m.content_hash, reason="再停一次", **ADMIN)
    with pytest.raises(LibraryRefused, match="停用原因"):
        lib.retire(lib.entries()[0].content_hash, reason="  ", **ADMIN)
    assert lib.restore(m.content_hash, **ADMIN).in_use

    events = list(console.log.read("library"))
    assert [e.type for e in events] == ["library.plan_added", "library.plan_added", "library.plan_retired",
                                        "library.plan_restored"]
    county = next(e.content_hash for e in lib.entries() if e.plan_id == "food-county")
    assert [e.payload["hash"] for e in events] == [m.content_hash, county, m.content_hash, m.content_hash]
    assert events[2].payload["reason"] == "新版预案已印发" and events[2].actor == "系统管理员"
    assert lib.verify() == []
    assert verify_chain(console.db).ok


def test_the_same_text_twice_is_refused_and_a_new_version_is_kept_alongside(console: Console,
                                                                            tmp_path: Path) -> None:
    lib = console.library
    first = lib.add_file(MUNICIPAL, **ADMIN)
    head = console.log.head()
    with pytest.raises(AlreadyInLibrary, match="已在预案库") as info:
        lib.add_file(MUNICIPAL, **ADMIN)
    assert info.value.entry.content_hash == first.content_hash
    assert console.log.head() == head
    newer = variant(tmp_path, MUNICIPAL, "food-municipal-2027.yaml", ('version: "2026.1"', 'version: "2027.1"'))
    second = lib.add_file(newer, **ADMIN)
    assert second.plan_id == first.plan_id and second.content_hash != first.content_hash
    assert {e.version for e in lib.entries()} == {"2026.1", "2027.1"}
    # 接报 offers the newest version of a plan id
    assert [p.version for p in lib.offered("410900")] == ["2027.1"]


def test_only_an_administrator_changes_the_library_once_there_are_accounts(console: Console) -> None:
    lib = console.library
    e = lib.add_file(MUNICIPAL, actor="值班员", role="duty_officer")  # no accounts yet: anyone
    with pytest.raises(LibraryRefused, match="观察员"):
        lib.retire(e.content_hash, reason="x", actor="观察员甲", role="observer")
    admin = console.accounts.create("admin", "Admin-pass-1", role="admin", display_name="管理员", by=None)
    assert admin.role == "admin"
    with pytest.raises(LibraryRefused, match="只有管理员"):
        lib.add_file(COUNTY, actor="zhang", role="duty_officer")
    with pytest.raises(LibraryRefused, match="只有管理员"):
        lib.retire(e.content_hash, reason="x", actor="zhang", role="commander")
    lib.add_file(COUNTY, actor="admin", role="admin")
    assert len(lib.entries()) == 2


def test_offered_plans_this_jurisdiction_first_then_its_parents_never_another_county(
        console: Console, tmp_path: Path) -> None:
    lib = console.library
    for f in (MUNICIPAL, COUNTY, DRUG, ZHENGZHOU):
        lib.add_file(f, **ADMIN)
    zhongmou = variant(tmp_path, COUNTY, "zhongmou.yaml",
                       ('name: 连江县, code: "350122"', 'name: 中牟县, code: "410122"'),
                       ("id: food-county", "id: food-county-zhongmou"))
    lib.add_file(zhongmou, **ADMIN)
    ids = lambda code, domain=None: [p.id for p in lib.offered(code, domain)]  # noqa: E731
    assert ids("410100") == ["food-municipal-zhengzhou"]  # 郑州市: its own, never 中牟县's nor 濮阳's
    assert ids("410122") == ["food-county-zhongmou", "food-municipal-zhengzhou"]  # 中牟县: own, then the city's
    assert ids("410102") == ["food-municipal-zhengzhou"]  # 中原区 has none: the city's
    assert ids("410900") == ["food-municipal", "drug-group-adverse"]  # 濮阳市: food first by default
    assert ids("410900", "drug") == ["drug-group-adverse", "food-municipal"]
    assert ids("410922") == ["food-municipal", "drug-group-adverse"]  # 清丰县 (濮阳's county): the city's
    assert ids("350122") == ["food-county"]


def test_a_retired_plan_keeps_its_incidents_on_their_version(console: Console, clock) -> None:  # noqa: ANN001
    lib = console.library
    e = lib.add_file(MUNICIPAL, **ADMIN)
    plan = lib.offered("410900")[0]
    r = console.incidents.open(plan, title="华龙区某小学食堂学生腹痛", actor="值班员甲", role="duty_officer",
                               facts={"cases": 20, "setting": "school"}, place="华龙区")
    iid = r.incident_id
    assert lib.usage()[e.content_hash] == 1
    clock.advance(timedelta(minutes=10))
    lib.retire(e.content_hash, reason="改用新版", **ADMIN)
    assert lib.offered("410900") == []
    # the incident still runs on its version: a command, the fold, the replay, the view
    clock.advance(timedelta(minutes=5))
    done = console.incidents.command(iid, "fire", {"event": "dispatch"}, actor="值班员甲", role="duty_officer")
    assert done.state.leaf != plan.initial_leaf
    # another console (a fresh process: nothing cached) folds, replays and shows it on its version
    other = Console(console.db, clock)
    view = other.incidents.view(iid)
    assert view.plan.content_hash == e.content_hash and view.summary.plan_hash == e.content_hash
    assert view.state.leaf == done.state.leaf
    stored, replayed = other.incidents.replay(iid)
    assert stored.to_json() == replayed.to_json()
    assert other.incidents.fold_log(iid, from_start=True).state.leaf == done.state.leaf
    assert other.incidents.check_projection(iid) == []
    assert other.incidents.rebuild() == 1  # the library's stream is not taken for an incident
    assert lib.verify() == []


def test_verify_names_a_row_changed_or_written_behind_the_logs_back(console: Console) -> None:
    lib = console.library
    e = lib.add_file(MUNICIPAL, **ADMIN)
    with console.db.connect() as conn:
        conn.execute(text("UPDATE plan_library SET jurisdiction = '350122' WHERE content_hash = :h"),
                     {"h": e.content_hash})
    (problem,) = lib.verify()
    assert "辖区代码" in problem and "350122" in problem and "被改动" in problem
    with console.db.connect() as conn:
        conn.execute(text("UPDATE plan_library SET jurisdiction = '410900', status = 'retired' "
                          "WHERE content_hash = :h"), {"h": e.content_hash})
    (problem,) = lib.verify()
    assert "状态" in problem
