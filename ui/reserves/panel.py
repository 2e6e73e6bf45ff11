"""The reserves panel: depots and stock, alerts, readiness charts, stock history, requests.

No domain rules here: every button calls ``console.reserves`` (ledger, requests,
readiness) and the views redraw from what it returns. Map updates leave through two
signals the main window connects to ``MapView.set_routes`` / ``MapView.set_depots``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.plan.engine import Rejected
from console.reserves.importing import ImportRejected
from console.reserves.ledger import LedgerError
from console.reserves.readiness import depots_for_map, ledger_alerts, readiness
from console.reserves.requests import Proposal, ProposalLine, Request
from console.store.eventlog import StaleAppend
from ui.bus import bus_for
from ui.widgets.confirm import ask_confirm

ALERT_COLOURS = {"expired": "#c0392b", "expiring": "#d68910", "below_minimum": "#2471a3"}
USER_ROLE = Qt.ItemDataRole.UserRole


def _table(headers: list[str], stretch: int) -> QTableWidget:
    """A read-only table that fits its dock: no sideways scrolling, the ``stretch`` column takes
    what is left and elides; the rest of a row is in its tooltip."""
    tw = QTableWidget(0, len(headers))
    tw.setHorizontalHeaderLabels(headers)
    tw.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    tw.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    tw.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    tw.verticalHeader().setVisible(False)
    tw.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tw.setTextElideMode(Qt.TextElideMode.ElideRight)
    tw.setWordWrap(False)
    header = tw.horizontalHeader()
    header.setMinimumSectionSize(36)
    for c in range(len(headers)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return tw


def _fill(tw: QTableWidget, rows: list[list[Any]], keys: list[Any] | None = None,
          tips: list[str] | None = None) -> None:
    tw.blockSignals(True)
    tw.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            item = QTableWidgetItem("" if v is None else str(v))
            if keys is not None and c == 0:
                item.setData(USER_ROLE, keys[r])
            item.setToolTip(tips[r] if tips is not None else item.text())
            tw.setItem(r, c, item)
    tw.blockSignals(False)


class _Note(QPlainTextEdit):
    """A few lines of read-only text that scroll inside themselves, so a long request or a list of
    shortfalls never makes the dock taller than the screen."""

    def __init__(self, lines: int, colour: str = "") -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QPlainTextEdit { background: transparent;" + (f" color: {colour};" if colour else "")
                           + " }")
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 8)

    def setText(self, text: str) -> None:  # noqa: N802  (the QLabel name the panel uses)
        self.setPlainText(text)

    def text(self) -> str:
        return self.toPlainText()


class _Lines(QLabel):
    """Word-wrapped text in a fixed number of lines (the full text in the tooltip), without
    height-for-width: the dock's scroll area then sizes the panel by its minimum, not by every
    view's preferred height."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 4)

    def hasHeightForWidth(self) -> bool:  # noqa: N802  (Qt's name)
        return False


def _short(name: str) -> str:
    for tail in ("应急物资储备中心", "应急物资储备库", "应急物资储备点"):
        name = name.replace(tail, "")
    return name


