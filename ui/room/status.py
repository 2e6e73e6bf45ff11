"""The room in the window's frame: 「在席 4 人」 in the status bar (a tooltip lists who views and
edits what), a flashing 告警 count, and a quiet toast naming who changed what when another
seat's change arrives (「张指挥（指挥长）：派员核实 · 20261204-002」)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from console.app import Console
from console.changes import CENTRE_STREAMS, REMOTE, ChangeSet
from console.room.presence import Seat
from console.room.stream import display_names, who
from console.timeline.wording import describe
from ui.bus import bus_for

TOAST_MS = 5000
CENTRE_WORDS = {"reserves": "应急物资库存变动", "experts": "专家库更新", "duty": "值守记录"}
MAX_LINES = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PresenceLabel(QLabel):
    """「在席 N 人」 with the list in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomPresence")
        self.show_seats([])

    def show_seats(self, seats: list[Seat]) -> None:
        self.setText(_tr("在席 {n} 人").format(n=len(seats)))
        self.setToolTip("\n".join(s.line() for s in seats) or _tr("暂无在席人员"))


class AlarmLabel(QLabel):
    """「告警 N」, flashing red while an alarm is not acknowledged; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomAlarms")
        self.count = 0
        self._on = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._blink)
        self.hide()

    def show_count(self, n: int) -> None:
        self.count = n
        self.setText(_tr("告警 {n} 条未确认").format(n=n))
        self.setVisible(n > 0)
        if n and not self.timer.isActive():
            self.timer.start(1000)  # once a second: a console on duty around the clock
        elif not n:
            self.timer.stop()

    def _blink(self) -> None:
        self._on = not self._on
        self.setStyleSheet("background:#c0392b;color:white;font-weight:bold;padding:0 6px;" if self._on
                           else "color:#c0392b;font-weight:bold;padding:0 6px;")


class ChangeToast(QLabel):
    """A quiet note over the window's top-right corner for a few seconds: who changed what."""

    def __init__(self, console: Console, window: QWidget) -> None:
        super().__init__(window)
        self.console = console
        self.setObjectName("roomToast")
        self.setStyleSheet("background:rgba(31,78,121,225);color:white;padding:6px 10px;border-radius:4px;")
        self.setWordWrap(True)
        self.setMaximumWidth(420)
        self.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.lines: list[str] = []
        self._names: dict[str, str] | None = None
        bus_for(console).sig_changed.connect(self.on_changes)

    def on_changes(self, changes: ChangeSet) -> None:
        if changes.origin != REMOTE or not changes.seqs:
            return
        try:
            lines = self.describe(changes)
        except Exception:  # noqa: BLE001 — a toast never breaks the window (the views still redraw)
            return
        if lines:
            self.announce(lines)

    def describe(self, changes: ChangeSet) -> list[str]:
        """One line per remote event: 「张指挥（指挥长）：派员核实 · 20261204-002」."""
        if self._names is None:
            self._names = display_names(self.console.db)
        wanted = set(changes.seqs)
        first = min(wanted)
        events = [e for e in self.console.log.read(after_seq=first - 1, limit=max(wanted) - first + 1)
                  if e.seq in wanted]
        lines = []
        for e in events[-MAX_LINES:]:
            data = e.payload.get("data", {}) if isinstance(e.payload, dict) else {}
            if e.stream in ("auth", "admin"):
                if e.type != "auth.login":
                    continue  # sessions, failed logins, account administration: not the room's news
                what, where = _tr("登录"), ""
            elif e.stream in CENTRE_STREAMS:
                what = e.payload.get("line") or e.payload.get("text") or _tr(CENTRE_WORDS.get(e.stream, e.type))
                where = e.payload.get("incident") or ""
            else:
                try:
                    what = describe(self.console.incidents.plan_for(e.stream), e.type, data)
                except (LookupError, ValueError):
                    what = e.type
                where = e.stream
            if e.actor not in self._names:
                self._names = display_names(self.console.db)
            lines.append(f"{who(e.actor, e.role, self._names)}：{what}" + (f" · {where}" if where else ""))
        return lines

    def announce(self, lines: list[str]) -> None:
        self.lines = lines
        self.setText("\n".join(lines))
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move(max(parent.width() - self.width() - 16, 0), 64)
        self.raise_()
        self.show()
        self.timer.start(TOAST_MS)


class EditingTracker(QObject):
    """Tells the room what this seat edits, from where the keyboard focus is: the incident's
    facts form (「编辑 事实表单 20261204-002」), a report draft (「编辑 报告 R-…」), an instruction
    being written; nothing when the focus leaves them."""

    def __init__(self, win: Any, assembly: Any, panel: Any) -> None:
        super().__init__(win)
        self.win, self.assembly, self.panel = win, assembly, panel
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.focused)

    def focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self.win:
            return  # another window, or none: what this seat edits has not changed
        try:
            self.panel.editing(*self.what(new))
        except RuntimeError:  # the window is being torn down
            pass

    def what(self, widget: QWidget) -> tuple[str | None, str | None]:
        detail = getattr(self.win, "detail", None)
        form = getattr(detail, "facts_form", None)
        reports = getattr(self.assembly, "reports", None)
        w: QWidget | None = widget
        while w is not None:
            if form is not None and w is form:
                return "facts", getattr(self.win, "selected_id", None)
            if reports is not None and w is reports:
                current = getattr(reports, "current", None)
                if current is not None and getattr(current, "status", None) == "draft":
                    return "report", current.id
                return None, None
            if w is self.panel.instruction_text:
                return "instruction", None
            w = w.parentWidget()
        return None, None


def install(win: Any, console: Console, panel: Any,
            assembly: Any = None) -> tuple[PresenceLabel, AlarmLabel, ChangeToast, EditingTracker]:
    """The presence count and the alarm count in ``win``'s status bar, fed by ``panel``, the toast,
    and what this seat edits (from the keyboard focus)."""
    presence = PresenceLabel()
    alarms = AlarmLabel()
    win.statusBar().addPermanentWidget(alarms)
    win.statusBar().addPermanentWidget(presence)
    panel.seats_changed.connect(presence.show_seats)
    panel.alarms_changed.connect(alarms.show_count)
    presence.show_seats(panel.seats)
    alarms.show_count(len(panel.alarms))
    toast = ChangeToast(console, win)
    return presence, alarms, toast, EditingTracker(win, assembly, panel)
