"""The main window on a real demo database, offscreen, with the real map page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from console.clock import ManualClock  # noqa: E402
from console.demo import open_demo  # noqa: E402
from console.incidents import IncidentService  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path):
    from ui.main_window import MainWindow

    now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    db = open_demo(now, f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    win = MainWindow(IncidentService(db, ManualClock(now)))
    win.show()
    yield win
    # Delete the window (and its web page before the page's profile) while QtWebEngine is up.
    from PySide6.QtCore import QCoreApplication, QEvent

    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    db.close()


def test_window_shows_incidents_and_the_selected_plan_state(window, qtbot):
    assert window.incidents.rowCount() == 6
    first = window.service.list()[0].id
    window.incidents.select(first)
    assert window.panel.incident_id == first
    assert "当前：" in window.panel.state_label.text()
    assert window.panel.actions_grid.count() > 0
    assert window.map is not None
    assert window.map.wait_painted(timeout_ms=20000) is not None
    assert window.map.blocked_requests == []


def test_firing_an_action_from_the_panel_changes_the_incident(window, qtbot):
    target = next(s for s in window.service.list() if s.leaf == "verifying")
    window.select(target.id)
    grid = window.panel.actions_grid
    buttons = [grid.itemAt(i).widget() for i in range(grid.count())]
    verify = next(b for b in buttons if b.text() == "核实确认")
    verify.click()
    assert window.service.state(target.id).leaf == "assessing"
    assert "评估与分级" in window.panel.state_label.text()
