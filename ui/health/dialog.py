"""帮助 → 错误日志…: the console's own errors, for the administrator (and anyone at the desk).

The dialog reads the error log (:mod:`console.health.errorlog`) afresh each time it opens or
刷新 is pressed: a list (time, level, where, message), the selected record's details with its
traceback, 复制 (the record as text, for a support ticket) and 打开所在文件夹. It is read-only
and shown to every role: the log holds the console's own faults on this workstation, no
incident data beyond what an error message names, and an operator who sees 「程序内部错误
（已记录）」 in the status bar should be able to find it. Deleting or rotating the file is the
administrator's business outside the console.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ
from console.health.errorlog import ErrorLogHandler, ErrorRecord, default_path, install, read_errors

SHOWN = 500


class ErrorLogDialog(QDialog):
    """The newest :data:`SHOWN` records of the error log at ``path``, newest first."""

    def __init__(self, path: Path | str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLogDialog")
        self.setWindowTitle(self.tr("错误日志"))
        self.path = Path(path) if path is not None else default_path()
        self.records: list[ErrorRecord] = []
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("errorTable")
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("级别"), self.tr("位置"), self.tr("消息")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.details = QPlainTextEdit()
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        split = QSplitter()
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        self.copy_button = QPushButton(self.tr("复制"))
        self.copy_button.clicked.connect(self.copy_selected)
        folder = QPushButton(self.tr("打开所在文件夹"))
        folder.clicked.connect(self.open_folder)
        reload_ = QPushButton(self.tr("刷新"))
        reload_.clicked.connect(self.reload)
        row = QHBoxLayout()
        for b in (self.copy_button, folder, reload_):
            row.addWidget(b)
        row.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.where)
        lay.addWidget(split, 1)
        lay.addLayout(row)
        lay.addWidget(box)
        self.resize(900, 560)
        self.reload()

    def reload(self) -> None:
        self.records = read_errors(self.path, SHOWN)
        self.where.setText(self.tr("日志文件：{path}（共显示 {n} 条，最新在前）").format(
            path=self.path, n=len(self.records)))
        self.table.setRowCount(len(self.records))
        levels = {"WARNING": self.tr("警告"), "ERROR": self.tr("错误"), "CRITICAL": self.tr("严重")}
        for i, r in enumerate(self.records):
            cells = [r.time.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                     levels.get(r.level, r.level), r.where, r.message.splitlines()[0] if r.message else ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.copy_button.setEnabled(bool(self.records))
        if self.records:
            self.table.selectRow(0)
        else:
            self.details.setPlainText(self.tr("没有记录：本机控制台尚未发生错误。"))

    def selected(self) -> ErrorRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def record_text(self, r: ErrorRecord) -> str:
        head = (f"{r.time.astimezone(CHINA_TZ).isoformat(timespec='seconds')}  {r.level}  {r.where}\n"
                f"{r.message}\n")
        return head + (f"\n{r.traceback}" if r.traceback else "")

    def _show_selected(self) -> None:
        r = self.selected()
        self.details.setPlainText(self.record_text(r) if r is not None else "")

    def copy_selected(self) -> str:
        r = self.selected()
        text = self.record_text(r) if r is not None else ""
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def open_folder(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


def install_error_log(win: Any, path: Path | str | None = None) -> ErrorLogHandler:
    """Write the console's warnings and errors to the error log and add 帮助 → 错误日志… to
    ``win`` (a MainWindow). Returns the log handler (``.path`` is the file)."""
    handler = install(path)
    help_menu = None
    for a in win.menuBar().actions():
        menu = a.menu()
        if menu is not None and any(x.objectName() == "actShortcuts" for x in menu.actions()):
            help_menu = menu
    if help_menu is not None and not any(x.objectName() == "actErrorLog" for x in help_menu.actions()):
        act = QAction(QCoreApplication.translate("ErrorLogDialog", "错误日志…"), win)
        act.setObjectName("actErrorLog")
        act.triggered.connect(lambda: open_error_log(win, handler.path))
        help_menu.addAction(act)
    return handler


def open_error_log(win: Any, path: Path | str | None = None) -> ErrorLogDialog:
    dlg = ErrorLogDialog(path, win)
    dlg.setModal(False)
    dlg.show()
    return dlg


__all__ = ["ErrorLogDialog", "install_error_log", "open_error_log"]
