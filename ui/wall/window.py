"""The wall display (指挥大屏): the map, the active incidents, today's figures and a ticker, for a room.

Read-only by construction: the window holds a reading function (``console.wall.read_snapshot``),
the console's clock and its change bus — no service that writes, no button, no editable field.
Input only changes what is looked at: a click or a key pauses the rotation for
:data:`PAUSE_AFTER_INPUT_S`; ←/→ show the previous/next incident, Space pauses or resumes, F11
toggles full screen, Esc leaves it.

It follows the live feed like the main window: every change set on the console's bus (this
console's commands and other consoles' events, ui/bus.py) that touches what the wall shows
schedules one re-read of the snapshot (:data:`REFRESH_DELAY_MS` later, so a burst of events is
read once). Countdowns move every second from the clock, without reading the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from console.app import Console
from console.changes import ChangeSet, Topic
from console.clock import CHINA_TZ
from console.store.db import DatabaseError
from console.wall.figures import Figure
from console.wall.snapshot import WallIncident, WallSnapshot, countdown, read_snapshot
from ui.bus import bus_for
from ui.wall import theme
from ui.wall.theme import SIZES, px

ROTATE_S = 15  # seconds each incident is shown when several are active (settings: wall/rotate_seconds)
PAUSE_AFTER_INPUT_S = 60  # the rotation waits this long after a click or a key
REFRESH_DELAY_MS = 150  # a burst of change sets is read once
REREAD_MS = 60_000  # read again anyway (deadlines turning overdue, a new day)
ROWS = 6  # other incidents listed under the focused one
TICKER_STEP_MS = 40

_TOPICS = (Topic.INCIDENTS, Topic.STATE, Topic.TIMELINE, Topic.REPORTS, Topic.AREAS, Topic.REQUESTS, Topic.STOCK,
           Topic.REFERENCE, Topic.CONSULTATIONS)
_INPUT = (QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.TouchBegin)


def _label(object_name: str = "", colour: str = theme.TEXT, *, wrap: bool = False,
           align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> QLabel:
    lab = QLabel()
    if object_name:
        lab.setObjectName(object_name)
    lab.setWordWrap(wrap)
    lab.setAlignment(align)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setStyleSheet(f"color:{colour}; background:transparent;")
    lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # long titles never widen a column
    return lab


class _Sized:
    """Labels and the fraction of the wall's height their font is (re-applied on resize)."""

    def __init__(self) -> None:
        self.items: list[tuple[QWidget, float, bool]] = []

    def add(self, widget: QWidget, fraction: float, bold: bool = False) -> QWidget:
        self.items.append((widget, fraction, bold))
        return widget

    def apply(self, height: int) -> None:
        for w, fraction, bold in self.items:
            f = QFont(w.font())
            f.setPixelSize(px(height, fraction))
            f.setBold(bold)
            w.setFont(f)


def _chip(lab: QLabel, level: str | None) -> None:
    text, colour, ink = theme.level_style(level)
    lab.setText(text)
    lab.setStyleSheet(f"color:{ink}; background:{colour}; border-radius:6px; padding:2px 12px;")


