"""The command console's main window: incident list, map, and the selected incident's plan state.

Views hold no domain rules: buttons call the incident service, and every view redraws
from the service's state after a command.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ, Clock
from console.incidents import IncidentService
from console.plan.engine import Rejected, available_events
from console.store.eventlog import StaleAppend

AMBER_SECONDS = 15 * 60


def _t(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if dt else "—"


class IncidentList(QTableWidget):
    sig_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels([self.tr("编号"), self.tr("接报"), self.tr("级别"), self.tr("状态"), self.tr("事件名称")])
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.itemSelectionChanged.connect(self._changed)
        self._ids: list[str] = []

    def fill(self, service: IncidentService) -> None:
        current = self.current_id()
        self.blockSignals(True)
        rows = service.list()
        self.setRowCount(len(rows))
        self._ids = [s.id for s in rows]
        for i, s in enumerate(rows):
            plan = service.plans.get(s.plan_hash)
            lv = plan.level(s.level)
            status = self.tr("已结案") if s.status == "closed" else plan.state_title(s.leaf)
            cells = [s.id, _t(s.opened_at), (f"{lv.id} {lv.name}" if lv else self.tr("未分级")), status, s.title]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2 and lv:
                    item.setBackground(QColor(lv.colour))
                    item.setForeground(QColor("white" if lv.id in ("I", "II", "IV") else "black"))
                self.setItem(i, j, item)
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.blockSignals(False)
        if current in self._ids:
            self.select(current)

    def current_id(self) -> str | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self._ids[rows[0].row()] if rows else None

    def select(self, incident_id: str) -> None:
        if incident_id in self._ids:
            self.selectRow(self._ids.index(incident_id))

    def _changed(self) -> None:
        iid = self.current_id()
        if iid:
            self.sig_selected.emit(iid)


class IncidentPanel(QWidget):
    """The selected incident: plan state, level, deadlines with countdowns, tasks, the role's actions."""

    sig_changed = Signal(str)

    def __init__(self, service: IncidentService, role: str, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.role, self.actor = service, role, actor
        self.incident_id: str | None = None
        lay = QVBoxLayout(self)
        self.title = QLabel(self.tr("请选择事件"))
        f = QFont()
        f.setPointSize(13)
        f.setBold(True)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.level_label = QLabel()
        self.level_label.setWordWrap(True)
        lay.addWidget(self.title)
        lay.addWidget(self.state_label)
        lay.addWidget(self.level_label)
        box = QGroupBox(self.tr("可执行的预案事件"))
        self.actions_grid = QGridLayout(box)
        lay.addWidget(box)
        lay.addWidget(QLabel(self.tr("期限（倒计时）")))
        self.deadlines = QListWidget()
        lay.addWidget(self.deadlines, 2)
        lay.addWidget(QLabel(self.tr("任务（按责任单位）")))
        self.tasks = QListWidget()
        lay.addWidget(self.tasks, 3)

    def show_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.refresh()

    def refresh(self) -> None:
        while self.actions_grid.count():
            w = self.actions_grid.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.deadlines.clear()
        self.tasks.clear()
        if not self.incident_id:
            return
        svc = self.service
        plan = svc.plan_for(self.incident_id)
        s = svc.state(self.incident_id)
        summary = svc.summary(self.incident_id)
        self.title.setText(f"{summary.id}　{summary.title}")
        path = " › ".join(plan.state_title(x) for x in reversed(s.active))
        self.state_label.setText(self.tr("预案：") + f"{plan.title}\n" + self.tr("当前：") + path
                                 + (self.tr("（已结案）") if s.closed else ""))
        sug = s.suggestion
        rule = next((r.title for r in plan.rules if r.id == sug.get("winner")), None)
        text = self.tr("级别：") + plan.level_name(s.level) + "　" + self.tr("建议：") + plan.level_name(s.suggested_level)
        if rule:
            text += f"\n" + self.tr("依据：") + rule + ("（" + self.tr("已提高一级") + "）" if sug.get("modifiers") else "")
        if s.level_basis and s.level_basis.get("by") == "decision":
            text += "\n" + self.tr("认定：") + f"{s.level_basis['basis']} · {s.level_basis['reason']}"
        self.level_label.setText(text)
        for i, a in enumerate(available_events(plan, s, self.role)):
            b = QPushButton(a["title"])
            b.setEnabled(a["allowed"])
            b.setToolTip(a["reason"] or "")
            b.clicked.connect(lambda _=False, ev=a["event"]: self._fire(ev))
            self.actions_grid.addWidget(b, i // 2, i % 2)
        self.update_countdowns()
        for t in sorted(s.tasks.values(), key=lambda t: (t["unit"], t["id"])):
            mark = "✓" if t["status"] == "done" else "□"
            it = QListWidgetItem(f"{mark} {plan.units[t['unit']]['title']}：{t['title']}（{self.tr('时限')} {_t(t['due_at'])}）")
            self.tasks.addItem(it)

    def update_countdowns(self) -> None:
        if not self.incident_id:
            return
        s = self.service.state(self.incident_id)
        now = self.service.clock.now()
        self.deadlines.clear()
        for d in sorted(s.deadlines.values(), key=lambda d: (d["status"] != "open", d["due_at"])):
            if d["status"] not in ("open", "missed"):
                continue
            left = (d["due_at"] - now).total_seconds()
            if d["status"] == "missed" or left < 0:
                text, colour = self.tr("已逾期"), QColor("#c0392b")
            else:
                h, rem = divmod(int(left), 3600)
                text = f"{h}:{rem // 60:02d}:{rem % 60:02d}"
                colour = QColor("#e67e22") if left < AMBER_SECONDS else QColor("#1e8449")
            it = QListWidgetItem(f"{text}　{d['title']}（{_t(d['due_at'])}）")
            it.setForeground(colour)
            self.deadlines.addItem(it)

    def _fire(self, event: str) -> None:
        try:
            self.service.command(self.incident_id, "fire", {"event": event}, actor=self.actor, role=self.role)  # type: ignore[arg-type]
        except (Rejected, StaleAppend) as exc:
            QMessageBox.warning(self, self.tr("已拒绝"), getattr(exc, "reason", str(exc)))
        self.refresh()
        self.sig_changed.emit(self.incident_id or "")


class MainWindow(QMainWindow):
    def __init__(self, service: IncidentService, *, mode: str = "real", user: str = "值班员",
                 role: str = "commander", jurisdiction: str = "410900", clock: Clock | None = None):
        super().__init__()
        self.service = service
        self.mode = mode
        self.setWindowTitle(self.tr("食品药品安全应急指挥台") + ("（演练）" if mode == "drill" else ""))
        self.resize(1500, 900)
        self.map = None
        try:
            from ui.map.view import MapView

            self.map = MapView(self)
            self.setCentralWidget(self.map)
        except Exception as exc:  # the rest of the console must work without the map
            placeholder = QLabel(self.tr("地图不可用：") + str(exc))
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCentralWidget(placeholder)
        self.incidents = IncidentList()
        dock = QDockWidget(self.tr("事件列表"), self)
        dock.setObjectName("incidents")
        dock.setWidget(self.incidents)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.panel = IncidentPanel(service, role, user)
        dock2 = QDockWidget(self.tr("事件处置"), self)
        dock2.setObjectName("incident")
        dock2.setWidget(self.panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock2)
        self.resizeDocks([dock, dock2], [430, 420], Qt.Orientation.Horizontal)
        self.incidents.sig_selected.connect(self.select)
        self.panel.sig_changed.connect(lambda _id: self.refresh())
        if self.map is not None:
            from console.geo.boundaries import bbox, jurisdiction as boundaries

            self.map.set_boundaries(boundaries(jurisdiction))
            self.map.fit_bounds(bbox(jurisdiction))
            self.map.sig_incident_clicked.connect(self.select)
        mode_text = self.tr("演练") if mode == "drill" else self.tr("实战")
        self.mode_label = QLabel(f" {mode_text} ")
        self.mode_label.setStyleSheet("background:#c0392b;color:white;font-weight:bold" if mode == "drill"
                                      else "background:#1e8449;color:white;font-weight:bold")
        self.clock_label = QLabel()
        sb = self.statusBar()
        sb.addWidget(self.mode_label)
        sb.addWidget(QLabel(self.tr("用户：") + f"{user}（{role}）"))
        sb.addWidget(QLabel(self.tr("数据库：") + service.db.url.split("/")[-1]))
        sb.addPermanentWidget(self.clock_label)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.incidents.setFocus)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._ticks = 0
        settings = QSettings("fds-console", "main")
        state = settings.value("windowState")
        if state is not None:
            self.restoreState(state)
        self.refresh()

    def select(self, incident_id: str) -> None:
        self.incidents.select(incident_id)
        self.panel.show_incident(incident_id)
        if self.map is not None:
            self.map.select_incident(incident_id)

    def refresh(self) -> None:
        self.incidents.fill(self.service)
        if self.map is not None:
            for s in self.service.list():
                if s.lat is None or s.status == "closed":
                    continue
                st = self.service.state(s.id)
                now = self.service.clock.now()
                overdue = any(d["status"] == "missed" or (d["status"] == "open" and d["due_at"] < now)
                              for d in st.deadlines.values())
                self.map.upsert_incident(s.id, s.lat, s.lon, s.level, s.title, overdue=overdue)
        self.panel.refresh()

    def _tick(self) -> None:
        self.clock_label.setText(self.service.clock.now().astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"))
        self.panel.update_countdowns()
        self._ticks += 1
        if self._ticks % 30 == 0 and self.service.tick_all():
            self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        QSettings("fds-console", "main").setValue("windowState", self.saveState())
        super().closeEvent(event)
