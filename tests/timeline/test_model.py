"""The Qt-free timeline model: lanes, both timestamps, deadline windows met/missed, filters."""

from __future__ import annotations

from datetime import timedelta

from console.clock import ManualClock
from console.incidents import IncidentService
from console.store import EventLog
from console.timeline.model import LANE_IDS, load_timeline
from tests.records_fixtures import CONTACT_VALUES, MUNICIPAL, approve


def _ids(items) -> list[str]:  # noqa: ANN001
    return [i.title for i in items]


def test_lanes_from_a_worked_incident(db, clock, incidents, incident, reports, consultations, duty) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT_VALUES)
    approve(reports, r.id)
    reports.submit(r.id, actor="甲", role="duty_officer")
    c = consultations.open(incident, "grade", actor="指挥长", role="commander")
    consultations.invite(c.id, ["E01", "E02", "E03"], actor="指挥长", role="commander")
    for code in ("E01", "E02", "E03"):
        consultations.opinion(c.id, code, recommend="approve", level="III", text="同意", actor="指挥长",
                              role="commander")
    consultations.conclude(c.id, chair="E01", outcome="approve", level="III", summary="Ⅲ级", actor="指挥长",
                           role="commander")
    incidents.command(incident, "decide_level", {"level": "III", "reason": "专家核定"}, actor="指挥长",
                      role="commander")
    incidents.command(incident, "fire", {"event": "respond"}, actor="指挥长", role="commander")
    state = incidents.state(incident)
    task = next(t for t in state.tasks.values() if t["unit"] == "medical" and t["state"] == "responding")
    clock.advance(timedelta(minutes=20))
    incidents.command(incident, "complete_task", {"task": task["id"]}, actor="医疗组", role="group_staff")
    incidents.command(incident, "log.inject", {"title": "注入：家长聚集校门口"}, actor="导调员", role="controller")
    duty.note("家长情绪稳定", actor="值班员乙", incident_id=incident)
    duty.note("指挥大厅设备巡检正常", actor="值班员乙")  # the centre's, not the incident's

    tl = load_timeline(incidents, incident)
    lanes = {lane: [i.title for i in tl.lane_items(lane)] for lane in LANE_IDS}
    assert any("进入「应急响应」" in t or "进入「应急处置」" in t for t in lanes["state"])
    assert any("级别：未分级（非级别） → 较大（III级）" == t for t in lanes["state"])
    assert lanes["reports"] == [f"审核初报（{r.id}）", f"签发初报（{r.id}），签发人：指挥长丙", f"报送初报（{r.id}）"]
    assert lanes["consultations"][0].startswith("发起专家会商（分级研判）")
    assert lanes["consultations"][-1] == "专家会商（分级研判）结论：同意，建议较大（III级）"
    assert lanes["tasks"] == [f"完成：{task['title']}"]
    assert lanes["materials"] and lanes["materials"][0].startswith("启动响应调用应急物资")
    assert lanes["injects"] == ["演练注入：注入：家长聚集校门口"]
    assert "值守记录：家长情绪稳定" in lanes["duty"]
    assert any("全中心" in t and "设备巡检" in t for t in lanes["duty"])
    # deadline windows, each with how it ended
    # format 2: the 初报 is a chain; the submission met its open hop (the unit's), which starts the county's
    initial = next(w for w in tl.windows if w.lane == "reports" and w.id == "R1.unit")
    assert initial.title.startswith("初报（逐级报告）")
    assert initial.status == "met" and initial.met is True
    county = next(w for w in tl.windows if w.lane == "reports" and w.id == "R1.county")
    assert county.status == "open" and county.start == initial.closed_at
    assert not any(w.id == "R1.city" for w in tl.windows)  # 待县（区）报送后起算: no window yet
    grade = next(w for w in tl.windows if w.lane == "consultations")
    assert grade.status == "met"
    done = next(w for w in tl.windows if w.id == task["id"])
    assert done.lane == "tasks" and done.unit == "medical" and done.status == "met"
    # filters
    medical = tl.filtered(unit="medical")
    assert {i.lane for i in medical.items} == {"tasks"} and all(w.unit == "medical" for w in medical.windows)
    by_actor = tl.filtered(actor="导调员")
    assert [i.lane for i in by_actor.items] == ["injects"]
    only = tl.filtered(lanes=["reports", "duty"])
    assert {i.lane for i in only.items} == {"reports", "duty"}
    assert tl.items == sorted(tl.items, key=lambda i: i.at)


def test_missed_deadline_and_both_timestamps(db, clock, incidents, incident) -> None:  # noqa: ANN001
    clock.advance(timedelta(hours=3))
    incidents.tick(incident)
    # a note recorded an hour after what it describes (back-filled): two different timestamps
    later = ManualClock(clock.now() + timedelta(hours=1))
    backfill = IncidentService(db, clock, log=EventLog(db, later))
    backfill.command(incident, "note", {"text": "补录：09:40 电话通知教育局"}, actor="值班员", role="duty_officer")
    tl = load_timeline(incidents, incident)
    initial = next(w for w in tl.windows if w.id == "R1.unit")  # the 初报 chain's first hop: 2 h
    assert initial.lane == "reports" and initial.status == "missed" and initial.met is False
    assert any(i.type == "deadline_missed" for i in tl.items)
    note = next(i for i in tl.items if i.type == "note")
    assert note.recorded_at - note.at == timedelta(hours=1)
    d = note.details()
    assert d["at"] == note.at and d["recorded_at"] == note.recorded_at and d["lane_title"] == "应急值守"
    assert not tl.closed and tl.mode == "real"


