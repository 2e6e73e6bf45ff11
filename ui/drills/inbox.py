"""The players' inbox (演练消息): the texts of the injects released to them, newest first.

An inject is a phone call, a fax, a media report… that the players must react to; the
controller's window shows the script, the players see only what has arrived. Read from the
drill database's log (``log.inject`` events of its incidents), so a player seat on another
machine sees the same messages; refreshed when the console's bus reports new events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet
from console.clock import CHINA_TZ
from ui.bus import bus_for

INJECT_EVENT = "log.inject"


@dataclass(frozen=True)
class InboxMessage:
    """One inject as the players received it."""

    seq: int  # its position in the log
    incident_id: str
    received_at: datetime
    inject: str  # the scenario's inject id (I01)
    title: str
    sender: str
    receiver: str  # a plan role id
    channel: str  # in Chinese (电话、传真…)
    text: str


def inbox_messages(console: Console) -> list[InboxMessage]:
    """Every released inject of the database's incidents, newest first."""
    out: list[InboxMessage] = []
    for summary in console.incidents.list():
        for ev in console.incidents.timeline(summary.id):
            if ev.type != INJECT_EVENT:
                continue
            d: dict[str, Any] = (ev.payload or {}).get("data") or {}
            out.append(InboxMessage(seq=ev.seq, incident_id=summary.id, received_at=ev.occurred_at,
                                    inject=str(d.get("inject") or ""), title=str(d.get("title") or ""),
                                    sender=str(d.get("from") or ""), receiver=str(d.get("to") or ""),
                                    channel=str(d.get("channel_zh") or d.get("channel") or ""),
                                    text=str(d.get("text") or "")))
    out.sort(key=lambda m: m.seq, reverse=True)
    return out


class InjectInbox(QWidget):
    """The list of received messages above the selected one's full text; unread ones in bold."""

    unread_changed = Signal(int)
    arrived = Signal(object)  # InboxMessage: the newest that arrived since the last refresh

    def __init__(self, console: Console, role_title: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self._role_title = role_title or (lambda role: role)
        self.messages: list[InboxMessage] = []
        self._read: set[int] = set()
        self._known: set[int] | None = None  # None until the first refresh (nothing "arrives" then)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.hint = QLabel(self.tr("演练中发给参演人员的电话、传真、媒体报道等消息，最新的在最上面。"))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555")
        lay.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("inboxTable")
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("来自"), self.tr("方式"), self.tr("消息")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        for c in (0, 1, 2):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        split.addWidget(self.table)
        self.text = QPlainTextEdit()
        self.text.setObjectName("inboxText")
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(self.tr("选择一条消息查看全文"))
        split.addWidget(self.text)
        split.setSizes([200, 140])
        lay.addWidget(split, 1)
        bus_for(console).sig_changed.connect(self._changed)
        self.refresh()

    # ------------------------------------------------------------------ data
    def _changed(self, changes: ChangeSet) -> None:
        if INJECT_EVENT in changes.event_types or not changes.event_types:
            self.refresh()

    def refresh(self) -> None:
        selected = self._selected()
        self.messages = inbox_messages(self.console)
        seqs = {m.seq for m in self.messages}
        fresh = [] if self._known is None else [m for m in self.messages if m.seq not in self._known]
        self._known = seqs
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.messages))
        for r, m in enumerate(self.messages):
            sender = m.sender + (self.tr(" → {0}").format(self._role_title(m.receiver)) if m.receiver else "")
            cells = (m.received_at.astimezone(CHINA_TZ).strftime("%H:%M"), sender, m.channel, m.title)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(m.text if c == 3 else text)
                font = item.font()
                font.setBold(m.seq not in self._read)
                item.setFont(font)
                self.table.setItem(r, c, item)
            if selected is not None and m.seq == selected:
                self.table.selectRow(r)
        self.table.blockSignals(False)
        self.unread_changed.emit(self.unread())
        if fresh:
            self.arrived.emit(fresh[0])

    def unread(self) -> int:
        return sum(1 for m in self.messages if m.seq not in self._read)

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.messages):
            return None
        return self.messages[rows[0].row()].seq

    def _show_selected(self) -> None:
        seq = self._selected()
        m = next((x for x in self.messages if x.seq == seq), None)
        if m is None:
            self.text.clear()
            return
        head = self.tr("{time}　{sender}（{channel}）→ {receiver}").format(
            time=m.received_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M"), sender=m.sender, channel=m.channel,
            receiver=self._role_title(m.receiver))
        self.text.setPlainText(f"{m.title}\n{head}\n\n{m.text}")
        if m.seq not in self._read:
            self._read.add(m.seq)
            row = self.messages.index(m)
            for c in range(self.table.columnCount()):
                item = self.table.item(row, c)
                if item is not None:
                    font = item.font()
                    font.setBold(False)
                    item.setFont(font)
            self.unread_changed.emit(self.unread())
