"""The timeline panel: lanes of an incident's events, deadline windows, a now-line.

Drawing stays cheap at any size: each lane keeps its event times in a sorted numpy array,
and a paint draws only what is in view — every event as a tick when few are visible, or one
tick per pixel column with a height that grows with the count when many are (so 100,000 events
cost a ``searchsorted`` and a ``bincount`` per lane, not 100,000 graphics items).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QLineF,
    QObject,
    QPointF,
    QRectF,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.clock import CHINA_TZ
from console.timeline.model import (
    LANES,
    STATUS_TITLES,
    Timeline,
    TimelineSketch,
    load_timeline,
    sketch_timeline,
)
from ui.bus import bus_for
from ui.widgets.fit import FlowLayout

MINUTE = 60.0
HOUR = 3600.0
PROGRESSIVE_ABOVE = 5000  # events: a longer log is sketched first and built in the background
WEEK = 7 * 24 * 3600.0
LANE_COLOURS = {"state": "#34495e", "reports": "#2980b9", "tasks": "#16a085", "consultations": "#8e44ad",
                "materials": "#d35400", "duty": "#7f8c8d", "injects": "#c0392b"}
EDGE_COLOURS = {"met": QColor(30, 132, 73), "missed": QColor(192, 57, 43)}
WINDOW_COLOURS = {"met": QColor(39, 174, 96, 70), "missed": QColor(192, 57, 43, 90),
                  "open": QColor(241, 196, 15, 80), "cancelled": QColor(149, 165, 166, 50),
                  "expired": QColor(149, 165, 166, 70), "unfinished": QColor(230, 126, 34, 70)}


def _ts(dt: datetime) -> float:
    return dt.timestamp()


class _ChinaDateAxis(pg.DateAxisItem):
    """Tick labels in China time and Chinese (pyqtgraph's own use English day names)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802 (Qt)
        out = []
        for v in values:
            try:
                d = datetime.fromtimestamp(v, CHINA_TZ)
            except (OverflowError, OSError, ValueError):
                out.append("")
                continue
            if spacing >= 86400:
                out.append(f"{d.month}月{d.day}日")
            elif spacing >= 60:
                out.append(f"{d.month}月{d.day}日" if (d.hour, d.minute) == (0, 0) else d.strftime("%H:%M"))
            else:
                out.append(d.strftime("%H:%M:%S"))
        return out


class _LanesItem(pg.GraphicsObject):
    """All lanes in one graphics object; paints only the visible part."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[str] = []
        self._times: dict[str, np.ndarray] = {}
        self._recorded: dict[str, np.ndarray] = {}
        self._win: dict[str, tuple[np.ndarray, np.ndarray, list[str], np.ndarray]] = {}
        self._bounds = QRectF(0, -0.5, 1, 1)

    def set_data(self, rows: list[str], times: dict[str, np.ndarray], recorded: dict[str, np.ndarray],
                 windows: dict[str, tuple[np.ndarray, np.ndarray, list[str], np.ndarray]]) -> None:
        self.prepareGeometryChange()
        self._rows, self._times, self._recorded, self._win = rows, times, recorded, windows
        lo, hi = [], []
        for arr in list(times.values()) + [w[0] for w in windows.values()] + [w[1] for w in windows.values()]:
            if len(arr):
                lo.append(float(arr.min()))
                hi.append(float(arr.max()))
        x0 = min(lo) if lo else 0.0
        x1 = max(hi) if hi else 1.0
        self._bounds = QRectF(x0, -0.5, max(x1 - x0, 1.0), max(len(rows), 1))
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt)
        return self._bounds

    def paint(self, p: QPainter, *args: Any) -> None:
        vb = self.getViewBox()
        if vb is None or not self._rows:
            return
        (x0, x1), _ = vb.viewRange()
        width_px = max(int(vb.width()), 1)
        span = max(x1 - x0, 1e-9)
        px = span / width_px
        m = p.transform()
        tr = (m.m11(), m.dx(), m.m22(), m.dy())
        p.save()
        p.resetTransform()  # draw in device pixels (see _strip)
        self._paint_windows(p, x0, x1, width_px, tr)
        self._paint_events(p, x0, x1, px, width_px, tr)
        p.restore()

    def _paint_windows(self, p: QPainter, x0: float, x1: float, width_px: int,
                       tr: tuple[float, float, float, float]) -> None:
        """Deadline windows (anchor → due) coloured by how they ended; a thick edge marks when a
        window was met (green) or the due time it missed (red)."""
        sx, dx, sy, dy = tr
        p.setPen(Qt.PenStyle.NoPen)
        lo, hi = x0 * sx + dx - 10.0, x1 * sx + dx + 10.0  # clip to the plot: huge windows stay small numbers
        for row, lane in enumerate(self._rows):
            w = self._win.get(lane)
            if w is None or not len(w[0]):
                continue
            starts, dues, statuses, ends = w
            vis = np.nonzero((dues >= x0) & (starts <= x1))[0][:2000]
            if not len(vis):
                continue
            left = np.clip(starts[vis] * sx + dx, lo, hi).tolist()
            right = np.clip(dues[vis] * sx + dx, lo, hi).tolist()
            edge_x = (ends[vis] * sx + dx).tolist()
            top, height = (row - 0.05) * sy + dy, 0.4 * sy
            for k, i in enumerate(vis.tolist()):
                p.setBrush(QBrush(WINDOW_COLOURS.get(statuses[i], WINDOW_COLOURS["open"])))
                p.drawRect(QRectF(left[k], top, right[k] - left[k], height))
            for k, i in enumerate(vis.tolist()):
                edge = EDGE_COLOURS.get(statuses[i])
                if edge is not None and lo <= edge_x[k] <= hi:
                    pen = QPen(edge)
                    pen.setWidthF(3.0)
                    p.setPen(pen)
                    p.drawLine(QLineF(edge_x[k], top, edge_x[k], top + height))
            p.setPen(Qt.PenStyle.NoPen)

    def _paint_events(self, p: QPainter, x0: float, x1: float, px: float, width_px: int,
                      tr: tuple[float, float, float, float]) -> None:
        sx, dx, sy, dy = tr
        for row, lane in enumerate(self._rows):
            t = self._times.get(lane)
            if t is None or not len(t):
                continue
            i0, i1 = np.searchsorted(t, [x0 - px, x1 + px])
            n = int(i1 - i0)
            if n == 0:
                continue
            colour = QColor(LANE_COLOURS.get(lane, "#333"))
            vis = t[i0:i1]
            pen = QPen(colour)
            pen.setWidthF(1.0)
            p.setPen(pen)
            p.drawLines(_strip(vis, x0, px, width_px, row, single=n <= width_px // 3, tr=tr))
            rec = self._recorded.get(lane)
            if rec is not None and n <= width_px // 3:  # back-filled: a dotted line to when it was recorded
                r = rec[i0:i1]
                late = np.nonzero(r - vis > max(px * 2, 1.0))[0][:500]
                if len(late):
                    pen = QPen(colour)
                    pen.setCosmetic(True)
                    pen.setStyle(Qt.PenStyle.DotLine)
                    p.setPen(pen)
                    y = (row + 0.3) * sy + dy
                    p.drawLines([QLineF(float(vis[k]) * sx + dx, y, float(r[k]) * sx + dx, y)
                                 for k in late.tolist()])
                    p.setPen(Qt.PenStyle.NoPen)


def _strip(vis: np.ndarray, x0: float, px: float, cols: int, row: float, *, single: bool,
           tr: tuple[float, float, float, float]) -> list[QLineF]:
    """One lane's visible events as vertical lines, one per occupied pixel column.

    Few events → a 3-pixel tick for each; many → a line whose height grows with the log of the
    column's count (a density strip), so the work per frame is bounded by the plot's width,
    whatever the number of events. Lines are in device pixels (``tr`` = sx, dx, sy, dy): the
    raster engine is far faster with small coordinates than with epoch seconds under a huge scale."""
    sx, dx, sy, dy = tr
    idx = ((vis - x0) / px).astype(np.int64).clip(0, cols - 1)
    bins = np.bincount(idx, minlength=cols)
    if not single:  # two pixels per column: half the lines, the same picture
        bins = np.add.reduceat(bins, np.arange(0, cols, 2))
        px, cols = px * 2, len(bins)
    if single:
        m = bins > 0
        m[1:] |= m[:-1].copy()
        m[:-1] |= bins[1:] > 0
        cols_ = np.nonzero(m)[0]
        top = np.full(len(cols_), (row - 0.4) * sy + dy)
        bottom = np.full(len(cols_), (row + 0.1) * sy + dy)
    else:
        cols_ = np.nonzero(bins)[0]
        h = 0.15 + 0.25 * np.log1p(bins[cols_]) / np.log1p(max(int(bins.max()), 1))
        top = (row - h) * sy + dy
        bottom = (row + h) * sy + dy
    xs = ((x0 + (cols_ + 0.5) * px) * sx + dx).tolist()
    return list(map(QLineF, xs, top.tolist(), xs, bottom.tolist()))


class _Loader(QObject):
    done = Signal(int, object)  # (request token, Timeline or the exception)


class _LoadJob(QRunnable):
    """Builds the full timeline off the GUI thread (the Qt-free core does the work)."""

    def __init__(self, loader: _Loader, token: int, service: Any, incident_id: str) -> None:
        super().__init__()
        self.loader, self.token, self.service, self.incident_id = loader, token, service, incident_id

    def run(self) -> None:
        try:
            result: object = load_timeline(self.service, self.incident_id)
        except Exception as exc:  # noqa: BLE001 — shown to the user in the details pane
            result = exc
        try:
            self.loader.done.emit(self.token, result)
        except RuntimeError:  # the panel was closed meanwhile
            pass


class TimelinePanel(QWidget):
    """The timeline of one incident (live, drill or closed)."""

    item_activated = Signal(dict)
    """Emitted with the details of the clicked item or deadline window (both timestamps)."""
    sig_loaded = Signal(str)
    """Emitted with the incident id when its full timeline is shown (at once for a short log;
    after the background build for a long one, which is sketched first)."""

    def __init__(self, console: Console | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if console is not None:  # follows the console's changes (without: set_incident/refresh by hand)
            bus_for(console).sig_changed.connect(self.on_changes)
        self.timeline: Timeline | None = None
        self._view: Timeline | None = None
        self._now: datetime | None = None
        self._rows: list[str] = []
        self._lane_items: dict[str, list[Any]] = {}
        self._lane_times: dict[str, np.ndarray] = {}
        self._windows: dict[str, list[Any]] = {}
        self._source: tuple[Any, str | None] = (None, None)
        self.sketch: TimelineSketch | None = None
        self._token = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._loader = _Loader(self)
        self._loader.done.connect(self._loaded)
        self._restore: Any = None

        bar = FlowLayout()  # wraps onto a second row in a narrow window instead of widening it
        self.lane_boxes: dict[str, QCheckBox] = {}
        for lane, title in LANES:
            box = QCheckBox(self.tr(title))
            box.setChecked(True)
            box.toggled.connect(self._refilter)
            self.lane_boxes[lane] = box
            bar.addWidget(box)
        self.unit_combo = QComboBox()
        self.unit_combo.setToolTip(self.tr("按责任单位筛选"))
        self.unit_combo.currentIndexChanged.connect(self._refilter)
        self.actor_combo = QComboBox()
        self.actor_combo.setToolTip(self.tr("按操作人筛选"))
        self.actor_combo.currentIndexChanged.connect(self._refilter)
        for combo in (self.unit_combo, self.actor_combo):  # a long unit name never widens the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        for label, combo in ((self.tr("单位"), self.unit_combo), (self.tr("操作人"), self.actor_combo)):
            pair = QWidget()  # a label stays with its list when the bar wraps
            pl = QHBoxLayout(pair)
            pl.setContentsMargins(0, 0, 0, 0)
            pl.addWidget(QLabel(label))
            pl.addWidget(combo)
            bar.addWidget(pair)
        self.fit_button = QPushButton(self.tr("全部"))
        self.fit_button.clicked.connect(self.fit_all)
        self.now_button = QPushButton(self.tr("现在"))
        self.now_button.clicked.connect(self.go_to_now)
        legend = QLabel(" ".join(
            f'<span style="color:{c.name()}">■</span>{self.tr(t)}' for c, t in (
                (QColor(39, 174, 96), "按时"), (QColor(192, 57, 43), "逾期"), (QColor(241, 196, 15), "进行中"),
                (QColor(149, 165, 166), "取消"))))
        legend.setToolTip(self.tr("色块为期限窗口（起算→截止）；粗线为完成（绿）或逾期（红）的时刻"))
        bar.addWidget(legend)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.now_button)

        axis = _ChinaDateAxis(orientation="bottom", utcOffset=-8 * 3600)
        self.plot = pg.PlotWidget(axisItems={"bottom": axis}, background="w")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        vb = self.plot.getViewBox()
        vb.setMouseEnabled(x=True, y=False)
        vb.invertY(True)
        vb.setLimits(minXRange=MINUTE, maxXRange=8 * WEEK)
        self.lanes_item = _LanesItem()
        self.plot.addItem(self.lanes_item)
        self.now_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#e74c3c", width=2),
                                        label=self.tr("现在"), labelOpts={"position": 0.97, "color": "#e74c3c"})
        self.now_line.setVisible(False)
        self.plot.addItem(self.now_line, ignoreBounds=True)
        self.drill_label = pg.TextItem(self.tr("演练 DRILL"), color=QColor(192, 57, 43, 120), anchor=(1, 0))
        self.drill_label.setVisible(False)
        self.plot.addItem(self.drill_label, ignoreBounds=True)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.scene().sigMouseMoved.connect(self._hovered)

        self.details = QTextBrowser()
        self.details.setPlaceholderText(self.tr("点击时间线上的事项查看详情（发生时间与记录时间）"))
        # Details beside the plot: the lanes keep the dock's whole height.
        self.details.setMinimumWidth(160)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.plot)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 260])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(split)
        self.set_timeline(None)  # the lanes and the hours around now until an incident is chosen

    # -- data --------------------------------------------------------------------------
    def set_incident(self, service: Any, incident_id: str | None) -> None:
        """Show an incident's timeline, read from its log (None clears the panel).

        A log longer than ``PROGRESSIVE_ABOVE`` events is painted at once from a sketch (lanes and
        times only) while the full timeline — states, deadline windows, details — is built in the
        background; ``sig_loaded`` says when it is in place."""
        self._source = (service, incident_id)
        self._token += 1
        self._restore = None
        if incident_id is None:
            self.sketch = None
            self.set_timeline(None)
            return
        if service.summary(incident_id).version <= PROGRESSIVE_ABOVE:
            self.sketch = None
            self.set_timeline(load_timeline(service, incident_id))
            self.sig_loaded.emit(incident_id)
            return
        self.set_sketch(sketch_timeline(service.log, incident_id))
        # start the build after the sketch is on screen: a Python worker holding the GIL would
        # otherwise slow the first paint down
        job = _LoadJob(self._loader, self._token, service, incident_id)
        QTimer.singleShot(50, self, lambda: self._pool.start(job))  # cancelled if the panel goes

    def loading(self) -> bool:
        """True while a long incident's full timeline is being built."""
        return self.sketch is not None

    def wait_loaded(self, timeout_ms: int = 60000) -> bool:
        """Block until the background build is done (tests, benchmarks); True if it finished."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while self.sketch is not None and timer.elapsed() < timeout_ms:  # the build starts from a timer
            QCoreApplication.processEvents()
            self._pool.waitForDone(20)
        return self._pool.waitForDone(max(timeout_ms - timer.elapsed(), 0))

    def set_sketch(self, sketch: TimelineSketch) -> None:
        """Paint where the events fall before their details are known."""
        self.timeline = None
        self.sketch = sketch
        self._view = None
        lanes = [lane for lane, _ in LANES if self.lane_boxes[lane].isChecked()]
        self._rows = lanes
        self._lane_items, self._lane_times, self._windows = {}, {}, {}
        self.lanes_item.set_data(lanes, {k: sketch.times[k] for k in lanes}, {k: sketch.recorded[k] for k in lanes},
                                 {})
        self._set_lane_ticks(lanes)
        self.drill_label.setVisible(sketch.mode == "drill")
        self.details.setPlainText(self.tr("正在载入 {n} 条记录的详情……").format(n=sketch.count))
        if sketch.start is not None:
            start, end = sketch.start, sketch.end or sketch.start
            span = min(max(end - start, 10 * MINUTE), 8 * WEEK)
            self.show_range(start - span * 0.03, start + span * 1.03)

    def _loaded(self, token: int, result: object) -> None:
        if token != self._token:
            return  # another incident was chosen meanwhile
        incident_id = self._source[1] or ""
        if isinstance(result, Exception):
            self.details.setPlainText(self.tr("时间线载入失败：{e}").format(e=result))
            return
        x0, x1 = self.visible_range()
        restore, self._restore = self._restore, None
        assert isinstance(result, Timeline)
        self.set_timeline(result)
        if restore is not None:
            self._restore_view(restore)
        else:
            self.show_range(x0, x1)
            self.details.clear()
        self.sig_loaded.emit(incident_id)

    def on_changes(self, changes: ChangeSet) -> None:
        """Reload when the shown incident's log gained an entry (here or at another console)."""
        incident_id = self._source[1]
        if incident_id is not None and changes.touches(Topic.TIMELINE, incident=incident_id):
            self.refresh()

    def refresh(self) -> None:
        """Reload the same incident (after a change set), keeping the visible range and filters."""
        service, incident_id = self._source
        if incident_id is None:
            return
        view = (self.visible_range(), [lane for lane, box in self.lane_boxes.items() if box.isChecked()],
                self.unit_combo.currentData(), self.actor_combo.currentData())
        if service.summary(incident_id).version > PROGRESSIVE_ABOVE:  # rebuild in the background
            self._token += 1
            self._restore = view
            self._pool.start(_LoadJob(self._loader, self._token, service, incident_id))
            return
        self.set_timeline(load_timeline(service, incident_id))
        self._restore_view(view)

    def _restore_view(self, view: Any) -> None:
        (x0, x1), lanes, unit, actor = view
        self.set_filters(lanes=lanes, unit=unit, actor=actor)
        self.show_range(x0, x1)

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.sketch = None
        self.timeline = timeline
        for combo, values, everyone in ((self.unit_combo, sorted((timeline.units if timeline else {}).items()),
                                         self.tr("全部单位")),
                                        (self.actor_combo, [(a, a) for a in (timeline.actors() if timeline else [])],
                                         self.tr("全部人员"))):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for key, title in values:
                combo.addItem(title, key)
            combo.blockSignals(False)
        self.drill_label.setVisible(bool(timeline and timeline.mode == "drill"))
        self._refilter()
        self.fit_all()

    def set_now(self, now: datetime) -> None:
        self._now = now
        self.now_line.setPos(_ts(now))
        self.now_line.setVisible(True)

    def filtered(self) -> Timeline | None:
        return self._view

    def set_filters(self, *, lanes: list[str] | None = None, unit: str | None = None,
                    actor: str | None = None) -> None:
        for lane, box in self.lane_boxes.items():
            box.blockSignals(True)
            box.setChecked(lanes is None or lane in lanes)
            box.blockSignals(False)
        for combo, value in ((self.unit_combo, unit), (self.actor_combo, actor)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self._refilter()

    def _refilter(self) -> None:
        if self.sketch is not None:  # details not loaded yet: only the lanes can change
            self.set_sketch(self.sketch)
            return
        tl = self.timeline
        lanes = [lane for lane, _ in LANES if self.lane_boxes[lane].isChecked()]
        self._rows = lanes
        if tl is None:
            self._view = None
            self.lanes_item.set_data(lanes, {}, {}, {})
        else:
            view = tl.filtered(lanes=lanes, unit=self.unit_combo.currentData(), actor=self.actor_combo.currentData())
            self._view = view
            by_lane: dict[str, list[Any]] = {lane: [] for lane in lanes}
            for it in view.items:
                by_lane[it.lane].append(it)
            self._lane_items = by_lane
            times = {k: np.fromiter((_ts(i.at) for i in v), float, len(v)) for k, v in by_lane.items()}
            recorded = {k: np.fromiter((_ts(i.recorded_at) for i in v), float, len(v)) for k, v in by_lane.items()}
            self._lane_times = times
            wins: dict[str, list[Any]] = {lane: [] for lane in lanes}
            for w in view.windows:
                wins[w.lane].append(w)
            self._windows = wins
            warr = {k: (np.array([_ts(w.start) for w in v], float), np.array([_ts(w.due) for w in v], float),
                        [w.status for w in v],
                        np.array([_ts(w.closed_at if w.status == "met" and w.closed_at else w.due) for w in v],
                                 float)) for k, v in wins.items()}
            self.lanes_item.set_data(lanes, times, recorded, warr)
        self._set_lane_ticks(lanes)

    def _set_lane_ticks(self, lanes: list[str]) -> None:
        ax = self.plot.getAxis("left")
        ax.setWidth(84)
        ax.setStyle(hideOverlappingLabels=False)
        ax.setTicks([[(i, self.tr(dict(LANES)[lane])) for i, lane in enumerate(lanes)]])
        self.plot.setYRange(-0.6, max(len(lanes), 1) - 0.4, padding=0)

    # -- navigation -------------------------------------------------------------------------
    def fit_all(self) -> None:
        tl = self.timeline
        if tl is None or tl.start is None:
            # nothing to show yet: the hours around now (never 1970 on an empty axis)
            now = _ts(self._now) if self._now is not None else time.time()
            self.show_range(now - 3 * HOUR, now + HOUR)
            return
        start, end = _ts(tl.start), _ts(tl.end or tl.start)
        if self._now is not None and self.timeline is not None and not self.timeline.closed:
            # a live incident: what has happened up to now, with the next hour ahead — not
            # every open deadline's far end (a daily 续报 would squeeze the day into a corner)
            last = _ts(tl.items[-1].at) if tl.items else start
            end = max(last, _ts(self._now)) + HOUR
        span = min(max(end - start, 10 * MINUTE), 8 * WEEK)
        self.show_range(start - span * 0.03, start + span * 1.03)

    def go_to_now(self) -> None:
        if self._now is None:
            return
        (x0, x1), _ = self.plot.getViewBox().viewRange()
        half = (x1 - x0) / 2
        t = _ts(self._now)
        self.show_range(t - half * 1.5, t + half * 0.5)

    def show_range(self, x0: float, x1: float) -> None:
        self.plot.setXRange(x0, x1, padding=0)
        self.drill_label.setPos(x1, -0.5)

    def visible_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.plot.getViewBox().viewRange()
        return x0, x1

    # -- clicks ----------------------------------------------------------------------------------
    def pick(self, x: float, y: float, tolerance: float | None = None) -> dict[str, Any] | None:
        """The item (or else the deadline window) nearest to view point (x, y)."""
        row = int(round(y))
        if not 0 <= row < len(self._rows):
            return None
        lane = self._rows[row]
        if tolerance is None:
            (x0, x1), _ = self.plot.getViewBox().viewRange()
            tolerance = (x1 - x0) / max(self.plot.getViewBox().width(), 1) * 6
        t = self._lane_times.get(lane)
        if t is not None and len(t) and lane in self._lane_items:
            i = int(np.searchsorted(t, x))
            best = min((k for k in (i - 1, i) if 0 <= k < len(t)), key=lambda k: abs(t[k] - x))
            if abs(t[best] - x) <= tolerance:
                return self._lane_items[lane][best].details()
        for w in self._windows.get(lane, []):
            if _ts(w.start) <= x <= _ts(w.due):
                return w.details()
        return None

    def _clicked(self, ev: Any) -> None:
        vb = self.plot.getViewBox()
        pos = vb.mapSceneToView(ev.scenePos())
        d = self.pick(pos.x(), pos.y())
        if d is not None:
            self.show_details(d)
            self.item_activated.emit(d)

    def _hovered(self, scene_pos: Any) -> None:
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return
        pos = vb.mapSceneToView(scene_pos)
        d = self.pick(pos.x(), pos.y())
        self.plot.setToolTip(tooltip(d) if d else "")

    def show_details(self, d: dict[str, Any]) -> None:
        def t(v: Any) -> str:
            return v.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S") if v else "—"

        if d["kind"] == "item":
            rows = [(self.tr("事项"), d["title"]), (self.tr("类别"), d["lane_title"]),
                    (self.tr("发生时间"), t(d["at"])), (self.tr("记录时间"), t(d["recorded_at"])),
                    (self.tr("操作人"), (d.get("actor") or "—") + ("" if d.get("authenticated", True)
                                                                 else self.tr("（未认证：写入时数据库尚无账号）"))),
                    (self.tr("版本"), str(d.get("version") or "—"))]
            if d.get("unit") and self.timeline:
                rows.append((self.tr("单位"), self.timeline.units.get(d["unit"], d["unit"])))
        else:
            rows = [(self.tr("期限"), d["title"]), (self.tr("类别"), d["lane_title"]),
                    (self.tr("起算"), t(d["start"])), (self.tr("截止"), t(d["due"])),
                    (self.tr("状态"), STATUS_TITLES.get(d["status"], d["status"])),
                    (self.tr("关闭时间"), t(d.get("closed_at")))]
        html = "".join(f"<tr><td><b>{k}</b></td><td>{_esc(v)}</td></tr>" for k, v in rows)
        self.details.setHtml(f"<table cellspacing=4>{html}</table>")

    def point_of(self, at: datetime, lane: str) -> QPointF:
        """Scene position of (time, lane) — for tests and tours."""
        return self.plot.getViewBox().mapViewToScene(QPointF(_ts(at), float(self._rows.index(lane))))


def tooltip(d: dict[str, Any]) -> str:
    """One line per timestamp: what happened, when it happened and when it was recorded."""
    def t(v: Any) -> str:
        return v.astimezone(CHINA_TZ).strftime("%m-%d %H:%M:%S") if v else "—"

    if d["kind"] == "item":
        return f"{d['title']}\n发生 {t(d['at'])} · 记录 {t(d['recorded_at'])} · {d.get('actor') or '—'}"
    return f"{d['title']}（{STATUS_TITLES.get(d['status'], d['status'])}）\n起算 {t(d['start'])} · 截止 {t(d['due'])}"


def _esc(s: str) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
