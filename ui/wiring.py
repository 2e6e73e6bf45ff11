"""Putting the console together: :func:`build_window` makes the whole window for a
:class:`~console.app.Console` — the main window, the feature panels docked into it, live sync
with other consoles, and the drill and review menus. ``main.py``, a drill's players and the
tests all build the window here, so every way of starting gets the same console.

Panels redraw themselves from the console's change bus (:mod:`ui.bus`); this module only
docks them and passes the one selection to each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QScrollArea, QWidget

from console.app import Console
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

    def panels(self) -> list[Any]:
        return [p for p in (self.reserves, self.reports, self.consultations, self.duty, self.experts,
                            self.timeline) if p is not None]


@dataclass(frozen=True)
class Dock:
    """One feature panel: its attribute on :class:`Assembly`, dock name and title, and maker."""

    attr: str
    name: str
    title: Callable[[Any], str]  # the window → its translated title
    make: Callable[[Console, Any], QWidget]
    scrolls: bool = True  # wide panels scroll inside their tab rather than squeezing the map


def _docks() -> list[Dock]:
    from ui.consultations import ConsultationsPanel
    from ui.duty import DutyLogPanel
    from ui.experts import ExpertsPanel
    from ui.reports import ReportsPanel
    from ui.reserves import ReservesPanel

    def who(win: Any) -> dict[str, str]:
        return {"actor": win.user, "role": win.role}

    return [
        Dock("reports", "reports", lambda win: win.tr("信息报送"),
             lambda c, win: ReportsPanel(c, **who(win))),
        Dock("consultations", "consultations", lambda win: win.tr("专家会商"),
             lambda c, win: ConsultationsPanel(c, **who(win))),
        Dock("reserves", "reserves", lambda win: win.tr("应急物资"),
             lambda c, win: ReservesPanel(c, **who(win))),
        Dock("duty", "duty", lambda win: win.tr("应急值守"),
             lambda c, win: DutyLogPanel(c, **who(win))),
        Dock("experts", "experts", lambda win: win.tr("专家库"),
             lambda c, win: ExpertsPanel(c)),
    ]


def build_window(console: Console, *, settings: Any = None, user: str | None = None, role: str | None = None,
                 jurisdiction: str | None = None,
                 entities: Iterable[Mapping[str, Any]] | Callable[[], Iterable[Mapping[str, Any]]] | None = None,
                 townships: Iterable[Mapping[str, Any]] | None = None, map_enabled: bool = True,
                 live: bool = True, dock_now: bool = True, **window_kwargs: Any) -> Any:
    """The whole console window for ``console`` (real or drill). ``dock_now=False`` docks the
    feature panels just after the first paint (``main.py``: the map and the list appear at once);
    the window's ``assembly`` attribute is None until then."""
    from ui.main_window import MainWindow

    win = MainWindow(console, settings=settings, user=user, role=role,
                     jurisdiction=jurisdiction or console.jurisdiction or "410900", entities=entities,
                     townships=townships, map_enabled=map_enabled, **window_kwargs)
    win.assembly = None

    def dock() -> None:
        if win.assembly is None:
            try:
                win.assembly = assemble(win, console, live=live)
            except Exception as exc:  # noqa: BLE001 — say it in the window, never only on stderr
                import logging

                logging.getLogger(__name__).exception("assembling the console failed")
                win.notify(win.tr("部分面板未能加载：{reason}").format(reason=exc), error=True, ms=0)
                raise

    win.dock_panels = dock
    if dock_now:
        dock()
    return win


def assemble(win: Any, console: Console, *, live: bool = True) -> Assembly:
    """Dock the reserves, timeline, reports, consultations, duty-log and expert panels, and
    follow other consoles' appends. Selecting an incident anywhere selects it in every panel."""
    from ui.timeline.panel import TimelinePanel

    a = Assembly(win)
    clock = console.clock
    a.timeline = TimelinePanel(console)
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    timeline_dock = win.add_dock("timeline", win.tr("时间线"), a.timeline, bottom)
    for d in _docks():
        panel = d.make(console, win)
        setattr(a, d.attr, panel)
        win.add_dock(d.name, d.title(win), _scrolling(panel) if d.scrolls else panel)
    if win.settings.layout()[0] is None:  # first run: a low timeline, the map keeps the room
        win.resizeDocks([timeline_dock], [230], Qt.Orientation.Vertical)
        win.resizeDocks([win.incident_dock, win.detail_dock], [480, 470], Qt.Orientation.Horizontal)
    # the console's own panel in front of the tabs (takes effect once the window is shown)
    QTimer.singleShot(0, win.detail_dock, win.detail_dock.raise_)

    def selected(incident_id: str) -> None:
        for panel in (a.reserves, a.reports, a.consultations, a.duty):
            panel.set_incident(incident_id)
        a.timeline.set_now(clock.now())
        a.timeline.set_incident(console.incidents, incident_id)

    win.incident_selected.connect(selected)
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
        _live_sync(a, console.db)
    _drill_menu(a, console.db)
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

    a.sync.status_changed.connect(status)
    a.sync.events_arrived.connect(win.bus.remote)  # other consoles' events: the same change bus
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
