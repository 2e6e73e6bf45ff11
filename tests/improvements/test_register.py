"""The improvement register: import from a real drill, refusals, overdue alarms, verification,
plan links, the annual drill plan, the chain check."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from console.app import Console
from console.changes import CENTRE_STREAMS, Topic, topics_of
from console.clock import ManualClock
from console.improvements.register import AWAITING, VERIFIED, ImprovementRefused, ImprovementRegister
from console.library.library import PlanLibrary
from console.store.db import Database
from console.store.eventlog import EventLog
from console.store.models import improvement_items_table
from tests.improvements.conftest import NOW, finished_drill

ITEMS = [dict(issue="初报迟报", action="值班员培训", owner="县市场监管局", due="2026-12-01"),
         dict(issue="舆情回应缺位", action="修订新闻发布流程", owner="县委宣传部", due="2027-03-01")]


def _count(db: Database) -> int:
    with db.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(improvement_items_table)).scalar_one())


def test_a_finished_drills_items_are_copied_once(tmp_path: Path, register: ImprovementRegister) -> None:
    drill = finished_drill(tmp_path, ITEMS)
    res = register.import_from_drill(drill, actor="张三", role="duty_officer")
    assert [it.number for it in res.added] == ["ZG0001", "ZG0002"]
    first = res.added[0]
    assert first.issue == "初报迟报" and first.owner == "县市场监管局" and first.due.isoformat() == "2026-12-01"
    assert first.source_title.startswith("连江县某中学食堂") and first.source_date == "2026-11-22"
    assert first.source_item == f"{res.run}/IP01" and first.status_title == "待整改"
    again = register.import_from_drill(drill, actor="张三", role="duty_officer")
    assert again.added == () and again.skipped == ("IP01", "IP02")
    assert _count(register.db) == 2
    assert register.verify() == []
    evs = list(EventLog(register.db).read("improvements"))
    assert [e.type for e in evs] == ["improvements.item_added"] * 2
    assert topics_of(evs[0].type) == {Topic.IMPROVEMENTS} and "improvements" in CENTRE_STREAMS


def test_an_item_without_owner_or_due_date_refuses_the_whole_import(tmp_path: Path,
                                                                   register: ImprovementRegister) -> None:
    drill = finished_drill(tmp_path, [ITEMS[0], dict(raw="1", id="IP02", status="open", issue="物资清单未更新",
                                                     action="更新清单", owner="", due="")])
    with pytest.raises(ImprovementRefused) as e:
        register.import_from_drill(drill, actor="张三", role="duty_officer")
    msg = str(e.value)
    assert "整改台账未作任何改动" in msg and "整改项 IP02（物资清单未更新）" in msg and "责任单位" in msg
    assert "IP01" not in msg  # the good item is not blamed
    assert _count(register.db) == 0 and EventLog(register.db).stream_version("improvements") == 0


def test_by_hand_an_owner_and_a_due_date_are_required_and_the_owner_must_be_known(
        register: ImprovementRegister) -> None:
    with pytest.raises(ImprovementRefused, match="完成期限"):
        register.add(issue="a", action="b", owner="县委宣传部", due=None, actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="责任单位"):
        register.add(issue="a", action="b", owner="  ", due="2027-01-01", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="不是数据库中预案所列的单位"):
        register.add(issue="a", action="b", owner="火星办", due="2027-01-01", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="应为日期"):
        register.add(issue="a", action="b", owner="县委宣传部", due="明年", actor="x", role="duty_officer")
    assert _count(register.db) == 0
    it = register.add(issue="a", action="b", owner="危害控制组", due="2027-01-01", actor="x", role="duty_officer")
    assert it.number == "ZG0001"


def test_an_overdue_item_is_an_alarm_for_the_duty_officer(real: Database, register: ImprovementRegister) -> None:
    late = register.add(issue="初报迟报", action="培训", owner="县市场监管局", due="2026-12-01", actor="x",
                        role="duty_officer")
    register.add(issue="未到期", action="培训", owner="县市场监管局", due="2027-06-30", actor="x", role="duty_officer")
    clock = ManualClock(NOW)
    console = Console(real, clock)
    alarms = [a for a in console.room.alarms.active() if a.kind == "improvement"]
    assert [a.title for a in alarms] == ["整改逾期：ZG0001 初报迟报（县市场监管局，期限 2026-12-01）"]
    assert alarms[0].kind_title == "整改逾期"
    console.room.alarms.acknowledge(alarms[0].key, actor="值班员甲", role="duty_officer")
    assert not [a for a in console.room.alarms.active() if a.kind == "improvement"]
    # done: no longer overdue
    register.set_status(late.number, "已完成待验证", actor="x", role="duty_officer")
    assert register.overdue() == [] and [it.number for it in register.items(which="awaiting")] == ["ZG0001"]
    # a drill console never shows the real register's alarms
    assert not [a for a in Console(real, clock, mode="drill").room.alarms.current() if a.kind == "improvement"]


def test_verification_needs_a_named_person_and_a_done_item(register: ImprovementRegister) -> None:
    it = register.add(issue="初报迟报", action="培训", owner="县市场监管局", due="2027-01-01", actor="x",
                      role="duty_officer")
    with pytest.raises(ImprovementRefused, match="只有「已完成待验证」"):
        register.verify_item(it.number, verified_by="李四", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="验证人"):
        register.set_status(it.number, "已验证", actor="x", role="duty_officer")
    register.set_status(it.number, "in_progress", actor="x", role="duty_officer")
    register.set_status(it.number, AWAITING, actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="请填写「验证人」"):
        register.verify_item(it.number, verified_by=" ", actor="x", role="duty_officer")
    done = register.verify_item(it.number, verified_by="李四", note="已组织全员培训", actor="x", role="duty_officer")
    assert done.status == VERIFIED and done.verified_by == "李四" and done.verified_at == NOW
    assert done.verify_note == "已组织全员培训"
    with pytest.raises(ImprovementRefused, match="已由 李四 验证"):
        register.set_status(it.number, "open", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="不采纳原因"):
        other = register.add(issue="b", action="c", owner="县委宣传部", due="2027-01-01", actor="x",
                             role="duty_officer")
        register.set_status(other.number, "不采纳", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="观察员"):
        register.set_status(it.number, "open", actor="x", role="observer")
    assert register.verify() == []


def test_a_plan_link_and_from_the_plan_the_drills_that_asked(tmp_path: Path, register: ImprovementRegister) -> None:
    res = register.import_from_drill(finished_drill(tmp_path, ITEMS), actor="张三", role="duty_officer")
    entry = PlanLibrary(register.db).entries()[0]
    linked = register.link_plan(res.added[1].number, content_hash=entry.short_hash, actor="x", role="duty_officer")
    assert (linked.plan_id, linked.plan_version, linked.plan_hash) == (entry.plan_id, entry.version,
                                                                       entry.content_hash)
    trained = register.link_plan(res.added[0].number, training="2026-12-05 值班员接报培训", actor="x",
                                 role="duty_officer")
    assert trained.training_note == "2026-12-05 值班员接报培训" and not trained.plan_id
    asked = register.for_plan(entry.plan_id)
    assert [r.item.number for r in asked] == [res.added[1].number]
    assert asked[0].item.source_title.startswith("连江县某中学食堂")
    with pytest.raises(ImprovementRefused, match="没有内容哈希"):
        register.link_plan(res.added[0].number, content_hash="abcdef", actor="x", role="duty_officer")
    assert register.verify() == []


def test_verify_sees_a_row_changed_behind_the_logs_back(register: ImprovementRegister) -> None:
    register.add(issue="a", action="b", owner="县委宣传部", due="2027-01-01", actor="x", role="duty_officer")
    with register.db.connect() as conn:
        conn.execute(text("UPDATE improvement_items SET due = '2027-12-31'"))
    problems = register.verify()
    assert len(problems) == 1 and "完成期限" in problems[0] and "记录被改动" in problems[0]


def test_the_annual_drill_plan_and_its_progress(register: ImprovementRegister) -> None:
    a = register.add_plan_entry(year=2027, title="食堂食物中毒功能演练", plan_id="food-county",
                                units=["县市场监管局", "县卫健局"], planned="2027-05", form="功能", content="综合",
                                purpose="检验性", actor="x", role="duty_officer")
    b = register.add_plan_entry(year=2027, title="桌面推演", plan_id="food-county", units=["县食安办"],
                                planned="2027-09-20", form="tabletop", content="single", purpose="research",
                                actor="x", role="duty_officer")
    register.add_plan_entry(year=2027, title="示范演练", plan_id="food-county", units=["县委宣传部"],
                            planned="2027-11", form="全面", content="综合", purpose="示范性", actor="x",
                            role="duty_officer")
    assert a.number == "2027-01" and a.type_title == "功能·综合·检验性" and b.type_title == "桌面·单项·研究性"
    assert register.progress(2027).text == "2027 年度演练计划：已完成 0 / 3 项"
    register.set_plan_status(a.number, "done", drill_run="school-canteen-functional@20270512-141500",
                             actor="x", role="duty_officer")
    register.set_plan_status(b.number, "取消", note="与防汛演练冲突", actor="x", role="duty_officer")
    p = register.progress(2027)
    assert (p.done, p.total, p.cancelled) == (1, 2, 1)
    assert p.text == "2027 年度演练计划：已完成 1 / 2 项（另取消 1 项）"
    with pytest.raises(ImprovementRefused, match="演练目的"):
        register.add_plan_entry(year=2027, title="x", plan_id="food-county", units=["县食安办"], planned="2027-05",
                                form="功能", content="综合", purpose="好玩", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="不在 2027 年度内"):
        register.add_plan_entry(year=2027, title="x", plan_id="food-county", units=["县食安办"], planned="2028-05",
                                form="功能", content="综合", purpose="检验性", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="预案库中没有预案编号"):
        register.add_plan_entry(year=2027, title="x", plan_id="nope", units=["县食安办"], planned="2027-05",
                                form="功能", content="综合", purpose="检验性", actor="x", role="duty_officer")
    with pytest.raises(ImprovementRefused, match="取消原因"):
        register.set_plan_status("2027-03", "cancelled", actor="x", role="duty_officer")
    assert register.verify() == []


def test_the_time_moves_and_an_item_falls_overdue(register: ImprovementRegister) -> None:
    clock = ManualClock(NOW)
    reg = ImprovementRegister(register.db, clock)
    reg.add(issue="a", action="b", owner="县委宣传部", due="2026-12-10", actor="x", role="duty_officer")
    assert reg.overdue() == []
    clock.advance(timedelta(days=1))
    assert [it.number for it in reg.overdue()] == ["ZG0001"]
