"""The contacts panel (通讯录与通知): for the selected incident what is to be passed on and the
notifications recorded, with the 通知 dialog; and the directory, searched as one types, with
XLSX import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.contacts.directory import EXPERT_PREFIX
from console.contacts.notifications import NotifySource
from console.errors import RecordError
from ui.bus import bus_for
from ui.contacts import labels
from ui.contacts.dialog import ContactDialog, NotifyDialog
from ui.widgets.records import MessageLabel, fill, t, table

RED = QColor("#c0392b")
GREEN = QColor("#1e8449")
MAX_COLUMN = 190  # px: a long text is cut in its cell (full text in the tooltip), the dock needs no sideways scroll


def _fit(table: QTableWidget) -> None:
    """Long cells get their text as a tooltip; no column wider than MAX_COLUMN."""
    for c in range(table.columnCount()):
        if table.columnWidth(c) > MAX_COLUMN:
            table.setColumnWidth(c, MAX_COLUMN)
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is not None and len(item.text()) > 12:
                item.setToolTip(item.text())


class ContactsPanel(QWidget):
    sig_changed = Signal(str)
    """Emitted with the incident id after a notification about it was recorded."""

    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "值班员",
                 role: str = "duty_officer") -> None:
        super().__init__(parent)
        self.console = console
        self.directory = console.contacts
        self.notifications = console.notifications
        self.actor, self.role = actor, role
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.incident_id: str | None = None
        self.sources: list[NotifySource] = []
        self.dialog: NotifyDialog | None = None
        # -- notifications of the incident
        self.incident_label = QLabel(self.tr("未选择事件"))
        self.pending_label = QLabel()
        self.pending_label.setStyleSheet("color: #c0392b;")
        self.source_table = table([self.tr("状态"), self.tr("待通知事项"), self.tr("通知对象")])
        self.source_table.doubleClicked.connect(lambda *_: self.open_notify())
        self.notify_button = QPushButton(self.tr("通知…"))
        self.notify_button.setToolTip(self.tr("记录一次电话、短信、传真或当面通知（选中上面的事项则据此拟好通知内容）"))
        self.notify_button.clicked.connect(lambda: self.open_notify())
        self.log_table = table([self.tr("时间"), self.tr("联系人"), self.tr("结果"), self.tr("方式"),
                                self.tr("号码"), self.tr("回复内容"), self.tr("事项"), self.tr("记录人")])
        notify_tab = QWidget()
        nl = QVBoxLayout(notify_tab)
        head = QHBoxLayout()
        head.addWidget(self.incident_label, 1)
        head.addWidget(self.notify_button)
        nl.addLayout(head)
        nl.addWidget(self.pending_label)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.source_table)
        split.addWidget(self.log_table)
        nl.addWidget(split, 1)
        # -- the directory
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找：名称、单位、职务、职责、号码（含专家库）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh_directory)
        self.add_button = QPushButton(self.tr("添加…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.add_button.clicked.connect(lambda: self.open_contact(None))
        self.edit_button.clicked.connect(lambda: self.open_contact(self.selected_contact()))
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("导入（XLSX）"))
        self.export_button = QPushButton(self.tr("导出"))
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        self.directory_table = table([self.tr("类别"), self.tr("名称"), self.tr("所属单位"), self.tr("职务或值班角色"),
                                      self.tr("办公电话"), self.tr("手机"), self.tr("传真"), self.tr("职责"),
                                      self.tr("备注")])
        directory_tab = QWidget()
        dl = QVBoxLayout(directory_tab)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        dl.addLayout(top)
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        dl.addLayout(actions)
        dl.addWidget(self.directory_table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(notify_tab, self.tr("通知记录"))
        self.tabs.addTab(directory_tab, self.tr("通讯录"))
        self.message = MessageLabel()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        for b in (self.add_button, self.edit_button, self.remove_button, self.import_button):
            b.setEnabled(role != "observer")  # an observer only looks
        self.refresh_directory()
        self.set_incident(None)

    # -- the incident ---------------------------------------------------------------
    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.notify_button.setEnabled(incident_id is not None and self.role != "observer")
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """The directory on a directory or expert change; the incident's lists when its tasks,
        notices or reports changed, or a notification was recorded."""
        if changes.touches(Topic.CONTACTS, Topic.EXPERTS):
            self.refresh_directory()
        if self.incident_id is not None and (
                changes.touches(Topic.CONTACTS) or changes.touches(Topic.STATE, Topic.REPORTS,
                                                                   incident=self.incident_id)):
            self.refresh()

    def refresh(self) -> None:
        if self.incident_id is None:
            self.incident_label.setText(self.tr("未选择事件：请在事件列表中选择一起事件"))
            self.pending_label.clear()
            self.sources = []
            fill(self.source_table, [])
            fill(self.log_table, [])
            return
        try:
            title = self.console.incidents.summary(self.incident_id).title
            self.sources = self.notifications.sources(self.incident_id)
            rows = self.notifications.list(self.incident_id)
        except (LookupError, RecordError) as exc:
            self.message.error(str(exc))
            return
        self.incident_label.setText(f"{self.incident_id}　{title}")
        fill(self.source_table, [[self.status_title(s), self.source_title(s), s.audience] for s in self.sources],
             [i for i in range(len(self.sources))])
        for r, s in enumerate(self.sources):
            item = self.source_table.item(r, 0)
            item.setForeground(QBrush(GREEN if s.notified else RED if s.source == "notice" else QColor("#7f8c8d")))
        _fit(self.source_table)
        missing = [s for s in self.sources if s.source == "notice" and not s.notified]
        self.pending_label.setText(self.tr("预案要求的通知尚有 {n} 项未通知").format(n=len(missing))
                                   if missing else "")
        titles = {(s.source, s.ref): self.source_title(s) for s in self.sources}
        results, methods = labels.results(), labels.methods()
        fill(self.log_table, [[t(n.at), n.who, results.get(n.result, n.result), methods.get(n.method, n.method),
                               n.number,
                               n.reply, titles.get((n.source, n.source_ref), self.tr("其他")), n.actor]
                              for n in reversed(rows)])
        _fit(self.log_table)

    def source_title(self, s: NotifySource) -> str:
        """「任务：组织救治伤病员（医疗救治组）」 in the window's language (the plan's words as they are)."""
        if s.source == "notice":
            return self.tr("预案通知（{channel}）：{text}").format(channel=labels.channels().get(s.detail, s.detail),
                                                                 text=s.subject)
        if s.source == "task":
            return self.tr("任务：{title}（{unit}）").format(title=s.subject, unit=s.detail)
        return self.tr("报告：{title}").format(title=s.subject)

    def status_title(self, s: NotifySource) -> str:
        if s.reached:
            return self.tr("已通知（{n} 次）").format(n=s.reached)
        if s.attempts:
            return self.tr("未通知（{n} 次未接通）").format(n=s.attempts)
        return self.tr("未通知")

    def selected_source(self) -> NotifySource | None:
        rows = {i.row() for i in self.source_table.selectedItems()}
        return self.sources[min(rows)] if rows and min(rows) < len(self.sources) else None

    def row_of(self, source: str, ref: str) -> int | None:
        """The row of the source table showing this task, notice or report."""
        return next((i for i, s in enumerate(self.sources) if (s.source, s.ref) == (source, ref)), None)

    def select_source(self, source: str, ref: str) -> bool:
        for i, s in enumerate(self.sources):
            if (s.source, s.ref) == (source, ref):
                self.source_table.selectRow(i)
                return True
        return False

    def open_notify(self, source: NotifySource | None = None) -> NotifyDialog | None:
        """Open the 通知 dialog for the selected item (or ``source``); it records on 记录."""
        if self.incident_id is None:
            self.message.error(self.tr("请先选择一起事件"))
            return None
        src = source or self.selected_source()
        try:
            plan = self.console.incidents.plan_for(self.incident_id)
            titles = {k: str(u.get("title", k)) for k, u in plan.units.items()}
            dialog = NotifyDialog(self.notifications, self.directory, self.incident_id, src, actor=self.actor,
                                  role=self.role, unit_titles=titles,
                                  title=self.source_title(src) if src is not None else None, parent=self)
        except (LookupError, RecordError) as exc:
            self.message.error(str(exc))
            return None
        dialog.accepted.connect(lambda: self._recorded(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _recorded(self, dialog: NotifyDialog) -> None:
        n = dialog.recorded
        if n is None:
            return
        self.bus.flush()
        self.refresh()
        self.message.ok(self.tr("已记录通知：") + n.line())
        if n.incident_id:
            self.sig_changed.emit(n.incident_id)

    # -- the directory ------------------------------------------------------------------
    def refresh_directory(self) -> None:
        found = self.directory.search(self.search.text())
        kinds = labels.kinds()
        fill(self.directory_table, [[kinds.get(c.kind, c.kind_title), c.name, c.organisation, c.position,
                                     c.office_phone, c.mobile, c.fax, c.duties, c.note] for c in found],
             [c.code for c in found])
        _fit(self.directory_table)

    def selected_contact(self) -> str | None:
        rows = {i.row() for i in self.directory_table.selectedItems()}
        return self.directory_table.item(min(rows), 0).data(256) if rows else None

    def open_contact(self, code: str | None) -> ContactDialog | None:
        """The dialog that adds an entry (``code`` None) or changes the selected one."""
        if code is not None and code.startswith(EXPERT_PREFIX):
            self.message.error(self.tr("专家的信息在专家库中维护，请到「专家库」修改"))
            return None
        try:
            dialog = ContactDialog(self.directory, actor=self.actor, role=self.role, code=code, parent=self)
        except RecordError as exc:
            self.message.error(str(exc))
            return None
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _saved(self, dialog: ContactDialog) -> None:
        if dialog.saved is not None:
            self.bus.flush()
            self.message.ok(self.tr("已保存：") + dialog.saved.display)

    def remove_selected(self) -> bool:
        """Delete the selected entry after a confirmation naming it."""
        code = self.selected_contact()
        if code is None:
            self.message.error(self.tr("请先在通讯录中选择一条"))
            return False
        if code.startswith(EXPERT_PREFIX):
            self.message.error(self.tr("专家的信息在专家库中维护，请到「专家库」修改"))
            return False
        try:
            c = self.directory.get(code)
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除联系人"),
                          self.tr("确定从通讯录中删除「{who}」吗？已有的通知记录保留原样。").format(who=c.display),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.directory.remove(code, actor=self.actor, role=self.role)
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self.bus.flush()
        self.message.ok(self.tr("已删除：") + c.display)
        return True

    def import_file(self, path: str | Path) -> bool:
        try:
            n = self.directory.import_file(path, actor=self.actor, role=self.role)
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self.bus.flush()
        self.message.ok(self.tr("已导入 {n} 条联系人").format(n=n))
        return True

    def export_file(self, path: str | Path) -> bool:
        try:
            n = self.directory.export_file(path)
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self.message.ok(self.tr("已导出 {n} 条联系人").format(n=n))
        return True

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入通讯录"), "", self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.import_file(path)

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出通讯录"), self.tr("通讯录.xlsx"),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.export_file(path)