def test_a_closed_and_a_drill_incident(db, clock) -> None:  # noqa: ANN001
    drills = IncidentService(db, clock, mode="drill")
    r = drills.open(MUNICIPAL, title="演练：某幼儿园呕吐", actor="导调", role="duty_officer", facts={"cases": 8})
    clock.advance(timedelta(minutes=5))
    drills.command(r.incident_id, "fire", {"event": "dismiss"}, actor="导调", role="duty_officer")
    tl = load_timeline(drills, r.incident_id)
    assert tl.mode == "drill" and tl.closed
    assert tl.start is not None and tl.end is not None and tl.end >= tl.start
    assert {w.status for w in tl.windows} <= {"cancelled", "met", "missed", "unfinished"}


def test_drill_and_reserve_events_land_in_their_lanes(db, clock, incidents, incident) -> None:  # noqa: ANN001
    """The event types the drills and reserves services write (console/drills, console/reserves)."""
    cmd = {"actor": "导调员", "role": "controller"}
    incidents.command(incident, "log.drill", {"action": "start"}, **cmd)
    incidents.command(incident, "log.inject", {"inject": "I01", "title": "家长聚集校门口"}, **cmd)
    incidents.command(incident, "facts", {"facts": {"cases": 52}, "inject": "I01"}, actor="值班员",
                      role="duty_officer")
    incidents.command(incident, "log.hotwash", {"text": "信息报送及时"}, actor="评估员", role="evaluator")
    incidents.command(incident, "log.materials_dispatched", {"request": "Q1", "title": "启动响应调用应急物资"},
                      actor="物资组", role="group_staff")
    tl = load_timeline(incidents, incident)
    injects = [i.title for i in tl.lane_items("injects")]
    assert injects == ["演练导调：开始", "演练注入：家长聚集校门口",
                       "演练注入（I01）带来的事实：发病（中毒）人数：52人", "现场点评：信息报送及时"]
    assert [i.title for i in tl.lane_items("materials")] == ["应急物资调拨 Q1：启动响应调用应急物资"]


def test_every_event_reads_in_chinese(db, clock, incidents, incident) -> None:  # noqa: ANN001
    incidents.command(incident, "log.area", {"area": {"lat": 35.7, "lon": 115.0, "radius_m": 2000}},
                      actor="值班员", role="duty_officer")
    incidents.command(incident, "log.something_new", {}, actor="值班员", role="duty_officer")
    titles = [i.title for i in load_timeline(incidents, incident).items]
    assert "标绘影响范围：半径 2 公里" in titles and "记录（something_new）" in titles


def test_the_sketch_puts_each_event_in_the_same_lane_as_the_timeline(db, clock, incidents, incident, duty) -> None:  # noqa: ANN001
    from console.timeline.model import sketch_timeline

    duty.note("家长情绪稳定", actor="值班员", incident_id=incident)
    incidents.command(incident, "log.inject", {"inject": "I01", "title": "记者到场"}, actor="导调员", role="controller")
    incidents.command(incident, "facts", {"facts": {"cases": 50}, "inject": "I01"}, actor="值班员",
                      role="duty_officer")
    sk = sketch_timeline(incidents.log, incident)
    tl = load_timeline(incidents, incident)
    assert sk.count == len(incidents.timeline(incident)) and sk.mode == "real"
    for lane in ("duty", "injects", "reports", "consultations"):
        logged = [i for i in tl.lane_items(lane) if i.version is not None]
        assert len(sk.times[lane]) == len(logged), lane
    assert sk.start == incidents.timeline(incident)[0].occurred_at.timestamp()


def test_events_written_before_the_first_account_are_marked_unauthenticated(db, clock) -> None:  # noqa: ANN001
    from console.auth.accounts import AccountService

    incidents = IncidentService(db, clock)
    r = incidents.open(MUNICIPAL, title="某小学午餐后学生腹痛", actor="随便谁", role="duty_officer",
                       facts={"cases": 12})
    tl = load_timeline(incidents, r.incident_id)
    assert tl.items and all(not i.authenticated for i in tl.items)  # a database without accounts
    assert tl.items[0].details()["authenticated"] is False
    AccountService(db, clock).create("admin", "admin-pass-1", role="admin", display_name="管理员", by=None)
    clock.advance(timedelta(minutes=5))
    incidents.command(r.incident_id, "fire", {"event": "dispatch"}, actor="admin", role="duty_officer")
    tl = load_timeline(incidents, r.incident_id)
    before = [i for i in tl.items if i.version == 1]
    after = [i for i in tl.items if i.version is not None and i.version > 1]
    assert before and all(not i.authenticated for i in before)
    assert after and all(i.authenticated for i in after)
