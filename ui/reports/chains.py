"""The reporting chains of an incident (报告链，逐级报送) in the reports panel: each hop 由谁→报谁、
渠道, its countdown, 「立即」, 「已报送 09:20」 or 「待…后起算」, and a 报送 button per hop that
records ``forward_report`` (报送/转报 that hop)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.errors import Refused
from console.incidents.chain_view import ChainView, HopRow, deferred_items, report_chains
from ui.bus import bus_for
from ui.widgets.fit import rows_height
from ui.widgets.records import MessageLabel

_COLOURS = {"met": "#1e8449", "late": "#c0392b", "missed": "#c0392b", "deferred": "#7f8c8d",
            "cancelled": "#7f8c8d", "unfinished": "#7f8c8d"}


class ReportChainView(QWidget):
    """The chains of one incident. ``sig_forwarded(incident)`` after a hop was recorded as reported."""

    sig_forwarded = Signal(str)

    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "值班员",
                 role: str = "duty_officer") -> None:
        super().__init__(parent)
        self.console = console
        self.actor, self.role = actor, role
        self.incident_id: str | None = None
        self.chains: list[ChainView] = []
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("环节（由谁→报谁）"), self.tr("渠道"), self.tr("时限 / 报送"), ""])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # the countdown column keeps a fixed share: a long 「待…报送后起算」 is elided (whole in the tooltip)
        # rather than squeezing 由谁→报谁 out of sight in a narrow dock
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("剩余 1小时49分钟 ·") + 24)
        self.tree.setMinimumHeight(rows_height(self.tree, 6))
        self.message = MessageLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        lay.addWidget(self.message)

    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        self.tree.clear()
        self.buttons = {}
        self.chains = []
        if self.incident_id is None:
            self.setVisible(False)
            return
        svc = self.console.incidents
        view = svc.view(self.incident_id)
        now = now or svc.clock.now()
        self.chains = report_chains(view.plan, view.state, now)
        for c in self.chains:
            top = QTreeWidgetItem([c.title, "", ""])
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the chain's title across the row
            for h in c.hops:
                item = QTreeWidgetItem([h.route, h.channel, h.text])
                tip = "\n".join(x for x in (h.route, h.text, h.note) if x)
                for col in range(3):
                    item.setToolTip(col, tip)
                colour = _COLOURS.get(h.status)
                if h.status == "open" and (h.immediate or (h.due_at is not None and h.due_at < now)):
                    colour = "#c0392b"
                if colour:
                    item.setForeground(2, QColor(colour))
                top.addChild(item)
                if h.can_forward:
                    b = QPushButton(self.tr("报送"))
                    b.setToolTip(self.tr("登记「{route}」已报送（记入事件日志）").format(route=h.route))
                    b.clicked.connect(lambda _=False, r=h.report, k=h.hop: self.forward(r, k))
                    self.tree.setItemWidget(item, 3, b)
                    self.buttons[(h.report, h.hop)] = b
            top.setExpanded(True)
        for title, text in deferred_items(view.state, hops=False):
            item = QTreeWidgetItem([title, "", text])
            item.setForeground(2, QColor(_COLOURS["deferred"]))
            self.tree.addTopLevelItem(item)
        self.setVisible(bool(self.chains) or bool(view.state.deferred))

    def hop(self, report: str, hop: str) -> HopRow | None:
        for c in self.chains:
            for h in c.hops:
                if h.report == report and h.hop == hop:
                    return h
        return None

    def ask_doc_no(self, route: str) -> str | None:
        """The document number of a written report (文号; empty for a phone call). None: cancelled
        (tests replace this)."""
        value, ok = QInputDialog.getText(self, self.tr("报送：{route}").format(route=route),
                                         self.tr("文号（电话、短信报告可不填）："))
        return value if ok else None

    def forward(self, report: str, hop: str) -> bool:
        """报送: record that this hop was reported now (forward_report)."""
        h = self.hop(report, hop)
        if self.incident_id is None or h is None:
            return False
        doc_no = self.ask_doc_no(h.route)
        if doc_no is None:
            return False
        data: dict[str, Any] = {"report": report, "hop": hop}
        if doc_no.strip():
            data["doc_no"] = doc_no.strip()
        try:
            self.console.incidents.command(self.incident_id, "forward_report", data, actor=self.actor, role=self.role)
        except Refused as exc:
            self.message.error(self.tr("已拒绝：{reason}").format(reason=exc.reason))
            return False
        bus_for(self.console).flush()
        self.refresh()
        self.message.ok(self.tr("已报送：{route}").format(route=h.route))
        self.sig_forwarded.emit(self.incident_id)
        return True
