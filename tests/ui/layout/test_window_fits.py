"""The window fits the screen it opens on (issue #16, items 3 and 12): 恢复默认布局 tabs the record
panels again; selecting any incident never makes the window taller than the screen; at 1280×800
the map keeps its width, the incident's primary action is in view and the deadline and task lists
show five rows; the timeline's toolbar wraps instead of widening the window.

Offscreen, the test screen is 1920×1080 (tests/conftest.py); a 1280×800 desk is the window
resized to that screen's free area (the 1280×800 screen itself: test_screenshot.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from tests.ui.conftest import NOW

pytestmark = pytest.mark.gui
RECORD_DOCKS = {"reports", "consultations", "reserves", "duty", "experts", "contacts", "room"}


@pytest.fixture
def make_console(qapp, tmp_path):
    """Factory for whole console windows (every panel docked, as main.py builds them), no map."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from console.app import Console
    from console.clock import ManualClock
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    made = []

    def make(db, size=None):
        console = Console(db, ManualClock(NOW), jurisdiction="410900")
        win = build_window(console, settings=ConsoleSettings(tmp_path / "console.ini"), map_enabled=False,
                           live=False)
        made.append(win)
        win.show()
        if size is not None:
            win.resize(*size)
            getattr(win, "size_docks", lambda: None)()  # (older windows: their fixed sizes)
        QApplication.processEvents()
        return win

    yield make
    for win in made:
        win.close()
        win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _docks(win) -> dict[str, QDockWidget]:
    return {d.objectName(): d for d in win.findChildren(QDockWidget)}


