"""比较版本…: what changed between two versions of a plan (``console.plan.diff``), grouped by area
as a tree, one row per change with its lines, exportable as text for the officials who approve
the revision."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.plan.diff import PlanDiff
from ui.widgets.records import MessageLabel


class PlanDiffDialog(QDialog):
    """The changes of ``diff`` by area (基本信息、级别与分级、时限与周期 …); 导出文本… writes ``diff.text()``."""

    def __init__(self, diff: PlanDiff, parent: QWidget | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.diff = diff
        self.setObjectName("planDiffDialog")
        self.setWindowTitle(self.tr("比较版本：{old} → {new}").format(
            old=f"{diff.old.title} v{diff.old.version}", new=f"{diff.new.title} v{diff.new.version}"))
        sides = QLabel(self.tr("旧版：{old}\n新版：{new}").format(old=diff.old.label, new=diff.new.label))
        sides.setWordWrap(True)
        self.summary = QLabel(self.tr("两个版本含义相同：没有变化") if diff.identical
                              else self.tr("共 {n} 处变化").format(n=len(diff.changes)))
        self.summary.setObjectName("planDiffSummary")
        self.note = QLabel(note)  # e.g. how many incidents keep the old version
        self.note.setObjectName("planDiffNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.tree = QTreeWidget()
        self.tree.setObjectName("planDiffTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("变化"), self.tr("内容"), self.tr("行号")])
        for _area, title, items in diff.by_area():
            top = QTreeWidgetItem([f"{title}（{len(items)}）", "", ""])
            for c in items:
                QTreeWidgetItem(top, [c.kind_title, c.title, c.where])
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, 640)
        self.message = MessageLabel()
        self.message.setObjectName("planDiffMessage")
        self.export_button = QPushButton(self.tr("导出文本…"))
        self.export_button.setObjectName("planDiffExport")
        self.export_button.clicked.connect(self._export_dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(sides)
        lay.addWidget(self.summary)
        lay.addWidget(self.note)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(980, 620)

    def rows(self) -> list[tuple[str, list[str]]]:
        """(area heading, its change titles) as shown."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            kids = [top.child(j) for j in range(top.childCount())]
            out.append((top.text(0), [k.text(1) for k in kids if k is not None]))
        return out

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出比较结果"), self.tr("预案版本比较.txt"),
                                              self.tr("文本文件 (*.txt)"))
        if path:
            self.export(path)

    def export(self, path: str | Path) -> bool:
        """Write the comparison as text (UTF-8); the result is said in the dialog."""
        try:
            Path(path).write_text(self.diff.text() + "\n", encoding="utf-8")
        except OSError as exc:
            self.message.error(self.tr("无法写出「{file}」：{reason}").format(
                file=Path(path).name, reason=exc.strerror or type(exc).__name__))
            return False
        self.message.ok(self.tr("已导出：{file}").format(file=str(path)))
        return True
