"""备份: the administration window's backups tab.

Lists the backups recorded in the chain (``admin.backup_taken``), takes one (立即备份…: a file
chosen in a dialog, then console.store.backup.backup — the copy is verified before it is kept and
recorded), and says how to restore (the ``db restore`` command, with the consoles closed). A
refusal is shown in the tab, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.clock import CHINA_TZ
from console.errors import Refused
from console.store.backup import BackupRecord, backup, default_backup_name, taken_backups


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class BackupTab(QWidget):
    """The last backups (when, who, file, size, chain head) and 立即备份…."""

    def __init__(self, console: Console, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.username = username
        self.setObjectName("backupTab")
        self.table = QTableWidget(0, 5, objectName="backupTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("操作人"), self.tr("文件"), self.tr("大小"), self.tr("链头")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.take_button = QPushButton(self.tr("立即备份…"), objectName="backupNow")
        self.take_button.clicked.connect(self._take_clicked)
        self.status = QLabel("", objectName="backupStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        help_text = QLabel(self.tr(
            "备份为在线备份：指挥台可照常工作。备份副本先校验事件链，通过后才保留，并作为事件记入日志"
            "（因此备份所含的链头在这条记录之前一个事件）。\n"
            "恢复：先关闭所有指挥台，再在命令行运行 python -m console db restore 备份文件 --to 新数据库"
            "（新的 SQLite 文件或空的 PostgreSQL 数据库，绝不覆盖现有数据库）；恢复后的事件链校验通过，"
            "再让各指挥台打开新数据库。"), objectName="backupHelp")
        help_text.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("最近的备份")))
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        box.addWidget(self.status)
        self.scheduled = QLabel("", objectName="backupScheduled")  # the last scheduled run (定时备份)
        self.scheduled.setWordWrap(True)
        self.scheduled.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.scheduled)
        box.addWidget(help_text)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt's name
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        from ui.admin.schedule import last_result

        last = last_result(self.console)
        self.scheduled.setText(self.tr("最近一次定时备份：{line}").format(line=last.line()) if last is not None
                               else self.tr("本次启动以来尚未运行定时备份（在 文件 › 设置… 中设置）"))
        self.scheduled.setStyleSheet("color:#c0392b;" if last is not None and not last.ok else "")
        try:
            records = taken_backups(self.console.log)
        except Refused as exc:
            self.status.setText(self.tr("无法读取备份记录：{reason}").format(reason=exc.reason))
            return
        self.records: list[BackupRecord] = records
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            cells = [r.taken_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"), r.actor, r.path,
                     _size(r.size), f"{r.head_seq}:{r.head_hash[:12]}…"]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(r.head_hash if col == 4 else value)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def ask_path(self) -> str | None:
        """The file to write (a save dialog); None: cancelled. Tests replace this method."""
        name = default_backup_name(self.console.db, self.console.clock.now())
        path, _ = QFileDialog.getSaveFileName(self, self.tr("备份到文件"), str(Path.home() / name))
        return path or None

    def _take_clicked(self) -> None:
        path = self.ask_path()
        if path:
            self.take_backup(path)

    def take_backup(self, path: str) -> BackupRecord | None:
        """Back up into ``path``; the result or the refusal is shown in the tab."""
        self.status.setText(self.tr("正在备份……"))
        self.status.repaint()
        try:
            record = backup(self.console.db, path, actor=self.username, role="admin",
                            clock=self.console.clock, log=self.console.log)
        except Refused as exc:
            self.status.setText(self.tr("备份未完成：{reason}").format(reason=exc.reason))
            self.status.setProperty("error", True)
            return None
        self.status.setProperty("error", False)
        self.status.setText(self.tr("已写入备份 {path}（{size}），链头 seq={seq}，事件链校验通过，已记入事件日志")
                            .format(path=record.path, size=_size(record.size), seq=record.head_seq)
                            if record.kind == "sqlite" else
                            self.tr("已写入备份 {path}（{size}，pg_dump），链头 seq={seq}，已记入事件日志；"
                                    "恢复时校验事件链").format(path=record.path, size=_size(record.size),
                                                          seq=record.head_seq))
        self.refresh()
        return record


__all__ = ["BackupTab"]
