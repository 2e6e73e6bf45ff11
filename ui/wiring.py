"""Putting the console together: the feature panels docked into the main window, live sync
with other consoles, and the drill and review entries of the menus.

Kept apart from :mod:`ui.main_window` so that the window stays testable on its own and each
panel keeps its own module; ``main.py`` calls :func:`assemble` once after building the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QScrollArea, QWidget

from console.clock import Clock
from console.store.db import Database

ROOT = Path(__file__).resolve().parents[1]


class Assembly(QObject):
    """What :func:`assemble` added, kept alive with the window."""

    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.win = win
        self.reserves: Any = None
        self.timeline: Any = None
        self.reports: Any = None
        self.consultations: Any = None
        self.duty: Any = None
        self.experts: Any = None
        self.sync: Any = None
        self.windows: list[Any] = []  # drill controller / review windows opened from the menus


def assemble(win: Any, db: Database, clock: Clock, *, place: str | None = None, live: bool = True) -> Assembly:
    """Dock the reserves, timeline, reports, consultations, duty-log and expert panels, and
    follow other consoles' appends. Selecting an incident anywhere selects it in every panel."""
    from ui.consultations import ConsultationsPanel
    from ui.duty import DutyLogPanel
    from ui.experts import ExpertsPanel
    from ui.reports import ReportsPanel
    from ui.reserves import ReservesPanel
    from ui.timeline.panel import TimelinePanel

    a = Assembly(win)
    service = win.service
    who = {"actor": win.user, "role": win.role}
    waypoints = None
    if place is not None:
        from console.reserves.demo import township_waypoints

        waypoints = township_waypoints(place)
    a.reserves = ReservesPanel(db, clock, actor=win.user, role=win.role, jurisdiction=win.jurisdiction,
                               waypoints=waypoints)
    a.timeline = TimelinePanel()
    a.reports = ReportsPanel(db, clock, incidents=service, **who)
    a.consultations = ConsultationsPanel(db, clock, incidents=service, **who)
    a.duty = DutyLogPanel(db, clock, incidents=service, **who)
    a.experts = ExpertsPanel(db, clock)
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    timeline_dock = win.add_dock("timeline", win.tr("时间线"), a.timeline, bottom)
    # Wide panels scroll inside their tab rather than widening the whole right-hand column
    # (tabbed docks take the largest minimum width among them, which would squeeze the map).
    win.add_dock("reports", win.tr("信息报送"), _scrolling(a.reports))
    win.add_dock("consultations", win.tr("专家会商"), _scrolling(a.consultations))
    win.add_dock("reserves", win.tr("应急物资"), _scrolling(a.reserves))
    win.add_dock("duty", win.tr("应急值守"), _scrolling(a.duty))
    win.add_dock("experts", win.tr("专家库"), _scrolling(a.experts))
    if win.settings.layout()[0] is None:  # first run: a low timeline, the map keeps the room
        win.resizeDocks([timeline_dock], [230], Qt.Orientation.Vertical)
        win.resizeDocks([win.incident_dock, win.detail_dock], [480, 470], Qt.Orientation.Horizontal)
    # the console's own panel in front of the tabs (takes effect once the window is shown)
    QTimer.singleShot(0, win.detail_dock.raise_)

    def selected(incident_id: str) -> None:
        a.reserves.set_incident(incident_id)
        a.reports.set_incident(incident_id)
        a.consultations.set_incident(incident_id)
        a.duty.set_incident(incident_id)
        a.timeline.set_now(clock.now())
        a.timeline.set_incident(service, incident_id)

    win.incident_selected.connect(selected)
    win.detail.sig_changed.connect(a.reserves.set_incident)  # a plan step may create a materials request
    for panel in (a.reports, a.consultations, a.duty):
        panel.sig_changed.connect(lambda _iid: (win.refresh(), a.timeline.refresh()))
    win.detail.sig_changed.connect(lambda _iid: a.timeline.refresh())
    now_timer = QTimer(a)  # the timeline's now-line follows the clock
    now_timer.timeout.connect(lambda: a.timeline.set_now(clock.now()))
    now_timer.start(30_000)
    if win.map_view is not None:
        a.reserves.routes_changed.connect(win.map_view.set_routes)
        a.reserves.depots_changed.connect(win.map_view.set_depots)
    a.reserves.refresh()  # sends the depots now that the map listens
    if win.selected_id:
        selected(win.selected_id)
    if win.role == "observer":
        _observer_banner(win)
    if live:
        _live_sync(a, db)
    _drill_menu(a, db)
    return a