class ReservesPanel(QWidget):
    """应急物资 panel. ``routes_changed(list)``: dispatch routes (``MapView.set_routes`` dicts);
    ``depots_changed(list)``: depots with stock (``MapView.set_depots`` dicts).

    ``waypoints`` (e.g. ``console.reserves.demo.township_waypoints("puyang")``) let the
    synthetic road graph pass through townships; ``road_file`` loads a GeoJSON road network."""

    routes_changed = Signal(list)
    depots_changed = Signal(list)

    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "值班员",
                 role: str = "duty_officer"):
        super().__init__(parent)
        self.db, self.clock = console.db, console.clock
        self.actor, self.role = actor, role
        self.ledger = console.ledger
        self.requests = console.requests
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.incident_id: str | None = None
        self.proposal: Proposal | None = None
        self.proposal_editable = False
        cat = self.ledger.catalogue

        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs)
        self.message = _Lines(2)
        lay.addWidget(self.message)

        # -- 库存
        stock = QSplitter(Qt.Orientation.Vertical)
        self.depot_table = _table([self.tr("储备库"), self.tr("级别"), self.tr("物资种类"), self.tr("就绪率")], 0)
        self.depot_table.horizontalHeaderItem(3).setToolTip(self.tr("就绪率（可用 ÷ 最低储备，封顶 1）"))
        self.lot_table = _table([self.tr("物资名称"), self.tr("批号"), self.tr("数量"), self.tr("有效期至")], 0)
        stock.addWidget(self.depot_table)
        stock.addWidget(self.lot_table)
        self.depot_table.itemSelectionChanged.connect(self._depot_selected)
        self.tabs.addTab(stock, self.tr("库存"))
        self.tabs.setTabToolTip(0, self.tr("储备库与库存：选中储备库查看各批次"))

        # -- 预警
        alerts = QWidget()
        al = QVBoxLayout(alerts)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("临期天数")))
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(30)
        self.days.valueChanged.connect(self._fill_alerts)
        row.addWidget(self.days)
        row.addStretch(1)
        al.addLayout(row)
        self.alert_list = QListWidget()
        al.addWidget(self.alert_list)
        self.tabs.addTab(alerts, self.tr("预警"))
        self.tabs.setTabToolTip(1, self.tr("库存预警：过期、临期、低于最低储备"))

        # -- 就绪度
        ready = QSplitter(Qt.Orientation.Vertical)
        self.depot_chart = pg.PlotWidget(title=self.tr("各储备库就绪率"))
        self.category_chart = pg.PlotWidget(title=self.tr("各类物资就绪率"))
        for chart in (self.depot_chart, self.category_chart):
            chart.setBackground("w")
            chart.setXRange(0, 1)
            chart.setMouseEnabled(x=False, y=False)
            chart.invertY(True)  # first row at the top, as in the tables
            chart.setLabel("bottom", self.tr("就绪率（可用 ÷ 最低储备，封顶 1）"))
            ready.addWidget(chart)
        self.depot_bars: pg.BarGraphItem | None = None
        self.category_bars: pg.BarGraphItem | None = None
        self.tabs.addTab(ready, self.tr("就绪度"))
        self.tabs.setTabToolTip(2, self.tr("储备就绪度：各储备库与各类物资"))

        # -- 库存变化
        hist = QWidget()
        hl = QVBoxLayout(hist)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("物资")))
        self.history_item = QComboBox()
        for it in cat:
            self.history_item.addItem(f"{it.id} {it.name}", it.id)
        row.addWidget(self.history_item, 1)
        row.addWidget(QLabel(self.tr("储备库")))
        self.history_depot = QComboBox()
        row.addWidget(self.history_depot, 1)
        hl.addLayout(row)
        self.history_plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.history_plot.setBackground("w")
        self.history_plot.setLabel("left", self.tr("库存数量"))
        self.history_curve = self.history_plot.plot([], [], stepMode="right", pen=pg.mkPen("#1f618d", width=2))
        hl.addWidget(self.history_plot)
        self.history_item.currentIndexChanged.connect(self._fill_history)
        self.history_depot.currentIndexChanged.connect(self._fill_history)
        self.tabs.addTab(hist, self.tr("库存变化"))
        self.alert_list.setWordWrap(True)
        self.alert_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for combo in (self.history_item, self.history_depot):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)

        # -- 物资申请与调拨: the list above, the selected request and its dispatch plan below
        reqs = QSplitter(Qt.Orientation.Vertical)
        self.request_table = _table([self.tr("申请编号"), self.tr("状态"), self.tr("物资")], 2)
        self.request_table.itemSelectionChanged.connect(self._request_selected)
        reqs.addWidget(self.request_table)
        detail = QWidget()
        rl = QVBoxLayout(detail)
        rl.setContentsMargins(0, 0, 0, 0)
        self.request_detail = _Note(3)
        rl.addWidget(self.request_detail)
        rl.addWidget(QLabel(self.tr("调拨方案（数量可修改）")))
        self.proposal_table = _table([self.tr("储备库"), self.tr("物资"), self.tr("数量"), self.tr("单位"),
                                      self.tr("到达/分钟")], 1)
        self.proposal_table.setEditTriggers(QTableWidget.EditTrigger.DoubleClicked
                                            | QTableWidget.EditTrigger.EditKeyPressed)
        self.proposal_table.horizontalHeaderItem(4).setToolTip(self.tr("预计到达现场所需时间（分钟）"))
        rl.addWidget(self.proposal_table)
        self.proposal_summary = _Lines(2)
        rl.addWidget(self.proposal_summary)
        self.shortfall_label = _Note(2, "#c0392b")
        rl.addWidget(self.shortfall_label)
        self.keep_minimum = QCheckBox(self.tr("保留各库最低储备"))
        self.keep_minimum.setToolTip(self.tr("只调拨各储备库超出最低储备的部分，避免乡镇储备点被调空"))
        self.propose_button = QPushButton(self.tr("生成调拨方案"))
        self.approve_button = QPushButton(self.tr("批准并出库"))
        self.approve_button.setToolTip(self.tr("按所示方案出库：先确认申请、物资、数量和储备库"))
        self.reject_button = QPushButton(self.tr("驳回"))
        self.deliver_button = QPushButton(self.tr("登记送达"))
        self.deliver_button.setToolTip(self.tr("已批准出库的物资送到现场后登记：预案的物资调用时限据此判定是否按时"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("驳回原因（必填）"))
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for w in (self.keep_minimum, self.propose_button, self.approve_button):
            row1.addWidget(w)
        row2.addWidget(self.reason_edit, 1)
        for w in (self.reject_button, self.deliver_button):
            row2.addWidget(w)
        rl.addLayout(row1)
        rl.addLayout(row2)
        reqs.addWidget(detail)
        self.propose_button.clicked.connect(self.propose)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.deliver_button.clicked.connect(self.deliver)
        self.tabs.addTab(reqs, self.tr("申请与调拨"))
        self.tabs.setTabToolTip(4, self.tr("物资申请与调拨：审批、出库、登记送达"))

        # -- 新建申请: several lines, each item picked by typing
        new = QWidget()
        nl = QVBoxLayout(new)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("申请名称（默认：现场追加物资）"))
        nl.addWidget(self.new_title)
        pick = QGroupBox(self.tr("添加物资"))
        pl = QVBoxLayout(pick)
        self.item_search = QLineEdit()
        self.item_search.setPlaceholderText(self.tr("输入物资名称、短编号或类别筛选，如 口罩、FH-、消杀"))
        self.item_search.setClearButtonEnabled(True)
        self.item_search.textChanged.connect(self._filter_items)
        self.item_search.returnPressed.connect(self._pick_first)
        pl.addWidget(self.item_search)
        self.item_matches = QListWidget()
        self.item_matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.item_matches.setMaximumHeight(130)
        self.item_matches.currentItemChanged.connect(lambda *_: self._show_unit())
        self.item_matches.itemDoubleClicked.connect(lambda *_: self.add_line())
        pl.addWidget(self.item_matches)
        qrow = QHBoxLayout()
        qrow.addWidget(QLabel(self.tr("数量")))
        self.new_qty = QSpinBox()
        self.new_qty.setRange(1, 1_000_000)
        qrow.addWidget(self.new_qty)
        self.unit_label = QLabel()
        qrow.addWidget(self.unit_label)
        qrow.addStretch(1)
        self.add_line_button = QPushButton(self.tr("加入申请"))
        self.add_line_button.clicked.connect(self.add_line)
        qrow.addWidget(self.add_line_button)
        pl.addLayout(qrow)
        nl.addWidget(pick)
        self.line_table = _table([self.tr("物资"), self.tr("数量"), self.tr("单位")], 0)
        nl.addWidget(self.line_table, 1)
        brow = QHBoxLayout()
        self.remove_line_button = QPushButton(self.tr("删除所选行"))
        self.remove_line_button.clicked.connect(self.remove_line)
        brow.addWidget(self.remove_line_button)
        brow.addStretch(1)
        self.new_button = QPushButton(self.tr("提交申请（送至当前事件现场）"))
        self.new_button.clicked.connect(self.new_request)
        brow.addWidget(self.new_button)
        nl.addLayout(brow)
        self.new_lines: dict[str, int] = {}
        self.tabs.addTab(new, self.tr("新建申请"))
        self.tabs.setTabToolTip(5, self.tr("新建物资申请：可含多种物资，送至所选事件现场"))
        self._filter_items("")

        self.refresh()

    # ------------------------------------------------------------------ public
    def set_actor(self, actor: str, role: str) -> None:
        self.actor, self.role = actor, role

    def set_incident(self, incident_id: str | None) -> None:
        """Show the requests of one incident (all when None)."""
        self.incident_id = incident_id
        self._fill_requests()
        self._emit_routes()

    def on_changes(self, changes: ChangeSet) -> None:
        """Stock changes reload the stock views; request changes the requests and routes."""
        if changes.touches(Topic.STOCK):
            self.refresh()
        elif changes.touches(Topic.REQUESTS):
            self._fill_requests()
        if changes.touches(Topic.STOCK, Topic.REQUESTS):
            self._emit_routes()

    def refresh(self) -> None:
        """Reload everything from the database (after another console changed it, too)."""
        self._fill_depots()
        self._fill_alerts()
        self._fill_readiness()
        self._fill_history_depots()
        self._fill_history()
        self._fill_requests()
        self.depots_changed.emit(depots_for_map(self.ledger))

    # ------------------------------------------------------------------ helpers
    def _run(self, fn: Any) -> Any:
        try:
            return fn()
        except ImportRejected as exc:
            self._error(str(exc))
        except LedgerError as exc:
            self._error(str(exc))
        except Rejected as exc:
            self._error(exc.reason)
        except StaleAppend:
            self._error(self.tr("事件已被他人更新，请刷新后重试"))
        return None

    def _ok(self, text: str) -> None:
        self.message.setStyleSheet("color: #1e8449;")
        self.message.setText(text)
        self.message.setToolTip(text)

    def _error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setText(text)
        self.message.setToolTip(text)

    def _today(self) -> date:
        return self.ledger.today()

    # ------------------------------------------------------------------ stock
    def _fill_depots(self) -> None:
        rd = {d: v for d, _, v in readiness(self.ledger).by_depot}
        stock = self.ledger.stock_by_depot()
        depots = self.ledger.depots()
        rows = [[d.name if d.active else self.tr("{name}（已停用）").format(name=d.name), d.tier,
                 self.tr("{n} 种").format(n=sum(1 for q in stock.get(d.id, {}).values() if q > 0)),
                 f"{rd.get(d.id, 1.0):.0%}" if d.active else "—"] for d in depots]
        tips = [self.tr("{name}（{id}）\n级别：{tier}；储备方式：{source}\n保管人：{custodian} {phone}\n"
                        "物资种类：{kinds} 种；可用合计：{total}（各物资按各自单位计）").format(
                    name=d.name, id=d.id, tier=d.tier, source=d.source or "—", custodian=d.custodian or "—",
                    phone=d.phone or "", kinds=sum(1 for q in stock.get(d.id, {}).values() if q > 0),
                    total=sum(stock.get(d.id, {}).values())) for d in depots]
        tips = [t if d.active else t + self.tr("\n已停用：{reason}").format(reason=d.status_reason or "—")
                for t, d in zip(tips, depots, strict=True)]
        _fill(self.depot_table, rows, [d.id for d in depots], tips)
        for r, d in enumerate(depots):  # a deactivated depot keeps its history: listed, greyed
            if not d.active:
                for c in range(self.depot_table.columnCount()):
                    self.depot_table.item(r, c).setForeground(QBrush(QColor("#95a5a6")))
        self.lot_table.setRowCount(0)

    def selected_depot(self) -> str | None:
        rows = self.depot_table.selectionModel().selectedRows()
        return self.depot_table.item(rows[0].row(), 0).data(USER_ROLE) if rows else None

    def _depot_selected(self) -> None:
        depot = self.selected_depot()
        if depot is None:
            return
        cat = self.ledger.catalogue
        today = self._today()
        lots = self.ledger.balances(depot=depot)
        rows, tips = [], []
        for b in lots:
            it = cat.get(b.item)
            rows.append([it.name, b.lot or "—", f"{b.qty} {it.unit}", b.expiry or "—"])
            tips.append(self.tr("{name}（{id}，{spec}）\n批号 {lot}：{qty} {unit}，有效期至 {expiry}").format(
                name=it.name, id=it.id, spec=it.spec or "—", lot=b.lot or "—", qty=b.qty, unit=it.unit,
                expiry=b.expiry or "—"))
        _fill(self.lot_table, rows, None, tips)
        for r, b in enumerate(lots):
            if b.expiry is not None and b.expiry < today:
                colour = QColor(ALERT_COLOURS["expired"])
            elif b.expiry is not None and (b.expiry - today).days <= self.days.value():
                colour = QColor(ALERT_COLOURS["expiring"])
            else:
                continue
            for c in range(self.lot_table.columnCount()):
                self.lot_table.item(r, c).setForeground(QBrush(colour))
        i = self.history_depot.findData(depot)
        if i >= 0:
            self.history_depot.setCurrentIndex(i)

    # ------------------------------------------------------------------ alerts
    def _fill_alerts(self) -> None:
        self.alert_list.clear()
        names = {"expired": self.tr("过期"), "expiring": self.tr("临期"), "below_minimum": self.tr("低于最低储备")}
        for a in ledger_alerts(self.ledger, self._today(), self.days.value()):
            item = QListWidgetItem(f"[{names[a.kind.value]}] {a.message}")
            item.setForeground(QBrush(QColor(ALERT_COLOURS[a.kind.value])))
            item.setData(USER_ROLE, (a.kind.value, a.depot, a.item, a.lot))
            self.alert_list.addItem(item)

    # ------------------------------------------------------------------ readiness
    def _bars(self, chart: pg.PlotWidget, old: pg.BarGraphItem | None,
              rows: list[tuple[str, float]]) -> pg.BarGraphItem:
        if old is not None:
            chart.removeItem(old)
        ys = list(range(len(rows)))
        values = [v for _, v in rows]
        brushes = [pg.mkBrush("#27ae60" if v >= 0.999 else "#f39c12" if v >= 0.6 else "#c0392b") for v in values]
        bars = pg.BarGraphItem(x0=[0] * len(rows), y=ys, width=values, height=0.6, brushes=brushes)
        chart.addItem(bars)
        axis = chart.getAxis("left")
        axis.setTicks([[(i, name) for i, (name, _) in enumerate(rows)]])
        # labels that do not fit the axis are dropped by pyqtgraph: make room for the longest
        metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
        axis.setWidth(max((metrics.horizontalAdvance(name) for name, _ in rows), default=40) + 16)
        chart.setYRange(-0.6, max(len(rows) - 0.4, 0.6))
        return bars

    def _fill_readiness(self) -> None:
        rd = readiness(self.ledger)
        self.readiness_by_depot = [(_short(name), v) for _, name, v in rd.by_depot]
        self.readiness_by_category = [(name, v) for _, name, v in rd.by_category]
        self.depot_bars = self._bars(self.depot_chart, self.depot_bars, self.readiness_by_depot)
        self.category_bars = self._bars(self.category_chart, self.category_bars, self.readiness_by_category)

    # ------------------------------------------------------------------ history
    def _fill_history_depots(self) -> None:
        current = self.history_depot.currentData()
        self.history_depot.blockSignals(True)
        self.history_depot.clear()
        self.history_depot.addItem(self.tr("全部储备库"), None)
        for d in self.ledger.depots():
            self.history_depot.addItem(d.name, d.id)
        i = self.history_depot.findData(current)
        self.history_depot.setCurrentIndex(max(i, 0))
        self.history_depot.blockSignals(False)

    def _fill_history(self) -> None:
        item = self.history_item.currentData()
        depot = self.history_depot.currentData()
        points = self.ledger.history(item, depot) if item else []
        self.history_points = points
        unit = self.ledger.catalogue.get(item).unit if item else ""
        self.history_plot.setLabel("left", self.tr("库存数量（{unit}）").format(unit=unit) if unit
                                   else self.tr("库存数量"))
        if not points:
            self.history_curve.setData([], [])
            return
        xs = [t.timestamp() for t, _ in points] + [self.clock.now().timestamp()]
        ys = [q for _, q in points]
        self.history_curve.setData(xs, ys + [ys[-1]], stepMode="right")
        self.history_plot.setYRange(0, max(max(ys) * 1.1, 1))  # quantities read against zero

    # ------------------------------------------------------------------ requests
    def _fill_requests(self) -> None:
        reqs = self.requests.list(incident_id=self.incident_id)
        current = self.selected_request()
        rows, tips = [], []
        for r in reqs:
            items = self.requests.items_text(r)
            rows.append([r.id, self.requests.status_text(r), items])
            tips.append(self._request_text(r, items))
        _fill(self.request_table, rows, [r.id for r in reqs], tips)
        for i, r in enumerate(reqs):
            if r.id == current:
                self.request_table.selectRow(i)
        self._request_selected()

    def _request_text(self, r: Request, items: str | None = None) -> str:
        return self.tr("{id}（{status}）{title}\n事件：{incident}；送达：{place}\n物资：{items}").format(
            id=r.id, status=self.requests.status_text(r), title=r.title, incident=r.incident_id or "—",
            place=r.place or "—", items=items if items is not None else self.requests.items_text(r))

    def selected_request(self) -> str | None:
        rows = self.request_table.selectionModel().selectedRows()
        return self.request_table.item(rows[0].row(), 0).data(USER_ROLE) if rows else None

    def _request_selected(self) -> None:
        rid = self.selected_request()
        self.proposal = None
        self.proposal_table.setRowCount(0)
        self.shortfall_label.clear()
        self.proposal_summary.clear()
        if rid is None:
            self.request_detail.setText(self.tr("选择上方的一条申请查看详情和调拨方案"))
            for b in (self.propose_button, self.approve_button, self.reject_button, self.deliver_button):
                b.setEnabled(False)
            self._emit_routes()
            return
        req = self.requests.get(rid)
        self.request_detail.setText(self._request_text(req))
        pending = req.status == "pending"
        for b in (self.propose_button, self.approve_button, self.reject_button):
            b.setEnabled(pending)
        self.deliver_button.setEnabled(req.status == "approved" and req.incident_id is not None)
        if req.proposal:
            self._show_proposal(self.requests.named(Proposal.from_json(req.proposal)), editable=False)
        self._emit_routes()

    def _show_proposal(self, p: Proposal, *, editable: bool) -> None:
        self.proposal = p
        self.proposal_editable = editable
        rows, tips = [], []
        for ln in p.lines:
            eta = f"{ln.minutes:.0f}" if ln.minutes is not None else "—"
            rows.append([_short(ln.depot_name or ln.depot), ln.name or ln.item, ln.qty, ln.unit, eta])
            lots = "，".join(f"{lot or '无批号'}×{q}" for lot, q in ln.lots) or "—"
            tips.append(self.tr("{depot} → 现场：{item}（{id}）{qty} {unit}\n批次：{lots}\n预计 {eta} 分钟到达").format(
                depot=ln.depot_name or ln.depot, item=ln.name or ln.item, id=ln.item, qty=ln.qty, unit=ln.unit,
                lots=lots, eta=eta))
        _fill(self.proposal_table, rows, list(range(len(p.lines))), tips)
        for r in range(len(rows)):
            for c in range(5):
                item = self.proposal_table.item(r, c)
                flags = item.flags()
                if c == 2 and editable:
                    item.setFlags(flags | Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable)
        self.proposal_summary.setText(self.tr("调拨方案：") + p.summary())
        self.shortfall_label.setText("\n".join(p.shortfalls))

    def propose(self) -> None:
        rid = self.selected_request()
        if rid is None:
            self._error(self.tr("请先选择一条物资申请"))
            return
        p = self._run(lambda: self.requests.propose(rid, keep_minimum=self.keep_minimum.isChecked()))
        if p is not None:
            self._show_proposal(p, editable=True)
            self._emit_routes()
            self._ok(self.tr("已生成调拨方案：") + p.summary())

    def edited_lines(self) -> list[ProposalLine] | None:
        """The proposal as shown, with the officer's quantities (None if nothing was changed)."""
        if self.proposal is None:
            return None
        changed = False
        out = []
        for r, ln in enumerate(self.proposal.lines):
            text = self.proposal_table.item(r, 2).text().strip()
            try:
                qty = int(text)
            except ValueError:
                raise LedgerError(self.tr("第 {0} 行的数量「{1}」不是整数").format(r + 1, text)) from None
            if qty != ln.qty:
                changed = True
                if qty > 0:
                    out.append(ProposalLine(ln.depot, ln.item, qty))
            else:
                out.append(ln)
        return out if changed else list(self.proposal.lines)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible step (tests replace this); Enter answers 取消."""
        return ask_confirm(self, title, text)

    def dispatch_question(self, req: Request, lines: list[ProposalLine]) -> str:
        """What 批准并出库 will do: the request, every item with its quantity, from which depot."""
        cat = self.ledger.catalogue
        names = {d.id: d.name for d in self.ledger.depots()}
        by_depot: dict[str, list[str]] = {}
        for ln in lines:
            it = cat.get(ln.item)
            by_depot.setdefault(names.get(ln.depot, ln.depot), []).append(f"{it.name} {ln.qty} {it.unit}")
        rows = "\n".join(f"· {depot}：{'、'.join(items)}" for depot, items in by_depot.items())
        return self.tr("批准物资申请 {id}「{title}」，送至 {place}，并立即从以下储备库出库：\n{rows}\n\n"
                       "出库记入库存台账和事件日志，不能撤销。").format(
            id=req.id, title=req.title, place=req.place or self.tr("现场"), rows=rows)

    def approve(self) -> None:
        rid = self.selected_request()
        if rid is None:
            self._error(self.tr("请先选择一条物资申请"))
            return
        if self.proposal is None or self.proposal.request_id != rid:
            p0 = self._run(lambda: self.requests.propose(rid, keep_minimum=self.keep_minimum.isChecked()))
            if p0 is None:
                return
            self._show_proposal(p0, editable=True)
        lines = self._run(self.edited_lines)
        if lines is None:
            return
        if not lines:
            self._error(self.tr("方案中没有可调拨的物资：请驳回并说明原因，或从上级调拨后再批准"))
            return
        req = self.requests.get(rid)
        if not self.confirm(self.tr("确认：批准并出库"), self.dispatch_question(req, lines)):
            self._error(self.tr("已取消，未出库"))
            return

        def go() -> Proposal:
            return self.requests.approve(rid, actor=self.actor, role=self.role, lines=lines)

        p = self._run(go)
        if p is None:
            return
        self.bus.flush()
        self._ok(self.tr("已批准 {0}，已登记出库 {1} 行").format(rid, len(p.lines)))

    def reject(self) -> None:
        rid = self.selected_request()
        if rid is None:
            self._error(self.tr("请先选择一条物资申请"))
            return
        r = self._run(lambda: self.requests.reject(rid, actor=self.actor, role=self.role,
                                                   reason=self.reason_edit.text()))
        if r is not None:
            self.bus.flush()
            self._ok(self.tr("已驳回 {0}").format(rid))
            self.reason_edit.clear()

    def deliver(self) -> None:
        rid = self.selected_request()
        if rid is None:
            self._error(self.tr("请先选择一条物资申请"))
            return
        when = self._run(lambda: self.requests.deliver(rid, actor=self.actor, role=self.role))
        if when is not None:
            self.bus.flush()
            self._ok(self.tr("已登记 {0} 的物资送达").format(rid))

    # ------------------------------------------------------------------ new request
    def _filter_items(self, text: str) -> None:
        """The picker: items whose name, short id, code or category match what was typed."""
        self.item_matches.clear()
        for it in self.ledger.catalogue.search(text):
            cat = self.ledger.catalogue.categories.get(it.category)
            item = QListWidgetItem(f"{it.name}（{it.id}，{it.unit}）")
            item.setData(USER_ROLE, it.id)
            item.setToolTip(f"{it.name}（{it.id}，{it.code}）{it.spec}\n{cat.name if cat else it.category}")
            self.item_matches.addItem(item)
        if self.item_matches.count():
            self.item_matches.setCurrentRow(0)
        self._show_unit()

    def picked_item(self) -> str | None:
        item = self.item_matches.currentItem()
        return item.data(USER_ROLE) if item is not None else None

    def _show_unit(self) -> None:
        ref = self.picked_item()
        self.unit_label.setText(self.ledger.catalogue.get(ref).unit if ref else "")
        self.add_line_button.setEnabled(ref is not None)

    def _pick_first(self) -> None:
        if self.item_matches.count():
            self.item_matches.setCurrentRow(0)
            self.new_qty.setFocus()
            self.new_qty.selectAll()

    def add_line(self) -> None:
        """Add the picked item with its quantity to the new request (the same item adds up)."""
        ref = self.picked_item()
        if ref is None:
            self._error(self.tr("没有找到匹配的物资：请换个名称、短编号或类别再试"))
            return
        self.new_lines[ref] = self.new_lines.get(ref, 0) + self.new_qty.value()
        self._fill_lines()
        self.item_search.clear()
        self.item_search.setFocus()

    def remove_line(self) -> None:
        rows = self.line_table.selectionModel().selectedRows()
        if rows:
            self.new_lines.pop(self.line_table.item(rows[0].row(), 0).data(USER_ROLE), None)
            self._fill_lines()

    def _fill_lines(self) -> None:
        cat = self.ledger.catalogue
        refs = list(self.new_lines)
        _fill(self.line_table, [[cat.get(r).name, self.new_lines[r], cat.get(r).unit] for r in refs], refs,
              [cat.get(r).label for r in refs])

    def new_request(self) -> None:
        """A person's request for the selected incident (delivered to its position), with every line."""
        if self.incident_id is None:
            self._error(self.tr("请先在事件列表中选择事件：申请的物资送至该事件现场"))
            return
        if not self.new_lines:
            self._error(self.tr("申请中没有物资：请搜索物资、填写数量后点「加入申请」"))
            return
        iid = self.incident_id
        lines = list(self.new_lines.items())
        title = self.new_title.text().strip() or self.tr("现场追加物资")
        r = self._run(lambda: self.requests.create(lines, title=title, actor=self.actor, incident_id=iid))
        if r is not None:
            self.new_lines.clear()
            self._fill_lines()
            self.new_title.clear()
            self.bus.flush()
            self._ok(self.tr("已提交物资申请 {0}：{1}").format(r.id, self.requests.items_text(r)))

    def _emit_routes(self) -> None:
        """Every approved request's routes, and the plan being looked at before it is approved."""
        routes = self.requests.routes(incident_id=self.incident_id)
        if self.proposal is not None and self.proposal_editable:
            routes += self.proposal.routes(planned=True)
        self.routes_changed.emit(routes)

