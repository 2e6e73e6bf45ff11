"""Opening the wall: on a second screen, full screen, when there is one; else as a window.

``main.py --wall`` (:func:`run_wall`) and 视图 › 指挥大屏 (:func:`add_wall_menu`) both end in
:func:`show_wall`. The rotation period is the setting ``wall/rotate_seconds`` (default
:data:`ui.wall.window.ROTATE_S`), or ``--rotate N`` for one run.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from console.app import Console
from ui.wall.window import ROTATE_S, WallWindow

SETTING = "wall/rotate_seconds"


def rotate_seconds(settings: Any, override: int | None = None) -> int:
    """The rotation period: ``override``, else the setting, else :data:`ROTATE_S` (at least 3 s)."""
    if override is not None:
        return max(3, int(override))
    raw = settings.qs.value(SETTING) if settings is not None else None
    try:
        return max(3, int(str(raw))) if raw not in (None, "") else ROTATE_S
    except ValueError:
        return ROTATE_S


def wall_screen(avoid: QWidget | None = None) -> QScreen | None:
    """The screen for the wall: another screen than ``avoid``'s (the console's) when there are
    several, else None (one screen: the wall opens as a window)."""
    screens = QGuiApplication.screens()
    if len(screens) < 2:
        return None
    taken = avoid.screen() if avoid is not None else QGuiApplication.primaryScreen()
    return next((s for s in screens if s is not taken), None)


def show_wall(wall: WallWindow, avoid: QWidget | None = None, *, alone: bool = False) -> str:
    """Full screen on a second screen, else a window on this one. Returns "fullscreen" or "window".

    ``alone`` (``main.py --wall``: the wall is all this machine shows): full screen on the
    second screen when there is one, else on the only one."""
    screen = wall_screen(avoid)
    if screen is None and alone:
        screen = QGuiApplication.primaryScreen()
    if screen is not None:
        wall.setGeometry(screen.geometry())
        wall.showFullScreen()
        if wall.windowHandle() is not None:
            wall.windowHandle().setScreen(screen)
        wall.setGeometry(screen.geometry())
        wall.watch_input()
        return "fullscreen"
    avail = (avoid.screen() if avoid is not None else QGuiApplication.primaryScreen()).availableGeometry()
    wall.resize(min(1600, avail.width()), min(900, avail.height()))
    wall.show()
    wall.watch_input()
    return "window"


def add_wall_menu(win: Any, console: Console, windows: list[Any] | None = None) -> QAction | None:
    """视图 › 指挥大屏 in the main window: opens (or brings back) the wall for this console."""
    menu = getattr(win, "view_menu", None)
    if menu is None:
        return None
    action = QAction(QCoreApplication.translate("WallMenu", "指挥大屏"), win)
    action.setObjectName("actWall")
    action.setShortcut("Ctrl+Shift+W")
    action.setStatusTip(QCoreApplication.translate("WallMenu", "在第二块屏幕上全屏显示指挥大屏（只读）"))

    def open_wall() -> None:
        wall = getattr(win, "wall", None)
        if wall is None or not shiboken6.isValid(wall) or not wall.isVisible():
            wall = WallWindow(console, jurisdiction=getattr(win, "jurisdiction", None),
                              rotate_s=rotate_seconds(getattr(win, "settings", None)),
                              tile_url=getattr(getattr(win, "settings", None), "tile_url", None))
            wall.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed: its page and timers go too
            win.wall = wall
            if windows is not None:
                windows.append(wall)
        show_wall(wall, avoid=win)
        wall.raise_()

    action.triggered.connect(open_wall)
    menu.addAction(action)
    win.addAction(action)  # listed by 帮助 › 快捷键 (F1) with the window's other shortcuts
    return action


def run_wall(app: Any, console: Console, *, settings: Any, jurisdiction: str | None, rotate: int | None,
             screenshot: str | None = None, size: str = "1920x1080", live: bool = True) -> int:
    """``main.py --wall``: the wall alone, following the database (live sync), until closed.
    With ``screenshot``: render at ``size`` offscreen, wait for the map, save a PNG, exit."""
    from PySide6.QtCore import QEvent, QTimer

    wall = WallWindow(console, jurisdiction=jurisdiction, rotate_s=rotate_seconds(settings, rotate),
                      tile_url=settings.tile_url if settings is not None else None)
    sync = None
    if live and not screenshot:
        from ui.sync.live import LiveSync

        sync = LiveSync(console.db, wall)
        sync.events_arrived.connect(wall.bus.remote)  # other consoles' events: the same change bus
        sync.start()
    code = 0
    if screenshot:
        w, _x, h = size.partition("x")
        wall.resize(int(w), int(h))
        wall.show()
        wall.freeze()

        def shoot() -> None:
            nonlocal code
            if wall.map is not None:
                deadline = 300
                while not wall.map.is_ready and deadline:
                    app.processEvents()
                    QTimer.singleShot(50, lambda: None)
                    import time

                    time.sleep(0.05)
                    deadline -= 1
                wall.map.set_still(True)
                wall.map.wait_painted(timeout_ms=30000)
            app.processEvents()
            ok = wall.grab().save(screenshot)
            print(f"已保存截图 {screenshot}" if ok else f"无法保存截图 {screenshot}")
            code = 0 if ok else 1
            wall.close()

        QTimer.singleShot(200, shoot)
    else:
        show_wall(wall, alone=True)
    app.setQuitOnLastWindowClosed(True)
    app.exec()
    if sync is not None:
        sync.stop()
    wall.stop()
    wall.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code
