"""The wall follows the database, rotates between incidents, and cannot send a command."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from console.store.db import open_database
from ui.bus import bus_for


def test_a_command_on_the_same_database_is_on_the_wall_after_the_refresh(qtbot, make_wall):  # noqa: ANN001
    wall, console = make_wall(map_enabled=False)
    before = wall.refreshes
    received = int(wall.tiles["received"].number.text())
    console.clock.advance(timedelta(minutes=1))
    iid = wall.snapshot.incidents[-1].id
    console.incidents.command(iid, "note", {"text": "大屏核对：现场已封存"}, actor="王值班", role="duty_officer")
    # this console's own command reaches the wall through the change bus, then one re-read
    qtbot.waitUntil(lambda: any("值守记录：大屏核对：现场已封存" in line for line in wall.ticker.items), timeout=5000)
    assert wall.refreshes == before + 1
    # another console on the same database: its events arrive through live sync (ui/sync) on the bus
    other_db = open_database(str(console.db.url))
    try:
        from console.app import Console
        from console.clock import ManualClock

        other = Console(other_db, ManualClock(console.clock.now()))
        head = console.log.head()[0]
        r = other.incidents.open("plans/food-municipal.yaml", title="某学校食堂学生呕吐（另一席位）",
                                 actor="李值班", role="duty_officer", facts={"cases": 6}, place="城关镇")
        bus_for(console).remote(list(console.log.read(after_seq=head)))
        qtbot.waitUntil(lambda: wall.snapshot.incident(r.incident_id) is not None, timeout=5000)
        assert wall.tiles["received"].number.text() == str(received + 1)
        wall.show_incident(r.incident_id)
        assert wall.incident_title.text() == "某学校食堂学生呕吐（另一席位）"
    finally:
        other_db.close()


def _editable(wall: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
    return [w for w in wall.findChildren(QWidget) if isinstance(w, kinds)]


def test_the_wall_is_read_only(qtbot, make_wall):  # noqa: ANN001
    from console.app import Console
    from console.incidents.service import IncidentService

    wall, console = make_wall()
    qtbot.waitUntil(lambda: wall.map.is_ready, timeout=30000)
    head = console.log.head()
    # nothing to press or type into, and nothing kept that could write
    assert _editable(wall) == []
    kept = [v for v in vars(wall).values() if isinstance(v, (Console, IncidentService))]
    assert kept == []
    # click everything, press the keys that write elsewhere in the console, use the map
    for w in [wall, *wall.findChildren(QWidget)]:
        if w.isVisible() and w.width() > 2 and w.height() > 2:
            QTest.mouseClick(w, Qt.MouseButton.LeftButton, pos=QPoint(w.width() // 2, w.height() // 2))
            QTest.mouseDClick(w, Qt.MouseButton.LeftButton, pos=QPoint(w.width() // 2, w.height() // 2))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_F5, Qt.Key.Key_N,
                Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Space, Qt.Key.Key_Space):
        QTest.keyClick(wall, key)
    QTest.keyClick(wall, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(wall, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    iid = wall.snapshot.incidents[0].id
    wall.map.sig_incident_clicked.emit(iid)
    wall.map.sig_context_point.emit(35.76, 115.03)
    ring = "[[115,35.7],[115.1,35.7],[115.1,35.8],[115,35.7]]"
    wall.map.sig_area_drawn.emit(iid, '{"type":"Polygon","coordinates":[' + ring + "]}")
    wall.map.sig_point_picked.emit(35.76, 115.03)
    QApplication.processEvents()
    bus_for(console).flush()
    assert console.log.head() == head  # not one event written
    assert wall.current_id == iid  # a click on a marker only looks at that incident
    assert wall.paused


def test_rotation_between_incidents_pauses_on_interaction(qtbot, make_wall):  # noqa: ANN001
    wall, _console = make_wall(map_enabled=False, rotate_s=5)
    ids = [i.id for i in wall.snapshot.incidents]
    assert len(ids) > 1 and wall.current_id == ids[0]
    assert wall._rotate.interval() == 5000 and wall._rotate.isActive()  # noqa: SLF001
    assert "每 5 秒轮播" in wall.state_label.text()
    wall._rotate.timeout.emit()  # noqa: SLF001 — one turn of the rotation, without waiting for it
    assert wall.current_id == ids[1] and wall.position.text() == f"2 / {len(ids)}"
    assert wall.incident_title.text() == wall.snapshot.incidents[1].title
    QTest.mouseClick(wall.countdown_label, Qt.MouseButton.LeftButton)
    assert wall.paused and not wall._rotate.isActive() and wall._resume.isActive()  # noqa: SLF001
    assert wall.state_label.text() == "轮播已暂停"
    wall._resume.timeout.emit()  # noqa: SLF001 — the pause after input ends
    assert not wall.paused and wall._rotate.isActive()  # noqa: SLF001
    QTest.keyClick(wall, Qt.Key.Key_Left)
    assert wall.current_id == ids[0] and wall.paused
    for _ in ids:
        wall.next_incident()
    assert wall.current_id == ids[0]  # round the ring


def test_view_menu_opens_the_wall_as_a_window_on_one_screen(qtbot, qapp, demo_db, tmp_path):  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication, QEvent

    from console.app import Console
    from console.clock import ManualClock
    from tests.ui.conftest import NOW
    from ui.settings import ConsoleSettings
    from ui.wall.start import rotate_seconds
    from ui.wiring import build_window

    settings = ConsoleSettings(tmp_path / "console.ini")
    settings.set("wall/rotate_seconds", "20")
    assert rotate_seconds(settings) == 20 and rotate_seconds(settings, 7) == 7
    console = Console(demo_db, ManualClock(NOW), jurisdiction="410900")
    win = build_window(console, settings=settings, map_enabled=False, live=False)
    win.show()
    try:
        action = next(a for a in win.view_menu.actions() if a.objectName() == "actWall")
        assert action.text() == "指挥大屏"
        action.trigger()
        wall = win.wall
        assert wall.isVisible() and not wall.isFullScreen()  # one screen here: a window
        assert wall.rotate_s == 20
        action.trigger()
        assert win.wall is wall  # the same wall brought back, not a second one
        wall.close()
    finally:
        win.close()
        win.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_new_database_shows_an_empty_wall(qtbot, qapp, tmp_path):  # noqa: ANN001
    from console.app import Console
    from console.clock import ManualClock
    from tests.ui.conftest import NOW
    from ui.wall.window import WallWindow

    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        wall = WallWindow(Console(db, ManualClock(NOW)), map_enabled=False)
        qtbot.addWidget(wall)
        wall.resize(1280, 720)
        wall.show()
        assert wall.snapshot is not None and wall.snapshot.incidents == ()
        assert wall.incident_title.text() == "当前无进行中的事件"
        assert wall.countdown_label.text() == "" and wall.ticker.items == []
        assert wall.tiles["received"].number.text() == "0" and wall.tiles["overdue"].number.text() == "0"
        wall.next_incident()  # nothing to rotate to
        assert wall.current_id is None
        wall.close()
    finally:
        db.close()


def test_the_wall_alone_fills_the_only_screen(qtbot, qapp, demo_db):  # noqa: ANN001
    """``main.py --wall`` on a machine with one screen: the wall is all it shows, full screen;
    opened from a console on that same screen, it is a window beside it (test above)."""
    from PySide6.QtGui import QGuiApplication

    from console.app import Console
    from console.clock import ManualClock
    from tests.ui.conftest import NOW
    from ui.wall.start import show_wall
    from ui.wall.window import WallWindow

    assert len(QGuiApplication.screens()) == 1
    console = Console(demo_db, ManualClock(NOW), jurisdiction="410900")
    wall = WallWindow(console, jurisdiction="410900", rotate_s=15, map_enabled=False)
    qtbot.addWidget(wall)
    try:
        assert show_wall(wall, alone=True) == "fullscreen"
        assert wall.isFullScreen()
    finally:
        wall.stop()
        wall.close()
