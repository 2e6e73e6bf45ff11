"""The trainer's (导调) window: run the drill, release injects, watch expected actions, record evaluations.

All drill logic lives in :class:`console.drills.runner.DrillRun`; this window calls it and
redraws. A short timer polls the runner so injects go out on time at any speed up to ×60.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ
from console.drills.clock import INTERACTIVE_SPEEDS, DrillClockError
from console.drills.evaluation import (
    DrillInputError,
    record_hotwash,
    record_improvement,
    record_rating,
)
from console.drills.runner import DrillRun, DrillStateError
from console.plan.engine import Rejected
from ui.drills.watermark import Watermark

POLL_MS = 20
REFRESH_MS = 500


def _hm(t: datetime | None) -> str:
    return t.astimezone(CHINA_TZ).strftime("%H:%M") if t else "—"


class ControllerWindow(QMainWindow):
    """导调台. ``sig_changed`` fires after anything the drill did (for the main window to refresh)."""

    sig_changed = Signal(str)

    def __init__(self, run: DrillRun, parent: QWidget | None = None, *, trainer: str | None = None):
        super().__init__(parent)
        self.run = run
        # who the ratings, hot-wash notes and improvement items are recorded under: the account
        # logged in at the console that started the drill (a role title when there is none)
        self.trainer = trainer
        sc = run.scenario
        self.setWindowTitle(self.tr("导调台（演练）— ") + sc.title)
        central = QWidget()
        self.setCentralWidget(central)
        root = QVBoxLayout(central)

        top = QHBoxLayout()
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.info, 1)
        self.start_btn = QPushButton(self.tr("开始"))
        self.pause_btn = QPushButton(self.tr("暂停"))
        self.resume_btn = QPushButton(self.tr("继续"))
        self.end_btn = QPushButton(self.tr("结束演练"))
        self.speed = QComboBox()
        for s in INTERACTIVE_SPEEDS:
            self.speed.addItem(f"×{s}", s)
        self.speed.setCurrentIndex(INTERACTIVE_SPEEDS.index(int(run.clock.speed))
                                   if int(run.clock.speed) in INTERACTIVE_SPEEDS else 0)
        for w in (self.start_btn, self.pause_btn, self.resume_btn, QLabel(self.tr("倍速")), self.speed, self.end_btn):
            top.addWidget(w)
        root.addLayout(top)
        self.message = QLabel()
        self.message.setStyleSheet("color:#c0392b")
        root.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QGroupBox(self.tr("注入（控制信息）"))
        ll = QVBoxLayout(left)
        self.injects = QTableWidget(0, 6)
        self.injects.setHorizontalHeaderLabels([self.tr("编号"), self.tr("阶段"), self.tr("注入"), self.tr("计划"),
                                                self.tr("状态"), self.tr("发出")])
        self.injects.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.injects.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.injects.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        ll.addWidget(self.injects)
        self.release_btn = QPushButton(self.tr("立即发出所选注入"))
        ll.addWidget(self.release_btn)
        split.addWidget(left)
        right = QGroupBox(self.tr("预期行动"))
        rl = QVBoxLayout(right)
        self.pending = QTableWidget(0, 6)
        self.pending.setHorizontalHeaderLabels([self.tr("编号"), self.tr("预期行动"), self.tr("角色"), self.tr("发出"),
                                                self.tr("期限"), self.tr("状态")])
        self.pending.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.pending.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rl.addWidget(self.pending)
        split.addWidget(right)
        root.addWidget(split, 1)

        ev = QGroupBox(self.tr("评估记录"))
        g = QGridLayout(ev)
        self.item = QComboBox()
        for it in sc.evaluation:
            self.item.addItem(f"{it.id} {it.title}", it.id)
        self.result = QComboBox()
        for key, zh in (("met", self.tr("达标")), ("partly", self.tr("部分达标")), ("not_met", self.tr("未达标"))):
            self.result.addItem(zh, key)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("评估意见"))
        self.rate_btn = QPushButton(self.tr("保存评定"))
        g.addWidget(QLabel(self.tr("评估项")), 0, 0)
        g.addWidget(self.item, 0, 1)
        g.addWidget(self.result, 0, 2)
        g.addWidget(self.note, 0, 3)
        g.addWidget(self.rate_btn, 0, 4)
        self.hotwash = QLineEdit()
        self.hotwash.setPlaceholderText(self.tr("现场点评"))
        self.hotwash_btn = QPushButton(self.tr("记录点评"))
        g.addWidget(QLabel(self.tr("现场点评")), 1, 0)
        g.addWidget(self.hotwash, 1, 1, 1, 3)
        g.addWidget(self.hotwash_btn, 1, 4)
        self.issue = QLineEdit()
        self.issue.setPlaceholderText(self.tr("存在问题"))
        self.action = QLineEdit()
        self.action.setPlaceholderText(self.tr("整改措施"))
        self.owner = QLineEdit()
        self.owner.setPlaceholderText(self.tr("责任单位"))
        self.due = QLineEdit()
        self.due.setPlaceholderText(self.tr("完成期限，如 2026-12-31"))
        self.improve_btn = QPushButton(self.tr("添加整改项"))
        g.addWidget(QLabel(self.tr("改进计划")), 2, 0)
        row = QHBoxLayout()
        for w in (self.issue, self.action, self.owner, self.due):
            row.addWidget(w)
        g.addLayout(row, 2, 1, 1, 3)
        g.addWidget(self.improve_btn, 2, 4)
        root.addWidget(ev)

        self.start_btn.clicked.connect(lambda: self._do(self.run.start))
        self.pause_btn.clicked.connect(lambda: self._do(self.run.pause))
        self.resume_btn.clicked.connect(lambda: self._do(self.run.resume))
        self.end_btn.clicked.connect(lambda: self._do(lambda: self.run.end(self.tr("导调结束演练"))))
        self.speed.currentIndexChanged.connect(
            lambda _i: self._do(lambda: self.run.set_speed(self.speed.currentData())))
        self.release_btn.clicked.connect(self.release_selected)
        self.rate_btn.clicked.connect(self.save_rating)
        self.hotwash_btn.clicked.connect(self.save_hotwash)
        self.improve_btn.clicked.connect(self.save_improvement)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self._poll.start()
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        self._refresh.start()
        self.watermark = Watermark(central)
        self.resize(1200, 760)
        self.refresh()

    # -- actions ---------------------------------------------------------------------
    def _do(self, fn) -> bool:  # type: ignore[no-untyped-def]
        try:
            fn()
        except (DrillStateError, DrillClockError, DrillInputError, Rejected) as exc:
            self.message.setText(str(exc))
            return False
        self.message.clear()
        self.refresh()
        self.sig_changed.emit("drill")
        return True

    def _on_poll(self) -> None:
        try:
            n = self.run.poll()
        except Exception as exc:  # never let a timer raise into Qt; show it and keep the drill
            self.message.setText(self.tr("演练推进出错：") + str(exc))
            return
        if n:
            self.refresh()
            self.sig_changed.emit("tick")

    def release_selected(self) -> None:
        row = self.injects.currentRow()
        if row < 0:
            self.message.setText(self.tr("请先选择要发出的注入"))
            return
        inject_id = self.injects.item(row, 0).text()
        self._do(lambda: self.run.release_now(inject_id))

    def save_rating(self) -> None:
        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return
        if self._do(lambda: record_rating(self.run.service, self.run.incident_id, self.run.scenario,  # type: ignore[arg-type]
                                          self.item.currentData(), self.result.currentData(), self.note.text(),
                                          actor=self.trainer or self.tr("评估员"))):
            self.note.clear()
            self.run.sync()

    def save_hotwash(self) -> None:
        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return
        if self._do(lambda: record_hotwash(self.run.service, self.run.incident_id, self.hotwash.text(),  # type: ignore[arg-type]
                                           actor=self.trainer or self.tr("点评人"))):
            self.hotwash.clear()
            self.run.sync()

    def save_improvement(self) -> None:
        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return
        if self._do(lambda: record_improvement(
                self.run.service, self.run.incident_id, actor=self.trainer or self.tr("评估员"),
                issue=self.issue.text(),  # type: ignore[arg-type]
                action=self.action.text(), owner=self.owner.text(), due=self.due.text(),
                existing=self.run.fold.improvements)):
            for w in (self.issue, self.action, self.owner, self.due):
                w.clear()
            self.run.sync()

    # -- view ----------------------------------------------------------------------------
    def refresh(self) -> None:
        run = self.run
        if not run.started:
            status = self.tr("未开始")
        elif run.ended:
            status = self.tr("已结束")
        elif run.running:
            status = self.tr("进行中")
        else:
            status = self.tr("已暂停")
        el = run.elapsed()
        mins = int(el.total_seconds() // 60)
        self.info.setText(f"【{self.tr('演练')}】{run.scenario.title}（{run.scenario.type_title}）  "
                          f"{run.incident_id or ''}  T+{mins // 60}:{mins % 60:02d}  {status}  ×{run.clock.speed:g}")
        self.start_btn.setEnabled(not run.started)
        self.pause_btn.setEnabled(run.running)
        self.resume_btn.setEnabled(run.started and not run.running and not run.ended)
        self.end_btn.setEnabled(run.started and not run.ended)
        self.release_btn.setEnabled(run.running)
        rows = run.inject_rows()
        self.injects.setRowCount(len(rows))
        for r, st in enumerate(rows):
            inj = st.inject
            vals = [inj.id, run.scenario.parts.get(inj.part or "", ""), inj.title, inj.schedule_text,
                    self.tr(st.state_zh), _hm(st.released_at)]
            for c, v in enumerate(vals):
                self._set(self.injects, r, c, v)
        now = run.clock.now()
        pend = run.pending()
        self.pending.setRowCount(len(pend))
        for r, p in enumerate(pend):
            e = p.expectation
            vals = [e.id, e.title, run.plan.role_title(e.role), _hm(p.released_at), _hm(p.due_at),
                    self.tr(p.status_zh(now))]
            for c, v in enumerate(vals):
                self._set(self.pending, r, c, v)

    @staticmethod
    def _set(table: QTableWidget, r: int, c: int, text: str) -> None:
        item = table.item(r, c)
        if item is None:
            table.setItem(r, c, QTableWidgetItem(text))
        elif item.text() != text:
            item.setText(text)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        self._poll.stop()
        self._refresh.stop()
        super().closeEvent(event)
