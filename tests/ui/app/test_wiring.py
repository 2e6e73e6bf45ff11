"""The assembled console: every feature panel docked, one selection everywhere, other
consoles' appends refreshing this one, an observer told it is read-only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtWidgets import QDockWidget, QLabel  # noqa: E402

from console.clock import ManualClock  # noqa: E402
from console.demo.records import seed_records  # noqa: E402
from console.reserves.demo import seed_reserves  # noqa: E402
from tests.ui.conftest import NOW  # noqa: E402
from ui.wiring import assemble  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.gui


@pytest.fixture
def full_demo(demo_db):
    seed_reserves(demo_db, "puyang", NOW)
    seed_records(demo_db, "puyang", NOW)
    return demo_db


def test_panels_docked_and_selection_reaches_every_panel(make_window, full_demo, qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(NOW)
    win = make_window(full_demo, clock=clock)
    a = assemble(win, win.console, live=False)
    docks = {d.objectName() for d in win.findChildren(QDockWidget)}
    assert {"incidents", "incident", "timeline", "reports", "consultations", "reserves", "duty", "experts",
            "contacts"} <= docks
    assert any(act.text() == "演练与复盘" for act in win.menuBar().actions())
    target = next(s for s in win.service.list(status="open") if s.level)
    win.select(target.id)
    assert a.reports.incident_id == target.id
    assert a.reserves.incident_id == target.id
    assert a.contacts.incident_id == target.id and a.contacts.directory_table.rowCount() > 0
    qtbot.waitUntil(lambda: a.timeline.timeline is not None, timeout=15000)


def test_another_console_opening_an_incident_shows_up_here(make_window, full_demo, qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(NOW)
    win = make_window(full_demo, clock=clock)
    a = assemble(win, win.console, live=True)
    try:
        before = win.incidents.rowCount()
        status = win.statusBar().findChild(QLabel, "syncStatus")
        qtbot.waitUntil(lambda: status.text() == "同步：正常", timeout=10000)
        url = str(full_demo.engine.url)
        r = subprocess.run([sys.executable, "-m", "console", "--db", url, "incident", "open", "--plan",
                            str(REPO / "plans" / "food-municipal.yaml"), "--title", "另一席位接报的事件",
                            "--fact", "cases=3", "--actor", "李值班"], cwd=REPO, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, r.stderr
        qtbot.waitUntil(lambda: win.incidents.rowCount() == before + 1, timeout=10000)
    finally:
        a.sync.stop()


def test_observer_console_is_marked_read_only(make_window, full_demo) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(NOW)
    win = make_window(full_demo, clock=clock, role="observer", user="观察员甲")
    assemble(win, win.console, live=False)
    badge = win.statusBar().findChild(QLabel, "observerBadge")
    assert badge is not None and "只读" in badge.text()


def test_the_drill_menu_opens_the_controller_and_the_players_full_console(make_window, full_demo, qtbot,
                                                                         monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """演练与复盘 › 开始演练…, as a trainer uses it: pick a script, both windows appear."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the drill database goes here
    clock = ManualClock(NOW)
    win = make_window(full_demo, clock=clock)
    a = assemble(win, win.console, live=False)
    script = REPO / "scenarios" / "school-canteen-functional.yaml"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(script), ""))
    # the scenario picker answered with 其他文件… (the file dialog above)
    from ui.drills.picker import ScenarioPicker

    monkeypatch.setattr(ScenarioPicker, "exec", lambda self: (self.other_btn.click(), self.result())[1])
    action = win.findChild(QAction, "startDrill")
    action.trigger()
    assert len(a.windows) == 1, win.notices
    session = a.windows[0]
    try:
        assert session.controller.isVisible() and session.console.isVisible()
        docks = {d.objectName() for d in session.console.findChildren(QDockWidget)}
        assert {"reports", "consultations", "reserves", "duty", "timeline"} <= docks
        assert session.console.mode == "drill"
    finally:
        session.close()
