"""The incident list in a room of seats (one real SQLite file, two consoles): an assignment made at
another seat fills the 指派给 column; a row changed at another seat is highlighted for about
four seconds while the toast names who did what; this seat's own changes highlight nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from console.app import Console
from console.clock import ManualClock
from console.store.db import open_database
from tests.ui.conftest import NOW
from ui.bus import bus_for
from ui.incidents.panels import ASSIGNEE_COL, FLASH_ROLE
from ui.room.status import ChangeToast

pytestmark = pytest.mark.gui


@pytest.fixture
def seats(qapp, tmp_path, demo_db):  # noqa: ANN001, ANN201
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    console = Console(demo_db, ManualClock(NOW), jurisdiction="410900")
    win = build_window(console, settings=ConsoleSettings(tmp_path / "console.ini"), map_enabled=False, live=False)
    win.show()
    QApplication.processEvents()
    other_db = open_database(str(demo_db.url))
    other = Console(other_db, ManualClock(console.clock.now()))
    yield win, other
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    other_db.close()


def _arrive(win, other, after: int) -> None:  # noqa: ANN001
    bus_for(win.console).remote(list(other.log.read(after_seq=after)))
    bus_for(win.console).flush()
    QApplication.processEvents()


def test_an_assignment_and_a_change_at_another_seat_show_in_the_list(seats, qtbot) -> None:  # noqa: ANN001
    win, other = seats
    lst = win.incidents
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "verifying")
    row = lst.ids.index(iid)
    assert lst.table.horizontalHeaderItem(ASSIGNEE_COL).text() == "指派给"
    assert lst.table.item(row, ASSIGNEE_COL).text() == ""
    assert lst.table.isColumnHidden(ASSIGNEE_COL)  # nothing assigned: the name keeps the room
    after = win.console.log.head()[0]
    other.room.assignments.assign(iid, "王五", actor="张指挥", role="commander")
    _arrive(win, other, after)
    row = lst.ids.index(iid)
    assert lst.table.item(row, ASSIGNEE_COL).text() == "王五" and not lst.table.isColumnHidden(ASSIGNEE_COL)
    assert iid in lst.flashing()  # the row the other seat changed
    assert lst.table.item(row, 1).data(FLASH_ROLE) is True
    assert lst.table.item(row, 0).data(FLASH_ROLE) is None  # the level keeps its colour
    # a plan step at the other seat: highlighted again, and the toast names who and what
    after = win.console.log.head()[0]
    other.incidents.command(iid, "fire", {"event": "verified"}, actor="李四", role="commander")
    _arrive(win, other, after)
    assert iid in lst.flashing()
    toast = win.findChild(ChangeToast, "roomToast")
    assert toast is not None and "李四" in toast.text() and iid in toast.text()
    assert lst.table.item(lst.ids.index(iid), ASSIGNEE_COL).text() == "王五"  # kept through the redraw
    # the highlight fades and ends (a short one here)
    lst.flash([iid], seconds=0.3)
    qtbot.waitUntil(lambda: iid not in lst.flashing(), timeout=3000)
    qtbot.wait(400)
    assert lst.table.item(lst.ids.index(iid), 1).data(FLASH_ROLE) is False


def test_this_seats_own_change_highlights_nothing(seats) -> None:  # noqa: ANN001
    win, _other = seats
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "verifying")
    win.select(iid)
    assert win.detail.fire("verified") is True
    QApplication.processEvents()
    assert win.incidents.flashing() == set()
