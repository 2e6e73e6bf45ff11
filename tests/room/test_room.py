"""The room on one real database (SQLite file and PostgreSQL), seen from two consoles: what one
seat writes — an instruction, its 签收 and 反馈, an assignment, an alarm's acknowledgement — the
other reads; every row agrees with its ``room`` event; presence times out on the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from console.changes import Topic
from console.room.presence import TIMEOUT
from console.room.stream import STREAM, RoomRefused
from console.timeline.model import load_timeline
from tests.room.conftest import open_new


def _accounts(console) -> None:  # noqa: ANN001
    acc = console.accounts
    admin = acc.create("admin", "admin-pass-1", role="admin", display_name="管理员", by=None)
    acc.create("zhang", "zhang-pass-1", role="commander", display_name="张指挥", by=admin)
    acc.create("li", "li-pass-123", role="group_staff", display_name="李四", unit="现场核查组", by=admin)
    acc.create("wang", "wang-pass-12", role="group_staff", display_name="王五", unit="医疗救治组", by=admin)


def test_an_instruction_is_seen_acknowledged_and_answered_from_another_console(console, other, incident) -> None:  # noqa: ANN001
    seen = []
    other.changes.subscribe(seen.append)
    sent = console.room.instructions.send("立即派员赶赴现场核实", actor="张指挥", role="commander",
                                          target_kind="account", target="李四", incident_id=incident, kind="批示")
    got = other.room.instructions.list()
    assert [(i.id, i.text, i.kind, i.incident_id, i.pending()) for i in got] == [
        (sent.id, "立即派员赶赴现场核实", "批示", incident, ["李四"])]
    assert other.room.instructions.for_me("李四")[0].id == sent.id
    assert other.room.instructions.for_me("王五") == []
    with pytest.raises(RoomRefused, match="不是给您的"):
        other.room.instructions.ack(sent.id, actor="王五", role="group_staff")
    other.room.instructions.ack(sent.id, actor="李四", role="group_staff")
    with pytest.raises(RoomRefused, match="无需重复签收"):
        other.room.instructions.ack(sent.id, actor="李四", role="group_staff")
    other.room.instructions.feedback(sent.id, "已到达现场，正在封存留样", actor="李四", role="group_staff")
    back = console.room.instructions.get(sent.id)
    assert back.fully_acked and back.status(console.clock.now()) == "已签收"
    assert [(r.username, r.feedback) for r in back.receipts] == [("李四", "已到达现场，正在封存留样")]
    assert other.room.instructions.for_me("李四") == []
    # every step a room event, announced with the room and timeline topics, on no incident's stream
    types = [e.type for e in console.log.read(STREAM)]
    assert types == ["room.instruction", "room.instruction_ack", "room.instruction_feedback"]
    assert all(e.stream != STREAM for e in console.log.read(incident))
    assert seen and all(Topic.ROOM in c.topics for c in seen)
    assert console.room.verify() == [] and console.log.verify().ok
    # on the incident's timeline, in the duty lane
    lane = [i.title for i in load_timeline(console.incidents, incident).lane_items("duty")]
    assert any("批示（→ 李四）：立即派员赶赴现场核实" in t for t in lane)
    assert any("反馈指令" in t and "正在封存留样" in t for t in lane)


def test_only_the_command_may_instruct(console) -> None:  # noqa: ANN001
    with pytest.raises(RoomRefused, match="不能下达"):
        console.room.instructions.send("x", actor="李四", role="group_staff")
    with pytest.raises(RoomRefused, match="不能为空"):
        console.room.instructions.send("  ", actor="张指挥", role="commander")
    with pytest.raises(RoomRefused, match="没有编号为"):
        console.room.instructions.send("x", actor="张指挥", role="commander", incident_id="20990101-001")
    ins = console.room.instructions.send("各组十分钟内报告到位情况", actor="副指挥", role="deputy")
    with pytest.raises(RoomRefused, match="观察员"):
        console.room.instructions.ack(ins.id, actor="观", role="observer")


def test_an_instruction_not_acknowledged_in_time_escalates_and_alarms(console, other, clock) -> None:  # noqa: ANN001
    late = console.room.instructions.send("报送初报", actor="张指挥", role="commander", target_kind="account",
                                          target="李四", escalate_after=timedelta(minutes=3))
    on_time = console.room.instructions.send("核对物资", actor="张指挥", role="commander", target_kind="account",
                                             target="王五", escalate_after=timedelta(minutes=3))
    clock.advance(timedelta(minutes=2))
    other.room.instructions.ack(on_time.id, actor="王五", role="group_staff")
    assert other.room.instructions.overdue() == []
    assert other.room.instructions.get(late.id).status(clock.now()) == "待签收"
    clock.advance(timedelta(minutes=1, seconds=1))
    assert [i.id for i in other.room.instructions.overdue()] == [late.id]
    assert other.room.instructions.get(late.id).status(clock.now()) == "超时未签收"
    assert [a.key for a in other.room.alarms.active()] == [f"instruction:{late.id}"]
    other.room.instructions.ack(late.id, actor="李四", role="group_staff")
    assert console.room.instructions.overdue() == [] and console.room.alarms.active() == []


def test_units_and_everyone_expand_to_the_accounts(console, other) -> None:  # noqa: ANN001
    _accounts(console)
    unit = console.room.instructions.send("封存可疑食品", actor="zhang", role="commander", target_kind="unit",
                                          target="现场核查组")
    everyone = console.room.instructions.send("全体注意", actor="zhang", role="commander")
    assert [r.username for r in other.room.instructions.get(unit.id).receipts] == ["li"]
    assert [r.username for r in other.room.instructions.get(everyone.id).receipts] == ["li", "wang"]
    with pytest.raises(RoomRefused, match="不是给您的"):
        other.room.instructions.ack(unit.id, actor="wang", role="group_staff")
    other.room.instructions.ack(unit.id, actor="li", role="group_staff")
    other.room.instructions.ack(everyone.id, actor="li", role="group_staff")
    assert console.room.instructions.get(everyone.id).status(console.clock.now()) == "部分签收 1/2"
    with pytest.raises(RoomRefused, match="没有属于"):
        console.room.instructions.send("x", actor="zhang", role="commander", target_kind="unit", target="无此组")
    with pytest.raises(RoomRefused, match="没有名为"):
        console.room.instructions.send("x", actor="zhang", role="commander", target_kind="account", target="nobody")
    assert console.room.verify() == []


def test_assignments_are_shared_and_form_the_assignees_queue(console, other, incident) -> None:  # noqa: ANN001
    a = console.room.assignments.assign(incident, "李四", actor="张指挥", role="commander", note="牵头处置")
    assert [(x.id, x.kind, x.ref, x.assignee) for x in other.room.assignments.queue("李四")] == [
        (a.id, "incident", incident, "李四")]
    task = next(iter(console.incidents.state(incident).tasks))
    t = other.room.assignments.assign(incident, "王五", actor="值班员甲", role="duty_officer", kind="task", ref=task)
    with pytest.raises(RoomRefused, match="没有编号为 nope 的任务"):
        console.room.assignments.assign(incident, "王五", actor="张指挥", role="commander", kind="task", ref="nope")
    with pytest.raises(RoomRefused, match="不能分派"):
        console.room.assignments.assign(incident, "王五", actor="李四", role="group_staff")
    # handing the task over replaces the earlier assignment
    t2 = console.room.assignments.assign(incident, "李四", actor="张指挥", role="commander", kind="task", ref=task)
    assert other.room.assignments.get(t.id).state == "replaced"
    assert [x.id for x in other.room.assignments.queue("李四")] == [a.id, t2.id]
    assert other.room.assignments.queue("王五") == []
    with pytest.raises(RoomRefused, match="不能代为完成"):
        other.room.assignments.done(t2.id, actor="王五", role="group_staff")
    other.room.assignments.done(t2.id, actor="李四", role="group_staff")
    assert [x.id for x in console.room.assignments.queue("李四")] == [a.id]
    assert console.room.assignments.current("task", task) is None
    assert console.room.verify() == []


def test_one_acknowledgement_quiets_an_alarm_for_every_seat(console, other, clock) -> None:  # noqa: ANN001
    first = open_new(console)
    alarms = other.room.alarms.active()
    assert [(a.kind, a.incident_id) for a in alarms] == [("received", first)]
    ack = other.room.alarms.acknowledge(alarms[0].key, actor="值班员乙", role="duty_officer")
    assert console.room.alarms.active() == [] and other.room.alarms.active() == []
    assert console.room.alarms.acks()[alarms[0].key].acked_by == "值班员乙" == ack.acked_by
    with pytest.raises(RoomRefused, match="已由 值班员乙"):
        console.room.alarms.acknowledge(alarms[0].key, actor="值班员甲", role="duty_officer")
    # a new 接报 alarms again
    second = open_new(other, "某饭店婚宴后多人呕吐")
    assert [a.incident_id for a in console.room.alarms.active()] == [second]
    # a deadline passing is a new alarm too (the plan's 核实 deadline of the first incident)
    clock.advance(timedelta(hours=3))
    kinds = {(a.kind, a.incident_id) for a in console.room.alarms.active()}
    assert ("deadline", first) in kinds
    ev = [e for e in console.log.read(STREAM) if e.type == "room.alarm_ack"]
    assert [(e.actor, e.payload["alarm"]) for e in ev] == [("值班员乙", alarms[0].key)]
    assert console.room.verify() == []


def test_presence_is_shared_and_a_silent_seat_goes_away_after_thirty_seconds(console, other, clock) -> None:  # noqa: ANN001
    a = console.room.presence.join("张指挥", "commander", display_name="张指挥", host="seat-1")
    clock.advance(timedelta(seconds=1))
    b = other.room.presence.join("李四", "group_staff", host="seat-2", unit="现场核查组")
    a.viewing("20261204-002")
    a.editing("report", "R-7")
    seats = other.room.presence.seats()
    assert [(s.username, s.role_title, s.viewing, s.editing) for s in seats] == [
        ("张指挥", "指挥长", "20261204-002", "报告 R-7"), ("李四", "工作组人员", None, "")]
    assert seats[0].line() == "张指挥（指挥长） · 查看 20261204-002 · 编辑 报告 R-7"
    clock.advance(TIMEOUT)
    b.heartbeat()
    assert len(console.room.presence.seats()) == 2  # exactly 30 s: still here
    clock.advance(timedelta(seconds=1))
    assert [s.username for s in console.room.presence.seats()] == ["李四"]
    gone = [s for s in console.room.presence.seats(include_gone=True) if not s.online(clock.now())]
    assert [s.username for s in gone] == ["张指挥"]
    a.heartbeat()  # back: keeps what it views
    assert other.room.presence.seats()[0].viewing == "20261204-002"
    b.leave()
    assert [s.username for s in console.room.presence.seats()] == ["张指挥"]
    # heartbeats and what a seat views or edits are not in the chain; joining and leaving are
    evs = list(console.log.read(STREAM))
    assert [(e.type, e.actor, e.payload["host"], e.payload["role"]) for e in evs] == [
        ("room.seat_joined", "张指挥", "seat-1", "commander"), ("room.seat_joined", "李四", "seat-2", "group_staff"),
        ("room.seat_left", "李四", "seat-2", "group_staff")]
    assert evs[0].payload["seat"] == a.seat_id and evs[2].payload["seat"] == b.seat_id
    b.leave()  # leaving twice records it once
    assert len(list(console.log.read(STREAM))) == 3


@pytest.mark.parametrize("statement, found", [
    ("UPDATE room_instructions SET text = '无需核实'", "记录被改动"),
    ("DELETE FROM room_instructions", "指令在表中缺失"),
    ("UPDATE room_receipts SET feedback = '已办结'", "反馈为「已办结」"),
    ("DELETE FROM room_alarm_acks", "告警确认在表中缺失"),
    ("UPDATE room_assignments SET assignee = '王五'", "不符"),
])
def test_room_verify_names_a_row_changed_behind_the_chain(console, statement, found) -> None:  # noqa: ANN001
    iid = open_new(console)
    ins = console.room.instructions.send("核实", actor="张指挥", role="commander", target_kind="account", target="李四")
    console.room.instructions.feedback(ins.id, "已核实", actor="李四", role="group_staff")
    console.room.alarms.acknowledge(f"received:{iid}", actor="张指挥", role="commander")
    console.room.assignments.assign(iid, "李四", actor="张指挥", role="commander")
    assert console.room.verify() == []
    with console.db.connect() as conn:
        conn.execute(text(statement))
    problems = console.room.verify()
    assert problems and any(found in p for p in problems), problems


def test_the_migration_creates_exactly_the_room_models(db) -> None:  # noqa: ANN001
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import console.room.models  # noqa: F401
    from console.store.models import Base

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert [d for d in diff if "room_" in repr(d)] == []


def test_on_postgresql_a_presence_change_wakes_the_other_seats(console, other, db) -> None:  # noqa: ANN001
    """NOTIFY fds_presence: the listener is woken by another seat's write (no poll needed)."""
    import threading

    from console.room.presence import PresenceListener

    if db.dialect != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite seats poll")
    woke = threading.Event()
    listener = PresenceListener(other.db)
    thread = threading.Thread(target=listener.run, args=(woke.set,), kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    try:
        seat = console.room.presence.join("张指挥", "commander")
        for k in range(50):  # the listener may still be connecting: write again until it hears one
            if woke.wait(0.2):
                break
            seat.viewing(f"X-{k}")
        assert woke.is_set()
    finally:
        listener.stop()
        thread.join(timeout=5)


def test_a_presence_listener_whose_receiver_is_gone_stops_quietly(console, db) -> None:  # noqa: ANN001
    """A window closed while its listener thread is woken: the thread ends, no traceback."""
    import threading

    from console.room.presence import PresenceListener

    if db.dialect != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    calls = []

    def gone() -> None:
        calls.append(1)
        raise RuntimeError("Signal source has been deleted")

    listener = PresenceListener(db)
    thread = threading.Thread(target=listener.run, args=(gone,), kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    seat = console.room.presence.join("张指挥", "commander")
    for k in range(50):
        thread.join(timeout=0.2)
        if not thread.is_alive():
            break
        seat.viewing(f"X-{k}")
    assert not thread.is_alive() and calls == [1]


def test_seats_joining_and_leaving_are_on_the_incidents_duty_lane(console, other, incident, clock) -> None:  # noqa: ANN001
    seat = other.room.presence.join("李四", "group_staff", host="seat-7")
    clock.advance(timedelta(minutes=1))
    seat.leave()
    lane = [i.title for i in load_timeline(console.incidents, incident).lane_items("duty")]
    assert any("李四" in t and "进入席位（seat-7）" in t for t in lane), lane
    assert any("李四" in t and "离开席位（seat-7）" in t for t in lane), lane
    assert console.room.verify() == [] and console.log.verify().ok
