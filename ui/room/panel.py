"""The room panel (值守席位): alarms with one acknowledgement, who is at which seat, instructions
(批示/指令) with 签收 and 反馈, assignments and the user's own queue (我的待办).

Everything is read from the console's room services (console.room) and redrawn when the bus
brings a room change (this console's or another seat's); presence is read again every two
seconds and at once when another seat's NOTIFY arrives (PostgreSQL).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.errors import Refused
from console.room.alarms import Alarm
from console.room.assignments import ASSIGNER_ROLES, KIND_TITLES
from console.room.instructions import DEFAULT_ESCALATE, SENDER_ROLES, Instruction
from console.room.presence import HEARTBEAT, POLL, PresenceListener, Seat, SeatPresence
from console.store.db import DatabaseError
from ui.bus import bus_for
from ui.widgets.names import role_name
from ui.widgets.records import MessageLabel, fill, t, table

RED = "#c0392b"
ALARM_REFRESH_MS = 15_000  # overdue deadlines and escalations follow the clock


class _Wake(QObject):
    """Carries a presence notification from the listener thread to the GUI thread."""

    woke = Signal()


class RoomPanel(QWidget):
    alarms_changed = Signal(int)
    """The number of unacknowledged alarms (the status bar flashes while it is not 0)."""
    seats_changed = Signal(list)
    """The seats online now (list of console.room.presence.Seat)."""

    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "值班员",
                 role: str = "duty_officer", join: bool = False, escalate_minutes: int | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.room = console.room
        self.actor, self.role = actor, role
        self.incident_id: str | None = None
        self.unit: str | None = None
        self.display_name = actor
        try:
            account = console.accounts.get(actor)
        except (Refused, LookupError):
            account = None
        if account is not None:
            self.unit, self.display_name = account.unit, account.display_name
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.seat: SeatPresence | None = None
        self.seats: list[Seat] = []
        self.alarms: list[Alarm] = []
        self.instructions: list[Instruction] = []
        self._flash_on = False
        self._targets: list[tuple[str, str]] = []
        self._due: str | None = None  # what a burst of changes asks to redraw (see on_changes)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(150)
        self._later.timeout.connect(self._redraw_due)
        self._build(escalate_minutes)
        self._listener: PresenceListener | None = None
        if join:
            self.join()
        self.refresh()
        self.poll = QTimer(self)  # presence on every backend (PostgreSQL also wakes it at once)
        self.poll.timeout.connect(self.refresh_seats)
        self.poll.start(int(POLL * 1000))
        self.clock_timer = QTimer(self)  # deadlines and escalations pass with time
        self.clock_timer.timeout.connect(self.refresh)
        self.clock_timer.start(ALARM_REFRESH_MS)
        self.flash = QTimer(self)
        self.flash.timeout.connect(self._blink)
        self.flash.setInterval(1000)  # once a second, only while an alarm is unacknowledged (refresh_alarms)
        self._sync_flash()

    # -- building ------------------------------------------------------------------------
    def _build(self, escalate_minutes: int | None) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("roomAlarmBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.tabs = QTabWidget()
        # alarms
        self.alarm_table = table([self.tr("类别"), self.tr("时间"), self.tr("事件"), self.tr("告警"), self.tr("确认")])
        self.ack_alarm_button = QPushButton(self.tr("确认告警"))
        self.ack_alarm_button.clicked.connect(self.acknowledge_alarm)
        alarms = QWidget()
        al = QVBoxLayout(alarms)
        al.addWidget(self.alarm_table)
        al.addWidget(self.ack_alarm_button)
        # seats
        self.seat_table = table([self.tr("人员"), self.tr("角色"), self.tr("查看事件"), self.tr("正在编辑"),
                                 self.tr("席位"), self.tr("状态")])
        # instructions
        self.instruction_table = table([self.tr("编号"), self.tr("时间"), self.tr("下达人"), self.tr("对象"),
                                        self.tr("事件"), self.tr("内容"), self.tr("签收情况"), self.tr("反馈")])
        self.ack_button = QPushButton(self.tr("签收"))
        self.ack_button.clicked.connect(self.acknowledge_instruction)
        self.feedback_edit = QLineEdit()
        self.feedback_edit.setPlaceholderText(self.tr("反馈落实情况…"))
        self.feedback_button = QPushButton(self.tr("反馈"))
        self.feedback_button.clicked.connect(self.send_feedback)
        reply = QHBoxLayout()
        reply.addWidget(self.ack_button)
        reply.addWidget(self.feedback_edit, 1)
        reply.addWidget(self.feedback_button)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("指令"), "指令")
        self.kind_combo.addItem(self.tr("批示"), "批示")
        self.target_combo = QComboBox()
        self.target_combo.setMinimumContentsLength(8)
        self.for_incident = QCheckBox(self.tr("关联当前事件"))
        self.escalate_spin = QSpinBox()
        self.escalate_spin.setRange(1, 240)
        self.escalate_spin.setSuffix(self.tr(" 分钟"))
        self.escalate_spin.setValue(escalate_minutes or int(DEFAULT_ESCALATE.total_seconds() // 60))
        self.escalate_spin.setToolTip(self.tr("超过此时限未签收即告警"))
        self.instruction_text = QPlainTextEdit()
        self.instruction_text.setFixedHeight(48)
        self.instruction_text.setPlaceholderText(self.tr("批示或指令内容"))
        self.send_button = QPushButton(self.tr("下达"))
        self.send_button.clicked.connect(self.send_instruction)
        self.target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        send_row, when_row = QHBoxLayout(), QHBoxLayout()
        for w in (self.kind_combo, QLabel(self.tr("对象")), self.target_combo):
            send_row.addWidget(w)
        send_row.setStretch(2, 1)
        for item in (self.for_incident, QLabel(self.tr("签收时限")), self.escalate_spin, self.send_button):
            when_row.addWidget(item)
        self.send_box = QWidget()
        sl = QVBoxLayout(self.send_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.instruction_text)
        sl.addLayout(send_row)
        sl.addLayout(when_row)
        self.send_box.setVisible(self.role in SENDER_ROLES)
        instructions = QWidget()
        il = QVBoxLayout(instructions)
        il.addWidget(self.instruction_table, 1)
        il.addLayout(reply)
        il.addWidget(self.send_box)
        # assignments and my queue
        self.queue_table = table([self.tr("类别"), self.tr("编号"), self.tr("内容"), self.tr("时间"), self.tr("来自")])
        self.done_button = QPushButton(self.tr("完成"))
        self.done_button.clicked.connect(self.finish_assignment)
        self.assignment_table = table([self.tr("编号"), self.tr("分派对象"), self.tr("承办人"), self.tr("分派人"),
                                       self.tr("时间"), self.tr("状态"), self.tr("说明")])
        self.assign_kind = QComboBox()
        for k, title in KIND_TITLES.items():
            self.assign_kind.addItem(self.tr(title), k)
        self.assign_ref = QComboBox()
        self.assign_kind.currentIndexChanged.connect(self._fill_refs)
        self.assignee_combo = QComboBox()
        self.assignee_combo.setEditable(True)
        self.assign_note = QLineEdit()
        self.assign_note.setPlaceholderText(self.tr("说明（可选）"))
        self.assign_button = QPushButton(self.tr("分派"))
        self.assign_button.clicked.connect(self.assign)
        self.assign_ref.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.assign_ref.setMinimumContentsLength(10)
        self.assignee_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.assignee_combo.setMinimumContentsLength(8)
        what_row, who_row = QHBoxLayout(), QHBoxLayout()
        what_row.addWidget(self.assign_kind)
        what_row.addWidget(self.assign_ref, 1)
        for part in (QLabel(self.tr("承办人")), self.assignee_combo, self.assign_note, self.assign_button):
            who_row.addWidget(part)
        self.assign_box = QWidget()
        abl = QVBoxLayout(self.assign_box)
        abl.setContentsMargins(0, 0, 0, 0)
        abl.addLayout(what_row)
        abl.addLayout(who_row)
        self.assign_box.setVisible(self.role in ASSIGNER_ROLES)
        work = QWidget()
        wl = QVBoxLayout(work)
        wl.addWidget(QLabel(self.tr("我的待办")))
        wl.addWidget(self.queue_table, 1)
        wl.addWidget(self.done_button)
        wl.addWidget(QLabel(self.tr("当前事件的分派")))
        wl.addWidget(self.assignment_table, 1)
        wl.addWidget(self.assign_box)
        self.tabs.addTab(alarms, self.tr("告警"))
        self.drafting_label = QLabel()  # 「王五正在起草续报（14:02 保存）」: report drafts in progress
        self.drafting_label.setObjectName("roomDrafting")
        self.drafting_label.setWordWrap(True)
        self.drafting_label.hide()
        seats = QWidget()
        sl = QVBoxLayout(seats)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.seat_table, 1)
        sl.addWidget(self.drafting_label)
        self.tabs.addTab(seats, self.tr("在席"))
        self.tabs.addTab(instructions, self.tr("指令"))
        self.tabs.addTab(work, self.tr("待办与分派"))
        self.message = MessageLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)

    # -- presence --------------------------------------------------------------------------
    def join(self) -> None:
        """Take this console's seat: its row, a heartbeat every ten seconds, and (PostgreSQL) a
        listener that redraws the seats as soon as another seat changes."""
        try:
            self.seat = self.room.presence.join(self.actor, self.role, display_name=self.display_name,
                                                unit=self.unit)
        except DatabaseError as exc:
            self.message.error(self.tr("无法登记席位：{reason}").format(reason=exc))
            return
        seat = self.seat
        self.destroyed.connect(lambda *_: self._farewell(seat))
        app = QCoreApplication.instance()
        if app is not None:  # quitting: the others see this seat leave at once, not after 30 s
            app.aboutToQuit.connect(self.leave)
        self.heartbeat = QTimer(self)
        self.heartbeat.timeout.connect(self.seat.heartbeat)
        self.heartbeat.start(int(HEARTBEAT * 1000))
        if self.console.db.dialect == "postgresql":
            self._wake = _Wake(self)
            self._wake.woke.connect(self.refresh_seats, Qt.ConnectionType.QueuedConnection)
            self._listener = PresenceListener(self.console.db)
            self._thread = threading.Thread(target=self._listener.run, args=(self._wake.woke.emit,),
                                            name="fds-presence", daemon=True)
            self._thread.start()

    def _farewell(self, seat: SeatPresence) -> None:
        """The panel is gone (the window closed): stop listening and leave the seat."""
        listener = self._listener
        if listener is not None:
            listener.stop()
        seat.leave()

    def leave(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if self.seat is not None:
            self.seat.leave()
            self.seat = None

    def set_incident(self, incident_id: str | None) -> None:
        """The window's selection: this seat now views that incident (the others see it)."""
        self.incident_id = incident_id
        if self.seat is not None:
            self.seat.viewing(incident_id)
        self.for_incident.setEnabled(incident_id is not None)
        self.for_incident.setChecked(incident_id is not None)
        self._fill_refs()
        self.refresh_assignments()

    def editing(self, kind: str | None, ref: str | None = None) -> None:
        """What this seat edits now (a form or a report; None when it is closed)."""
        if self.seat is not None:
            self.seat.editing(kind, ref)

    # -- redrawing ---------------------------------------------------------------------------
    def on_changes(self, changes: ChangeSet) -> None:
        """A room change redraws the room; an incident's plan step may raise or end an alarm. A
        burst of changes (another seat's ten commands a second) is redrawn once."""
        if changes.touches(Topic.ROOM):
            self._due = "all"
        elif changes.touches(Topic.INCIDENTS, Topic.STATE, Topic.IMPROVEMENTS) and self._due is None:
            self._due = "alarms"
        else:
            return
        if not self._later.isActive():
            self._later.start()

    def _redraw_due(self) -> None:
        due, self._due = self._due, None
        if due == "all":
            self.refresh()
        elif due == "alarms":
            try:
                self.refresh_alarms()
            except DatabaseError:
                pass

    def refresh(self) -> None:
        try:
            self.refresh_seats()
            self.refresh_drafting()  # drafts move without any seat moving
            self.refresh_alarms()
            self.refresh_instructions()
            self.refresh_assignments()
        except DatabaseError:  # during an outage the window's banner says so; keep what is shown
            pass

    def refresh_seats(self) -> None:
        try:
            seats = self.room.presence.seats()
        except DatabaseError:
            return
        if seats == self.seats and self.seat_table.rowCount() == len(seats):
            return  # nothing moved since the last look (an idle room): no redraw
        self.seats = seats
        fill(self.seat_table, [[s.display_name or s.username, role_name(s.role, s.role_title), s.viewing or "—",
                                s.editing or "—", s.host,
                                self.tr("本席") if self.seat and s.seat_id == self.seat.seat_id else self.tr("在席")]
                               for s in self.seats])
        self.seats_changed.emit(self.seats)
        self._fill_targets()

    def refresh_drafting(self) -> None:
        """Report drafts in progress at any seat, the last saved first (from their room events)."""
        try:
            drafts = self.console.reports.drafting()
        except DatabaseError:
            return
        names = {s.username: s.display_name for s in self.seats}
        lines = [f"{d.incident_id}：{d.line(names.get(d.actor))}" for d in drafts[:5]]
        self.drafting_label.setText(self.tr("起草中：") + "\n" + "\n".join(lines) if lines else "")
        self.drafting_label.setVisible(bool(lines))

    def refresh_alarms(self) -> None:
        now = self.console.clock.now()
        current = self.room.alarms.current(now)
        acks = self.room.alarms.acks()
        self.alarms = [a for a in reversed(current) if a.key not in acks]  # the newest first
        shown = self.alarms + [a for a in reversed(current) if a.key in acks]
        rows = []
        for a in shown:
            done = acks.get(a.key)
            rows.append([self.tr(a.kind_title), t(a.since), a.incident_id or self.tr("全中心"), a.title,
                         self.tr("{who} {at} 已确认").format(who=done.acked_by, at=t(done.acked_at)) if done
                         else self.tr("未确认")])
        fill(self.alarm_table, rows, [a.key for a in shown])
        for r, a in enumerate(shown):
            if a.key not in acks:
                for c in range(self.alarm_table.columnCount()):
                    item = self.alarm_table.item(r, c)
                    if item is not None:
                        item.setForeground(Qt.GlobalColor.red)
        if self.alarms:
            self.banner.setText(self.tr("告警 {n} 条未确认：{first}").format(n=len(self.alarms),
                                                                       first=self.alarms[0].title))
            if self.banner.isHidden():
                self._flash_on = False
                self._blink()
            self.banner.show()
        else:
            self.banner.hide()
        self._sync_flash()
        self.alarms_changed.emit(len(self.alarms))

    def refresh_instructions(self) -> None:
        now = self.console.clock.now()
        mine = {i.id for i in self.room.instructions.for_me(self.actor, self.unit)}
        self.instructions = list(reversed(self.room.instructions.list()))
        rows = []
        for i in self.instructions:
            acks = "、".join(i.acked_by()) or "—"
            status = self.tr(i.status(now)) if not i.status(now).startswith("部分") else i.status(now)
            feedback = "；".join(f"{r.username}：{r.feedback}" for r in i.receipts if r.feedback) or "—"
            rows.append([i.id, t(i.sent_at), i.sender, i.target_title, i.incident_id or self.tr("全中心"),
                         f"{i.kind}：{i.text}", f"{status}（{acks}）", feedback])
        fill(self.instruction_table, rows, [i.id for i in self.instructions])
        for r, i in enumerate(self.instructions):
            overdue = i.overdue(now)
            for c in range(self.instruction_table.columnCount()):
                item = self.instruction_table.item(r, c)
                if item is not None and (overdue or i.id in mine):
                    item.setForeground(Qt.GlobalColor.red if overdue else Qt.GlobalColor.darkBlue)
        self.tabs.setTabText(2, self.tr("指令（{n} 待签收）").format(n=len(mine)) if mine else self.tr("指令"))

    def refresh_assignments(self) -> None:
        queue = self.room.assignments.queue(self.actor)
        pending = self.room.instructions.for_me(self.actor, self.unit)
        rows: list[list[Any]] = [[self.tr("分派"), a.id, a.what() + (f"（{a.note}）" if a.note else ""),
                                  t(a.assigned_at), a.assigned_by] for a in queue]
        rows += [[self.tr("指令"), i.id, f"{i.kind}：{i.text}", t(i.sent_at), i.sender] for i in pending]
        fill(self.queue_table, rows, [("assignment", a.id) for a in queue] + [("instruction", i.id) for i in pending])
        shown = self.room.assignments.list(incident_id=self.incident_id) if self.incident_id else []
        states = {"open": self.tr("办理中"), "done": self.tr("已完成"), "replaced": self.tr("已改派")}
        fill(self.assignment_table, [[a.id, a.what(), a.assignee, a.assigned_by, t(a.assigned_at),
                                      states.get(a.state, a.state), a.note] for a in reversed(shown)],
             [a.id for a in reversed(shown)])
        self.tabs.setTabText(3, self.tr("待办与分派（{n}）").format(n=len(rows)) if rows else self.tr("待办与分派"))

    def _fill_targets(self) -> None:
        """The recipients and assignees offered: accounts, units, the seats present (rebuilt only
        when they changed, so an open list is not pulled from under the user)."""
        names: dict[str, str] = {}
        units: set[str] = set()
        try:
            for u in self.console.accounts.list():
                if u.active and u.username != self.actor:
                    names[u.username] = u.display_name
                if u.unit:
                    units.add(u.unit)
        except Refused:
            pass
        for s in self.seats:
            if s.username != self.actor:
                names.setdefault(s.username, s.display_name)
            if s.unit:
                units.add(s.unit)
        offered = [("unit", u) for u in sorted(units)] + sorted(names.items())
        if offered == self._targets:
            return
        self._targets = offered
        current = self.target_combo.currentData()
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        self.target_combo.addItem(self.tr("全体"), "all:")
        for unit in sorted(units):
            self.target_combo.addItem(self.tr("单位：{unit}").format(unit=unit), f"unit:{unit}")
        for name, shown in sorted(names.items()):
            self.target_combo.addItem(shown if shown == name else f"{shown}（{name}）", f"account:{name}")
        k = self.target_combo.findData(current)
        self.target_combo.setCurrentIndex(max(k, 0))
        self.target_combo.blockSignals(False)
        assignee = self.assignee_combo.currentText()
        self.assignee_combo.clear()
        self.assignee_combo.addItems(sorted(names) + ([self.actor] if self.actor not in names else []))
        self.assignee_combo.setEditText(assignee)

    def _fill_refs(self) -> None:
        kind = self.assign_kind.currentData()
        self.assign_ref.clear()
        if not self.incident_id:
            return
        if kind == "incident":
            self.assign_ref.addItem(self.incident_id, self.incident_id)
        elif kind == "task":
            try:
                tasks = self.console.incidents.state(self.incident_id).tasks
            except (LookupError, Refused):
                tasks = {}
            for tid, task in tasks.items():
                self.assign_ref.addItem(f"{task.get('title', tid)}", tid)
        else:
            try:
                reports = [r for r in self.console.reports.register(self.incident_id) if r.status != "submitted"]
            except (LookupError, Refused):
                reports = []
            for rep in reports:
                self.assign_ref.addItem(f"{rep.kind_title}（{rep.report_no}）", rep.id)

    def _sync_flash(self) -> None:
        """The banner flashes only while there is an alarm: an idle console does not wake for it."""
        flash = getattr(self, "flash", None)
        if flash is None:
            return
        if self.alarms and not flash.isActive():
            flash.start()
        elif not self.alarms and flash.isActive():
            flash.stop()

    def _blink(self) -> None:
        if not self.alarms:
            self.banner.setStyleSheet("")
            return
        self._flash_on = not self._flash_on
        self.banner.setStyleSheet(f"background:{RED if self._flash_on else '#f5b7b1'};color:"
                                  f"{'white' if self._flash_on else RED};font-weight:bold;padding:4px;")

    # -- actions ---------------------------------------------------------------------------
    def _selected(self, tw: Any) -> Any:
        row = tw.currentRow()
        item = tw.item(row, 0) if row >= 0 else None
        return item.data(256) if item is not None else None

    def _do(self, fn: Any, done: str) -> bool:
        try:
            fn()
        except Refused as exc:
            self.message.error(str(exc))
            return False
        self.bus.flush()
        self.refresh()
        self.message.ok(done)
        return True

    def send_instruction(self) -> None:
        kind, _, target = str(self.target_combo.currentData() or "all:").partition(":")
        incident = self.incident_id if self.for_incident.isChecked() else None
        if self._do(lambda: self.room.instructions.send(
                self.instruction_text.toPlainText(), actor=self.actor, role=self.role, target_kind=kind,
                target=target, incident_id=incident, kind=self.kind_combo.currentData(),
                escalate_after=timedelta(minutes=self.escalate_spin.value())), self.tr("已下达")):
            self.instruction_text.clear()

    def _instruction_id(self) -> int | None:
        picked = self._selected(self.instruction_table)
        if picked is None and self.tabs.currentIndex() == 3:
            q = self._selected(self.queue_table)
            picked = q[1] if q and q[0] == "instruction" else None
        if picked is None:
            self.message.error(self.tr("请先在列表中选择一条指令"))
            return None
        return int(picked)

    def acknowledge_instruction(self) -> None:
        iid = self._instruction_id()
        if iid is not None:
            self._do(lambda: self.room.instructions.ack(iid, actor=self.actor, role=self.role, unit=self.unit),
                     self.tr("已签收"))

    def send_feedback(self) -> None:
        iid = self._instruction_id()
        if iid is not None and self._do(lambda: self.room.instructions.feedback(
                iid, self.feedback_edit.text(), actor=self.actor, role=self.role, unit=self.unit), self.tr("已反馈")):
            self.feedback_edit.clear()

    def acknowledge_alarm(self) -> None:
        key = self._selected(self.alarm_table)
        if key is None:
            key = self.alarms[0].key if self.alarms else None
        if key is None:
            self.message.error(self.tr("没有需要确认的告警"))
            return
        self._do(lambda: self.room.alarms.acknowledge(key, actor=self.actor, role=self.role), self.tr("已确认告警"))

    def assign(self) -> None:
        if not self.incident_id:
            self.message.error(self.tr("请先选择事件"))
            return
        incident = self.incident_id
        kind, ref = self.assign_kind.currentData(), self.assign_ref.currentData()
        self._do(lambda: self.room.assignments.assign(incident, self.assignee_combo.currentText(), actor=self.actor,
                                                      role=self.role, kind=kind, ref=ref,
                                                      note=self.assign_note.text()), self.tr("已分派"))

    def finish_assignment(self) -> None:
        picked = self._selected(self.queue_table)
        if not picked or picked[0] != "assignment":
            self.message.error(self.tr("请先在「我的待办」中选择一项分派"))
            return
        self._do(lambda: self.room.assignments.done(picked[1], actor=self.actor, role=self.role), self.tr("已完成"))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 — Qt's name
        self.leave()
        super().closeEvent(event)