class FigureTile(QFrame):
    """One of today's figures: its title, the big number and, with a series, a small bar chart."""

    def __init__(self, figure: Figure, sized: _Sized) -> None:
        super().__init__()
        self.setObjectName(f"figure_{figure.key}")
        self.setStyleSheet(f"#figure_{figure.key} {{ background:{theme.PANEL}; border-radius:8px; }}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.setSpacing(0)
        self.title = sized.add(_label("", theme.MUTED), SIZES.figure_title)
        row = QHBoxLayout()
        self.number = sized.add(_label(f"figureValue_{figure.key}"), SIZES.figure, True)
        self.unit = sized.add(_label("", theme.MUTED), SIZES.figure_title)
        row.addWidget(self.number, 3)
        row.addWidget(self.unit, 1, Qt.AlignmentFlag.AlignBottom)
        lay.addWidget(self.title)
        lay.addLayout(row)
        self.chart: pg.PlotWidget | None = None
        if figure.series_labels:
            self.chart = pg.PlotWidget(background=theme.PANEL)
            self.chart.setObjectName(f"figureChart_{figure.key}")
            self.chart.hideAxis("left")
            self.chart.hideAxis("bottom")
            self.chart.setMouseEnabled(False, False)
            self.chart.hideButtons()
            self.chart.setMenuEnabled(False)
            self.chart.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, brush=theme.ACCENT, pen=None)
            self.chart.addItem(self.bars)
            lay.addWidget(self.chart, 1)
        else:
            lay.addStretch(1)
        self.show_figure(figure)

    def show_figure(self, f: Figure) -> None:
        self.title.setText(f.title + (f"（{f.series_title}）" if f.series_title else ""))  # type: ignore[attr-defined]
        self.number.setText("—" if f.value is None else str(f.value))  # type: ignore[attr-defined]
        self.number.setToolTip(f.note)
        colour = theme.ALARM if f.alarm else theme.TEXT
        self.number.setStyleSheet(f"color:{colour}; background:transparent;")
        self.unit.setText(f.unit)  # type: ignore[attr-defined]
        if self.chart is not None:
            xs = list(range(len(f.series)))
            brushes = ([theme.level_style(lv)[1] for lv in ("I", "II", "III", "IV", None)]
                       if f.key == "open" and len(f.series) == 5 else [theme.ACCENT] * len(f.series))
            self.bars.setOpts(x=xs, height=list(f.series), brushes=brushes)
            top = max([1, *f.series])
            self.chart.setXRange(-0.6, max(len(xs), 1) - 0.4, padding=0)
            self.chart.setYRange(0, top * 1.05, padding=0)


class TickerBar(QWidget):
    """The latest events, scrolling right to left in one line."""

    def __init__(self, sized: _Sized) -> None:
        super().__init__()
        self.setObjectName("wallTicker")
        sized.add(self, SIZES.ticker)
        self.items: list[str] = []
        self._text = ""
        self._offset = 0.0
        self.running = True
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_items(self, lines: Sequence[str]) -> None:
        self.items = list(lines)
        self._text = "　　◆　　".join(self.items)
        if self.running and not self._timer.isActive():
            self._timer.start(TICKER_STEP_MS)
        self.update()

    def set_running(self, running: bool) -> None:
        """Scroll or stand still (a still starts from the beginning of the line)."""
        self.running = running
        if not running:
            self._offset = 0.0
            self.update()
        if running:
            self._timer.start(TICKER_STEP_MS)
        else:
            self._timer.stop()

    def _step(self) -> None:
        if not self.isVisible():
            return
        self._offset += max(1.0, self.height() / 30)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.PANEL))
        p.setFont(self.font())
        p.setPen(QColor(theme.TEXT))
        width = QFontMetrics(self.font()).horizontalAdvance(self._text + "　　◆　　") or 1
        x = self.width() * 0.02 - (self._offset % width)
        while x < self.width():
            p.drawText(QRectF(x, 0, width, self.height()), Qt.AlignmentFlag.AlignVCenter, self._text)
            x += width
        p.end()


