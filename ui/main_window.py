"""The command console's main window: incident list, map, and the selected incident's plan state.

Views hold no domain rules: buttons call the incident service, and every view redraws
from the service's state after a command. Selecting an incident anywhere (list, map,
another panel through :meth:`MainWindow.select`) selects it everywhere and emits
:attr:`MainWindow.incident_selected`.

Public API for other panels (the lead wires them in):
``add_dock(object_name, title, widget, area)``, ``incident_selected(str)``, ``map_view``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.clock import CHINA_TZ
from console.errors import Refused
from console.incidents import IncidentSummary
from console.incidents.rules import most_urgent, overdue_deadlines
from console.plan.loader import load_plan
from console.plan.model import Plan
from console.store.db import DatabaseError
from ui.bus import bus_for
from ui.incidents.dialogs import LevelDialog, NewIncidentDialog, SettingsDialog
from ui.incidents.intake import Intake
from ui.incidents.map_layer import IncidentMapLayer
from ui.incidents.panels import IncidentDetail, IncidentList
from ui.map.memory import release_freed_memory
from ui.settings import ConsoleSettings
from ui.widgets.busy import BusyIndicator
from ui.widgets.names import role_name
from ui.widgets.outage import OutageGuard
from ui.widgets.runner import runner_for

TICK_MS = 30_000  # how often passed deadlines are recorded (IncidentService.tick_all)


# The dock arrangement's version, saved with it: a layout saved by a release with another
# arrangement (version 0: before there was one) is not restored. Raise it when the default
# layout changes (panels added, moved or regrouped).
LAYOUT_VERSION = 2

class MainWindow(QMainWindow):
    incident_selected = Signal(str)
    """An incident was selected (from the list, the map or :meth:`select`): its id."""

    def __init__(self, console: Console, *, settings: ConsoleSettings | None = None,
                 user: str | None = None, role: str | None = None, jurisdiction: str | None = None,
                 entities: Iterable[Mapping[str, Any]] | Callable[[], Iterable[Mapping[str, Any]]] | None = None,
                 plans: list[Path] | None = None,
                 townships: Iterable[Mapping[str, Any]] | None = None, map_enabled: bool = True) -> None:
        super().__init__()
        self.console = console
        self.service = console.incidents
        self.bus = bus_for(console)
        self.runner = runner_for(console)  # write commands run off the GUI thread, one at a time
        self.bus.one_view_per_turn = self.runner.background  # and each view redraws in its own turn
        self.settings = settings or ConsoleSettings()
        self.mode = console.mode
        self.user = user or self.settings.user
        self.role = role or self.settings.role
        # the jurisdiction: given, else the database's (console/site), else the country (not set up yet)
        from console.geo.divisions import NATIONAL

        self.jurisdiction = jurisdiction or console.jurisdiction or NATIONAL
        self._plan_paths = plans  # given: these files instead of the plan library (scripts)
        self._plans: list[Plan] | None = None
        self._selected: str | None = None
        self._townships = list(townships or [])
        self._overdue: set[str] = set()
        self._role_title: str | None = None
        self._summaries: dict[str, IncidentSummary] = {}  # every incident, as last read
        self._states: dict[str, tuple[int, Any]] = {}  # open incident → (version, state) last read
        self._next_due: dict[str, dict[str, Any]] = {}  # open incident → its most urgent deadline
        self._areas_loaded = False
        self._dialog: Any = None
        self.notices: list[str] = []
        self.view_menu = None
        # the dock layout saved last time: restoreDockWidget() only for docks it names
        # (Qt hides a dock added after show() that the saved state does not know)
        self._saved_layout = self.settings.layout()[0]
        self.setObjectName("mainWindow")
        title = self.tr("食品药品安全应急指挥台")
        self.setWindowTitle(title + (self.tr("（演练）") if self.mode == "drill" else ""))
        self._docks: list[QDockWidget] = []  # in the order added, each with its default area
        self._dock_areas: dict[str, Qt.DockWidgetArea] = {}
        self._placed_on_screen = False
        # the layout and geometry are saved on close (a drill's players' console, which opens
        # with the trainer's settings, leaves the console's own layout as it was)
        self.keeps_layout = True
        self._set_corners()
        self.fit_to_screen()

        # -- map (central); the rest of the console works without it
        self.map = None
        if map_enabled:
            try:
                from ui.map.view import MapView

                self.map = MapView(self, tile_url=self.settings.tile_url)
                self.map.setMinimumWidth(320)  # the panels beside it cannot squeeze it to nothing
                self.setCentralWidget(self.map)
            except Exception as exc:  # noqa: BLE001 — e.g. QtWebEngine missing
                self._map_placeholder(str(exc))
        else:
            self._map_placeholder(self.tr("已关闭"))
        self.layer = IncidentMapLayer(self.map, self.service) if self.map is not None else None

        # -- panels
        self.incidents = IncidentList()
        self.detail = IncidentDetail(console, self.role, self.user)
        self.panel = self.detail  # older name
        self._build_menus()
        self.incident_dock = self.add_dock("incidents", self.tr("事件列表"), self.incidents,
                                           Qt.DockWidgetArea.LeftDockWidgetArea)
        self.detail_dock = self.add_dock("incident", self.tr("事件处置"), self.detail,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.size_docks()
        self.incidents.sig_selected.connect(self.select)
        self.detail.sig_decide_level.connect(self.open_level_dialog)
        self.detail.sig_draw_area.connect(self.start_area_drawing)
        self.detail.sig_radius_area.connect(self.ask_radius_area)

        self._entities = entities
        self.intake = Intake(self, townships=self._townships, entities=entities)
        self._map_data_loaded = False
        if self.map is not None:
            # boundaries and entities are loaded just after the window is first shown
            # (showEvent): the console appears at once and the map fills in
            self.map.sig_incident_clicked.connect(self.select)
            self.map.sig_context_point.connect(self.new_incident_at)
            self.map.sig_point_picked.connect(self.intake.point_picked)
            self.map.sig_area_drawn.connect(self._area_drawn)
            self.map.sig_load_failed.connect(self._map_failed)

        self._build_status_bar()
        if self.mode == "drill":  # every drill screen carries a visible watermark
            bar = QLabel(self.tr("演练 · DRILL — 本窗口中的事件均为演练，不是真实事件"))
            bar.setObjectName("drillBanner")
            bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bar.setStyleSheet("background:#c0392b;color:white;font-weight:bold;font-size:15px;padding:4px;")
            self.setMenuWidget(self._stack_menu(bar))
        # a database that stops answering: a banner from the first failure until it answers again
        self.outage = OutageGuard(self)
        self._blink_off = False  # the overdue markers' blink phase (see _second)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._second)
        self._timer.start(1000)
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self.tick_now)
        self._tick_timer.start(TICK_MS)

        state, geometry = self.settings.layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.fit_to_screen(keep_size=True)  # saved on a larger screen: never beyond this one
        if state is not None and not self.restoreState(state, LAYOUT_VERSION):
            # saved by an earlier release (other panels, other arrangement): the default layout,
            # never panels stacked in one column that make the window taller than the screen
            self._saved_layout = None
        self.tick_now()
        self.refresh()
        self.bus.sig_changed.connect(self.on_changes)
        for notice in self.settings.notices:
            self.notify(notice, error=True)

    # ------------------------------------------------------------------ public API
    @property
    def layout_restored(self) -> bool:
        """The panels are where the user left them (a layout of this release was restored)."""
        return self._saved_layout is not None

    @property
    def map_view(self):
        """The MapView (None when the map could not be created)."""
        return self.map

    def add_dock(self, object_name: str, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a panel as a dock: saved in the layout and listed in the 视图 menu."""
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self._docks.append(dock)
        self._dock_areas[object_name] = area
        if self.isVisible():
            dock.show()  # added after the window was shown: a dock starts hidden and would not tabify
        saved = self._saved_layout
        if saved is not None and object_name.encode("utf-16-be") in bytes(saved):
            self.restoreDockWidget(dock)  # where the user left it last time
        elif object_name not in ("incidents", "incident"):
            existing = [d for d in self.findChildren(QDockWidget)
                        if d is not dock and self.dockWidgetArea(d) == area and not d.isFloating()]
            if existing:
                self.tabifyDockWidget(existing[0], dock)
                existing[0].raise_()  # the console's own panel stays in front until the user picks a tab
        if self.view_menu is not None:
            action = dock.toggleViewAction()
            self.view_menu.insertAction(self._view_sep, action)
        self.whole_tab_titles()
        return dock

    def whole_tab_titles(self) -> None:
        """Tabbed panels show their whole titles, with scroll arrows when they do not all fit
        (ten tabs in a 420-pixel column would otherwise read 「事…」「信…」「专…」)."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:  # the main window's own dock tab bars, not a panel's tabs
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)

    def load_map_data(self) -> None:
        """Send the boundaries, the page's labels and the regulated entities to the map
        (once; later calls do nothing). ``entities`` may be a list or a zero-argument
        callable returning one (read only now, after the window is shown)."""
        if self._map_data_loaded or self.map is None:
            return
        self._map_data_loaded = True
        from console.geo.boundaries import bbox
        from console.geo.boundaries import jurisdiction as boundaries
        from ui.map.labels import map_labels

        self.map.set_boundaries(boundaries(self.jurisdiction))
        if self._townships:
            self.map.set_places(self._townships)
        labels = map_labels()
        if labels:  # the page's own words in the UI language (Chinese needs nothing)
            self.map.set_labels(labels)
        entities = self._entities() if callable(self._entities) else self._entities
        if entities is not None:
            self.map.set_entities(entities)
        self.intake.take_entities(entities)  # place search keeps their names and points
        self._entities = entities = None
        release_freed_memory()  # the 30,987 entity records were only on their way to the page
        if self._selected:
            self.map.select_incident(self._selected)
        else:
            self.map.fit_bounds(bbox(self.jurisdiction))

    def select(self, incident_id: str | None) -> None:
        """Select an incident in the list, the detail panel and the map."""
        if not incident_id:
            return
        changed = incident_id != self._selected
        self._selected = incident_id
        self.incidents.select(incident_id)
        if changed:
            self.detail.show_incident(incident_id)
        if self.map is not None:
            self.map.select_incident(incident_id)
        if changed:
            self.incident_selected.emit(incident_id)

    @property
    def selected_id(self) -> str | None:
        return self._selected

    def refresh(self) -> None:
        """Read every incident again and redraw the list, the detail and the map (F5). If the
        database does not answer, the outage banner says since when the view may be stale."""
        try:
            summaries = {s.id: s for s in self.service.list()}
        except DatabaseError as exc:
            self.outage.failed(exc)
            return
        self._summaries = summaries
        self._redraw(set(self._summaries))
        if self._selected:
            try:
                self.detail.refresh()
            except DatabaseError as exc:
                self.outage.failed(exc)
                return
        if self.outage.active:  # the database answered this F5: the outage is over
            self.outage.recovered(reread=False)

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw only what a change set touched: the incidents it names, their markers and areas."""
        if changes.touches(Topic.INCIDENTS):
            ids = set(changes.incidents)
            for iid in ids:
                try:
                    self._summaries[iid] = self.service.summary(iid)
                except LookupError:  # not (yet) visible to this reading connection
                    self._summaries.pop(iid, None)
            self._redraw(ids)
        if changes.touches(Topic.PLANS):  # the plan library changed (here or at another console)
            self._plans = None
        if self.layer is not None and changes.touches(Topic.AREAS):  # here or at another console
            self.layer.load_areas([self._summaries[i] for i in changes.incidents if i in self._summaries])

    def _redraw(self, changed: set[str]) -> None:
        """Recompute the deadlines of the ``changed`` incidents, then draw the list and markers."""
        now = self.service.clock.now()
        for iid in changed:
            s = self._summaries.get(iid)
            if s is None or s.status == "closed":
                self._states.pop(iid, None)
                self._next_due.pop(iid, None)
                self._overdue.discard(iid)
                if self.layer is not None:
                    self.layer.remove(iid)
                continue
            cached = self._states.get(iid)
            if cached is None or cached[0] != s.version:  # states are re-read only when they changed
                cached = self._states[iid] = (s.version, self.service.state(iid))
            state = cached[1]
            urgent = most_urgent(state)
            if urgent is None:
                self._next_due.pop(iid, None)
            else:
                self._next_due[iid] = urgent
            overdue = bool(overdue_deadlines(state, now))
            if overdue:
                self._overdue.add(iid)
            else:
                self._overdue.discard(iid)
            if self.layer is not None:
                self.layer.show(s, overdue)
        summaries = list(self._summaries.values())
        summaries.sort(key=lambda s: s.opened_at, reverse=True)
        if self.layer is not None and not self._areas_loaded:
            self._areas_loaded = True
            self.layer.load_areas(summaries)
        self.incidents.fill(self.service, self._overdue, summaries, self._next_due)
        self._update_status(summaries)

    def tick_now(self) -> int:
        """Record deadlines that have passed (IncidentService.tick_all, on the command queue);
        returns how many incidents changed when it ran at once (the views redraw from the change
        sets either way)."""
        counted: list[int] = []

        def failed(exc: Exception) -> None:
            if isinstance(exc, DatabaseError):  # the database is away: the banner says so, the next tick retries
                self.outage.failed(exc)
            else:  # a database hiccup must not stop the console
                self.notify(self.tr("记录逾期期限失败：{reason}").format(reason=exc), error=True)

        def ticked(results: Any) -> None:
            counted.append(len(results))
            self.bus.flush()

        self.runner.run(self.tr("记录逾期期限"), self.service.tick_all, success=ticked, failure=failed)
        return counted[0] if counted else 0

    def show_observer_badge(self) -> None:
        """An observer watches from another room: say so plainly; every change is refused anyway."""
        label = QLabel(self.tr("观察席：只读查看，不能更改事件"))
        label.setObjectName("observerBadge")
        label.setStyleSheet("color:#1f4e79;font-weight:bold;padding:0 8px;")
        self.statusBar().addPermanentWidget(label)

    def notify(self, text: str, error: bool = False, ms: int = 15000) -> None:
        """A notice in the status bar (and the detail panel's bar for errors)."""
        self.statusBar().showMessage(("⚠ " if error else "") + text, ms)
        if error:
            logging.getLogger(__name__).warning("%s", text, extra={"where": "状态栏"})  # the error log
            self.notices.append(text)

    # ------------------------------------------------------------------ building
    def _stack_menu(self, banner: QWidget) -> QWidget:
        """The menu bar with a banner under it (setMenuWidget takes one widget)."""
        from PySide6.QtWidgets import QVBoxLayout

        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.menuBar())
        lay.addWidget(banner)
        self.drill_banner = banner
        return box

    def place_name(self, lat: float, lon: float, county_code: str) -> str:
        """The county and, when township points are known, the nearest one in that county."""
        from console.geo.boundaries import region

        name = region(county_code).name
        towns = [t for t in self._townships if t.get("county") == county_code]
        if towns:
            near = min(towns, key=lambda t: (t["lat"] - lat) ** 2 + (t["lon"] - lon) ** 2)
            name += str(near["name"])
        return name

    def _map_placeholder(self, reason: str) -> None:
        placeholder = QLabel(self.tr("地图不可用：{reason}").format(reason=reason))
        placeholder.setObjectName("mapUnavailable")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet("background:#fdedec;color:#922b21;font-size:15px;")
        self.setCentralWidget(placeholder)

    def _action(self, menu, text: str, shortcut: str | None, slot, name: str) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.triggered.connect(lambda _=False: slot())
        menu.addAction(a)
        self.addAction(a)
        return a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(self.tr("文件(&F)"))
        self._action(m, self.tr("设置…"), "Ctrl+,", self.open_settings, "actSettings")
        self._action(m, self.tr("预案库…"), None, self.open_library, "actPlanLibrary")
        self._action(m, self.tr("基础数据…"), None, self.open_reference, "actReference")
        m.addSeparator()
        self._action(m, self.tr("退出"), "Ctrl+Q", self.close, "actQuit")
        m = mb.addMenu(self.tr("事件(&E)"))
        self._action(m, self.tr("接报新事件…"), "Ctrl+N", lambda: self.new_incident_at(None, None), "actNew")
        self._action(m, self.tr("执行主要预案事件"), "Ctrl+Return", self._primary, "actFire")
        self._action(m, self.tr("保存事实"), "Ctrl+S", self.detail.save_facts, "actSaveFacts")
        self._action(m, self.tr("认定级别…"), "Ctrl+D", self.open_level_dialog, "actDecide")
        self._action(m, self.tr("更新事实"), "Ctrl+E", self.focus_facts, "actFacts")
        self._action(m, self.tr("绘制影响范围"), "Ctrl+Shift+A", self.start_area_drawing, "actDraw")
        self._action(m, self.tr("设置影响半径…"), "Ctrl+Shift+R", self.ask_radius_area, "actRadius")
        self._action(m, self.tr("上一起事件"), "Alt+Up", lambda: self._step_selection(-1), "actPrev")
        self._action(m, self.tr("下一起事件"), "Alt+Down", lambda: self._step_selection(1), "actNext")
        self.view_menu = mb.addMenu(self.tr("视图(&V)"))
        self._view_sep = self.view_menu.addSeparator()
        self._action(self.view_menu, self.tr("刷新"), "F5", self.refresh, "actRefresh")
        self._action(self.view_menu, self.tr("定位到事件列表"), "Ctrl+L", self._focus_list, "actFocusList")
        self._action(self.view_menu, self.tr("定位到地图"), "Ctrl+M", self._focus_map, "actFocusMap")
        self._action(self.view_menu, self.tr("恢复默认布局"), None, self.reset_layout, "actResetLayout")
        m = mb.addMenu(self.tr("帮助(&H)"))
        self._action(m, self.tr("快捷键"), "F1", self.show_shortcuts, "actShortcuts")

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        drill = self.mode == "drill"
        self.mode_label = QLabel(" " + (self.tr("演练") if drill else self.tr("实战")) + " ")
        self.mode_label.setObjectName("modeLabel")
        self.mode_label.setStyleSheet(
            "background:#c0392b;color:white;font-weight:bold;padding:1px 6px;" if drill
            else "background:#1e8449;color:white;font-weight:bold;padding:1px 6px;")
        self.user_label = QLabel(self.user_text(role_name(self.role)))
        url = self.service.db.url
        db_name = url.split("/")[-1] if url.startswith("sqlite") else url.split("@")[-1]
        self.db_label = QLabel(self.tr("数据库：{db}").format(db=db_name))
        self.db_label.setToolTip(url)
        self.open_label = QLabel()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockLabel")
        f = self.clock_label.font()
        f.setBold(True)
        self.clock_label.setFont(f)
        self.busy = BusyIndicator(self.runner)  # 「正在…」 for a command taking over 200 ms
        sb.addPermanentWidget(self.busy)
        sb.addPermanentWidget(self.mode_label)
        sb.addPermanentWidget(self.open_label)
        sb.addPermanentWidget(self.user_label)
        sb.addPermanentWidget(self.db_label)
        sb.addPermanentWidget(self.clock_label)
        self._second()

    def user_text(self, role: str) -> str:
        """「用户：zhang（指挥长）」; a desk without accounts is named by its role alone (「用户：值班员」)."""
        if self.user == role:
            return self.tr("用户：{user}").format(user=self.user)
        return self.tr("用户：{user}（{role}）").format(user=self.user, role=role)

    def _update_status(self, summaries=None) -> None:
        if self._role_title is None:  # from a plan already loaded for the list (no extra plan loading at start)
            first = next(iter(self.incidents.ids), None)
            if first is not None:
                roles = self.service.plan_for(first).roles
                self._role_title = role_name(self.role, roles.get(self.role))
                self.user_label.setText(self.user_text(self._role_title))
        rows = summaries if summaries is not None else self.service.list()
        n = sum(1 for s in rows if s.status == "open")
        text = self.tr("处置中 {n} 起").format(n=n)
        if self._overdue:
            text += "　" + self.tr("逾期 {n} 起").format(n=len(self._overdue))
            self.open_label.setStyleSheet("color:#c0392b;font-weight:bold;")
        else:
            self.open_label.setStyleSheet("")
        self.open_label.setText(text)

    # ------------------------------------------------------------------ plans
    def plans(self) -> list[Plan]:
        """Plans offered for a new incident: the plan library's in-use plans of this jurisdiction,
        then its parent's (``console.library.offered``), the default (food) first. Empty when the
        library has none: the 接报 form then says so and who may add one."""
        if self._plans is None:
            if self._plan_paths is not None:
                loaded = [load_plan(p) for p in self._plan_paths]
                loaded.sort(key=lambda p: (p.jurisdiction_code != self.jurisdiction, p.domain != "food", p.id))
                self._plans = loaded
            else:
                self._plans = self.console.library.offered(self.jurisdiction)
        return self._plans

    def open_library(self) -> QWidget:
        """文件 → 预案库…: the plan library (list, add from a file, retire, restore, the text)."""
        from ui.library import PlanLibraryDialog

        dlg = PlanLibraryDialog(self.console, self.user, self.role, self)
        self._dialog = dlg
        dlg.show()
        return dlg

    # ------------------------------------------------------------------ actions
    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def new_incident_at(self, lat: float | None, lon: float | None) -> NewIncidentDialog | None:
        """Right-click on the map (or Ctrl+N): the 接报 dialog at that point (``ui.incidents.intake``).
        A point outside the jurisdiction asks for confirmation first."""
        dlg = self.intake.new_incident_at(lat, lon)
        if dlg is not None:
            self._dialog = dlg
        return dlg

    def open_level_dialog(self) -> LevelDialog | None:
        if not self._selected or self.detail.state is None or self.detail.plan is None:
            self.notify(self.tr("请先选择事件"))
            return None
        if not self.detail.decide_button.isEnabled():  # 事件 → 认定级别… as the button: who may, before the form
            self.notify(self.detail.decide_button.toolTip() or self.tr("此事件现在不能认定级别"))
            return None
        dlg = LevelDialog(self.detail.plan, self.detail.state, self)
        dlg.accepted.connect(lambda: self.detail.decide_level(**dlg.values()))
        self._dialog = dlg
        dlg.open()
        return dlg

    def open_settings(self) -> SettingsDialog:
        roles: dict[str, str] = {}
        for p in self.plans():
            for k, v in p.roles.items():
                roles.setdefault(k, role_name(k, v))
        roles.pop("system", None)
        if not roles:  # an empty plan library: the console's own roles
            from console.auth.roles import ROLE_TITLES

            roles = {k: role_name(k, v) for k, v in ROLE_TITLES.items()}
        dlg = SettingsDialog(self.settings, roles, self)
        dlg.accepted.connect(lambda: self.notify(self.tr("设置已保存；语言、瓦片服务、用户和角色在重新启动后生效")))
        self._dialog = dlg
        dlg.open()
        return dlg

    def open_reference(self) -> Any:
        """文件 → 基础数据…: the registers' counts, import and export (ui.reference)."""
        from ui.reference.dialog import ReferenceDialog

        dlg = ReferenceDialog(self.console, self, actor=self.user or "", role=self.role or "duty_officer")
        self._dialog = dlg
        dlg.open()
        return dlg

    def _primary(self) -> None:
        """Ctrl+Enter: in the facts form it saves the facts (never fires an event from a
        typing position); elsewhere it fires the selected incident's primary plan event."""
        from PySide6.QtWidgets import QApplication

        form = self.detail.facts_form
        focus = QApplication.focusWidget()
        if form is not None and focus is not None and form.isAncestorOf(focus):
            self.detail.save_facts()
        else:
            self.detail.fire_primary()

    def focus_facts(self) -> None:
        if self._selected:
            self.detail.tabs.setCurrentIndex(1)
            self.detail_dock.raise_()
            self.detail.facts_scroll.setFocus()

    def start_area_drawing(self) -> None:
        if not self._selected or self.map is None:
            self.notify(self.tr("请先选择事件"))
            return
        self.map.start_area_drawing(self._selected)
        self.notify(self.tr("在地图上依次单击影响范围的各个顶点，双击结束，Esc 取消"))

    def ask_radius_area(self) -> None:
        if not self._selected:
            self.notify(self.tr("请先选择事件"))
            return
        km, ok = QInputDialog.getDouble(self, self.tr("影响半径"), self.tr("以事发地为中心的影响半径（公里）："),
                                        3.0, 0.1, 200.0, 1)
        if ok:
            self.set_radius_area(self._selected, km)

    def set_radius_area(self, incident_id: str, km: float) -> bool:
        s = self.service.summary(incident_id)
        if s.lat is None or s.lon is None:
            self.notify(self.tr("该事件没有位置，无法设置影响半径"), error=True)
            return False
        return self._record_area(incident_id, {"lat": s.lat, "lon": s.lon, "radius_m": km * 1000})

    def _area_drawn(self, incident_id: str, geojson: str) -> None:
        import json

        self._record_area(incident_id, json.loads(geojson))

    def _record_area(self, incident_id: str, area: dict[str, Any]) -> bool:
        """Record the affected area (the map draws it from the change set, like another seat's)."""
        service, user, role = self.service, self.user, self.role
        outcome: list[bool] = []

        def failed(exc: Exception) -> None:
            if not isinstance(exc, Refused):
                raise exc
            outcome.append(False)
            self.notify(self.tr("影响范围未保存：{reason}").format(reason=exc.reason), error=True)

        def recorded(_r: Any) -> None:
            outcome.append(True)
            self.bus.flush()
            self.notify(self.tr("影响范围已记录"))

        self.runner.run(self.tr("记录影响范围"),
                        lambda: service.command(incident_id, "log.area", {"area": area}, actor=user, role=role),
                        success=recorded, failure=failed)
        return outcome[0] if outcome else True

    def reset_layout(self) -> None:
        """视图 › 恢复默认布局: every panel back where a first start puts it — the list on the left,
        the incident and the record panels as tabs on the right (the incident in front), the
        timeline at the bottom — shown, docked, and sized for this window."""
        self.settings.clear_layout()
        self._saved_layout = None
        self._set_corners()  # a layout saved by an older console may have given them away
        size = self.size()  # docks stacked for a moment must not leave the window taller
        docks = [d for d in self._docks if d.parent() is self]
        for d in docks:
            d.setFloating(False)
            self.removeDockWidget(d)
        for area in {self._dock_areas[d.objectName()] for d in docks}:
            group = [d for d in docks if self._dock_areas[d.objectName()] == area]
            first = self.detail_dock if self.detail_dock in group else group[0]
            self.addDockWidget(area, first)
            first.show()
            for d in group:
                if d is not first:  # tabbed at once: never several panels stacked in one column
                    self.addDockWidget(area, d)
                    self.tabifyDockWidget(first, d)
                    d.show()
            first.raise_()
        self.resize(size)
        self.size_docks()
        self.whole_tab_titles()

    def _set_corners(self) -> None:
        # the record panels on the right run the window's full height: the timeline sits under
        # the list and the map, and the incident's actions, deadlines and tasks get the room
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

    def default_dock_sizes(self) -> dict[str, int]:
        """The docks' sizes for this window: on a 1280-pixel screen the map keeps about 500 pixels
        and the record panels about 420; on wider screens the list, the panels and the timeline
        take their share of the room."""
        w, h = self.width(), self.height()
        return {"incidents": max(330, min(int(w * 0.26), 520)),
                "incident": max(420, min(int(w * 0.32), 640)),
                "timeline": max(200, min(int(h * 0.25), 300))}

    def size_docks(self) -> None:
        """Give the list, the incident panel and the timeline their default sizes."""
        sizes = self.default_dock_sizes()
        self.resizeDocks([self.incident_dock, self.detail_dock], [sizes["incidents"], sizes["incident"]],
                         Qt.Orientation.Horizontal)
        timeline = self.findChild(QDockWidget, "timeline")
        if timeline is not None and not timeline.isFloating():
            self.resizeDocks([timeline], [sizes["timeline"]], Qt.Orientation.Vertical)

    def fit_to_screen(self, *, keep_size: bool = False) -> None:
        """Open at the size of the screen's free area (never larger); ``keep_size`` only shrinks
        a restored size that would not fit."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        if keep_size:
            w, h = min(self.width(), room.width()), min(self.height(), room.height())
        else:
            w, h = room.width(), room.height()
        if (w, h) != (self.width(), self.height()):
            self.resize(w, h)
        if not keep_size:
            self.move(room.topLeft())

    def show_shortcuts(self) -> None:
        rows = [(a.text().replace("&", ""), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                for a in self.actions() if not a.shortcut().isEmpty()]
        text = "\n".join(f"{k:<14}  {t}" for t, k in rows)
        QMessageBox.information(self, self.tr("快捷键"), text)

    def _focus_list(self) -> None:
        self.incident_dock.show()
        self.incident_dock.raise_()
        self.incidents.setFocus()

    def _focus_map(self) -> None:
        if self.map is not None:
            self.map.web_view.setFocus()

    def _step_selection(self, delta: int) -> None:
        ids = self.incidents.ids
        if not ids:
            return
        i = ids.index(self._selected) + delta if self._selected in ids else 0
        self.select(ids[max(0, min(i, len(ids) - 1))])

    # ------------------------------------------------------------------ events
    def _map_failed(self, reason: str) -> None:
        self.notify(self.tr("地图不可用：{reason}；其余功能不受影响").format(reason=reason), error=True, ms=0)

    def _second(self) -> None:
        self.clock_label.setText(self.service.clock.now().astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"))
        self.detail.update_countdowns()
        self.incidents.update_countdowns(self.service.clock.now())
        if self.map is not None and self.map.is_ready and (self._overdue or self._blink_off):  # the blink, this beat
            self._blink_off = bool(self._overdue) and not self._blink_off
            self.map.blink(self._blink_off)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self._placed_on_screen:  # the frame is known now: keep title bar and edges on the screen
            self._placed_on_screen = True
            QTimer.singleShot(0, self, self._keep_frame_on_screen)
        if not self._map_data_loaded:
            QTimer.singleShot(20, self.load_map_data)  # after the first paint of the window

    def _keep_frame_on_screen(self) -> None:
        screen = self.screen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        room, frame = screen.availableGeometry(), self.frameGeometry()
        extra_w = max(frame.width() - room.width(), 0)
        extra_h = max(frame.height() - room.height(), 0)
        if extra_w or extra_h:
            self.resize(self.width() - extra_w, self.height() - extra_h)
        frame = self.frameGeometry()
        if not room.contains(frame):
            x = min(max(frame.x(), room.x()), room.right() - frame.width() + 1)
            y = min(max(frame.y(), room.y()), room.bottom() - frame.height() + 1)
            self.move(x, y)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.keeps_layout:
            self.settings.save_layout(self.saveState(LAYOUT_VERSION), self.saveGeometry())
        self._timer.stop()
        self._tick_timer.stop()
        self.busy.show_busy("")  # the busy cursor never outlives the window
        super().closeEvent(event)
