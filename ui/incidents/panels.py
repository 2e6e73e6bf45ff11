"""Incident list and incident detail (plan state, grading, level, actions, deadlines, tasks, facts).

The detail panel runs commands through the incident service and shows a refusal
(``Rejected.reason``, Chinese) in its message bar; it never lets an exception reach the user.
"""

from __future__ import annotations

import html
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.auth.roles import may_command
from console.changes import ChangeSet, Topic
from console.errors import Refused
from console.incidents import IncidentService
from console.incidents.call import CallFacts
from console.incidents.chain_view import deferred_items
from console.incidents.rules import ack_overdue, ack_window, outstanding
from console.plan.engine import IncidentState, available_events
from console.plan.model import CONFIRMED_KINDS, Plan
from console.plan.records import Task
from console.plan.windows import as_of
from console.store.eventlog import StaleAppend
from console.timeline.wording import describe
from ui.bus import bus_for
from ui.incidents.approvals import ApprovalDialog, ApprovalsBox
from ui.incidents.facts_form import FactsForm
from ui.incidents.grading_view import judgement_lines, optional_raise_lines, show_lead_body, with_level_notice
from ui.incidents.linked import LinkedBox
from ui.incidents.rule_text import RuleText, rule_text
from ui.widgets.common import GREY, RED, countdown, short_time, text_colour_on
from ui.widgets.confirm import ask_confirm
from ui.widgets.fit import CompactSplitter, ElidedLabel, rows_height
from ui.widgets.labels import WrapLabel
from ui.widgets.names import level_basis_name
from ui.widgets.runner import runner_for

ASSIGNEE_COL = 4  # 指派给: who the incident is assigned to (the room)
FLASH_S = 4.0  # seconds a row changed at another seat stays highlighted
FLASH_STEP_MS = 250
FLASH_COLOUR = QColor(255, 214, 102, 200)
FLASH_ROLE = Qt.ItemDataRole.UserRole + 7  # True while a cell is highlighted

PAGE_ROWS = 200
"""The incident list shows this many incidents a page (上一页 / 下一页)."""
MESSAGE_MS = 10_000
"""How long the detail panel's message bar shows an outcome (「已执行：…」)."""
ERROR_MESSAGE_MS = 60_000
"""How long it shows a refusal or an error, unless another message replaces it first."""