def test_reset_layout_tabs_the_record_panels_behind_the_incident(make_console, demo_db, qtbot):
    win = make_console(demo_db)
    docks = _docks(win)
    # a user's afternoon: one panel floated, one closed, one moved under the list, one split off
    docks["reports"].setFloating(True)
    docks["duty"].close()
    win.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, docks["consultations"])
    win.splitDockWidget(win.detail_dock, docks["reserves"], Qt.Orientation.Vertical)
    win.timeline_dock = docks["timeline"]
    docks["timeline"].setFloating(True)
    QApplication.processEvents()

    win.findChild(type(win.actions()[0]), "actResetLayout").trigger()
    QApplication.processEvents()

    tabbed = {d.objectName() for d in win.tabifiedDockWidgets(win.detail_dock)}
    assert tabbed == RECORD_DOCKS
    for name, dock in docks.items():
        assert not dock.isFloating() and not dock.isHidden(), name
    assert win.dockWidgetArea(win.incident_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert win.dockWidgetArea(docks["timeline"]) == Qt.DockWidgetArea.BottomDockWidgetArea
    # the incident in front, with the right side's whole height (not ~50 px per stacked panel)
    assert not win.detail_dock.visibleRegion().isEmpty()
    assert win.detail_dock.height() > win.height() * 0.7
    for name in RECORD_DOCKS:
        dock = docks[name]
        dock.raise_()
        QApplication.processEvents()
        assert dock.height() == win.detail_dock.height(), name  # one tab group, one height


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_selecting_incidents_never_makes_the_window_taller_than_the_screen(make_console, demo_db, size):
    win = make_console(demo_db, size)
    win.reset_layout()
    QApplication.processEvents()
    for s in win.service.list():
        win.select(s.id)
        QApplication.processEvents()
        assert win.height() <= size[1] and win.width() <= size[0], s.id
        assert win.minimumSizeHint().height() <= size[1] - 60, s.id  # room for a title bar
        assert win.minimumSizeHint().width() <= size[0], s.id
    # a very long title is elided on one line (the whole title in its tooltip)
    before = win.detail.minimumSizeHint()
    win.detail.title.setText("某县某乡镇中心学校食堂午餐后" * 8)
    assert win.detail.minimumSizeHint() == before
    assert win.detail.title.toolTip().startswith("某县某乡镇")


def test_at_1280_by_800_the_map_the_primary_action_and_five_rows_fit(make_console, demo_db):
    from ui.widgets.fit import rows_height

    win = make_console(demo_db, (1276, 770))  # a 1280×800 screen less a window manager's frame
    d = win.detail
    with_primary = None
    for s in win.service.list(status="open"):
        win.select(s.id)
        if any(b.isDefault() for b in d.action_buttons):
            with_primary = s.id
            break
    assert with_primary is not None
    QApplication.processEvents()
    central = win.centralWidget()
    assert central.width() >= 480, central.width()  # the map keeps a useful width
    assert win.detail_dock.width() >= 400
    primary = next(b for b in d.action_buttons if b.isDefault())
    seen = primary.visibleRegion().boundingRect()
    assert seen.width() == primary.width() and seen.height() == primary.height()  # wholly in view
    top_left = primary.mapTo(win, QPoint(0, 0))
    assert QRect(QPoint(0, 0), win.size()).contains(QRect(top_left, primary.size()))
    for view in (d.deadlines, d.tasks):
        assert view.height() >= rows_height(view, 5)
    # the list's columns: the name stretches, every cell's whole text in its tooltip
    table = win.incidents.table
    room = table.viewport().width() - table.columnWidth(3)
    assert table.columnWidth(1) >= room * 0.4 - 2
    assert table.columnWidth(3) >= table.fontMetrics().horizontalAdvance(table.item(0, 3).text())  # never cut
    titles = {s.id: s.title for s in win.service.list()}
    for r, iid in enumerate(win.incidents.ids):
        assert titles[iid] in table.item(r, 1).toolTip()  # overdue ones too
        for c in (0, 2):
            assert table.item(r, c).toolTip() == table.item(r, c).text()


def test_the_window_opens_within_the_screen_and_fills_it(make_console, demo_db):
    win = make_console(demo_db)
    QApplication.processEvents()
    room = win.screen().availableGeometry()
    assert room.contains(win.frameGeometry())
    assert win.width() >= room.width() - 40 and win.height() >= room.height() - 80
    # the first start's docks share the room: list, map, incident and timeline
    sizes = win.default_dock_sizes()
    assert win.incident_dock.width() == pytest.approx(sizes["incidents"], abs=12)
    assert win.centralWidget().width() >= 700


def test_timeline_toolbar_wraps_instead_of_widening_the_window(qapp, demo_db):
    from console.app import Console
    from console.clock import ManualClock
    from ui.timeline.panel import TimelinePanel

    panel = TimelinePanel(Console(demo_db, ManualClock(NOW)))
    try:
        assert panel.minimumSizeHint().width() <= 600
        panel.resize(560, 260)
        panel.show()
        QApplication.processEvents()
        boxes = list(panel.lane_boxes.values())
        rows = {b.geometry().top() for b in boxes} | {panel.now_button.geometry().top()}
        assert len(rows) >= 2  # wrapped onto a second row
        for w in [*boxes, panel.fit_button, panel.now_button, panel.unit_combo]:
            assert w.geometry().right() <= panel.width()
    finally:
        panel.close()
        panel.deleteLater()


def test_a_size_saved_on_a_larger_screen_is_shrunk_to_this_one(make_window, demo_db, tmp_path):
    from PySide6.QtCore import QByteArray

    from ui.settings import ConsoleSettings

    path = tmp_path / "big.ini"
    first = make_window(demo_db, settings_path=path, map_enabled=False)
    first.resize(2560, 1440)  # as on the wall screen where it was closed last
    QApplication.processEvents()
    ConsoleSettings(path).save_layout(first.saveState(), QByteArray(first.saveGeometry()))
    win = make_window(demo_db, settings_path=path, map_enabled=False)
    QApplication.processEvents()
    room = win.screen().availableGeometry()
    assert win.width() <= room.width() and win.height() <= room.height()
    assert room.contains(win.frameGeometry())
