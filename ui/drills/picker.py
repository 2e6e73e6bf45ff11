"""开始演练: the trainer (导调) picks a scenario by its Chinese title.

The shipped scenarios (``scenarios/``) are listed with their 形式/内容/目的, the plan they exercise,
the number of injects and the planned duration; the selected one's description and objectives
are shown beside the list. A scenario that fails its check is listed greyed, its located error
in the detail pane, and cannot be started. 其他文件… opens a scenario kept elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.drills.scenario import CONTENTS, FORMS, PURPOSES, Scenario, ScenarioError, load_scenario

GREY = QColor("#9a9a9a")


@dataclass(frozen=True)
class ScenarioEntry:
    """One file of the scenarios folder: the scenario, or why it cannot be loaded."""

    path: Path
    scenario: Scenario | None
    error: str = ""
    title: str = ""  # a broken file's own title: line, when it can be read


def _raw_title(path: Path) -> str:
    """The ``title:`` of a file that failed its check, if its YAML can be read at all."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 — unreadable: listed by its file name
        return ""
    title = doc.get("title") if isinstance(doc, dict) else None
    return title if isinstance(title, str) else ""


def scan_scenarios(directory: str | Path) -> list[ScenarioEntry]:
    """Every ``*.yaml`` in ``directory``, loaded and checked; the broken ones keep their error."""
    entries = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            entries.append(ScenarioEntry(path, load_scenario(path)))
        except ScenarioError as exc:
            entries.append(ScenarioEntry(path, None, str(exc), _raw_title(path)))
        except Exception as exc:  # noqa: BLE001 — an unreadable plan or file: list it with the reason
            entries.append(ScenarioEntry(path, None, f"{path}:1:1: error: {getattr(exc, 'reason', None) or exc}",
                                         _raw_title(path)))
    return entries


def _hm(td: timedelta) -> str:
    mins = int(td.total_seconds() // 60)
    return f"{mins // 60}:{mins % 60:02d}"


def planned_duration(sc: Scenario) -> timedelta | None:
    """The offset of the last timed inject (T+…): how long the drill is planned to run."""
    offsets = [i.at for i in sc.injects if i.at is not None]
    return max(offsets) if offsets else None


def axes(sc: Scenario) -> tuple[str, str, str]:
    """形式, 内容, 目的 in Chinese (— where the scenario does not say)."""
    org = sc.organisation
    if org is None:
        return FORMS.get(sc.type, sc.type), "—", "—"
    return (FORMS.get(org.form, org.form), CONTENTS.get(org.content or "", "—"),
            PURPOSES.get(org.purpose or "", "—"))


class ScenarioPicker(QDialog):
    """Choose a drill scenario; ``chosen`` is its path once accepted."""

    def __init__(self, directory: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("开始演练 — 选择演练脚本"))
        self.directory = Path(directory)
        self.chosen: Path | None = None
        self.entries = scan_scenarios(self.directory)
        root = QVBoxLayout(self)
        root.addWidget(QLabel(self.tr("演练脚本（{0}）").format(self.directory)))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("scenarioTable")
        self.table.setHorizontalHeaderLabels([self.tr("演练名称"), self.tr("形式"), self.tr("内容"), self.tr("目的"),
                                              self.tr("预案"), self.tr("注入"), self.tr("计划时长")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)  # the plan: elided, whole in the tooltip
        head.resizeSection(4, 160)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setObjectName("scenarioDetail")
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([760, 380])
        root.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.other_btn = QPushButton(self.tr("其他文件…"))
        self.other_btn.setToolTip(self.tr("打开保存在其他位置的演练脚本（.yaml）"))
        buttons.addWidget(self.other_btn)
        buttons.addStretch(1)
        self.start_btn = QPushButton(self.tr("开始"))
        self.start_btn.setObjectName("startScenario")
        self.start_btn.setDefault(True)
        self.cancel_btn = QPushButton(self.tr("取消"))
        buttons.addWidget(self.start_btn)
        buttons.addWidget(self.cancel_btn)
        root.addLayout(buttons)
        self.other_btn.clicked.connect(self.choose_other)
        self.start_btn.clicked.connect(self.start_selected)
        self.cancel_btn.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self.show_detail)
        self.table.itemDoubleClicked.connect(lambda _item: self.start_selected())
        self.fill()
        self.resize(1180, 560)

    # -- the list ---------------------------------------------------------------------------
    def fill(self) -> None:
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            sc = e.scenario
            if sc is None:
                name = f"{e.title}（{e.path.name}）" if e.title else e.path.name
                vals = [self.tr("{0} — 未通过检查").format(name), "—", "—", "—", "—", "—", "—"]
            else:
                dur = planned_duration(sc)
                vals = [sc.title, *axes(sc), sc.plan.title, str(len(sc.injects)),
                        self.tr("约 {0}").format(_hm(dur)) if dur is not None else "—"]
            for c, v in enumerate(vals):
                item = QTableWidgetItem(v)
                item.setToolTip(e.error if sc is None else v)
                if sc is None:
                    item.setForeground(QBrush(GREY))
                self.table.setItem(r, c, item)
        first = next((r for r, e in enumerate(self.entries) if e.scenario is not None), None)
        if first is not None:
            self.table.selectRow(first)
        self.show_detail()

    def titles(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def is_greyed(self, row: int) -> bool:
        return self.entries[row].scenario is None

    def selected(self) -> ScenarioEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def select_title(self, title: str) -> bool:
        """Select the scenario listed as ``title`` (what the trainer clicks)."""
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == title:
                self.table.selectRow(r)
                return True
        return False

    # -- the detail pane --------------------------------------------------------------------
    def show_detail(self) -> None:
        e = self.selected()
        self.start_btn.setEnabled(e is not None and e.scenario is not None)
        if e is None:
            self.detail.setPlainText(self.tr("请选择一个演练脚本。"))
            return
        sc = e.scenario
        if sc is None:
            self.detail.setPlainText(self.tr("该演练脚本未通过检查，不能开始演练：\n\n{0}\n\n文件：{1}")
                                     .format(e.error, e.path))
            return
        form, content, purpose = axes(sc)
        dur = planned_duration(sc)
        lines = [sc.title, "",
                 self.tr("形式：{0}　内容：{1}　目的：{2}").format(form, content, purpose),
                 self.tr("预案：{0}").format(sc.plan.title),
                 self.tr("注入：{0} 条　计划时长：{1}").format(
                     len(sc.injects), self.tr("约 {0}（最后一条定时注入）").format(_hm(dur)) if dur else "—")]
        if sc.location:
            lines.append(self.tr("地点：{0}").format(sc.location))
        if sc.description:
            lines += ["", sc.description.strip()]
        lines += ["", self.tr("演练目标：")]
        lines += [f"{oid}  {text}" for oid, text in sc.objectives.items()]
        lines += ["", self.tr("文件：{0}").format(e.path)]
        self.detail.setPlainText("\n".join(lines))

    # -- answers ----------------------------------------------------------------------------
    def start_selected(self) -> None:
        e = self.selected()
        if e is None or e.scenario is None:
            return
        self.chosen = e.path
        self.accept()

    def choose_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择演练脚本"), str(self.directory),
                                              self.tr("演练脚本 (*.yaml)"))
        if path:
            self.chosen = Path(path)
            self.accept()