def _scrolling(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(panel)
    return area


def _observer_banner(win: Any) -> None:
    """An observer watches from another room: say so plainly; every change is refused anyway."""
    label = QLabel(win.tr("观察席：只读查看，不能更改事件"))
    label.setObjectName("observerBadge")
    label.setStyleSheet("color:#1f4e79;font-weight:bold;padding:0 8px;")
    win.statusBar().addPermanentWidget(label)


def _live_sync(a: Assembly, db: Database) -> None:
    from ui.sync.live import LiveSync

    win = a.win
    a.sync = LiveSync(db, win)
    label = QLabel()
    label.setObjectName("syncStatus")
    win.statusBar().addPermanentWidget(label)

    def status(state: str, text: str) -> None:
        shown = {"connected": win.tr("同步：正常"), "reconnecting": win.tr("同步：重新连接中…"),
                 "stopped": win.tr("同步：已停止")}.get(state, state)
        label.setText(shown)
        label.setToolTip(text)
        label.setStyleSheet("color:#c0392b;" if state == "reconnecting" else "")

    def arrived(events: list[Any]) -> None:
        win.refresh()
        iid = win.selected_id
        if iid and any(e.stream == iid for e in events):
            a.timeline.refresh()
            a.reports.set_incident(iid)
            a.consultations.set_incident(iid)
            a.duty.set_incident(iid)
        if any(e.type.startswith("log.materials") or e.type == "materials_delivered" for e in events):
            a.reserves.refresh()

    a.sync.status_changed.connect(status)
    a.sync.events_arrived.connect(arrived)
    a.sync.start()
    win.destroyed.connect(lambda *_: a.sync.stop())


def _drill_menu(a: Assembly, db: Database) -> None:
    win = a.win
    menu = win.menuBar().addMenu(win.tr("演练与复盘"))
    act = menu.addAction(win.tr("开始演练…"))
    act.setObjectName("startDrill")
    act.triggered.connect(lambda: start_drill(a, db))
    act = menu.addAction(win.tr("复盘所选事件…"))
    act.setObjectName("reviewIncident")
    act.triggered.connect(lambda: review_selected(a, db))


def start_drill(a: Assembly, db: Database, scenario: str | Path | None = None) -> Any:
    """Open a drill on a copy of this database's reference data (never on its incidents)."""
    from ui.drills.session import start_drill_session

    if scenario is None:
        scenario, _ = QFileDialog.getOpenFileName(a.win, a.win.tr("选择演练脚本"), str(ROOT / "scenarios"),
                                                  a.win.tr("演练脚本 (*.yaml)"))
        if not scenario:
            return None
    try:
        session = start_drill_session(scenario, db)
    except Exception as exc:  # noqa: BLE001 — a bad script or file: say why, keep the console
        a.win.notify(a.win.tr("无法开始演练：{0}").format(getattr(exc, "reason", None) or exc), error=True)
        return None
    a.windows.append(session)
    return session


def review_selected(a: Assembly, db: Database, incident_id: str | None = None) -> Any:
    """The after-action review of the selected incident (scrub its log, export the report)."""
    from console.review.service import RunReview
    from ui.review.window import ReviewWindow

    iid = incident_id or a.win.selected_id
    if iid is None:
        ids = [s.id for s in a.win.service.list()]
        if not ids:
            a.win.notify(a.win.tr("没有可复盘的事件"), error=True)
            return None
        iid, ok = QInputDialog.getItem(a.win, a.win.tr("复盘"), a.win.tr("选择事件"), ids, 0, False)
        if not ok:
            return None
    window = ReviewWindow(RunReview(db, iid), tile_url=a.win.settings.tile_url)
    window.show()
    a.windows.append(window)
    return window
