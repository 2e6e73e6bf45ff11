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
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from console.app import Console
from ui.drills.menu import add_drill_menu
from ui.room.halfscreen import install as install_half_screen
from ui.room.listing import install as install_room_listing
from ui.room.status import install as install_room_status
from ui.sync.live import start_live_sync


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
        self.contacts: Any = None
        self.room: Any = None
        self.sync: Any = None
        self.backup_scheduler: Any = None
        self.half_screen: Any = None
        self.room_listing: Any = None
        self.windows: list[Any] = []  # drill controller / review windows opened from the menus

    def panels(self) -> list[Any]:
        return [p for p in (self.reserves, self.reports, self.consultations, self.duty, self.experts,
                            self.contacts, self.timeline) if p is not None]


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
    from ui.contacts import ContactsPanel
    from ui.duty import DutyLogPanel
    from ui.experts import ExpertsPanel
    from ui.reports import ReportsPanel
    from ui.reserves import ReservesPanel
    from ui.room import make_room_panel

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
             lambda c, win: ExpertsPanel(c, **who(win))),
        Dock("contacts", "contacts", lambda win: win.tr("通讯录与通知"),
             lambda c, win: ContactsPanel(c, **who(win))),
        Dock("room", "room", lambda win: win.tr("值守席位"), make_room_panel),
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
                     jurisdiction=jurisdiction or console.jurisdiction, entities=entities,
                     townships=townships, map_enabled=map_enabled, **window_kwargs)
    win.assembly = None
    from ui.setup.title import show_jurisdiction

    show_jurisdiction(win)  # 「食品药品安全应急指挥台 — 郑州市」

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
    win.add_dock("timeline", win.tr("时间线"), a.timeline, bottom)
    for d in _docks():
        panel = d.make(console, win)
        setattr(a, d.attr, panel)
        win.add_dock(d.name, d.title(win), _scrolling(panel) if d.scrolls else panel)
    if not win.layout_restored:  # first run (or a layout of another release): the default sizes
        win.size_docks()
    # the console's own panel in front of the tabs (takes effect once the window is shown)
    QTimer.singleShot(0, win.detail_dock, win.detail_dock.raise_)

    def selected(incident_id: str) -> None:
        for panel in (a.reserves, a.reports, a.consultations, a.duty, a.contacts, a.room):
            panel.set_incident(incident_id)
        a.timeline.set_now(clock.now())
        a.timeline.set_incident(console.incidents, incident_id)

    win.incident_selected.connect(selected)
    now_timer = QTimer(a)  # the timeline's now-line follows the clock
    now_timer.timeout.connect(lambda: a.timeline.set_now(clock.now()))
    now_timer.start(30_000)
    checkpoint_timer = QTimer(a)  # the hourly signed checkpoint while an incident is open
    checkpoint_timer.timeout.connect(lambda: _checkpoint_if_due(console))
    checkpoint_timer.start(5 * 60_000)
    if win.map_view is not None:
        a.reserves.routes_changed.connect(win.map_view.set_routes)
        a.reserves.depots_changed.connect(win.map_view.set_depots)
    a.reserves.refresh()  # sends the depots now that the map listens
    if win.selected_id:
        selected(win.selected_id)
    if win.role == "observer":
        win.show_observer_badge()
    a.room_status = install_room_status(win, console, a.room, a)  # 在席 N 人, 告警, who changed what
    a.half_screen = install_half_screen(win)  # under 1100 px the list folds under the map
    a.room_listing = install_room_listing(win, console)  # 指派给 column, rows changed elsewhere highlighted
    if live:
        a.sync = start_live_sync(win, console.db)
        from ui.admin.schedule import BackupScheduler

        a.backup_scheduler = BackupScheduler(win)  # 定时备份 from the settings (ui/admin/schedule.py)
    add_drill_menu(win, console.db, a.windows)
    from ui.admin.menu import add_admin_menu

    add_admin_menu(win, console)  # 管理: only when an administrator is signed in
    from ui.wall.start import add_wall_menu

    add_wall_menu(win, console, a.windows)  # 视图 › 指挥大屏 (read-only, on a second screen when there is one)
    return a


def _checkpoint_if_due(console: Console) -> None:
    from console.errors import Refused

    try:
        console.checkpoint_if_due()
    except Refused:  # a busy or unreachable database: the next tick tries again
        pass


def _scrolling(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(panel)
    return area
