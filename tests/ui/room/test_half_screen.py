"""Half-screen layout (two seats share a 1920-pixel screen): the assembled window may be 950
pixels wide; there the incident list folds into a tab beside the timeline and the map keeps
at least 450 pixels; widened again the list returns to the left, and 1280 / 1920 pixel windows
keep the wide layout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from tests.ui.conftest import NOW

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qapp, tmp_path, demo_db):  # noqa: ANN001, ANN201
    from console.app import Console
    from console.clock import ManualClock
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    console = Console(demo_db, ManualClock(NOW), jurisdiction="410900")
    win = build_window(console, settings=ConsoleSettings(tmp_path / "console.ini"), map_enabled=False, live=False)
    win.show()
    QApplication.processEvents()
    yield win
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _settle(qtbot, win, w: int, h: int) -> None:  # noqa: ANN001
    win.resize(w, h)
    qtbot.wait(50)
    QApplication.processEvents()


def test_a_seat_fits_half_a_screen_and_the_map_keeps_its_width(window, qtbot) -> None:  # noqa: ANN001
    win = window
    assert win.minimumSizeHint().width() <= 950
    timeline = win.findChild(QDockWidget, "timeline")
    for iid in [s.id for s in win.service.list()][:6]:  # an incident with its actions and tasks selected
        win.select(iid)
        QApplication.processEvents()
        assert win.minimumSizeHint().width() <= 950, iid
    _settle(qtbot, win, 950, 1000)
    assert win.width() == 950
    assert win.dockWidgetArea(win.incident_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert win.incident_dock in win.tabifiedDockWidgets(timeline)
    assert win.centralWidget().width() >= 450  # the map's place
    assert win.detail_dock.width() >= 420 and not win.detail_dock.visibleRegion().isEmpty()
    # widened: the wide layout again, the list on the left
    _settle(qtbot, win, 1280, 800)
    assert win.dockWidgetArea(win.incident_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert win.centralWidget().width() >= 450
    _settle(qtbot, win, 1920, 1000)
    assert win.dockWidgetArea(win.incident_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert win.centralWidget().width() >= 700


def test_reset_layout_at_half_width_folds_again(window, qtbot) -> None:  # noqa: ANN001
    win = window
    _settle(qtbot, win, 950, 1000)
    win.findChild(type(win.actions()[0]), "actResetLayout").trigger()
    qtbot.wait(50)
    QApplication.processEvents()
    assert win.dockWidgetArea(win.incident_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert win.centralWidget().width() >= 450
