"""Half-screen layout: a seat on half a 1920-pixel screen (or half a video wall) keeps a usable map.

Below :data:`FOLD_BELOW` pixels of window width the incident list folds into a tab beside the
timeline (under the map), so the map keeps at least :data:`MAP_MIN` pixels and the incident with
its record panels keeps the right-hand column; from :data:`UNFOLD_FROM` pixels (a little wider,
so that a window dragged around the threshold does not flicker) the list goes back to the left.
Only the console's own arrangement is folded: a list the user moved elsewhere stays where it is.
视图 › 恢复默认布局 at a narrow width folds again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

FOLD_BELOW = 1100  # px of window width: narrower, the list folds under the map
UNFOLD_FROM = 1160  # px: wider, it comes back to the left
MAP_MIN = 470  # px the map keeps in a folded window (the right-hand column takes the rest)
RIGHT_MIN = 420  # px: the incident panel never narrower than this


class HalfScreen(QObject):
    """Folds and unfolds ``win``'s incident list with the window's width (an event filter)."""

    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.win = win
        self.folded = False
        win.installEventFilter(self)
        reset = win.findChild(QObject, "actResetLayout")
        if reset is not None:  # the default layout is the wide one: fold it again when narrow
            reset.triggered.connect(self._after_reset)
        QTimer.singleShot(0, self, self.apply)

    def _timeline(self) -> QDockWidget | None:
        dock = self.win.findChild(QDockWidget, "timeline")
        return dock if isinstance(dock, QDockWidget) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.win and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self.apply)  # once the new size is laid out
        return False

    def _after_reset(self) -> None:
        self.folded = False
        self.apply()

    def apply(self) -> None:
        """Fold or unfold for the window's present width."""
        try:
            width = self.win.width()
        except RuntimeError:  # the window is gone
            return
        if not self.folded and width < FOLD_BELOW:
            self.fold()
        elif self.folded and width >= UNFOLD_FROM:
            self.unfold()
        elif self.folded:
            self.size_folded()

    def fold(self) -> bool:
        win, timeline = self.win, self._timeline()
        lst = win.incident_dock
        if (timeline is None or timeline.isFloating() or lst.isFloating() or lst.isHidden()
                or win.dockWidgetArea(lst) != Qt.DockWidgetArea.LeftDockWidgetArea
                or win.dockWidgetArea(timeline) != Qt.DockWidgetArea.BottomDockWidgetArea):
            return False  # not the console's own arrangement: the user's choice stays
        win.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, lst)
        win.tabifyDockWidget(timeline, lst)
        lst.show()
        lst.raise_()  # the list in front: it is how an incident is picked
        self.folded = True
        getattr(win, "whole_tab_titles", lambda: None)()
        self.size_folded()
        return True

    def size_folded(self) -> None:
        win = self.win
        right = max(RIGHT_MIN, win.width() - MAP_MIN - 12)
        win.resizeDocks([win.detail_dock], [right], Qt.Orientation.Horizontal)
        timeline = self._timeline()
        if timeline is not None and not timeline.isFloating():
            win.resizeDocks([timeline], [max(240, min(int(win.height() * 0.32), 360))], Qt.Orientation.Vertical)

    def unfold(self) -> bool:
        win = self.win
        lst = win.incident_dock
        self.folded = False
        if lst.isFloating() or win.dockWidgetArea(lst) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return False  # moved by the user meanwhile
        win.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, lst)
        lst.show()
        timeline = self._timeline()
        if timeline is not None:
            timeline.raise_()
        getattr(win, "size_docks", lambda: None)()
        return True


def install(win: Any) -> HalfScreen:
    """Fold ``win``'s panels for a half screen (see the module's text)."""
    return HalfScreen(win)
