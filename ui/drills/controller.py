"""The trainer's (导调) window: run the drill, release injects, watch expected actions, record evaluations.

All drill logic lives in :class:`console.drills.runner.DrillRun`; this window calls it and
redraws. A short timer polls the runner so injects go out on time at any speed up to ×60.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
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
    record_capability_rating,
    record_finding,
    record_hotwash,
    record_improvement,
    record_rating,
)
from console.drills.runner import DrillRun, DrillStateError
from console.plan.engine import Rejected
from ui.drills.watermark import Watermark
from ui.widgets.confirm import ask_confirm
from ui.widgets.fit import ElidedLabel

POLL_MS = 20
REFRESH_MS = 500


def _hm(t: datetime | None) -> str:
    return t.astimezone(CHINA_TZ).strftime("%H:%M") if t else "—"


def fitted_size(width: int, height: int) -> tuple[int, int]:
    """``width`` × ``height``, or less: never larger than the screen's available area."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    room = screen.availableGeometry()
    return min(width, room.width()), min(height, room.height() - 40)  # the title bar


class ControllerWindow(QMainWindow):
    """导调台. ``sig_changed`` fires after anything the drill did (for the main window to refresh)."""

    sig_changed = Signal(str)

    def __init__(self, run: DrillRun, parent: QWidget | None = None, *, trainer: str | None = None,
                 signer: Any = None):
        super().__init__(parent)
        self.run = run
        self.signer = signer  # signs the log checkpoint printed in an exported report
        self.review_window: Any = None
        # who the ratings, hot-wash notes and improvement items are recorded under: the account
        # logged in at the console that started the drill (a role title when there is none)
        self.trainer = trainer
        sc = run.scenario
        self.setWindowTitle(self.tr("导调台（演练）— ") + sc.title)
        central = QWidget()
        self.setCentralWidget(central)
        root = QVBoxLayout(central)

        # the drill's title on its own line, elided (whole in the tooltip): the buttons never cut it
        self.title_label = ElidedLabel(f"【{self.tr('演练')}】{sc.title}（{sc.type_title}）")
        self.title_label.setObjectName("drillTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        root.addWidget(self.title_label)
        top = QHBoxLayout()
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        # a long scenario title must not widen the window until 结束演练 leaves the screen
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.setMinimumWidth(160)
        top.addWidget(self.info, 1)
        self.start_btn = QPushButton(self.tr("开始"))
        self.pause_btn = QPushButton(self.tr("暂停"))
        self.resume_btn = QPushButton(self.tr("继续"))
        self.end_btn = QPushButton(self.tr("结束演练"))
        self.end_btn.setObjectName("endDrill")
        self.review_btn = QPushButton(self.tr("复盘…"))
        self.review_btn.setObjectName("drillReview")
        self.review_btn.setToolTip(self.tr("在复盘窗口中拖动时间查看任一时刻的态势"))
        self.report_btn = QPushButton(self.tr("导出演练报告…"))
        self.report_btn.setObjectName("drillReport")
        self.report_menu = QMenu(self.report_btn)
        self.export_evaluation_action = self.report_menu.addAction(self.tr("演练评估报告…"))
        self.export_summary_action = self.report_menu.addAction(self.tr("演练总结报告…"))
        self.report_btn.setMenu(self.report_menu)
        self.stop_btn = QPushButton(self.tr("意外终止…"))
        self.stop_btn.setObjectName("stopDrill")
        self.import_btn = QPushButton(self.tr("导入整改项到台账"))
        self.import_btn.setObjectName("importImprovements")
        self.reference: Any = None  # the real database (set by the session)
        self.speed = QComboBox()
        for s in INTERACTIVE_SPEEDS:
            self.speed.addItem(f"×{s}", s)
        self.speed.setCurrentIndex(INTERACTIVE_SPEEDS.index(int(run.clock.speed))
                                   if int(run.clock.speed) in INTERACTIVE_SPEEDS else 0)
        for w in (self.start_btn, self.pause_btn, self.resume_btn, QLabel(self.tr("倍速")), self.speed, self.end_btn,
                  self.stop_btn, self.review_btn, self.report_btn, self.import_btn):
            top.addWidget(w)
        root.addLayout(top)
        self.message = QLabel()
        self.message.setStyleSheet("color:#c0392b")
        root.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QGroupBox(self.tr("注入（控制信息）"))
        ll = QVBoxLayout(left)
        # 分段演练: which site each inject runs at, and a filter by site
        org = sc.organisation
        self.sites = list(dict.fromkeys(seg.site for seg in org.segments)) if org is not None else []
        filt = QHBoxLayout()
        self.site_label = QLabel(self.tr("分会场"))
        self.site_filter = QComboBox()
        self.site_filter.setObjectName("siteFilter")
        self.site_filter.addItem(self.tr("全部分会场"), None)
        for site in self.sites:
            self.site_filter.addItem(site, site)
        if self.sites and any(org.segment_of(i.id) is None for i in sc.injects):  # type: ignore[union-attr]
            self.site_filter.addItem(self.tr("未分段"), "")
        filt.addWidget(self.site_label)
        filt.addWidget(self.site_filter, 1)
        for w in (self.site_label, self.site_filter):
            w.setVisible(bool(self.sites))
        ll.addLayout(filt)
        self.injects = QTableWidget(0, 8)
        self.injects.setHorizontalHeaderLabels([self.tr("编号"), self.tr("阶段"), self.tr("注入"), self.tr("计划"),
                                                self.tr("状态"), self.tr("发出"), self.tr("分会场"),
                                                self.tr("发布人")])
        self.injects.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.injects.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.injects.setWordWrap(False)
        self.injects.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = self.injects.horizontalHeader()
        # the title (注入) takes the room; the others are sized to their contents within limits
        # (fit_inject_columns), the whole text in each cell's tooltip
        for c in (0, 1, 3, 4, 5, 6, 7):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.injects.setColumnHidden(6, not self.sites)  # 分会场: a drill run across sites only
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
        head = self.pending.horizontalHeader()
        for c in (0, 2, 3, 4, 5):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # players' attempts the plan refused (log.refused): what a tabletop probes
        self.refused_box = QGroupBox(self.tr("被拒绝的操作"))
        self.refused_box.setObjectName("refusedAttempts")
        fl = QVBoxLayout(self.refused_box)
        self.refused = QTableWidget(0, 4)
        self.refused.setHorizontalHeaderLabels([self.tr("时间"), self.tr("参演人员"), self.tr("尝试的操作"),
                                                self.tr("拒绝原因")])
        self.refused.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.refused.setWordWrap(True)
        head = self.refused.horizontalHeader()
        for c in (0, 1, 2):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        fl.addWidget(self.refused)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.pending)
        side.addWidget(self.refused_box)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 1)
        rl.addWidget(side)
        split.addWidget(right)
        split.setStretchFactor(0, 3)  # the inject table (long titles) gets more of the width
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        split.splitterMoved.connect(lambda _pos, _i: self.fit_inject_columns())
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
        # capability rating (P/S/M/U) of an objective, with the evaluator's observation
        self.objective = QComboBox()
        for oid in sc.objectives:
            o = sc.objective(oid)
            self.objective.addItem(o.text + (f"（{o.capability}）" if o.capability else ""), oid)
        self.capability = QComboBox()
        for key, zh in (("P", self.tr("P 顺利完成")), ("S", self.tr("S 存在一些问题")),
                        ("M", self.tr("M 存在重大问题")), ("U", self.tr("U 未能完成"))):
            self.capability.addItem(zh, key)
        self.observation = QLineEdit()
        self.observation.setPlaceholderText(self.tr("观察记录"))
        self.capability_btn = QPushButton(self.tr("保存能力评定"))
        g.addWidget(QLabel(self.tr("能力评定")), 3, 0)
        g.addWidget(self.objective, 3, 1)
        g.addWidget(self.capability, 3, 2)
        g.addWidget(self.observation, 3, 3)
        g.addWidget(self.capability_btn, 3, 4)
        # findings: strengths, areas for improvement with their causes, and the report's other sections
        self.finding_kind = QComboBox()
        for key, zh in (("strength", self.tr("优点")), ("improvement", self.tr("需改进")),
                        ("plan", self.tr("预案的合理性与可操作性")), ("coordination", self.tr("指挥协调与应急联动")),
                        ("equipment", self.tr("设备装备适用性")), ("cost", self.tr("成本效益")),
                        ("lesson", self.tr("经验教训"))):
            self.finding_kind.addItem(zh, key)
        self.finding_text = QLineEdit()
        self.finding_text.setPlaceholderText(self.tr("评估发现"))
        self.finding_cause = QLineEdit()
        self.finding_cause.setPlaceholderText(self.tr("原因"))
        self.finding_btn = QPushButton(self.tr("记录发现"))
        g.addWidget(QLabel(self.tr("评估发现")), 4, 0)
        g.addWidget(self.finding_kind, 4, 1)
        frow = QHBoxLayout()
        frow.addWidget(self.finding_text, 2)
        frow.addWidget(self.finding_cause, 1)
        g.addLayout(frow, 4, 2, 1, 2)
        g.addWidget(self.finding_btn, 4, 4)
        root.addWidget(ev)

        self.start_btn.clicked.connect(lambda: self._do(self.run.start))
        self.pause_btn.clicked.connect(lambda: self._do(self.run.pause))
        self.resume_btn.clicked.connect(lambda: self._do(self.run.resume))
        self.end_btn.clicked.connect(self.end_drill)
        self.stop_btn.clicked.connect(lambda: self.stop_early())
        self.import_btn.clicked.connect(lambda: self.import_improvements())
        self.review_btn.clicked.connect(self.open_review)
        self.export_evaluation_action.triggered.connect(lambda: self.export_report(kind="evaluation"))
        self.export_summary_action.triggered.connect(lambda: self.export_report(kind="summary"))
        self.capability_btn.clicked.connect(self.save_capability)
        self.finding_btn.clicked.connect(self.save_finding)
        self.speed.currentIndexChanged.connect(
            lambda _i: self._do(lambda: self.run.set_speed(self.speed.currentData())))
        self.release_btn.clicked.connect(self.release_selected)
        self.site_filter.currentIndexChanged.connect(lambda _i: self._filter_sites())
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
        self.resize(*fitted_size(1200, 760))
        self.refresh()

    # -- actions ---------------------------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible step (tests replace this)."""
        return ask_confirm(self, title, text)

    def end_drill(self) -> bool:
        """结束演练, after saying what ending means: the clock stops for good, unreleased injects
        are not sent, and the drill cannot be resumed."""
        run = self.run
        left = sum(1 for st in run.injects.values() if st.released_at is None)
        waiting = [p for p in run.pending() if p.done_at is None]
        text = self.tr("结束后演练时钟停止，演练不能继续。") + "\n"
        if left:
            text += self.tr("尚有 {0} 条注入未发出，将不再发出。").format(left) + "\n"
        if waiting:
            text += self.tr("尚有 {0} 项预期行动未完成，将按未完成评估。").format(len(waiting)) + "\n"
        if not self.confirm(self.tr("结束演练"), text + self.tr("确定结束演练「{0}」？").format(run.scenario.title)):
            return False
        return self._do(lambda: self.run.end(self.tr("导调结束演练")))

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """One line from the trainer (tests replace this)."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    def stop_early(self, reason: str | None = None, by: str | None = None) -> bool:
        """意外终止…: why and who decided (the 总指挥 by default), after a confirmation."""
        run = self.run
        org = run.scenario.organisation
        if reason is None:
            criteria = "\n".join(f"· {c}" for c in (org.stop_criteria if org else ()))
            label = self.tr("终止原因")
            if criteria:
                label += "\n" + self.tr("脚本列出的终止条件：") + "\n" + criteria
            reason = self.ask_text(self.tr("意外终止"), label)
            if reason is None:
                return False
        if by is None:
            chief = org.people("总指挥") if org else ()
            by = self.ask_text(self.tr("意外终止"), self.tr("决定终止的人"), chief[0].name if chief else "")
            if by is None:
                return False
        text = self.tr("确定意外终止演练「{0}」？演练将立即结束，不能继续。\n原因：{1}")
        text = text.format(run.scenario.title, reason)
        if not self.confirm(self.tr("意外终止"), text):
            return False
        return self._do(lambda: run.stop_early(reason, by=by))

    def import_improvements(self) -> Any:
        """导入整改项到台账: this drill's improvement items into the real database's register."""
        from console.errors import RecordError
        from console.improvements.register import ImprovementRegister

        if self.reference is None:
            self.message.setStyleSheet("color:#c0392b")
            self.message.setText(self.tr("本次演练未连接实战数据库，无法导入整改台账"))
            return None
        if not self.run.ended:
            self.message.setStyleSheet("color:#c0392b")
            self.message.setText(self.tr("请先结束演练，再导入整改项"))
            return None
        try:
            res = ImprovementRegister(self.reference).import_from_drill(
                self.run.db, actor=self.trainer or self.tr("导调"), role="controller",
                incident_id=self.run.incident_id)
        except RecordError as exc:
            self.message.setStyleSheet("color:#c0392b")
            self.message.setText(str(exc))
            return None
        self.message.setStyleSheet("color:#1e8449")
        self.message.setText(self.tr("已导入整改台账 {0} 项（已在台账中 {1} 项）")
                             .format(len(res.added), len(res.skipped)))
        return res

    def open_review(self) -> Any:
        """The drill incident in the review window: scrub its timeline, export the report there too."""
        from console.review.service import RunReview
        from ui.review.window import ReviewWindow

        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return None
        self.review_window = ReviewWindow(RunReview(self.run.db, self.run.incident_id), signer=self.signer)
        self.review_window.show()
        return self.review_window

    def export_report(self, path: str | Path | None = None, kind: str = "summary") -> Path | None:
        """The 演练评估报告 (``kind="evaluation"``) or 演练总结报告 (``"summary"``) of this drill, DOCX or
        PDF in the official layout, as it stands now."""
        from console.drills.report import ReportError, write_drill_document
        from console.review.service import RunReview

        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return None
        if path is None:
            title = self.tr("演练评估报告") if kind == "evaluation" else self.tr("演练总结报告")
            name = f"{self.run.scenario.title}{title}.docx"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("导出演练报告"), str(Path.home() / name),
                                                    self.tr("Word 文档 (*.docx);;PDF 文件 (*.pdf)"))
            if not chosen:
                return None
            path = chosen
        try:
            out = write_drill_document(RunReview(self.run.db, self.run.incident_id), kind, path, signer=self.signer,
                                       clock=self.run.clock)
        except ReportError as exc:
            self.message.setText(str(exc))
            return None
        self.message.setStyleSheet("color:#1e8449")
        self.message.setText(self.tr("演练报告已导出：{0}").format(out))
        return out

    def _do(self, fn) -> bool:  # type: ignore[no-untyped-def]
        try:
            fn()
        except (DrillStateError, DrillClockError, DrillInputError, Rejected) as exc:
            self.message.setStyleSheet("color:#c0392b")
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
        if row < 0 or self.injects.isRowHidden(row):  # (a row the site filter hides is not offered)
            self.message.setText(self.tr("请先选择要发出的注入"))
            return
        inject_id = self.injects.item(row, 0).text()
        self._do(lambda: self.run.release_now(inject_id, self.trainer))  # who released it

    def save_rating(self) -> None:
        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return
        if self._do(lambda: record_rating(self.run.service, self.run.incident_id, self.run.scenario,  # type: ignore[arg-type]
                                          self.item.currentData(), self.result.currentData(), self.note.text(),
                                          actor=self.trainer or self.tr("评估员"))):
            self.note.clear()
            self.run.sync()

    def save_capability(self) -> None:
        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return
        if self._do(lambda: record_capability_rating(
                self.run.service, self.run.incident_id, self.run.scenario,  # type: ignore[arg-type]
                self.objective.currentData(), self.capability.currentData(), self.observation.text(),
                actor=self.trainer or self.tr("评估员"))):
            self.observation.clear()
            self.run.sync()

    def save_finding(self) -> None:
        if self.run.incident_id is None:
            self.message.setText(self.tr("演练尚未开始"))
            return
        if self._do(lambda: record_finding(
                self.run.service, self.run.incident_id, self.run.scenario,  # type: ignore[arg-type]
                self.finding_kind.currentData(), self.finding_text.text(), self.finding_cause.text(),
                actor=self.trainer or self.tr("评估员"))):
            self.finding_text.clear()
            self.finding_cause.clear()
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
        self.info.setText(f"{run.incident_id or ''}  T+{mins // 60}:{mins % 60:02d}  {status}  ×{run.clock.speed:g}")
        self.start_btn.setEnabled(not run.started)
        self.pause_btn.setEnabled(run.running)
        self.resume_btn.setEnabled(run.started and not run.running and not run.ended)
        self.end_btn.setEnabled(run.started and not run.ended)
        self.stop_btn.setEnabled(run.started and not run.ended)
        self.import_btn.setEnabled(run.ended and self.reference is not None)
        self.review_btn.setEnabled(run.incident_id is not None)
        self.report_btn.setEnabled(run.incident_id is not None)
        self.info.setToolTip(self.info.text())
        self.release_btn.setEnabled(run.running)
        rows = run.inject_rows()
        self.injects.setRowCount(len(rows))
        org = run.scenario.organisation
        for r, st in enumerate(rows):
            inj = st.inject
            seg = org.segment_of(inj.id) if org is not None else None
            rel = run.fold.injects.get(inj.id) or {}
            state = self.tr(st.state_zh) + (f"（{st.note}）" if st.note else "")  # 时间压缩：跳过 2 天
            vals = [inj.id, run.scenario.parts.get(inj.part or "", ""), inj.title, run.scenario.schedule_of(inj),
                    state, _hm(st.released_at), seg.site if seg is not None else "—",
                    str(rel.get("controller") or "—") if st.released_at is not None else "—"]
            for c, v in enumerate(vals):
                self._set(self.injects, r, c, v)
        self.fit_inject_columns()
        self._filter_sites()
        refused = run.fold.refused
        self.refused_box.setTitle(self.tr("被拒绝的操作（{0}）").format(len(refused)) if refused
                                  else self.tr("被拒绝的操作"))
        self.refused.setRowCount(len(refused))
        for r, x in enumerate(refused):
            who = f"{x.actor}（{run.plan.role_title(x.role)}）" if x.role else x.actor
            for c, v in enumerate((_hm(x.at), who, x.what, x.reason)):
                self._set(self.refused, r, c, v)
        now = run.clock.now()
        pend = run.pending()
        self.pending.setRowCount(len(pend))
        for r, p in enumerate(pend):
            e = p.expectation
            vals = [e.id, e.title, run.plan.role_title(e.role), _hm(p.released_at), _hm(p.due_at),
                    self.tr(p.status_zh(now))]
            for c, v in enumerate(vals):
                self._set(self.pending, r, c, v)

    def fit_inject_columns(self) -> None:
        """Every column but 注入 as wide as its contents, at least its heading, at most a cap
        (计划 and 阶段 may be long: elided, whole in the tooltip); 注入 stretches over the rest."""
        table = self.injects
        head = table.horizontalHeader()
        caps = {1: 130, 3: 180, 6: 120, 7: 100}
        widths: dict[int, int] = {}
        wants: dict[int, int] = {}
        for c in (0, 1, 3, 4, 5, 6, 7):
            if not table.isColumnHidden(c):
                wants[c] = max(table.sizeHintForColumn(c), head.sectionSizeHint(c)) + 4
                widths[c] = min(wants[c], max(caps.get(c, 110), head.sectionSizeHint(c)))
        room = table.viewport().width()
        # a wide window: once every title fits, the capped columns get their whole text too
        spare = room - sum(widths.values()) - (table.sizeHintForColumn(2) + 8)
        for c in (3, 6, 1, 7):
            if c in widths and spare > 0:
                grow = min(spare, wants[c] - widths[c])
                widths[c] += grow
                spare -= grow
        # a narrow window: 计划 and 阶段 give way (down to their heading) before 注入 does
        for c in (3, 1):
            title = room - sum(widths.values())
            widest = max(widths.values(), default=0)
            if c in widths and title < widest:
                widths[c] = max(head.sectionSizeHint(c) + 4, widths[c] - (widest - title) - 1)
        for c, width in widths.items():
            if head.sectionSize(c) != width:
                head.resizeSection(c, width)

    def _filter_sites(self) -> None:
        """Show the injects of the chosen site only (None: all; "": those in no segment)."""
        site = self.site_filter.currentData()
        org = self.run.scenario.organisation
        for r in range(self.injects.rowCount()):
            item = self.injects.item(r, 0)
            if item is None:
                continue
            seg = org.segment_of(item.text()) if org is not None else None
            shown = site is None or (seg.site if seg is not None else "") == site
            self.injects.setRowHidden(r, not shown)

    @staticmethod
    def _set(table: QTableWidget, r: int, c: int, text: str) -> None:
        item = table.item(r, c)
        if item is None:
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
        elif item.text() != text:
            item.setText(text)
            item.setToolTip(text)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_inject_columns()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        self._poll.stop()
        self._refresh.stop()
        super().closeEvent(event)
