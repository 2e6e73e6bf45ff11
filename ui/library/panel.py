"""The plan library (预案库) in the window: the list, 添加预案… (checked; located errors shown,
nothing added), 停用/恢复 with a reason, 查看原文. ``PlanLibraryWidget`` is the QWidget the admin
window embeds; ``PlanLibraryDialog`` wraps it for 文件 → 预案库…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.errors import Refused
from console.library.divisions import division_name
from console.library.library import LibraryPlan, PlanRefused
from console.plan.diagnostics import Diagnostic
from ui.bus import bus_for
from ui.widgets.records import MessageLabel, fill, t, table


def located(d: Diagnostic) -> str:
    """「第 9 行第 33 列：错误：…」 for one problem of a plan file."""
    return f"{Path(d.file).name}:{d.line}:{d.col}: {d.message}"


class PlanLibraryWidget(QWidget):
    """The plan library of a console, for ``actor`` in ``role`` (only an administrator, or anyone
    on a database without accounts, may add, retire or restore)."""

    def __init__(self, console: Console, actor: str = "管理员", role: str = "admin",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.library = console.library
        self.actor, self.role = actor, role
        self.entries: list[LibraryPlan] = []
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)

        self.show_retired = QCheckBox(self.tr("显示已停用的预案"))
        self.show_retired.setChecked(True)
        self.show_retired.toggled.connect(self.refresh)
        self.add_button = QPushButton(self.tr("添加预案…"))
        self.add_button.setObjectName("libraryAdd")
        self.add_button.clicked.connect(self._add_dialog)
        self.retire_button = QPushButton(self.tr("停用…"))
        self.retire_button.setObjectName("libraryRetire")
        self.retire_button.clicked.connect(lambda: self.retire_selected())
        self.restore_button = QPushButton(self.tr("恢复…"))
        self.restore_button.setObjectName("libraryRestore")
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.text_button = QPushButton(self.tr("查看原文"))
        self.text_button.setObjectName("libraryText")
        self.text_button.clicked.connect(lambda: self.view_text())
        top = QHBoxLayout()
        top.addWidget(self.show_retired)
        top.addStretch(1)
        for b in (self.add_button, self.retire_button, self.restore_button, self.text_button):
            top.addWidget(b)
        self.table = table([self.tr("名称"), self.tr("辖区"), self.tr("领域"), self.tr("版本"), self.tr("状态"),
                            self.tr("加入人"), self.tr("加入时间"), self.tr("使用事件"), self.tr("内容哈希"),
                            self.tr("停用原因")])
        self.table.setObjectName("libraryTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel()
        self.empty.setObjectName("libraryEmpty")
        self.empty.setWordWrap(True)
        self.message = MessageLabel()
        self.message.setObjectName("libraryMessage")
        self.errors = QPlainTextEdit()
        self.errors.setObjectName("libraryErrors")
        self.errors.setReadOnly(True)
        self.errors.setStyleSheet("color: #c0392b;")
        self.errors.setMaximumHeight(140)
        self.errors.hide()
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.message)
        lay.addWidget(self.errors)
        self.may_manage = self._may_manage()
        if not self.may_manage:
            tip = self.tr("只有管理员可以添加、停用或恢复预案")
            for b in (self.add_button, self.retire_button, self.restore_button):
                b.setEnabled(False)
                b.setToolTip(tip)
        self.refresh()

    def _may_manage(self) -> bool:
        try:
            self.library.check_role(self.role)
        except Refused:
            return False
        return True

    # -- the list ----------------------------------------------------------------------------------
    def on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(Topic.PLANS) or changes.touches(Topic.INCIDENTS):
            self.refresh()

    def refresh(self) -> None:
        keep = self.selected_hash()
        self.entries = self.library.entries(include_retired=self.show_retired.isChecked())
        used = self.library.usage()
        rows = [[e.title, f"{division_name(e.jurisdiction)}（{e.jurisdiction}）", e.domain_title, e.version,
                 e.status_title, e.added_by or self.tr("来自既有事件"), t(e.added_at),
                 used.get(e.content_hash, 0), e.short_hash, e.retired_reason] for e in self.entries]
        fill(self.table, rows, [e.content_hash for e in self.entries])
        for r, e in enumerate(self.entries):
            if not e.in_use:
                for c in range(self.table.columnCount()):
                    item = self.table.item(r, c)
                    if item is not None:
                        item.setForeground(Qt.GlobalColor.gray)
        self.empty.setText(self.tr("预案库为空：请管理员用「添加预案…」添加本辖区的预案，接报时才有预案可选。")
                           if not self.entries else "")
        self.empty.setVisible(not self.entries)
        if keep is not None:
            self.select(keep)
        self._selection_changed()

    def selected(self) -> LibraryPlan | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.entries[min(rows)] if rows and min(rows) < len(self.entries) else None

    def selected_hash(self) -> str | None:
        e = self.selected()
        return e.content_hash if e is not None else None

    def select(self, content_hash: str) -> bool:
        for r, e in enumerate(self.entries):
            if e.content_hash == content_hash:
                self.table.selectRow(r)
                return True
        return False

    def _selection_changed(self) -> None:
        e = self.selected()
        self.retire_button.setEnabled(self.may_manage and e is not None and e.in_use)
        self.restore_button.setEnabled(self.may_manage and e is not None and not e.in_use)
        self.text_button.setEnabled(e is not None)

    # -- adding ------------------------------------------------------------------------------------
    def _add_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("添加预案"), "", self.tr("预案文件 (*.yaml *.yml)"))
        if path:
            self.add_file(path)

    def add_file(self, path: str | Path) -> LibraryPlan | None:
        """Add a plan file: the new entry, or None with the refusal shown (errors located, line:col)."""
        self.errors.hide()
        try:
            e = self.library.add_file(path, actor=self.actor, role=self.role)
        except PlanRefused as exc:
            self.message.error(self.tr("「{file}」未加入预案库：{n} 处错误（行:列）").format(
                file=Path(path).name, n=len(exc.errors)))
            self.errors.setPlainText("\n".join(located(d) for d in exc.diagnostics))
            self.errors.show()
            return None
        except Refused as exc:
            self.message.error(str(exc))
            return None
        self.bus.flush()
        self.refresh()
        self.select(e.content_hash)
        self.message.ok(self.tr("已加入预案库：{title} v{version}（{place}，{domain}）").format(
            title=e.title, version=e.version, place=division_name(e.jurisdiction), domain=e.domain_title))
        return e

    # -- retiring and restoring --------------------------------------------------------------------
    def ask_reason(self, title: str, label: str) -> str | None:
        """The reason for 停用/恢复 (None: cancelled). Tests replace this."""
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    def retire_selected(self, reason: str | None = None) -> bool:
        e = self.selected()
        if e is None:
            self.message.error(self.tr("请先选择一个预案"))
            return False
        if reason is None:
            used = self.library.usage().get(e.content_hash, 0)
            label = self.tr("停用「{title}」v{version}：接报不再提供此版本；"
                            "已用它的 {n} 起事件仍按此版本处置。请填写停用原因：")
            reason = self.ask_reason(self.tr("停用预案"), label.format(title=e.title, version=e.version, n=used))
            if reason is None:
                return False
        try:
            done = self.library.retire(e.content_hash, reason=reason, actor=self.actor, role=self.role)
        except Refused as exc:
            self.message.error(str(exc))
            return False
        self.bus.flush()
        self.refresh()
        self.message.ok(self.tr("已停用：{title} v{version}").format(title=done.title, version=done.version))
        return True

    def restore_selected(self, reason: str | None = None) -> bool:
        e = self.selected()
        if e is None:
            self.message.error(self.tr("请先选择一个预案"))
            return False
        if reason is None:
            label = self.tr("恢复「{title}」v{version}，接报可再选用。恢复原因（可不填）：")
            reason = self.ask_reason(self.tr("恢复预案"), label.format(title=e.title, version=e.version))
            if reason is None:
                return False
        try:
            done = self.library.restore(e.content_hash, reason=reason, actor=self.actor, role=self.role)
        except Refused as exc:
            self.message.error(str(exc))
            return False
        self.bus.flush()
        self.refresh()
        self.message.ok(self.tr("已恢复：{title} v{version}").format(title=done.title, version=done.version))
        return True

    # -- the text ----------------------------------------------------------------------------------
    def view_text(self) -> QDialog | None:
        e = self.selected()
        if e is None:
            self.message.error(self.tr("请先选择一个预案"))
            return None
        try:
            text = self.library.text(e.content_hash)
        except Refused as exc:
            self.message.error(str(exc))
            return None
        dlg = QDialog(self)
        dlg.setObjectName("libraryTextDialog")
        dlg.setWindowTitle(self.tr("预案原文：{title} v{version}").format(title=e.title, version=e.version))
        view = QPlainTextEdit(text)
        view.setObjectName("libraryTextView")
        view.setReadOnly(True)
        view.setFont(QFont("monospace"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dlg.reject)
        lay = QVBoxLayout(dlg)
        lay.addWidget(QLabel(self.tr("内容哈希：{hash}").format(hash=e.content_hash)))
        lay.addWidget(view, 1)
        lay.addWidget(buttons)
        dlg.resize(760, 600)
        dlg.show()
        return dlg


class PlanLibraryDialog(QDialog):
    """文件 → 预案库…: the library widget in a window of its own."""

    def __init__(self, console: Console, actor: str = "管理员", role: str = "admin",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planLibraryDialog")
        self.setWindowTitle(self.tr("预案库"))
        self.widget = PlanLibraryWidget(console, actor, role, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.widget, 1)
        lay.addWidget(buttons)
        self.resize(1000, 520)
