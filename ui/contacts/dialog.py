"""The 通知 dialog: whom (searched in the directory as one types), how, the answer, and the
message text the console prepared (复制 puts it on the clipboard; sending is outside the console);
and the dialog that adds or changes a directory entry."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.contacts.directory import COLUMNS, KINDS, Contact, ContactDirectory
from console.contacts.notifications import NotificationLog, NotificationRecord, NotifySource
from console.errors import InvalidInput, RecordError
from ui.contacts import labels

ROLE = Qt.ItemDataRole.UserRole


class NotifyDialog(QDialog):
    """Record one notification about ``incident_id`` (from ``source``, or none: 其他)."""

    def __init__(self, notifications: NotificationLog, directory: ContactDirectory, incident_id: str,
                 source: NotifySource | None, *, actor: str, role: str, unit_titles: dict[str, str] | None = None,
                 title: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("通知"))
        self.notifications, self.directory = notifications, directory
        self.incident_id, self.source = incident_id, source
        self.actor, self.role = actor, role
        self.unit_titles = unit_titles or {}
        self.recorded: NotificationRecord | None = None
        what = title or (source.title if source is not None else self.tr("其他通知（不针对具体任务或报告）"))
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.audience = QLabel(self.tr("预案指定的通知对象：{who}").format(who=source.audience)
                               if source is not None and source.audience else "")
        self.audience.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找联系人：名称、单位、职务、职责或号码"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh_matches)
        self.matches = QListWidget()
        self.matches.setMinimumHeight(120)
        self.matches.currentItemChanged.connect(lambda *_: self._contact_changed())
        self.method = QComboBox()
        for k, v in labels.methods().items():
            self.method.addItem(v, k)
        self.method.currentIndexChanged.connect(lambda *_: self._contact_changed())
        self.number = QLineEdit()
        self.result = QComboBox()
        for k, v in labels.results().items():
            self.result.addItem(v, k)
        self.reply = QPlainTextEdit()
        self.reply.setPlaceholderText(self.tr("对方的答复或备注（结果为「已回复」时必填）"))
        self.reply.setFixedHeight(54)
        self.message_text = QPlainTextEdit()
        self.message_text.setPlainText(notifications.prepare(incident_id, source.source if source else "other",
                                                             source.ref if source else ""))
        self.message_text.setMinimumHeight(90)
        self.copy_button = QPushButton(self.tr("复制"))
        self.copy_button.setToolTip(self.tr("复制通知内容，粘贴到短信、传真或电话记录中（系统不代发）"))
        self.copy_button.clicked.connect(self.copy_message)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        form = QFormLayout()
        form.addRow(self.tr("联系人"), self.search)
        form.addRow("", self.matches)
        form.addRow(self.tr("方式"), self.method)
        form.addRow(self.tr("号码"), self.number)
        form.addRow(self.tr("结果"), self.result)
        form.addRow(self.tr("回复内容"), self.reply)
        msg_row = QHBoxLayout()
        msg_row.addWidget(self.message_text, 1)
        msg_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("通知内容"), msg_row)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton(self.tr("记录"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        for b in (self.record_button, cancel, self.copy_button):  # Enter never records nor closes
            b.setAutoDefault(False)
            b.setDefault(False)
        self.search.returnPressed.connect(self.result.setFocus)  # Enter in the search: on to the result
        self.record_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.what)
        lay.addWidget(self.audience)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(560, 560)
        self.refresh_matches()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        """Enter never records nor closes (the button box would make 记录 the default button):
        a notification is recorded by clicking 记录 only."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- contact ------------------------------------------------------------------
    def _suggested(self) -> list[Contact]:
        """The contacts of the units the task or notice names, first."""
        if self.source is None:
            return []
        names = [p for p in re.split(r"[、,，;；]", self.source.audience) if p]
        return self.directory.suggest(self.source.units, names)

    def refresh_matches(self) -> None:
        text = self.search.text().strip()
        chosen = self.contact_code()
        found = self.directory.search(text, unit_titles=self.unit_titles, limit=200)
        if not text:
            first = self._suggested()
            codes = {c.code for c in first}
            found = first + [c for c in found if c.code not in codes]
        self.matches.blockSignals(True)
        self.matches.clear()
        for c in found:
            numbers = c.numbers()
            item = QListWidgetItem(f"{c.display}　{numbers}" if numbers else c.display)
            item.setData(ROLE, c.code)
            item.setToolTip(c.duties or c.note)
            self.matches.addItem(item)
            if c.code == chosen:
                self.matches.setCurrentItem(item)
        self.matches.blockSignals(False)
        if self.matches.currentItem() is None and self.matches.count():
            self.matches.setCurrentRow(0)
        self._contact_changed()

    def contact_code(self) -> str | None:
        item = self.matches.currentItem()
        return item.data(ROLE) if item is not None else None

    def choose(self, code: str) -> bool:
        """Select the contact with this code in the list (False if it is not listed)."""
        for i in range(self.matches.count()):
            if self.matches.item(i).data(ROLE) == code:
                self.matches.setCurrentRow(i)
                return True
        return False

    def _contact_changed(self) -> None:
        code = self.contact_code()
        if code is None:
            self.number.clear()
            return
        try:
            c = self.directory.get(code)
        except RecordError:
            self.number.clear()
            return
        self.number.setText(c.number_for(self.method.currentData()))

    # -- actions ----------------------------------------------------------------------
    def copy_message(self) -> None:
        QGuiApplication.clipboard().setText(self.message_text.toPlainText())
        self.error.setStyleSheet("color: #1e8449;")
        self.error.setText(self.tr("通知内容已复制"))

    def set_choice(self, combo: QComboBox, key: str) -> None:
        i = combo.findData(key)
        if i >= 0:
            combo.setCurrentIndex(i)

    def submit(self) -> bool:
        """Record it; on a refusal the reason stays in the dialog, which stays open."""
        code = self.contact_code()
        try:
            self.recorded = self.notifications.record(
                self.incident_id, contact=code or "", method=self.method.currentData(),
                result=self.result.currentData(), reply=self.reply.toPlainText(),
                source=self.source.source if self.source else "other", ref=self.source.ref if self.source else "",
                message=self.message_text.toPlainText(), number=self.number.text(), actor=self.actor, role=self.role)
        except (InvalidInput, RecordError) as exc:
            self.error.setStyleSheet("color: #c0392b;")
            self.error.setText(str(exc))
            return False
        self.accept()
        return True


