"""基础数据 (文件 → 基础数据…): how many townships, entities, depots, minimums, experts and
specialty synonyms the database holds, and the import and export of each register. A refused
file lists every problem with its row and column, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.errors import Refused
from ui.reference import setup

REGISTERS = ("townships", "entities", "depots", "minimums", "experts", "synonyms")


class ReferenceDialog(QDialog):
    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "",
                 role: str = "duty_officer", embedded: bool = False) -> None:
        super().__init__(parent)
        if embedded:  # a tab of the administration window: a plain widget, no Close button
            self.setWindowFlags(Qt.WindowType.Widget)
        self.console = console
        self.actor = actor
        self.role = role
        self.setWindowTitle(self.tr("基础数据"))
        self.setObjectName("referenceDialog")
        lay = QVBoxLayout(self)
        j = console.jurisdiction
        self.place = QLabel(self.tr("辖区：{code}").format(code=j) if j else
                            self.tr("尚未设置辖区：请先设置辖区，再导入带坐标的基础数据"))
        lay.addWidget(self.place)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("名录"), self.tr("条数")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入…"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setPlaceholderText(self.tr("导入有问题时，这里逐行列出（第几行、哪一列、什么问题）"))
        lay.addWidget(self.problems, 1)
        if not embedded:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
            lay.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.resize(640, 520)
        self.refresh()
        self.table.selectRow(0)

    def _titles(self) -> dict[str, str]:
        return {"townships": self.tr("乡镇名录"), "entities": self.tr("监管对象名录"),
                "depots": self.tr("储备库"), "minimums": self.tr("最低储备量"),
                "experts": self.tr("专家库"), "synonyms": self.tr("专业同义词")}

    def counts(self) -> dict[str, str]:
        c = self.console.reference.counts()
        experts = len(self.console.experts.list())
        return {
            "townships": self.tr("{n} 个").format(n=c["townships"]),
            "entities": self.tr("{n} 个").format(n=c["entities"]),
            "depots": self.tr("{n} 个（停用 {off} 个）").format(n=c["depots"], off=c["inactive_depots"]),
            "minimums": self.tr("{n} 条").format(n=c["minimums"]),
            "experts": self.tr("{n} 名").format(n=experts),
            "synonyms": self.tr("{n} 个").format(n=c["synonyms"]),
        }

    def refresh(self) -> None:
        titles, counts = self._titles(), self.counts()
        self.table.setRowCount(len(REGISTERS))
        for r, key in enumerate(REGISTERS):
            for c, text in enumerate((titles[key], counts[key])):
                item = QTableWidgetItem(text)
                item.setData(0x0100, key)  # Qt.UserRole
                self.table.setItem(r, c, item)

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return REGISTERS[rows[0].row()] if rows else None

    def _selected(self) -> None:
        key = self.selected()
        self.import_button.setEnabled(key is not None and key in self._importers())
        self.export_button.setEnabled(key is not None and key in self._exporters())

    def _importers(self) -> dict[str, Callable[[Console, Path, str, str], str]]:
        return {"townships": setup.import_townships, "entities": setup.import_entities,
                "depots": setup.import_depots, "minimums": setup.import_minimums,
                "experts": setup.import_experts}

    def _exporters(self) -> dict[str, Callable[[Path], Any]]:
        ref = self.console.reference

        def depots(p: Path) -> Any:
            from console.reserves.files import export_depots

            return export_depots(self.console.ledger, p)

        return {"townships": ref.export_townships, "entities": ref.export_entities, "depots": depots,
                "experts": self.console.experts.export_file}

    # -- import and export (the buttons ask for a file, then call these) ----------------------
    def import_file(self, key: str, path: str | Path) -> bool:
        """Import one register's file; True when written. Problems are listed row by row."""
        self.problems.clear()
        try:
            summary = self._importers()[key](self.console, Path(path), self.actor, self.role)
        except Refused as exc:
            lines = [str(p) for p in getattr(exc, "problems", [])] or [str(exc)]
            self.result.setText(self.tr("未导入任何数据：{name} 有 {n} 处问题").format(name=Path(path).name,
                                                                                n=len(lines)))
            self.problems.setPlainText("\n".join(lines))
            return False
        self.result.setText(summary)
        self.refresh()
        return True

    def export_file(self, key: str, path: str | Path) -> bool:
        try:
            self._exporters()[key](Path(path))
        except (Refused, ValueError, OSError) as exc:
            self.result.setText(self.tr("导出失败：{reason}").format(reason=str(exc)))
            return False
        self.result.setText(self.tr("已导出到 {path}").format(path=str(path)))
        return True

    def _ask_import(self) -> None:
        key = self.selected()
        if key is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入{name}").format(name=self._titles()[key]), "",
                                              self.tr("表格文件 (*.csv *.xlsx)"))
        if path:
            self.import_file(key, path)

    def _ask_export(self) -> None:
        key = self.selected()
        if key is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出{name}").format(name=self._titles()[key]),
                                              f"{self._titles()[key]}.xlsx", self.tr("表格文件 (*.csv *.xlsx)"))
        if path:
            self.export_file(key, path)
