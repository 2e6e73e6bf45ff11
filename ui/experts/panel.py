"""The expert registry panel (专家库): list and filter, availability, import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.errors import RecordError
from console.experts.registry import AVAILABILITY, SPECIALTIES
from ui.bus import bus_for
from ui.widgets.records import MessageLabel, fill, table


class ExpertsPanel(QWidget):
    def __init__(self, console: Console, actor: str = "值班员", role: str = "duty_officer",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = console.experts
        self.actor, self.role = actor, role  # who the registry's changes are recorded under
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.specialty_combo = QComboBox()
        self.specialty_combo.addItem(self.tr("全部专业"), None)
        for s in SPECIALTIES:
            self.specialty_combo.addItem(self.tr(s), s)
        self.specialty_combo.currentIndexChanged.connect(self.refresh)
        self.available_only = QCheckBox(self.tr("只看可参会"))
        self.available_only.toggled.connect(self.refresh)
        self.availability_combo = QComboBox()
        for k, v in AVAILABILITY.items():
            self.availability_combo.addItem(self.tr(v), k)
        self.set_button = QPushButton(self.tr("设置所选专家状态"))
        self.set_button.clicked.connect(self.set_selected_availability)
        self.import_button = QPushButton(self.tr("导入（CSV/XLSX）"))
        self.export_button = QPushButton(self.tr("导出"))
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("专业")))
        top.addWidget(self.specialty_combo)
        top.addWidget(self.available_only)
        top.addStretch(1)
        top.addWidget(self.availability_combo)
        top.addWidget(self.set_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        self.experts = table([self.tr("编号"), self.tr("姓名"), self.tr("专业领域"), self.tr("工作单位"),
                              self.tr("职称"), self.tr("联系电话"), self.tr("可用状态"), self.tr("所在地")])
        self.message = MessageLabel()
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.experts, 1)
        lay.addWidget(self.message)
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when the registry of the shown incident changed (here or at another console)."""
        if changes.touches(Topic.EXPERTS):
            self.refresh()

    def refresh(self) -> None:
        rows = self.registry.list(specialty=self.specialty_combo.currentData(),
                                  available=True if self.available_only.isChecked() else None)
        fill(self.experts, [[e.code, e.name, "、".join(e.specialties), e.organisation, e.title, e.phone,
                             e.availability_title, e.region] for e in rows], [e.code for e in rows])

    def selected_code(self) -> str | None:
        items = self.experts.selectedItems()
        return self.experts.item(items[0].row(), 0).data(256) if items else None

    def set_selected_availability(self) -> None:
        code = self.selected_code()
        if code is None:
            self.message.error(self.tr("请先选择一位专家"))
            return
        e = self.registry.set_availability(code, self.availability_combo.currentData(), actor=self.actor,
                                           role=self.role)
        self.bus.flush()
        self.message.ok(self.tr("{name} 的状态已设为「{state}」").format(name=e.name, state=e.availability_title))

    def import_file(self, path: str | Path) -> bool:
        try:
            n = self.registry.import_file(path, actor=self.actor, role=self.role)
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self.bus.flush()
        self.message.ok(self.tr("已导入 {n} 位专家").format(n=n))
        return True

    def export_file(self, path: str | Path) -> bool:
        try:
            n = self.registry.export_file(path)
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self.message.ok(self.tr("已导出 {n} 位专家").format(n=n))
        return True

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入专家库"), "", "*.csv *.xlsx")
        if path:
            self.import_file(path)

    def _export_dialog(self, suffix: str = ".xlsx") -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出专家库"), f"专家库{suffix}", "*.xlsx *.csv")
        if path:
            self.export_file(path)