class ContactDialog(QDialog):
    """Add a directory entry, or change one (``code`` given): every column, each error under
    its field; nothing is saved while any is wrong."""

    def __init__(self, directory: ContactDirectory, *, actor: str, role: str, code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory, self.actor, self.role, self.code = directory, actor, role, code
        self.setWindowTitle(self.tr("修改联系人") if code else self.tr("添加联系人"))
        self.saved: Contact | None = None
        self.kind = QComboBox()
        for k, v in labels.kinds().items():
            if k in KINDS:
                self.kind.addItem(v, k)
        self.edits: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {"kind": self.kind}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        names = labels.columns()
        for attr, _, required, _ in COLUMNS:
            if attr != "kind":
                w: QLineEdit | QPlainTextEdit = QPlainTextEdit() if attr == "duties" else QLineEdit()
                if isinstance(w, QPlainTextEdit):
                    w.setFixedHeight(60)
                self.edits[attr] = w
            err = QLabel()
            err.setStyleSheet("color: #c0392b;")
            err.hide()
            self.errors[attr] = err
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(self.edits[attr])
            box.addWidget(err)
            form.addRow(names[attr] + (" *" if required else ""), box)
        self.plan_hint = QLabel(self.tr("预案工作组填编号，多个用逗号分开，如 medical,testing"))
        self.plan_hint.setStyleSheet("color: #7f8c8d;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.plan_hint)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        if code:
            c = directory.get(code)
            for attr, _, _, _ in COLUMNS:
                self.set_value(attr, ",".join(c.plan_units) if attr == "plan_units" else str(getattr(c, attr)))
            code_edit = self.edits["code"]
            assert isinstance(code_edit, QLineEdit)
            code_edit.setReadOnly(True)

    def set_value(self, attr: str, value: str) -> None:
        w = self.edits[attr]
        if isinstance(w, QComboBox):
            i = w.findData(value)
            w.setCurrentIndex(max(i, 0))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        else:
            w.setText(value)

    def value(self, attr: str) -> str:
        w = self.edits[attr]
        if isinstance(w, QComboBox):
            return str(w.currentData())
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def field_error(self, attr: str) -> str:
        err = self.errors[attr]
        return err.text() if not err.isHidden() else ""

    def submit(self) -> bool:
        data = {attr: self.value(attr) for attr, _, _, _ in COLUMNS}
        for err in self.errors.values():
            err.hide()
        try:
            if self.code:
                self.saved = self.directory.update(self.code, data, actor=self.actor, role=self.role)
            else:
                self.saved = self.directory.add(data, actor=self.actor, role=self.role)
        except InvalidInput as exc:
            for attr, msg in exc.by_field().items():
                if attr in self.errors:
                    self.errors[attr].setText(msg)
                    self.errors[attr].show()
            self.message.setText(str(exc))
            return False
        except RecordError as exc:
            self.message.setText(str(exc))
            return False
        self.accept()
        return True
