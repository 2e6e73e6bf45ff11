"""整改台账 and 年度演练计划: the improvement register and the annual drill plan of the real database.

Two tabs: the register (filter 逾期 / 待验证 / 全部; change an item's status, verify it as a
named person, link it to a plan of the library or a training, import a finished drill's items)
and the annual plan with its progress. Every refusal is shown in the dialog's message line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ
from console.errors import RecordError
from console.improvements.register import SETTABLE, STATUS_TITLES, ImprovementRegister
from console.library.library import PlanLibrary
from console.store.db import Database


class ImprovementsDialog(QDialog):
    """The register and the annual plan on ``db`` (the real database), acting as ``actor``/``role``."""

    def __init__(self, db: Database, *, actor: str, role: str, clock: Any = None,
                 register: ImprovementRegister | None = None, parent: QWidget | None = None) -> None:
        """``register``: the console's (``Console.improvements``: its changes reach the other views)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("整改台账"))
        self.register = register if register is not None else ImprovementRegister(db, clock)
        self.actor = actor
        self.role = role
        root = QVBoxLayout(self)
        self.tabs = QTabWidget()
        root.addWidget(self.tabs)
        self.message = QLabel()
        self.message.setWordWrap(True)
        root.addWidget(self.message)

        # -- the register
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("筛选")))
        self.filter = QComboBox()
        self.filter.setObjectName("improvementFilter")
        for code, title in (("overdue", self.tr("逾期")), ("awaiting", self.tr("待验证")), ("all", self.tr("全部"))):
            self.filter.addItem(title, code)
        self.filter.setCurrentIndex(2)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.status_btn = QPushButton(self.tr("改状态…"))
        self.verify_btn = QPushButton(self.tr("验证…"))
        self.link_btn = QPushButton(self.tr("关联预案…"))
        self.import_btn = QPushButton(self.tr("导入演练整改项…"))
        for b in (self.status_btn, self.verify_btn, self.link_btn, self.import_btn):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("improvementTable")
        self.table.setHorizontalHeaderLabels([self.tr("编号"), self.tr("状态"), self.tr("存在问题"),
                                              self.tr("整改措施"), self.tr("责任单位"), self.tr("完成期限"),
                                              self.tr("来源演练"),
                                              self.tr("验证"), self.tr("预案修订/培训")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table)
        self.tabs.addTab(page, self.tr("整改台账"))
        self.status_btn.clicked.connect(self.ask_status)
        self.verify_btn.clicked.connect(self.ask_verify)
        self.link_btn.clicked.connect(self.ask_link)
        self.import_btn.clicked.connect(self.ask_import)

        # -- the annual plan
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.register.today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        bar.addWidget(self.year)
        self.progress = QLabel()
        self.progress.setObjectName("drillPlanProgress")
        bar.addWidget(self.progress, 1)
        lay.addLayout(bar)
        self.plan_table = QTableWidget(0, 7)
        self.plan_table.setObjectName("drillPlanTable")
        self.plan_table.setHorizontalHeaderLabels([self.tr("编号"), self.tr("计划时间"), self.tr("演练名称"),
                                                   self.tr("类型"), self.tr("预案"), self.tr("参演单位"),
                                                   self.tr("状态")])
        self.plan_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.plan_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.plan_table)
        self.tabs.addTab(page, self.tr("年度演练计划"))
        self.resize(1100, 560)
        self.refresh()

    # -- showing ---------------------------------------------------------------------------------
    def set_filter(self, which: str) -> None:
        self.filter.setCurrentIndex(self.filter.findData(which))

    def refresh(self) -> None:
        items = self.register.items(which=self.filter.currentData() or "all")
        today = self.register.today()
        self.table.setRowCount(len(items))
        for r, it in enumerate(items):
            late = self.tr("（逾期）") if it.overdue(today) else ""
            verified = ""
            if it.verified_by and it.verified_at is not None:
                verified = f"{it.verified_by} {it.verified_at.astimezone(CHINA_TZ):%Y-%m-%d}"
            status = it.status_title + (f"：{it.reason}" if it.reason else "")
            for c, value in enumerate((it.number, status + late, it.issue, it.action, it.owner, it.due.isoformat(),
                                       f"{it.source_title} {it.source_date}".strip(), verified, it.link_text)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        entries = self.register.plan_entries(self.year.value())
        self.plan_table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            for c, value in enumerate((e.number, e.planned, e.title, e.type_title, e.plan_id, "、".join(e.units),
                                       e.status_title)):
                self.plan_table.setItem(r, c, QTableWidgetItem(value))
        self.progress.setText(self.register.progress(self.year.value()).text)

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.say(self.tr("请先在台账中选择一项整改项"), error=True)
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def select(self, number: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.text() == number:
                self.table.selectRow(r)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color:#c0392b" if error else "color:#1e8449")
        self.message.setText(text)

    def _do(self, fn: Any, done: str) -> bool:
        try:
            fn()
        except RecordError as exc:
            self.say(str(exc), error=True)
            return False
        self.refresh()
        self.say(done)
        return True

    # -- acting (the ask_* methods ask, the others do: tests call these) ------------------------------
    def change_status(self, number: str, status: str, reason: str = "") -> bool:
        return self._do(lambda: self.register.set_status(number, status, actor=self.actor, role=self.role,
                                                         reason=reason),
                        self.tr("整改项 {0} 已改为「{1}」").format(number, STATUS_TITLES.get(status, status)))

    def verify(self, number: str, by: str, note: str = "") -> bool:
        return self._do(lambda: self.register.verify_item(number, verified_by=by, note=note, actor=self.actor,
                                                          role=self.role),
                        self.tr("整改项 {0} 已由 {1} 验证").format(number, by))

    def link(self, number: str, content_hash: str | None = None, training: str | None = None) -> bool:
        return self._do(lambda: self.register.link_plan(number, content_hash=content_hash, training=training,
                                                        actor=self.actor, role=self.role),
                        self.tr("整改项 {0} 已关联").format(number))

    def import_drill(self, path: str) -> bool:
        result: list[Any] = []

        def run() -> None:
            result.append(self.register.import_from_drill(path, actor=self.actor, role=self.role))

        if not self._do(run, ""):
            return False
        res = result[0]
        self.say(self.tr("演练「{0}」：导入 {1} 项，已在台账中 {2} 项")
                 .format(res.title, len(res.added), len(res.skipped)))
        return True

    def ask_status(self) -> None:
        number = self.selected()
        if number is None:
            return
        titles = [STATUS_TITLES[c] for c in SETTABLE]
        title, ok = QInputDialog.getItem(self, self.tr("改状态"), self.tr("整改项 {0} 的新状态").format(number),
                                         titles, 0, False)
        if not ok:
            return
        code = SETTABLE[titles.index(title)]
        reason = ""
        if code == "rejected":
            reason, ok = QInputDialog.getText(self, self.tr("不采纳"), self.tr("不采纳的原因"))
            if not ok:
                return
        self.change_status(number, code, reason)

    def ask_verify(self) -> None:
        number = self.selected()
        if number is None:
            return
        by, ok = QInputDialog.getText(self, self.tr("验证"), self.tr("验证人（姓名）"), text=self.actor)
        if not ok:
            return
        note, ok = QInputDialog.getText(self, self.tr("验证"), self.tr("验证意见"))
        if ok:
            self.verify(number, by, note)

    def ask_link(self) -> None:
        number = self.selected()
        if number is None:
            return
        entries = PlanLibrary(self.register.db).entries(include_retired=True)
        labels = [f"{e.title} v{e.version}（{e.short_hash}）" for e in entries] + [self.tr("培训（填写说明）")]
        label, ok = QInputDialog.getItem(self, self.tr("关联预案"), self.tr("整改项 {0} 促成的预案修订或培训")
                                         .format(number), labels, 0, False)
        if not ok:
            return
        i = labels.index(label)
        if i < len(entries):
            self.link(number, content_hash=entries[i].content_hash)
            return
        note, ok = QInputDialog.getText(self, self.tr("关联培训"), self.tr("培训说明（时间、对象、内容）"))
        if ok:
            self.link(number, training=note)

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择演练数据库"), "",
                                              self.tr("演练数据库 (*.sqlite3)"))
        if path:
            self.import_drill(path)