class IncidentList(QWidget):
    """Incidents, newest first: 进行中 (open) by default, 已结束 or 全部 by the filter, a page of
    :data:`PAGE_ROWS` at a time. ``sig_selected(id)`` on a user's choice."""

    sig_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("incidentTable")
        self.table.setHorizontalHeaderLabels([self.tr("级别"), self.tr("事件名称"), self.tr("状态"),
                                              self.tr("下一期限"), self.tr("指派给")])
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._changed)
        # what is open by default; closed incidents (a year of history) a page at a time
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("incidentFilter")
        for key, label in (("open", self.tr("进行中")), ("closed", self.tr("已结束")), ("all", self.tr("全部"))):
            self.status_filter.addItem(label, key)
        self.page = 0
        self.prev_button = QToolButton()
        self.prev_button.setText(self.tr("上一页"))
        self.prev_button.setObjectName("incidentPrevPage")
        self.next_button = QToolButton()
        self.next_button.setText(self.tr("下一页"))
        self.next_button.setObjectName("incidentNextPage")
        self.page_label = QLabel()
        self.page_label.setObjectName("incidentPage")
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.status_filter)
        top.addStretch(1)
        top.addWidget(self.count)
        pager = QHBoxLayout()
        pager.addWidget(self.prev_button)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.table)
        lay.addLayout(pager)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.ids: list[str] = []
        self._wanted: dict[int, int] = {}  # level and state columns: their contents' widths
        self._next_due: dict[str, dict[str, Any]] = {}
        self._overdue: set[str] = set()
        self._service: IncidentService | None = None
        # the room (ui/room/listing.py): who each incident is assigned to, and rows changed at
        # another seat, highlighted until their time (monotonic seconds) runs out
        self._assignees: dict[str, str] = {}
        self._flash_until: dict[str, float] = {}
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_STEP_MS)
        self._flash_timer.timeout.connect(self._paint_flash)
        self._rows: list[Any] = []  # the summaries last given to fill (every status)
        self._matching: list[str] = []  # ids the filter lets through, on every page
        self.status_filter.currentIndexChanged.connect(lambda _: self.show_page(0))
        self.prev_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))

    @property
    def pages(self) -> int:
        return max(1, -(-len(self._matching) // PAGE_ROWS))

    def set_filter(self, key: str) -> None:
        """``open`` (进行中, the default), ``closed`` (已结束) or ``all`` (全部)."""
        self.status_filter.setCurrentIndex(self.status_filter.findData(key))

    def show_page(self, page: int) -> None:
        self.page = max(0, min(page, self.pages - 1)) if self._matching else 0
        if self._service is not None:
            self.fill(self._service, self._overdue, self._rows, self._next_due)

    def _scrolled(self, _value: int) -> None:
        if self._service is not None:
            self.update_countdowns(self._service.clock.now())

    def rowCount(self) -> int:  # noqa: N802 (reads like the table's)
        return self.table.rowCount()

    def fill(self, service: IncidentService, overdue: set[str] | None = None, rows: list | None = None,
             next_due: dict[str, dict[str, Any]] | None = None) -> None:
        """Redraw from ``rows`` (the service's summaries, read again when not given);
        ``next_due`` maps an open incident to its most urgent deadline (for the countdown)."""
        self._next_due = next_due or {}
        self._overdue = overdue or set()
        self._service = service
        current = self.current_id()
        rows = list(rows) if rows is not None else service.list()
        rows.sort(key=lambda s: (s.status == "closed",))  # stable: newest first within each group
        self._rows = rows
        n_open = sum(1 for s in rows if s.status != "closed")
        key = self.status_filter.currentData()
        if key == "open":
            rows = [s for s in rows if s.status != "closed"]
        elif key == "closed":
            rows = [s for s in rows if s.status == "closed"]
        self._matching = [s.id for s in rows]
        if current in self._matching and current not in self.ids:  # selected elsewhere: turn to its page
            self.page = self._matching.index(current) // PAGE_ROWS
        self.page = max(0, min(self.page, self.pages - 1))
        rows = rows[self.page * PAGE_ROWS:(self.page + 1) * PAGE_ROWS]
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < self.pages - 1)
        self.page_label.setText(self.tr("第 {p}/{n} 页，共 {total} 起").format(
            p=self.page + 1, n=self.pages, total=len(self._matching)))
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        self.ids = [s.id for s in rows]
        for i, s in enumerate(rows):
            plan = service.plans.get(s.plan_hash)
            lv = plan.level(s.level)
            closed = s.status == "closed"
            status = plan.state_title(s.leaf)
            cells = [f"{lv.id} {lv.name}" if lv else self.tr("未分级"), s.title, status,
                     "—" if closed or s.id not in self._next_due else ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 1:
                    item.setData(Qt.ItemDataRole.UserRole, s.id)
                    item.setToolTip(f"{s.id}　{s.title}\n{s.place or ''}\n"
                                    + self.tr("接报：{t}").format(t=short_time(s.opened_at)))
                if j in (0, 2):
                    item.setToolTip(text)  # a long level or state is elided in a narrow list
                if j == 0 and lv:
                    item.setBackground(QColor(lv.colour))
                    item.setForeground(QColor(text_colour_on(lv.colour)))
                elif closed:
                    item.setForeground(GREY)
                if j == 1 and overdue and s.id in overdue:
                    item.setText("⚠ " + s.title)
                    item.setForeground(QColor("#c0392b"))
                    item.setToolTip(item.toolTip() + "\n" + self.tr("有逾期的期限"))
                self.table.setItem(i, j, item)
            self.table.setItem(i, ASSIGNEE_COL, QTableWidgetItem(self._assignees.get(s.id, "")))
        self._paint_flash()
        self.update_countdowns(service.clock.now())
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        self._wanted = {0: self.table.columnWidth(0), 2: min(self.table.columnWidth(2), 96)}
        self.table.setColumnWidth(ASSIGNEE_COL, min(max(self.table.columnWidth(ASSIGNEE_COL), 48), 72))
        self._show_assignees()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.fit_columns()
        self.count.setText(self.tr("处置中 {n} 起").format(n=n_open))
        self.table.blockSignals(False)
        if current in self.ids:
            self.select(current)

    def set_assignees(self, assignees: dict[str, str]) -> None:
        """The 指派给 column: incident id → who it is assigned to (the room's assignments)."""
        self._assignees = dict(assignees)
        self._show_assignees()
        for i, iid in enumerate(self.ids):
            who = self._assignees.get(iid, "")
            item = self.table.item(i, ASSIGNEE_COL)
            if item is None:
                self.table.setItem(i, ASSIGNEE_COL, QTableWidgetItem(who))
            elif item.text() != who:
                item.setText(who)
            cell = self.table.item(i, ASSIGNEE_COL)
            if cell is not None:
                cell.setToolTip(self.tr("指派给 {who}").format(who=who) if who else "")

    def _show_assignees(self) -> None:
        """The 指派给 column only when some listed incident is assigned: the name keeps its room."""
        hidden = not any(iid in self._assignees for iid in self.ids)
        if hidden != self.table.isColumnHidden(ASSIGNEE_COL):
            self.table.setColumnHidden(ASSIGNEE_COL, hidden)
            self.fit_columns()

    def flash(self, incident_ids: Any, seconds: float = FLASH_S) -> None:
        """Highlight the rows of incidents changed at another seat for a few seconds, fading."""
        until = time.monotonic() + seconds
        for iid in incident_ids:
            self._flash_until[str(iid)] = until
        self._paint_flash()
        if self._flash_until and not self._flash_timer.isActive():
            self._flash_timer.start()

    def flashing(self) -> set[str]:
        """The incidents whose rows are highlighted now (for tests)."""
        now = time.monotonic()
        return {iid for iid, t in self._flash_until.items() if t > now and iid in self.ids}

    def _paint_flash(self) -> None:
        now = time.monotonic()
        for iid, until in list(self._flash_until.items()):
            if until <= now:
                del self._flash_until[iid]
                self._set_row_flash(iid, None)
            else:  # amber, fading out over the last half of its time
                alpha = int(FLASH_COLOUR.alpha() * min(1.0, 2 * (until - now) / FLASH_S))
                colour = QColor(FLASH_COLOUR)
                colour.setAlpha(max(alpha, 0))
                self._set_row_flash(iid, colour)
        if not self._flash_until:
            self._flash_timer.stop()

    def _set_row_flash(self, iid: str, colour: QColor | None) -> None:
        if iid not in self.ids:
            return
        row = self.ids.index(iid)
        for col in range(1, self.table.columnCount()):  # the level keeps its colour
            item = self.table.item(row, col)
            if item is None:
                continue
            item.setData(FLASH_ROLE, colour is not None)
            item.setBackground(colour if colour is not None else QBrush())

    def update_countdowns(self, now: datetime) -> None:
        """The 下一期限 column: green, amber under 15 minutes, red when overdue. Once a second,
        and only the rows in view (a hidden list or rows scrolled away are not touched)."""
        if not self.ids:
            return
        first, last = 0, len(self.ids) - 1
        if self.isVisible():
            top = self.table.rowAt(0)
            bottom = self.table.rowAt(self.table.viewport().height() - 1)
            first = max(top, 0)
            last = bottom if bottom >= 0 else last
        for i in range(first, last + 1):
            iid = self.ids[i]
            d = self._next_due.get(iid)
            item = self.table.item(i, 3)
            if d is None or item is None:
                continue
            text, colour, kind = countdown(d["due_at"], now, missed=d["status"] == "missed")
            item.setText(text)
            item.setForeground(colour)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setToolTip(f"{d['title']}（{short_time(d['due_at'])}）")

    def current_id(self) -> str | None:
        sm = self.table.selectionModel()
        rows = sm.selectedRows() if sm else []
        return self.ids[rows[0].row()] if rows else None

    def select(self, incident_id: str) -> None:
        """Select without emitting (the window already knows); turns to its page if needed."""
        if incident_id not in self.ids and incident_id in self._matching and self._service is not None:
            self.page = self._matching.index(incident_id) // PAGE_ROWS
            self.fill(self._service, self._overdue, self._rows, self._next_due)
        if incident_id in self.ids and incident_id != self.current_id():
            self.table.blockSignals(True)
            self.table.selectRow(self.ids.index(incident_id))
            self.table.blockSignals(False)
            self.table.scrollToItem(self.table.item(self.ids.index(incident_id), 1))

    def setFocus(self) -> None:  # noqa: N802
        self.table.setFocus()

    def fit_columns(self) -> None:
        """The countdown is never cut; the name keeps at least two fifths of what is left, the
        level and the state giving way first (elided, whole in their tooltips)."""
        if not self._wanted:
            return
        room = self.table.viewport().width() - self.table.columnWidth(3)
        if not self.table.isColumnHidden(ASSIGNEE_COL):
            room -= self.table.columnWidth(ASSIGNEE_COL)
        total = sum(self._wanted.values())
        scale = min(1.0, room * 0.6 / total) if total > 0 else 1.0
        for col, width in self._wanted.items():
            self.table.setColumnWidth(col, max(int(width * scale), 36))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.fit_columns()

    def _changed(self) -> None:
        iid = self.current_id()
        if iid:
            self.sig_selected.emit(iid)


TASK_BUTTON_W = 44  # 签收 / 完成 / 撤销: two fit beside a task in the narrow dock


def _clock(t: datetime | None) -> str:
    """HH:MM in China time (the day is in the tooltip)."""
    return short_time(t)[-5:] if t is not None else "—"


class TaskTree(QTreeWidget):
    """Tasks grouped by responsible unit. An open task shows whether its unit acknowledged it
    (签收; flagged red when nobody has within the plan's window) with 签收 and 完成 buttons; a
    done task has 撤销 to withdraw a completion recorded by mistake."""

    sig_complete = Signal(str)
    sig_reopen = Signal(str)
    sig_acknowledge = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("任务"), self.tr("时限"), self.tr("签收情况"), ""])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(False)
        self.setRootIsDecorated(True)
        self.setWordWrap(True)
        self._due: list[tuple[QTreeWidgetItem, datetime]] = []
        self._acks: list[tuple[QTreeWidgetItem, Task]] = []

    def fill(self, plan: Plan, state: IncidentState, now: datetime) -> None:
        self.clear()
        self._due = []
        self._acks = []
        by_unit: dict[str, list[Task]] = {}
        for t in state.tasks.values():
            by_unit.setdefault(t["unit"], []).append(t)
        for unit in sorted(by_unit, key=lambda u: list(plan.units).index(u) if u in plan.units else 99):
            tasks = sorted(by_unit[unit], key=lambda t: (t["status"] != "open", t["due_at"] or now))
            info = plan.units.get(unit, {})
            open_n = sum(t["status"] == "open" for t in tasks)
            head = QTreeWidgetItem([str(info.get("title", unit)),
                                    self.tr("未完成 {n}/{m}").format(n=open_n, m=len(tasks)), "", ""])
            head.setToolTip(0, "\n".join(str(x) for x in (info.get("title", unit), info.get("lead"), info.get("duties"))
                                          if x))
            f = head.font(0)
            f.setBold(True)
            head.setFont(0, f)
            self.addTopLevelItem(head)
            for t in tasks:
                done = t["status"] != "open"
                item = QTreeWidgetItem([("✓ " if done else "") + t["title"], "", "", ""])
                item.setToolTip(0, t["title"])
                item.setData(0, Qt.ItemDataRole.UserRole, t["id"])
                head.addChild(item)
                if t.get("acked_at") is not None:  # short in the column, who in the tooltip
                    item.setText(2, self.tr("已签收 {t}").format(t=_clock(t.get("acked_at"))))
                    item.setToolTip(2, self.tr("已签收 {t} {who}").format(t=short_time(t.get("acked_at")),
                                                                        who=t.get("acked_by", "")))
                    item.setForeground(2, GREY)
                buttons = QWidget()
                row = QHBoxLayout(buttons)
                row.setContentsMargins(0, 0, 0, 0)
                row.setSpacing(2)
                if t["status"] == "not_needed":  # a final state ended it: greyed, nothing to click
                    item.setText(0, self.tr("不再需要：{title}").format(title=t["title"]))
                    item.setText(1, self.tr("不再需要"))
                    item.setToolTip(0, self.tr("{title}\n不再需要（{reason}）").format(
                        title=t["title"], reason=t.get("ended_reason", "")))
                    item.setToolTip(1, self.tr("不再需要（{reason}）").format(reason=t.get("ended_reason", "")))
                    item.setData(1, Qt.ItemDataRole.UserRole, "not_needed")
                    for c in (0, 1, 2):
                        item.setForeground(c, GREY)
                elif done:
                    item.setText(1, self.tr("已完成 {t}").format(t=short_time(t.get("done_at"))))
                    item.setForeground(0, GREY)
                    item.setForeground(1, GREY)
                    b = QPushButton(self.tr("撤销"))
                    b.setFixedWidth(TASK_BUTTON_W)
                    b.setToolTip(self.tr("撤销完成：误记完成时使用，须写明理由"))
                    b.setObjectName(f"reopen_{t['id']}")
                    b.clicked.connect(lambda _=False, tid=t["id"]: self.sig_reopen.emit(tid))
                    row.addWidget(b)
                else:
                    if t.get("due_at"):
                        self._due.append((item, t["due_at"]))
                    if t.get("acked_at") is None:
                        self._acks.append((item, t))
                        a = QPushButton(self.tr("签收"))
                        a.setFixedWidth(TASK_BUTTON_W)
                        a.setToolTip(self.tr("记录责任单位或责任人已签收此任务"))
                        a.setObjectName(f"ack_{t['id']}")
                        a.clicked.connect(lambda _=False, tid=t["id"]: self.sig_acknowledge.emit(tid))
                        row.addWidget(a)
                    b = QPushButton(self.tr("完成"))
                    b.setFixedWidth(TASK_BUTTON_W)
                    b.setObjectName(f"complete_{t['id']}")
                    b.clicked.connect(lambda _=False, tid=t["id"]: self.sig_complete.emit(tid))
                    row.addWidget(b)
                row.addStretch(1)
                self.setItemWidget(item, 3, buttons)
            head.setExpanded(open_n > 0)
        self.update_countdowns(now)
        self.resizeColumnToContents(1)
        self.resizeColumnToContents(2)
        self.setColumnWidth(3, 2 * TASK_BUTTON_W + 8)

    def update_countdowns(self, now: datetime) -> None:
        for item, due in self._due:
            text, colour, _ = countdown(due, now)
            item.setText(1, text)
            item.setToolTip(1, self.tr("时限 {t}").format(t=short_time(due)))
            item.setForeground(1, colour)
        for item, t in self._acks:
            late = ack_overdue(t, now)
            minutes = int(ack_window(t).total_seconds() // 60)
            item.setText(2, self.tr("超时未签收") if late else self.tr("未签收"))
            item.setToolTip(2, self.tr("超过{n}分钟未签收").format(n=minutes) if late
                            else self.tr("应在{n}分钟内签收").format(n=minutes))
            item.setData(2, Qt.ItemDataRole.UserRole, "late" if late else "waiting")
            item.setForeground(2, RED if late else GREY)
            f = item.font(2)
            f.setBold(late)
            item.setFont(2, f)

    def ack_flags(self) -> dict[str, str]:
        """Task id → ``late`` or ``waiting`` for the open tasks not yet acknowledged (for tests)."""
        return {str(item.data(0, Qt.ItemDataRole.UserRole)): str(item.data(2, Qt.ItemDataRole.UserRole))
                for item, _ in self._acks}


class DeadlineList(QTreeWidget):
    """Open and missed deadlines with countdowns: amber under 15 min, red when overdue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("倒计时"), self.tr("期限")])
        self.setRootIsDecorated(False)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._rows: list[tuple[QTreeWidgetItem, dict[str, Any]]] = []

    def fill(self, state: IncidentState | None, now: datetime) -> None:
        self.clear()
        self._rows = []
        if state is None:
            return
        for d in sorted(state.deadlines.values(),  # 立即 first, then missed, then by time
                        key=lambda d: (not d.get("immediate", False), d["status"] != "missed", d["due_at"])):
            if not outstanding(d, state):  # done, cancelled, or missed but since done: history
                continue
            item = QTreeWidgetItem(["", f"{d['title']}（{short_time(d['due_at'])}）"])
            item.setToolTip(1, item.text(1))
            self.addTopLevelItem(item)
            self._rows.append((item, d))
        for title, text in deferred_items(state) if not state.closed else ():  # 待…后起算
            item = QTreeWidgetItem([self.tr("未起算"), f"{title}（{text}）"])
            item.setToolTip(1, item.text(1))
            self.addTopLevelItem(item)
        self.update_countdowns(now)
        self.resizeColumnToContents(0)

    def update_countdowns(self, now: datetime) -> None:
        for item, d in self._rows:
            text, colour, kind = countdown(d["due_at"], now, missed=d["status"] == "missed")
            if d.get("immediate") and d["status"] == "open":
                text, colour, kind = self.tr("立即"), RED, "immediate"
            item.setText(0, text)
            item.setData(0, Qt.ItemDataRole.UserRole, kind)
            for c in (0, 1):
                item.setForeground(c, colour)

    def kinds(self) -> list[str]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item, _ in self._rows]


class IncidentDetail(QWidget):
    """The selected incident. ``sig_changed(id)`` after every accepted command."""

    sig_changed = Signal(str)
    sig_decide_level = Signal()
    sig_draw_area = Signal()
    sig_radius_area = Signal()

    def __init__(self, console: Console, role: str, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service: IncidentService = console.incidents
        self.console = console
        self.role, self.actor = role, actor
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.runner = runner_for(console)
        # this window's own commands: (incident, version it expected) → version it left, and the
        # versions they wrote (a refresh after them is not "changed at another seat")
        self._own_after: dict[tuple[str, int], int] = {}
        self._own_versions: set[tuple[str, int]] = set()
        self.incident_id: str | None = None
        self.plan: Plan | None = None
        self.state: IncidentState | None = None
        self.state_of: str | None = None  # the incident ``state`` belongs to
        self.action_buttons: list[QPushButton] = []
        self.facts_form: FactsForm | None = None
        self._calls: dict[str, CallFacts] = {}  # the open event's call facts, by incident
        self._facts_error_shown = False  # the message bar says the facts form has errors

        self.title = ElidedLabel(self.tr("请在列表或地图上选择事件"))  # one line: the panel's height never grows
        f = QFont()
        f.setPointSize(13)
        f.setBold(True)
        self.title.setFont(f)
        self.message = WrapLabel()
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(lambda: self.show_message(None))

        # -- overview tab
        self.state_label = WrapLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        level_box = QGroupBox(self.tr("分级"))
        lv = QVBoxLayout(level_box)
        self.level_label = WrapLabel()
        self.level_label.setWordWrap(True)
        # who leads at the current level (plan format 2: authority, 启动, 组织实施)
        self.lead_label = WrapLabel()
        self.lead_label.setObjectName("levelLead")
        self.lead_label.setWordWrap(True)
        self.lead_label.hide()
        self.suggestion_label = WrapLabel()
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        row = QHBoxLayout()
        self.decide_button = QPushButton(self.tr("认定级别…"))
        self.decide_button.clicked.connect(self.sig_decide_level)
        self.area_button = QPushButton(self.tr("绘制影响范围"))
        self.area_button.clicked.connect(self.sig_draw_area)
        self.radius_button = QPushButton(self.tr("影响半径…"))
        self.radius_button.clicked.connect(self.sig_radius_area)
        row.addWidget(self.decide_button)
        row.addWidget(self.area_button)
        row.addWidget(self.radius_button)
        self.attachments_button = QPushButton(self.tr("附件…"))  # photos, lab sheets, scanned 签报
        self.attachments_button.clicked.connect(self.show_attachments)
        row.addWidget(self.attachments_button)
        row.addStretch(1)
        # the plan authors' notes on the rule (where a threshold comes from, what is unconfirmed):
        # behind a details control, the operator reads the rule's title and clause
        self.rule_notes_button = QToolButton()
        self.rule_notes_button.setObjectName("ruleNotesButton")
        self.rule_notes_button.setText(self.tr("编写说明"))
        self.rule_notes_button.setCheckable(True)
        self.rule_notes_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.rule_notes_button.setArrowType(Qt.ArrowType.RightArrow)
        self.rule_notes_button.setAutoRaise(True)
        self.rule_notes_button.setToolTip(self.tr("预案编写者对该规则的说明（来源、待核实之处）"))
        self.rule_notes = WrapLabel()
        self.rule_notes.setObjectName("ruleNotes")
        self.rule_notes.setWordWrap(True)
        self.rule_notes.setTextFormat(Qt.TextFormat.PlainText)
        self.rule_notes.setStyleSheet("color:#566573;padding-left:14px;")
        self.rule_notes.hide()
        self.rule_notes_button.toggled.connect(self._toggle_rule_notes)
        lv.addWidget(self.level_label)
        lv.addWidget(self.lead_label)
        lv.addWidget(self.suggestion_label)
        lv.addWidget(self.rule_notes_button)
        lv.addWidget(self.rule_notes)
        lv.addLayout(row)
        self.actions_box = QGroupBox(self.tr("可执行的预案事件"))
        self.actions_grid = QGridLayout(self.actions_box)
        self.approvals = ApprovalsBox()  # format 2: 上级批复 and time windows, hidden when the plan has none
        self.approvals.sig_decide.connect(self.decide_approval)
        self.deadlines = DeadlineList()
        overview = QWidget()
        ov = QVBoxLayout(overview)
        ov.setContentsMargins(4, 4, 4, 4)
        ov.addWidget(self.state_label)
        ov.addWidget(level_box)
        ov.addWidget(self.actions_box)
        ov.addWidget(self.approvals)
        # 关联事件、并入、移交至 / 移交自 (plan format 2)
        self.linked_box = LinkedBox(console, actor, role, lambda text, error: self.show_message(text, error))
        self.linked_box.sig_open.connect(self.show_incident)
        self.linked_box.sig_done.connect(self._linked_done)
        ov.addWidget(self.linked_box)
        # deadlines and tasks side by side in time: both always in view, the split adjustable
        self.tasks = TaskTree()
        self.tasks.sig_complete.connect(self.complete_task)
        self.tasks.sig_reopen.connect(self.reopen_task)
        self.tasks.sig_acknowledge.connect(self.acknowledge_task)
        self.tasks_title = QLabel(self.tr("任务（按责任单位）"))
        split = CompactSplitter(Qt.Orientation.Vertical)  # asks for five rows of each, takes what is left
        for title, widget in ((QLabel(self.tr("期限（倒计时）")), self.deadlines), (self.tasks_title, self.tasks)):
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 4, 0, 0)
            bl.setSpacing(2)
            f = title.font()
            f.setBold(True)
            title.setFont(f)
            bl.addWidget(title)
            bl.addWidget(widget)
            split.addWidget(box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        ov.addWidget(split, 1)

        # -- facts tab
        facts_tab = QWidget()
        ft = QVBoxLayout(facts_tab)
        self.facts_scroll = QScrollArea()
        self.facts_scroll.setWidgetResizable(True)
        self.save_facts_button = QPushButton(self.tr("保存事实（续报信息）"))
        self.save_facts_button.clicked.connect(self.save_facts)
        # Shown while the user's unsaved edits are kept over a change made at another console.
        self.facts_notice = QLabel()
        self.facts_notice.setObjectName("factsNotice")
        self.facts_notice.setWordWrap(True)
        self.facts_notice.setStyleSheet("background:#fef5e7;color:#7e5109;padding:6px;border:1px solid #f5cba7;")
        self.facts_notice.hide()
        self.discard_facts_button = QPushButton(self.tr("放弃我的修改"))
        self.discard_facts_button.setObjectName("discardFacts")
        self.discard_facts_button.clicked.connect(self.discard_fact_edits)
        self.discard_facts_button.hide()
        ft.addWidget(self.facts_scroll, 1)
        ft.addWidget(self.facts_notice)
        fb = QHBoxLayout()
        fb.addWidget(self.save_facts_button, 1)
        fb.addWidget(self.discard_facts_button)
        ft.addLayout(fb)

        # at least five rows of deadlines and of tasks; the overview scrolls (it never makes the
        # window taller than the screen, however long the grading text or the list of actions)
        for view in (self.deadlines, self.tasks):
            view.setMinimumHeight(rows_height(view, 5))
        self.overview_scroll = QScrollArea()
        self.overview_scroll.setObjectName("overviewScroll")
        self.overview_scroll.setWidgetResizable(True)
        self.overview_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.overview_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overview_scroll.setWidget(overview)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview_scroll, self.tr("概况"))
        self.tabs.addTab(facts_tab, self.tr("事实"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.message)
        lay.addWidget(self.tabs, 1)
        self._enable(False)

    # -- showing --------------------------------------------------------------
    def _enable(self, on: bool) -> None:
        for w in (self.decide_button, self.area_button, self.radius_button, self.attachments_button,
                  self.save_facts_button, self.tabs):
            w.setEnabled(on)

    def show_attachments(self) -> None:
        """The incident's attachments (附件): listed, added, opened."""
        from ui.attachments import AttachmentsDialog

        if self.incident_id:
            AttachmentsDialog(self.console, self.incident_id, self, actor=self.actor, role=self.role).exec()

    def show_incident(self, incident_id: str | None) -> None:
        if incident_id != self.incident_id:
            self.show_message(None)
            self.facts_form = None
        self.incident_id = incident_id
        self.refresh()

    def show_message(self, text: str | None, error: bool = True) -> None:
        """The message bar above the tabs: an outcome clears after :data:`MESSAGE_MS`, a refusal
        or an error after :data:`ERROR_MESSAGE_MS` (or as soon as another message replaces it)."""
        self._facts_error_shown = False
        self.message.setText(text or "")
        self.message.setStyleSheet(
            "background:#fdedec;color:#922b21;padding:6px;border:1px solid #e6b0aa;" if error
            else "background:#eafaf1;color:#1d6a3a;padding:6px;border:1px solid #a9dfbf;")
        self.message.setVisible(bool(text))
        if text:
            self._message_timer.start(ERROR_MESSAGE_MS if error else MESSAGE_MS)
        else:
            self._message_timer.stop()

    def refresh(self) -> None:
        self._clear_actions()
        if not self.incident_id:
            self.state = None
            self.deadlines.fill(None, self.service.clock.now())
            self.tasks.clear()
            self.linked_box.fill(None, None)
            self._enable(False)
            return
        svc = self.service
        # what the user was looking at before this redraw (None for another incident)
        shown = self.state if self.state_of == self.incident_id else None
        view = svc.view(self.incident_id)  # one read of the incident's row
        plan = self.plan = view.plan
        s = self.state = view.state
        self.state_of = self.incident_id
        summary = view.summary
        now = svc.clock.now()
        self._enable(True)
        self.title.setText(f"{summary.id}　{summary.title}")
        path = " › ".join(plan.state_title(x) for x in reversed(s.active))
        lines = [self.tr("预案：{plan}").format(plan=plan.title),
                 self.tr("当前：{path}").format(path=path) + (self.tr("（已结案）") if s.closed else ""),
                 self.tr("接报：{t}　地点：{place}").format(t=short_time(s.received_at), place=summary.place or "—")]
        lines += self._call_lines(self.incident_id)
        self.state_label.setText("\n".join(lines))
        self._show_level(plan, s)
        self.approvals.fill(plan, s, now, self.role)
        self._show_actions(plan, s)
        self.deadlines.fill(s, now)
        self.tasks.fill(plan, s, now)
        self.tasks_title.setText(self.tr("任务（按责任单位，未完成 {n} 项）").format(n=s.open_task_count()))
        self._show_facts(plan, s, shown)
        # 认定级别: the roles the plan lets decide (指挥长 …), said on the button rather than after the form
        deciders = plan.decision_roles
        may_decide = may_command(self.role, "decide_level") and (deciders is None or self.role in deciders)
        self.decide_button.setEnabled(not s.closed and may_decide)
        who = "、".join(plan.role_title(r) for r in sorted(deciders)) if deciders else ""
        self.decide_button.setToolTip("" if may_decide or not who
                                      else self.tr("只有{who}可以认定级别").format(who=who))
        self.save_facts_button.setEnabled(not s.closed)
        self.linked_box.fill(self.incident_id, s)

    def _call_lines(self, incident_id: str) -> list[str]:
        """What the caller said at 接报 (logged with the open event; read once per incident)."""
        from ui.incidents.dialogs import channel_names

        call = self._calls.get(incident_id)
        if call is None:
            call = self._calls[incident_id] = self.service.call_facts(incident_id)
        out = []
        if call.occurred_at is not None:
            out.append(self.tr("发生时间：{t}").format(t=short_time(call.occurred_at)))
        who = "　".join(x for x in (call.caller, call.caller_unit, call.phone) if x)
        if who or call.channel:
            how = channel_names().get(call.channel or "", call.channel or "")
            out.append(self.tr("报告人：{who}").format(who=who or "—") + (f"（{how}）" if how else ""))
        if call.symptoms:
            out.append(self.tr("主要症状：{text}").format(text=call.symptoms))
        return out

    def _show_level(self, plan: Plan, s: IncidentState) -> None:
        lv = plan.level(s.level)
        colour = lv.colour if lv else "#7f8c8d"
        chip = (f"<span style='background:{colour};color:{text_colour_on(colour)};font-weight:bold'>"
                f"&nbsp;{html.escape(plan.level_name(s.level))}&nbsp;</span>")
        text = self.tr("当前级别：{level}").format(level=chip)
        b = s.level_basis
        if b and b.get("by") == "decision":
            text += "<br>" + html.escape(self.tr("认定：{basis}，{actor} {t}；理由：{reason}").format(
                basis=level_basis_name(str(b.get("basis", ""))), actor=b.get("actor", ""), t=short_time(b.get("at")),
                reason=b.get("reason", "")))
        elif b:
            text += "<br>" + html.escape(self.tr("依据：{reason}").format(reason=b.get("reason", "")))
        self.level_label.setTextFormat(Qt.TextFormat.RichText)
        self.level_label.setText(text)
        show_lead_body(self.lead_label, plan, s)
        sug = s.suggestion or {}
        rules = {r.id: r for r in plan.rules}
        win = rules.get(sug.get("winner") or "")
        esc = html.escape
        parts = ["<b>" + esc(self.tr("系统建议：{level}").format(level=plan.level_name(sug.get("level")))) + "</b>"]
        notes: list[str] = []
        if win:
            clause = rule_text(win.basis, win.uncertain)
            parts.append(esc(self.tr("命中规则：{rule}").format(rule=win.title)))
            if clause.clause:
                parts.append("<span style='color:#566573'>"
                             + esc(self.tr("预案条款：{clause}").format(clause=clause.clause)) + "</span>")
            notes.append(self._rule_note(win.title, win.id, clause))
            mods = [m for m in plan.modifiers if m.id in (sug.get("modifiers") or [])]
            for m in mods:
                parts.append(esc(self.tr("升级：{title}（{base} → {level}）").format(
                    title=m.title, base=plan.level_name(sug.get("base")), level=plan.level_name(sug.get("level")))))
                notes.append(self._rule_note(m.title, m.id, rule_text(m.basis, m.uncertain)))
            parts.extend(esc(x) for x in optional_raise_lines(plan, sug))
            others = [rules[r].title for r in sug.get("rules", []) if r != win.id and r in rules]
            if others:
                parts.append("<span style='color:#566573'>"
                             + esc(self.tr("同时符合：{rules}").format(rules="；".join(others)))
                             + "</span>")
        else:
            parts.append(self.tr("已填事实未达到任何分级规则"))
        parts.extend("<span style='color:#7d3c98'>" + esc(x) + "</span>" for x in judgement_lines(plan, sug))
        if s.level != sug.get("level") and sug.get("level") and not s.closed:
            parts.append("<span style='color:#d35400'>" + self.tr("当前级别与建议不一致，请会商后认定") + "</span>")
        self.suggestion_label.setText("<br>".join(parts))
        notes = [n for n in notes if n]
        self.rule_notes.setText("\n".join(notes))
        self.rule_notes_button.setVisible(bool(notes))
        self.rule_notes.setVisible(bool(notes) and self.rule_notes_button.isChecked())

    def _rule_note(self, title: str, rule_id: str, text: RuleText) -> str:
        """A rule's authoring notes for the details control (empty when it has none)."""
        if not text.notes and not text.uncertain:
            return ""
        note = self.tr("{title}（规则 {id}）").format(title=title, id=rule_id)
        if text.notes:
            note += self.tr("：依据 {basis}").format(basis=text.notes)
        if text.uncertain:
            note += self.tr("（阈值未经原文确认，待核实）")
        return note

    def _toggle_rule_notes(self, on: bool) -> None:
        self.rule_notes_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.rule_notes.setVisible(on and bool(self.rule_notes.text()))

    def _clear_actions(self) -> None:
        while self.actions_grid.count():
            w = self.actions_grid.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.action_buttons = []

    def _show_actions(self, plan: Plan, s: IncidentState) -> None:
        acts = available_events(plan, as_of(s, self.service.clock.now()), self.role)  # time windows: now
        primary_set = False
        for i, a in enumerate(acts):
            b = QPushButton(a["title"])
            b.setObjectName(f"fire_{a['event']}")
            b.setProperty("event", a["event"])
            b.setEnabled(a["allowed"])
            b.setToolTip(a["reason"] or self.tr("执行「{title}」").format(title=a["title"]))
            b.setProperty("tip", b.toolTip())
            if a["allowed"] and not primary_set and a.get("kind") == "forward" and not a.get("ends"):
                # the primary action (Ctrl+Enter) is the plan's next step, never a dismissal,
                # de-escalation, termination or anything that closes the incident
                b.setDefault(True)
                b.setStyleSheet("font-weight:bold;")
                b.setToolTip(b.toolTip() + "  (Ctrl+Enter)")
                primary_set = True
            if a.get("kind") in CONFIRMED_KINDS or a.get("ends"):
                b.setProperty("confirm", True)
            b.clicked.connect(lambda _=False, ev=a["event"]: self.fire(ev))
            self.actions_grid.addWidget(b, i // 2, i % 2)
            self.action_buttons.append(b)
        self._window_tips()
        if not acts:
            lbl = QLabel(self.tr("当前没有可执行的预案事件") if not s.closed else self.tr("事件已结案"))
            lbl.setStyleSheet("color:#7f8c8d;")
            self.actions_grid.addWidget(lbl, 0, 0)

    def _window_tips(self) -> None:
        """A step refused for a time window says which, and how far it has run (format 2)."""
        for b in self.action_buttons:
            waiting = self.approvals.unmet_text(b.property("event")) if not b.isEnabled() else None
            tip = b.property("tip")
            b.setToolTip(tip + "\n" + self.tr("时间窗口未满足：{w}").format(w=waiting) if waiting else tip)

    def _show_facts(self, plan: Plan, s: IncidentState, shown: IncidentState | None = None) -> None:
        """Fill the facts form. While the user has unsaved edits, a change from another console
        fills only the fields they did not touch, and a notice says what changed underneath and
        by whom; saving then keeps the user's values, 放弃我的修改 takes the new ones."""
        form = self.facts_form
        if form is None or form.plan is not plan:
            form = self.facts_form = FactsForm(plan, assessed=True)
            form.sig_edited.connect(self._facts_edited)
            self.facts_scroll.setWidget(form)
        elif form.dirty and shown is not None and shown.version != s.version:
            form.merge_values(s.facts)
            form.settle(s.facts)
            changed = [k for k in plan.facts if shown.facts.get(k) != s.facts.get(k)]
            mine = (self.incident_id, s.version) in self._own_versions  # this window's own save
            if form.dirty and changed and not mine:
                self._notice_facts_changed(plan, shown, changed)
                return
            if form.dirty:
                return
        elif form.dirty:
            return  # a redraw with nothing new underneath keeps the user's input as it is
        form.set_values(s.facts)
        form.set_assessed(s.assessed)
        self.facts_notice.hide()
        self.discard_facts_button.hide()

    def _facts_edited(self) -> None:
        """The message 「…填写有误，未保存」 goes once every field in error has been fixed."""
        if self._facts_error_shown and self.facts_form is not None and not self.facts_form.visible_errors():
            self._facts_error_shown = False
            self.show_message(None)

    def _notice_facts_changed(self, plan: Plan, shown: IncidentState, changed: list[str]) -> None:
        assert self.facts_form is not None and self.incident_id is not None
        who = self._changed_by(shown.version)
        labels = "、".join(plan.facts[k].label for k in changed)
        mine = "、".join(plan.facts[k].label for k in plan.facts if k in self.facts_form.dirty)
        self.facts_notice.setText(self.tr(
            "{who}更新了事实：{labels}。您未保存的修改（{mine}）已保留：保存将以您的修改为准，"
            "或点「放弃我的修改」采用最新数据。").format(who=who, labels=labels, mine=mine))
        self.facts_notice.show()
        self.discard_facts_button.show()

    def _changed_by(self, since_version: int) -> str:
        """「张三（10:32）」: who changed the shown incident after ``since_version`` (the timer aside)."""
        assert self.incident_id is not None
        events = [e for e in self.service.log.read(self.incident_id, after_version=since_version)
                  if e.role != "system"]
        if not events:
            return self.tr("其他席位")
        names = []
        for e in events:
            if e.actor not in names:
                names.append(e.actor)
        return self.tr("{names}（{t}）").format(names="、".join(names), t=short_time(events[-1].recorded_at))

    def discard_fact_edits(self) -> None:
        if self.facts_form is not None and self.state is not None:
            self.facts_form.set_values(self.state.facts)
        self.facts_notice.hide()
        self.discard_facts_button.hide()

    def _linked_done(self, incident_id: str) -> None:
        self.bus.flush()  # both incidents redraw from the change set
        self.sig_changed.emit(incident_id)

    def update_countdowns(self) -> None:
        now = self.service.clock.now()
        self.deadlines.update_countdowns(now)
        self.tasks.update_countdowns(now)
        if self.approvals.update_countdowns(now) and self.plan is not None and self.state is not None:
            self._clear_actions()  # a time window opened (or closed): the actions it guards change
            self._show_actions(self.plan, self.state)
        elif self.approvals.windows:
            self._window_tips()

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when the shown incident's plan state changed, here or at another console."""
        if self.incident_id and changes.touches(Topic.STATE, incident=self.incident_id):
            self.refresh()

    # -- commands ---------------------------------------------------------------
    def run(self, type_: str, data: dict[str, Any], ok_text: str | None = None) -> bool:
        """Run one command on the selected incident off the GUI thread (:mod:`ui.widgets.runner`);
        show a refusal in the message bar. True when accepted — or queued behind a command still
        running (its outcome is then shown when it is done)."""
        if not self.incident_id:
            return False
        iid = self.incident_id
        # The command carries the version on screen: if someone else changed the incident since
        # (the timer's missed-deadline records aside), it is refused and the new state shown.
        # A command queued behind this window's own commands expects the version they left.
        shown = self.state.version if self.state is not None else None
        service, actor, role = self.service, self.actor, self.role
        own = self._own_after

        def op() -> Any:  # on the worker thread: the console only, no widget
            expected = shown
            while expected is not None and (iid, expected) in own:
                expected = own[(iid, expected)]
            result = service.command(iid, type_, data, actor=actor, role=role, expected_version=expected)
            if expected is not None:
                own[(iid, expected)] = result.version
            self._own_versions.add((iid, result.version))
            return result

        outcome: list[bool] = []

        def done(_result: Any) -> None:
            outcome.append(True)
            if iid == self.incident_id:  # (another incident selected meanwhile: its bar is left alone)
                self.show_message(with_level_notice(ok_text, _result), error=False)
            self.bus.flush()  # every view redraws from the change set (on_changes)
            self.sig_changed.emit(iid)

        def refused(exc: Exception) -> None:
            outcome.append(False)
            if isinstance(exc, StaleAppend):
                text = self._stale_text(exc.expected) if iid == self.incident_id else None
            elif isinstance(exc, Refused):  # the plan, the bounds, or the database server itself said no
                text = self.tr("已拒绝：{reason}").format(reason=exc.reason)
            else:
                raise exc
            if iid != self.incident_id:
                text = self.tr("{id}：{text}").format(id=iid, text=text or self.tr("未执行"))
            self.show_message(text)
            if self.incident_id:
                self.refresh()

        self.runner.run(self._command_label(type_, data), op, success=done, failure=refused)
        return outcome[0] if outcome else True

    def _command_label(self, type_: str, data: dict[str, Any]) -> str:
        """What a command does, for the busy indicator (「正在保存事实…」)."""
        if type_ == "fire":
            title = self.plan.event_title(data.get("event", "")) if self.plan else data.get("event", "")
            return self.tr("执行「{title}」").format(title=title)
        return {"facts": self.tr("保存事实"), "complete_task": self.tr("完成任务"),
                "reopen_task": self.tr("撤销完成"), "acknowledge_task": self.tr("签收任务"),
                "decide_level": self.tr("认定级别"), "approval_decided": self.tr("登记批复")}.get(type_, type_)

    def _stale_text(self, since_version: int) -> str:
        """What changed since the user last saw the incident, by whom and when (for a refusal)."""
        assert self.incident_id is not None
        events = [e for e in self.service.log.read(self.incident_id, after_version=since_version)
                  if e.role != "system"]
        plan = self.plan
        if not events or plan is None:
            return self.tr("未执行：该事件刚被其他席位更新，已显示最新状态，请确认后重试")
        done = "；".join(f"{e.actor} {short_time(e.recorded_at)} {describe(plan, e.type, e.payload.get('data') or {})}"
                        for e in events[-3:])
        return self.tr("未执行：在您查看之后，{changes}。已显示最新状态，请确认后再操作").format(changes=done)

    def fire(self, event: str) -> bool:
        title = self.plan.event_title(event) if self.plan else event
        waiting = self.approvals.unmet_text(event)
        allowed = any(b.property("event") == event and b.isEnabled() for b in self.action_buttons)
        if waiting and not allowed:  # say which window is not yet met, not only the rule
            self.show_message(self.tr("「{title}」尚不能执行，时间窗口未满足：{w}").format(title=title, w=waiting))
            return False
        question = self._consequence(event)
        if question is not None and not self.confirm(self.tr("确认：{title}").format(title=title), question):
            self.show_message(self.tr("已取消：{title}").format(title=title), error=False)
            return False
        return self.run("fire", {"event": event}, self.tr("已执行：{title}").format(title=title))

    def _consequence(self, event: str) -> str | None:
        """What firing ``event`` will do, when it must be confirmed first (None: no question)."""
        if self.plan is None or self.state is None:
            return None
        act = next((a for a in available_events(self.plan, self.state, self.role) if a["event"] == event), None)
        kind = self.plan.event_kind(event)
        ends = bool(act and act.get("ends"))
        if kind not in CONFIRMED_KINDS and not ends:
            return None
        title = self.plan.event_title(event)
        what = {
            "dismiss": self.tr("事件将被排除，不再按本预案处置"),
            "deescalate": self.tr("将降低响应级别或转为非级别处置"),
            "terminate": self.tr("将终止应急响应"),
            "close": self.tr("事件将结案"),
        }.get(kind or "", self.tr("事件将结案"))
        if title.startswith("提请") and not ends:  # 提请终止响应, 提请降低级别: a proposal, not the step itself
            what = self.tr("这是提请，转入评估；响应本身尚未改变")
        if ends:
            what += self.tr("；结案后不能再更改，未完成的任务和期限不再跟踪")
        open_tasks = self.state.open_task_count()
        tasks = self.tr("（尚有 {n} 项任务未完成）").format(n=open_tasks) if open_tasks else ""
        return self.tr("确定要「{title}」吗？{what}{tasks}。此操作会记入事件日志。").format(
            title=title, what=what, tasks=tasks)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible step (tests replace this)."""
        return ask_confirm(self, title, text)

    def fire_primary(self) -> bool:
        for b in self.action_buttons:
            if b.isEnabled() and b.isDefault():
                return self.fire(b.property("event"))
        return False

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for a line of text (a reason, a name); None when cancelled (tests replace this)."""
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    def _task_title(self, task_id: str) -> str:
        task = self.state.tasks.get(task_id) if self.state is not None else None
        return task["title"] if task is not None else task_id

    def complete_task(self, task_id: str) -> bool:
        """完成: asks first, naming the task (Enter cancels); a mistake is undone with 撤销."""
        title = self._task_title(task_id)
        if not self.confirm(self.tr("确认：完成任务"),
                            self.tr("确定任务「{title}」已完成吗？将以当前时间记为完成时间并记入事件日志"
                                    "（如属误记，可用「撤销」更正）。").format(title=title)):
            self.show_message(self.tr("未记录完成：{title}").format(title=title), error=False)
            return False
        return self.run("complete_task", {"task": task_id}, self.tr("任务已完成：{title}").format(title=title))

    def reopen_task(self, task_id: str) -> bool:
        """撤销完成: a completion recorded by mistake is withdrawn, with a reason; the log keeps both."""
        title = self._task_title(task_id)
        reason = self.ask_text(self.tr("撤销完成：{title}").format(title=title),
                               self.tr("撤销理由（必填，记入事件日志）："))
        if reason is None:
            return False
        return self.run("reopen_task", {"task": task_id, "reason": reason},
                        self.tr("已撤销完成，任务重新打开：{title}").format(title=title))

    def acknowledge_task(self, task_id: str) -> bool:
        """签收: record who of the responsible unit acknowledged the task (a name or the unit)."""
        title = self._task_title(task_id)
        task = self.state.tasks.get(task_id) if self.state is not None else None
        unit = ""
        if task is not None and self.plan is not None:
            unit = str(self.plan.units.get(task["unit"], {}).get("title", task["unit"]))
        who = self.ask_text(self.tr("签收任务：{title}").format(title=title),
                            self.tr("签收人（姓名或单位）："), unit)
        if who is None:
            return False
        data: dict[str, Any] = {"task": task_id}
        if who.strip():
            data["by"] = who.strip()
        return self.run("acknowledge_task", data, self.tr("已签收：{title}").format(title=title))

    def ask_approval(self, title: str, body: str, granted: bool) -> dict[str, Any] | None:
        """The 批准/不批准 dialog; its data, or None when cancelled (tests replace this)."""
        dlg = ApprovalDialog(title, body, granted, self)
        return dlg.values() if dlg.exec() == ApprovalDialog.DialogCode.Accepted else None

    def decide_approval(self, approval: str, granted: bool) -> bool:
        """登记上级批复: 批准 with the document number, 不批准 with the reason."""
        rec = self.state.approvals.get(approval) if self.state is not None else None
        if rec is None:
            return False
        data = self.ask_approval(rec["title"], rec["body"], granted)
        if data is None:
            return False
        done = self.tr("已登记：{by}批准「{title}」") if granted else self.tr("已登记：{by}不批准「{title}」")
        return self.run("approval_decided", {"approval": approval, **data},
                        done.format(by=data.get("by") or rec["body"], title=rec["title"]))

    def decide_level(self, level: str | None, reason: str, basis: str = "政府认定", rule: str | None = None) -> bool:
        name = self.plan.level_name(level) if self.plan else str(level)
        data = {"level": level, "reason": reason, "basis": basis}
        if rule:  # a 需认定 rule cited (plan format 2)
            data["rule"] = rule
        return self.run("decide_level", data, self.tr("级别已认定为 {level}").format(level=name))

    def save_facts(self) -> bool:
        """Save the facts form: nothing is written while any field is in error."""
        if not self.incident_id or self.facts_form is None or self.state is None:
            return False
        changed, errors = self.facts_form.changes(self.state.facts)
        assessed, more = self.facts_form.assessed_changes(self.state.assessed)  # 经评估可能 (format 2)
        errors = {**errors, **more}
        if errors:
            labels = "、".join(f"「{self.plan.facts[n].label}」" if self.plan and n in self.plan.facts else n
                              for n in errors)
            self.show_message(self.tr("{fields}填写有误，未保存（见各项下方的说明）").format(fields=labels))
            self._facts_error_shown = True
            self.tabs.setCurrentIndex(1)
            return False
        if not changed and not assessed:
            self.show_message(self.tr("事实没有改动"), error=False)
            return False
        data: dict[str, Any] = {"facts": changed}
        if assessed:
            data["assessed"] = assessed
        return self.run("facts", data, self.tr("已保存 {n} 项事实").format(n=len(changed) + len(assessed)))