class WallWindow(QWidget):
    """指挥大屏 for ``console`` (see the module's doc). ``rotate_s``: seconds per incident."""

    def __init__(self, console: Console, *, jurisdiction: str | None = None, rotate_s: int = ROTATE_S,
                 tile_url: str | None = None, map_enabled: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallWindow")
        self.setWindowTitle(self.tr("指挥大屏"))
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#wallWindow {{ background:{theme.BACKGROUND}; }}")
        # what the wall keeps of the console: a reading function, the clock and the change bus
        self._read: Callable[[datetime], WallSnapshot] = partial(read_snapshot, console, mode=console.mode,
                                                                     cache={})
        self._now: Callable[[], datetime] = console.clock.now
        from console.geo.divisions import NATIONAL

        self.jurisdiction = jurisdiction or console.jurisdiction or NATIONAL
        self.rotate_s = max(3, int(rotate_s))
        self.snapshot: WallSnapshot | None = None
        self.current_id: str | None = None
        self.stale_since: datetime | None = None
        self.refreshes = 0
        self._shown_on_map: set[str] = set()
        self._watched: set[QWidget] = set()
        self.still = False  # a still picture (freeze): nothing moves
        self._blink_off = False
        self._sized = _Sized()
        self._build(tile_url, map_enabled)

        self._rotate = QTimer(self)
        self._rotate.timeout.connect(self.next_incident)
        self._resume = QTimer(self)
        self._resume.setSingleShot(True)
        self._resume.timeout.connect(self.resume_rotation)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.refresh)
        self._second = QTimer(self)
        self._second.timeout.connect(self._tick)
        self._second.start(1000)
        self._reread = QTimer(self)
        self._reread.timeout.connect(self.refresh)
        self._reread.start(REREAD_MS)
        self.paused = False
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.refresh()
        self.watch_input()
        self.resume_rotation()

    # ------------------------------------------------------------------ building
    def _build(self, tile_url: str | None, map_enabled: bool) -> None:
        s = self._sized
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 8, 16, 8)
        root.setSpacing(8)
        # header: the title, the rotation and sync state, the clock
        head = QHBoxLayout()
        from ui.setup.title import jurisdiction_name

        place = jurisdiction_name(self.jurisdiction)
        self.title = s.add(_label("wallTitle"), SIZES.title, True)
        self.title.setText(self.tr("食品药品安全应急指挥大屏") + (f" · {place}" if place else ""))  # type: ignore[attr-defined]
        self.state_label = s.add(_label("wallState", theme.MUTED, align=Qt.AlignmentFlag.AlignCenter), SIZES.label)
        self.clock_label = s.add(_label("wallClock", theme.ACCENT, align=Qt.AlignmentFlag.AlignRight
                                        | Qt.AlignmentFlag.AlignVCenter), SIZES.clock, True)
        head.addWidget(self.title, 5)
        head.addWidget(self.state_label, 3)
        head.addWidget(self.clock_label, 2)
        root.addLayout(head, 6)
        # body: the map, and the incident in focus with the others under it
        body = QHBoxLayout()
        body.setSpacing(12)
        self.map: Any = None
        if map_enabled:
            from ui.map.view import MapView

            self.map = MapView(self, tile_url=tile_url)
            self.map.setObjectName("wallMap")
            self.map.sig_ready.connect(self._map_ready)
            self.map.sig_incident_clicked.connect(self._clicked)  # looking only: focus that incident
            body.addWidget(self.map, 58)
        right = QVBoxLayout()
        right.setSpacing(8)
        focus = QFrame()
        focus.setObjectName("wallFocus")
        focus.setStyleSheet(f"#wallFocus {{ background:{theme.PANEL}; border-radius:10px; }}")
        fl = QVBoxLayout(focus)
        fl.setContentsMargins(20, 12, 20, 12)
        fl.setSpacing(4)
        top = QHBoxLayout()
        self.level_chip = s.add(_label("wallLevel"), SIZES.label, True)
        self.level_chip.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.state_title = s.add(_label("wallStateTitle", theme.TEXT), SIZES.label, True)
        self.position = s.add(_label("wallPosition", theme.MUTED, align=Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter), SIZES.label)
        top.addWidget(self.level_chip)
        top.addWidget(self.state_title, 1)
        top.addWidget(self.position)
        self.incident_title = s.add(_label("wallIncidentTitle", wrap=True), SIZES.incident_title, True)
        self.place = s.add(_label("wallPlace", theme.MUTED), SIZES.label)
        self.deadline_title = s.add(_label("wallDeadlineTitle", theme.MUTED, wrap=True), SIZES.label)
        self.countdown_label = s.add(_label("wallCountdown", theme.TEXT), SIZES.countdown, True)
        self.overdue_label = s.add(_label("wallOverdue", theme.ALARM), SIZES.label, True)
        fl.addLayout(top)
        fl.addWidget(self.incident_title)
        fl.addWidget(self.place)
        fl.addStretch(1)
        fl.addWidget(self.deadline_title)
        fl.addWidget(self.countdown_label)
        fl.addWidget(self.overdue_label)
        right.addWidget(focus, 60)
        rows = QFrame()
        rows.setObjectName("wallRows")
        rows.setStyleSheet(f"#wallRows {{ background:{theme.PANEL}; border-radius:10px; }}")
        rl = QVBoxLayout(rows)
        rl.setContentsMargins(16, 8, 16, 8)
        rl.setSpacing(2)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        for i in range(ROWS):
            line = QHBoxLayout()
            chip = s.add(_label(f"wallRowLevel{i}"), SIZES.row, True)
            chip.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            name = s.add(_label(f"wallRowTitle{i}"), SIZES.row)
            due = s.add(_label(f"wallRowDue{i}", align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                        SIZES.row_countdown, True)
            line.addWidget(chip)
            line.addWidget(name, 5)
            line.addWidget(due, 3)
            rl.addLayout(line)
            self.rows.append((chip, name, due))  # type: ignore[arg-type]
        rl.addStretch(1)
        right.addWidget(rows, 40)
        body.addLayout(right, 42)
        root.addLayout(body, 62)
        # today's figures
        self.figures_row = QHBoxLayout()
        self.figures_row.setSpacing(12)
        self.tiles: dict[str, FigureTile] = {}
        root.addLayout(self.figures_row, 24)
        # the ticker
        self.ticker = TickerBar(s)
        root.addWidget(self.ticker, 6)

    # ------------------------------------------------------------------ reading
    def on_changes(self, changes: ChangeSet) -> None:
        """A change set on the bus: read again soon if it touches what the wall shows."""
        if changes.touches(*_TOPICS):
            self._pending.start(REFRESH_DELAY_MS)

    def refresh(self) -> None:
        """Read the snapshot now and redraw everything from it. A database that does not answer
        leaves the last picture up, and the header says since when it is stale."""
        self._pending.stop()
        try:
            snap = self._read(self._now())
        except DatabaseError:
            if self.stale_since is None:
                self.stale_since = self._now()
            self._show_state()
            return
        self.stale_since = None
        self.snapshot = snap
        self.refreshes += 1
        ids = [i.id for i in snap.incidents]
        if self.current_id not in ids:
            self.current_id = ids[0] if ids else None
        self._show_figures(snap.figures)
        self.ticker.set_items([t.line() for t in snap.ticker])
        self._show_map(snap)
        self._show_incidents()
        self._show_state()

    def _show_figures(self, figures: Sequence[Figure]) -> None:
        keys = [f.key for f in figures]
        if keys != list(self.tiles):  # providers registered since: rebuild the row
            for tile in self.tiles.values():
                tile.setParent(None)  # type: ignore[call-overload]
                tile.deleteLater()
            self.tiles = {}
            for f in figures:
                self.tiles[f.key] = FigureTile(f, self._sized)
                self.figures_row.addWidget(self.tiles[f.key], 1)
            self._sized.apply(self.height())
            self.watch_input()
        for f in figures:
            self.tiles[f.key].show_figure(f)

    def _map_ready(self) -> None:
        from console.geo.boundaries import bbox
        from console.geo.boundaries import jurisdiction as boundaries

        self.map.set_boundaries(boundaries(self.jurisdiction))
        self.map.fit_bounds(bbox(self.jurisdiction))
        # the layer box is for a desk, not a room: folded to its title (the legend stays open)
        self.map.run_js("FDSMap.setFolded(document.querySelector('.leaflet-control-layers'), true, true)")
        self._shown_on_map = set()
        self.watch_input()
        if self.snapshot is not None:
            self._show_map(self.snapshot)
            if self.current_id:
                self.map.select_incident(self.current_id)

    def _show_map(self, snap: WallSnapshot) -> None:
        if self.map is None or not self.map.is_ready:
            return
        ids = set()
        for i in snap.incidents:
            if i.lat is None or i.lon is None:
                continue
            ids.add(i.id)
            self.map.upsert_incident(i.id, i.lat, i.lon, i.level, i.title, overdue=i.overdue > 0)
            if i.area:
                self.map.set_affected_area(i.id, dict(i.area))
        for gone in self._shown_on_map - ids:
            self.map.remove_incident(gone)
        self._shown_on_map = ids
        self.map.set_routes([dict(r) for r in snap.routes])

    # ------------------------------------------------------------------ showing
    def _incident_order(self) -> list[WallIncident]:
        return list(self.snapshot.incidents) if self.snapshot is not None else []

    def _show_incidents(self) -> None:
        incidents = self._incident_order()
        cur = next((i for i in incidents if i.id == self.current_id), None)
        if cur is None:
            self.level_chip.setText("")
            self.level_chip.setStyleSheet("background:transparent;")
            self.state_title.setText("")
            self.position.setText("")
            self.incident_title.setText(self.tr("当前无进行中的事件"))
            self.place.setText("")
            self.deadline_title.setText("")
            self.countdown_label.setText("")
            self.overdue_label.setText("")
        else:
            _chip(self.level_chip, cur.level)
            self.level_chip.setToolTip(cur.level_name)
            self.state_title.setText(cur.state_title)
            self.position.setText(f"{incidents.index(cur) + 1} / {len(incidents)}")
            self.incident_title.setText(cur.title)
            opened = cur.opened_at.astimezone(CHINA_TZ)
            self.place.setText(self.tr("{place}　{when} 接报　未完成任务 {n} 项").format(
                place=cur.place or "", when=f"{opened:%m-%d %H:%M}", n=cur.open_tasks))
            if cur.next_deadline is not None:
                self.deadline_title.setText(self.tr("下一时限：{title}").format(title=cur.next_deadline.title))
            else:
                self.deadline_title.setText(self.tr("暂无时限"))
            self.overdue_label.setText(self.tr("已逾期时限 {n} 项").format(n=cur.overdue) if cur.overdue else "")
            if self.map is not None and self.map.is_ready:
                self.map.select_incident(cur.id)
        others = [i for i in incidents if i.id != self.current_id][:ROWS]
        for n, (chip, name, due) in enumerate(self.rows):
            if n < len(others):
                _chip(chip, others[n].level)
                name.setText(others[n].title)
                name.setToolTip(f"{others[n].title}　{others[n].state_title}")
            else:
                chip.setText("")
                chip.setStyleSheet("background:transparent;")
                name.setText("")
                due.setText("")
        self._tick()

    def _tick(self) -> None:
        """Every second: the clock and the countdowns (from the clock, no database read)."""
        now = self._now()
        self.clock_label.setText(f"{now.astimezone(CHINA_TZ):%H:%M:%S}")
        incidents = self._incident_order()
        if self.map is not None and self.map.is_ready and not self.still and any(i.overdue for i in incidents):
            self._blink_off = not self._blink_off
            self.map.blink(self._blink_off)  # overdue markers blink, as in the console
        cur = next((i for i in incidents if i.id == self.current_id), None)
        if cur is not None and cur.next_deadline is not None:
            text, late = countdown(cur.next_deadline.due_at, now)
            self.countdown_label.setText(self.tr("已逾期 {t}").format(t=text.removeprefix("已逾期 ")) if late else text)
            self.countdown_label.setStyleSheet(f"color:{theme.ALARM if late else theme.CALM}; background:transparent;")
        others = [i for i in incidents if i.id != self.current_id][:ROWS]
        for n, (_chip_label, _name, due) in enumerate(self.rows):
            if n < len(others) and others[n].next_deadline is not None:
                text, late = countdown(others[n].next_deadline.due_at, now)  # type: ignore[union-attr]
                due.setText(self.tr("逾期 {t}").format(t=text.removeprefix("已逾期 ")) if late else text)
                due.setStyleSheet(f"color:{theme.ALARM if late else theme.TEXT}; background:transparent;")
            elif n < len(others):
                due.setText("")

    def _show_state(self) -> None:
        parts = []
        if self.paused:
            parts.append(self.tr("轮播已暂停"))
        elif self.snapshot is not None and len(self.snapshot.incidents) > 1:
            parts.append(self.tr("每 {s} 秒轮播").format(s=self.rotate_s))
        if self.stale_since is not None:
            parts.append(self.tr("数据库无响应，显示 {t} 前的数据").format(
                t=f"{self.stale_since.astimezone(CHINA_TZ):%H:%M}"))
        self.state_label.setText("　".join(parts))
        colour = theme.ALARM if self.stale_since is not None else theme.MUTED
        self.state_label.setStyleSheet(f"color:{colour}; background:transparent;")

    # ------------------------------------------------------------------ rotation
    def show_incident(self, incident_id: str) -> None:
        if self.snapshot is not None and self.snapshot.incident(incident_id) is not None:
            self.current_id = incident_id
            self._show_incidents()

    def next_incident(self, step: int = 1) -> None:
        ids = [i.id for i in self._incident_order()]
        if not ids:
            return
        at = ids.index(self.current_id) if self.current_id in ids else -step
        self.show_incident(ids[(at + step) % len(ids)])

    def pause_rotation(self, seconds: int = PAUSE_AFTER_INPUT_S) -> None:
        """Stop rotating; resume by itself after ``seconds`` (0: only on Space)."""
        self.paused = True
        self._rotate.stop()
        self._resume.stop()
        if seconds:
            self._resume.start(seconds * 1000)
        self._show_state()

    def resume_rotation(self) -> None:
        self.paused = False
        self._resume.stop()
        self._rotate.start(self.rotate_s * 1000)
        self._show_state()

    def freeze(self) -> None:
        """For a still picture: no rotation and the ticker at its start (nothing says 「暂停」)."""
        self.still = True
        self._rotate.stop()
        self._resume.stop()
        self.ticker.set_running(False)
        if self.map is not None:
            self.map.set_still(True)  # overdue markers: a steady ring instead of the blink

    def _clicked(self, incident_id: str) -> None:
        self.pause_rotation()
        self.show_incident(incident_id)

    def watch_input(self) -> None:
        """Watch the wall and every widget in it for clicks and keys (an application-wide filter
        would also see QtWebEngine's own objects, which PySide does not survive)."""
        widgets = [self, *self.findChildren(QWidget)]
        if self.map is not None and self.map.web_view.focusProxy() is not None:
            widgets.append(self.map.web_view.focusProxy())  # the page's input widget (made once it loads)
        for w in widgets:
            if w not in self._watched:
                self._watched.add(w)
                w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() not in _INPUT:  # (the cheap test first: this sees every event of the application)
            return False
        if isinstance(watched, QWidget) and (watched is self or self.isAncestorOf(watched)):
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._key(event):
                return True
            if not self.paused or self._resume.isActive():
                self.pause_rotation()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.pause_rotation()
            self.next_incident(1 if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown) else -1)
            return True
        if key == Qt.Key.Key_Space:
            if self.paused:
                self.resume_rotation()
            else:
                self.pause_rotation(0)
            return True
        if key == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
            return True
        if key == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return True
        return False

    # ------------------------------------------------------------------ sizes
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        h = self.height()
        self._sized.apply(h)
        margin = max(8, round(h * 0.012))
        self.layout().setContentsMargins(margin, margin // 2, margin, margin // 2)
        if self.map is not None:
            self.map.web_view.setZoomFactor(max(1.0, h / 1080))  # the map's own labels grow with the screen

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        """Stop every timer and stop following the bus (the window is closing)."""
        for t in (self._rotate, self._resume, self._pending, self._second, self._reread):
            t.stop()
        self.ticker.set_running(False)
        self.bus.sig_changed.disconnect(self.on_changes)
