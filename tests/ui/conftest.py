"""Fixtures for the console window tests: a real demo database, the real map page, offscreen."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The 濮阳市 demo database seeded once per session (copied for each test)."""
    from console.demo import open_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_demo(NOW, f"sqlite:///{path}")
    db.close()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    import shutil

    from console.store.db import open_database

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.close()


@pytest.fixture
def make_window(qapp, tmp_path, monkeypatch):
    """Factory for MainWindows on a settings file in tmp_path; windows (and their web
    pages, before their profiles) are deleted at teardown while QtWebEngine is up."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from console.app import Console
    from console.clock import ManualClock
    from ui.main_window import MainWindow
    from ui.settings import ConsoleSettings

    made = []

    def make(db, *, clock=None, settings_path=None, **kwargs):
        settings = ConsoleSettings(settings_path or tmp_path / "console.ini")
        clock = clock or ManualClock(NOW)
        console = Console(db, clock, mode=kwargs.pop("mode", "real"))
        kwargs.setdefault("jurisdiction", "410900")  # the demo database's 濮阳市 (main.py --demo passes it)
        win = MainWindow(console, settings=settings, **kwargs)
        made.append(win)
        win.show()
        return win

    yield make
    for win in made:
        win.close()
        win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def eval_js(qtbot, view, expr: str, timeout: int = 10000) -> Any:
    box: list[Any] = []
    view.run_js(f"JSON.stringify({expr})", lambda value: box.append(value))
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return None if box[0] in (None, "undefined") else json.loads(box[0])


# Widgets a test leaves behind keep timers and signal connections alive into the next test:
# every test of the window must close (or hand qtbot) what it opens. Menus and tooltips are
# parentless top-level widgets by design (pyqtgraph's context menus too) and are not counted.
IGNORED_TOP_LEVEL = ("QTipLabel", "QComboBoxPrivateContainer", "QDesktopScreenWidget")


@pytest.fixture(autouse=True)
def no_leaked_widgets(request):
    """Fail a test that leaves a visible top-level window behind (after deferred deletes ran)."""
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication, QMenu

    app = QApplication.instance()
    before = {id(w) for w in app.topLevelWidgets()} if app is not None else set()
    yield
    app = QApplication.instance()
    if app is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [f"{w.metaObject().className()}({w.objectName() or w.windowTitle()})"
              for w in app.topLevelWidgets()
              if id(w) not in before and w.isVisible() and not isinstance(w, QMenu)
              and w.metaObject().className() not in IGNORED_TOP_LEVEL]
    assert not leaked, "windows left open: " + ", ".join(leaked)


@pytest.fixture(autouse=True)
def inline_commands(request, monkeypatch):
    """The window's commands run inline in these tests (each call's outcome is there when it
    returns), unless a test asks for the worker thread of the running console with the
    ``background_commands`` fixture (ui.widgets.runner)."""
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    import ui.widgets.runner as runner

    monkeypatch.setattr(runner, "BACKGROUND", "background_commands" in request.fixturenames)
    yield


@pytest.fixture
def background_commands():
    """Run the window's commands on the worker thread, as ``main.py`` does."""
    return True
