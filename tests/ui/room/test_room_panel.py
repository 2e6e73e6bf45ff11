"""The room panel with real widgets on one real SQLite file, two seats (two consoles): the
commander sends an instruction, the other seat sees it through the bus and acknowledges it with
its button; an unacknowledged one turns red after the configured time and alarms; one seat's
alarm acknowledgement quiets every seat; a remote change is announced by name; the full window
docks the room and counts the seats in the status bar."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.app import Console
from console.clock import ManualClock
from console.store.db import open_database
from tests.records_fixtures import MUNICIPAL
from tests.ui.conftest import NOW
from ui.bus import bus_for
from ui.room import RoomPanel
from ui.room.status import ChangeToast

pytestmark = pytest.mark.gui


@pytest.fixture
def seats(tmp_path, qtbot):  # noqa: ANN001, ANN201
    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    clock = ManualClock(NOW)
    a_db, b_db = open_database(url), open_database(url)
    a, b = Console(a_db, clock), Console(b_db, clock)
    pa = RoomPanel(a, actor="张指挥", role="commander", join=True)
    pb = RoomPanel(b, actor="李四", role="group_staff", join=True)
    qtbot.addWidget(pa)
    qtbot.addWidget(pb)
    yield a, b, pa, pb, clock
    pa.leave()
    pb.leave()
    a_db.close()
    b_db.close()


def _arrive(console: Console, other: Console, after: int) -> None:
    """What live sync does: the other console's new events to this console's bus."""
    bus_for(console).remote(list(other.log.read(after_seq=after)))


def _row_of(table, value: str) -> int:  # noqa: ANN001
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == value)


def test_an_instruction_sent_in_one_seat_is_acknowledged_in_the_other(seats, qtbot) -> None:  # noqa: ANN001
    a, b, pa, pb, clock = seats
    assert pb.send_box.isHidden() and not pa.send_box.isHidden()  # only the command sends
    pa.refresh_seats()
    k = pa.target_combo.findData("account:李四")
    assert k > 0, "the other seat is offered as a recipient"
    pa.target_combo.setCurrentIndex(k)
    pa.instruction_text.setPlainText("立即派员赶赴现场核实")
    head = b.log.head()[0]
    pa.send_button.click()
    assert "已下达" in pa.message.text()
    _arrive(b, a, head)
    qtbot.waitUntil(lambda: pb.instruction_table.rowCount() == 1)
    assert "待签收" in pb.instruction_table.item(0, 6).text()
    assert pb.tabs.tabText(2) == "指令（1 待签收）"
    assert pb.queue_table.rowCount() == 1 and "立即派员赶赴现场核实" in pb.queue_table.item(0, 2).text()
    pb.instruction_table.selectRow(0)
    head = a.log.head()[0]
    pb.ack_button.click()
    assert "已签收" in pb.message.text(), pb.message.text()
    pb.feedback_edit.setText("已到达现场")
    pb.feedback_button.click()
    _arrive(a, b, head)
    qtbot.waitUntil(lambda: "已签收" in pa.instruction_table.item(0, 6).text())
    assert "李四：已到达现场" in pa.instruction_table.item(0, 7).text()
    assert pb.queue_table.rowCount() == 0
    assert a.room.verify() == []


def test_an_unacknowledged_instruction_turns_red_and_alarms_after_its_time(seats, qtbot) -> None:  # noqa: ANN001
    a, b, pa, pb, clock = seats
    pa.escalate_spin.setValue(5)
    pa.instruction_text.setPlainText("各组报告到位情况")
    pa.send_button.click()
    pb.refresh()
    assert pb.banner.isHidden() and "待签收" in pb.instruction_table.item(0, 6).text()
    clock.advance(timedelta(minutes=5))
    pb.refresh()
    assert "超时未签收" in pb.instruction_table.item(0, 6).text()
    assert pb.instruction_table.item(0, 5).foreground().color().name() == "#ff0000"
    assert not pb.banner.isHidden() and "超时未签收" in pb.banner.text()
    # one acknowledgement, in the other seat, quiets it everywhere
    head = b.log.head()[0]
    pa.refresh()
    pa.alarm_table.selectRow(0)
    pa.ack_alarm_button.click()
    assert "已确认告警" in pa.message.text(), pa.message.text()
    _arrive(b, a, head)
    qtbot.waitUntil(lambda: pb.banner.isHidden())
    assert "张指挥" in pb.alarm_table.item(0, 4).text() and "已确认" in pb.alarm_table.item(0, 4).text()


def test_a_new_incident_alarms_every_seat_and_a_remote_change_is_announced(seats, qtbot) -> None:  # noqa: ANN001
    a, b, pa, pb, clock = seats
    from PySide6.QtWidgets import QWidget

    host = QWidget()
    qtbot.addWidget(host)
    toast = ChangeToast(b, host)
    head = b.log.head()[0]
    iid = a.incidents.open(MUNICIPAL, title="某饭店婚宴后多人呕吐", actor="张指挥", role="commander",
                           facts={"cases": 8}, place="华龙区").incident_id
    _arrive(b, a, head)
    qtbot.waitUntil(lambda: not pb.banner.isHidden())
    assert "新接报：某饭店婚宴后多人呕吐" in pb.banner.text()
    assert not toast.isHidden()
    assert toast.lines == [f"张指挥（指挥长）：接报：某饭店婚宴后多人呕吐（发病（中毒）人数：8人） · {iid}"]
    # the seats: each sees the other, with what it views
    pa.set_incident(iid)
    pb.refresh_seats()
    assert {pb.seat_table.item(r, 0).text() for r in range(pb.seat_table.rowCount())} == {"张指挥", "李四"}
    assert pb.seat_table.item(_row_of(pb.seat_table, "张指挥"), 2).text() == iid


def test_the_full_window_docks_the_room_and_counts_the_seats(demo_db, tmp_path, qtbot) -> None:  # noqa: ANN001
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    console = Console(demo_db, ManualClock(NOW))
    win = build_window(console, settings=ConsoleSettings(tmp_path / "c.ini"), user="王值班", role="duty_officer",
                       map_enabled=False, live=False)
    qtbot.addWidget(win)
    room = win.assembly.room
    assert isinstance(room, RoomPanel) and room.seat is not None
    from PySide6.QtWidgets import QDockWidget, QLabel

    assert win.findChild(QDockWidget, "room").windowTitle() == "值守席位"
    label = win.findChild(QLabel, "roomPresence")
    assert label.text() == "在席 1 人" and "王值班（值班员）" in label.toolTip()
    target = next(s.id for s in console.incidents.list(status="open"))
    win.select(target)
    assert console.room.presence.seats()[0].viewing == target
    room.leave()


def test_what_a_seat_edits_follows_the_keyboard_focus(demo_db, tmp_path, qtbot) -> None:  # noqa: ANN001
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    console = Console(demo_db, ManualClock(NOW))
    win = build_window(console, settings=ConsoleSettings(tmp_path / "c.ini"), user="王值班", role="duty_officer",
                       map_enabled=False, live=False)
    qtbot.addWidget(win)
    target = next(s.id for s in console.incidents.list(status="open"))
    win.select(target)
    tracker = win.assembly.room_status[3]
    form = win.detail.facts_form
    assert form is not None
    field = next(iter(form.fields.values()))
    tracker.focused(None, field)
    seat = console.room.presence.seats()[0]
    assert (seat.editing_kind, seat.editing_id, seat.editing) == ("facts", target, f"事实表单 {target}")
    tracker.focused(field, win.assembly.room.instruction_text)
    assert console.room.presence.seats()[0].editing == "指令"
    tracker.focused(None, win.incidents)  # the list: editing nothing
    assert console.room.presence.seats()[0].editing_kind is None
    win.assembly.room.leave()


def test_the_toast_names_a_login_and_skips_the_sessions_bookkeeping(seats, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QWidget

    from console.changes import REMOTE, ChangeSet
    from console.store.eventlog import NewEvent

    a, b, pa, pb, clock = seats
    host = QWidget()
    qtbot.addWidget(host)
    toast = ChangeToast(b, host)
    evs = a.log.append("auth", 0, [NewEvent("auth.login", clock.now(), "张指挥", "commander", {"username": "张指挥"}),
                                   NewEvent("auth.session_opened", clock.now(), "张指挥", "commander", {})])
    toast.on_changes(ChangeSet.from_events(evs, origin=REMOTE))
    assert toast.lines == ["张指挥（指挥长）：登录"]


def test_two_windows_on_one_file_instruct_and_acknowledge_through_live_sync(tmp_path, qtbot) -> None:  # noqa: ANN001
    """Two whole windows on one SQLite file, each with its live sync: the commander's window sends,
    the other window's seat sees it arrive, acknowledges it, and the commander's window shows it."""
    from console.demo import open_demo
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    open_demo(NOW, url).close()
    clock = ManualClock(NOW)
    dbs = [open_database(url), open_database(url)]
    wins = []
    for db, (user, role) in zip(dbs, [("张指挥", "commander"), ("李四", "group_staff")], strict=True):
        win = build_window(Console(db, clock), settings=ConsoleSettings(tmp_path / f"{user}.ini"), user=user,
                           role=role, map_enabled=False, live=True)
        qtbot.addWidget(win)
        wins.append(win)
    a, b = (w.assembly.room for w in wins)
    a.refresh_seats()
    qtbot.waitUntil(lambda: a.target_combo.findData("account:李四") > 0, timeout=5000)
    a.target_combo.setCurrentIndex(a.target_combo.findData("account:李四"))
    a.instruction_text.setPlainText("请核实病例人数并反馈")
    a.send_button.click()
    qtbot.waitUntil(lambda: b.instruction_table.rowCount() == 1, timeout=10000)
    b.instruction_table.selectRow(0)
    b.ack_button.click()
    assert "已签收" in b.message.text(), b.message.text()
    qtbot.waitUntil(lambda: "已签收（李四）" in a.instruction_table.item(0, 6).text(), timeout=10000)
    for win in wins:
        win.assembly.sync.stop()
        win.assembly.room.leave()
    for db in dbs:
        db.close()
