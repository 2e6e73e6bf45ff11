"""The consultations panel: open a consultation, invite experts by specialty and availability,
record opinions (with recommended level and dissent), the chair's conclusion, minutes export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.consultations.service import ConsultationRecord, Opinion
from console.documents.official import minutes_document
from console.errors import RecordError
from console.timeline.wording import OUTCOMES, QUESTIONS
from ui.bus import bus_for
from ui.widgets.confirm import ask_confirm
from ui.widgets.records import MessageLabel, t, table

DISSENT_COLOUR = "#a93226"


def _fit(tw: QTableWidget, stretch: int) -> QTableWidget:
    """No sideways scrolling: the ``stretch`` column takes what is left and elides."""
    tw.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tw.setTextElideMode(Qt.TextElideMode.ElideRight)
    tw.setWordWrap(False)
    header = tw.horizontalHeader()
    header.setMinimumSectionSize(36)
    for c in range(tw.columnCount()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return tw


def _rows(tw: QTableWidget, rows: list[list[str]], tips: list[str], keys: list[Any] | None = None) -> None:
    tw.blockSignals(True)
    tw.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            item = QTableWidgetItem(v)
            item.setToolTip(tips[r])
            if keys is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            tw.setItem(r, c, item)
    tw.blockSignals(False)


def _wrapping_list() -> QListWidget:
    lw = QListWidget()
    lw.setWordWrap(True)
    lw.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    lw.setSelectionMode(QListWidget.SelectionMode.NoSelection)
    return lw


class _Message(MessageLabel):
    """The result line in two wrapped lines (full text in the tooltip), without height-for-width,
    so the dock's scroll area sizes the panel by its minimum."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 4)

    def hasHeightForWidth(self) -> bool:  # noqa: N802  (Qt's name)
        return False

    def setText(self, text: str) -> None:  # noqa: N802  (Qt's name)
        super().setText(text)
        self.setToolTip(text)


class ConsultationsPanel(QWidget):
    sig_changed = Signal(str)
    """Emitted with the incident id after any change (a conclusion changes what guards allow)."""

    def __init__(self, console: Console, parent: QWidget | None = None, *,
                 actor: str = "指挥长",
                 role: str = "commander") -> None:
        super().__init__(parent)
        self.service = console.consultations
        self.console = console
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.actor, self.role = actor, role
        self.incident_id: str | None = None
        self.current: ConsultationRecord | None = None

        self.question_combo = QComboBox()
        for k, v in QUESTIONS.items():
            self.question_combo.addItem(self.tr(v), k)
        self.open_button = QPushButton(self.tr("发起会商"))
        self.open_button.clicked.connect(self.open_consultation)
        top = QHBoxLayout()
        top.addWidget(self.question_combo, 1)
        top.addWidget(self.open_button)
        self.list_table = _fit(table([self.tr("会商编号"), self.tr("议题"), self.tr("状态"), self.tr("意见")]), 1)
        self.list_table.horizontalHeaderItem(3).setToolTip(self.tr("已提交意见人数 / 法定人数"))
        self.list_table.itemSelectionChanged.connect(self._selected)

        # -- 参会与意见: who was invited, every opinion, the dissent apart, the conclusion
        people = QWidget()
        pl = QVBoxLayout(people)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pl.addWidget(self.summary_label)
        self.invited_table = _fit(table([self.tr("受邀专家"), self.tr("单位"), self.tr("意见")]), 1)
        pl.addWidget(self.invited_table, 1)
        pl.addWidget(QLabel(self.tr("专家意见")))
        self.opinion_list = _wrapping_list()
        pl.addWidget(self.opinion_list, 1)
        self.dissent_box = QGroupBox(self.tr("不同意见"))
        self.dissent_box.setStyleSheet(f"QGroupBox {{ color: {DISSENT_COLOUR}; font-weight: bold; }}")
        dl = QVBoxLayout(self.dissent_box)
        self.dissent_list = _wrapping_list()
        dl.addWidget(self.dissent_list)
        pl.addWidget(self.dissent_box, 1)
        self.conclusion_label = QLabel()
        self.conclusion_label.setWordWrap(True)
        self.conclusion_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pl.addWidget(self.conclusion_label)

        invite_box = QWidget()
        self.candidates = QListWidget()
        self.candidates.setWordWrap(True)
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.invite_button = QPushButton(self.tr("邀请所选专家"))
        self.invite_button.clicked.connect(self.invite_checked)
        il = QVBoxLayout(invite_box)
        il.addWidget(QLabel(self.tr("按专业与可用状态列出的专家")))
        il.addWidget(self.candidates)
        il.addWidget(self.invite_button)

        op_box = QWidget()
        self.expert_combo = QComboBox()
        self.recommend_combo = QComboBox()
        self.level_combo = QComboBox()
        for k, v in OUTCOMES.items():
            self.recommend_combo.addItem(self.tr(v), k)
        self.opinion_text = QPlainTextEdit()
        self.opinion_text.setFixedHeight(60)
        self.dissent_text = QLineEdit()
        self.opinion_button = QPushButton(self.tr("记录意见"))
        self.opinion_button.clicked.connect(self.record_opinion)
        of = QFormLayout(op_box)
        of.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        of.addRow(self.tr("专家"), self.expert_combo)
        of.addRow(self.tr("意见"), self.recommend_combo)
        of.addRow(self.tr("建议级别"), self.level_combo)
        of.addRow(self.tr("意见内容"), self.opinion_text)
        of.addRow(self.tr("保留意见"), self.dissent_text)
        of.addRow(self.opinion_button)

        con_box = QWidget()
        self.chair_combo = QComboBox()
        self.outcome_combo = QComboBox()
        for k, v in OUTCOMES.items():
            self.outcome_combo.addItem(self.tr(v), k)
        self.conclusion_level = QComboBox()
        self._shown_id: str | None = None  # the consultation shown (a new one clears 结论意见)
        self.summary_text = QPlainTextEdit()
        self.summary_text.setFixedHeight(60)
        self.conclude_button = QPushButton(self.tr("签发结论"))
        self.conclude_button.setToolTip(self.tr("签发前确认结论；签发后记入事件日志，不能更改"))
        self.conclude_button.clicked.connect(self.conclude)
        self.docx_button = QPushButton(self.tr("导出纪要 DOCX"))
        self.pdf_button = QPushButton(self.tr("导出纪要 PDF"))
        self.docx_button.clicked.connect(lambda: self._export_dialog(".docx"))
        self.pdf_button.clicked.connect(lambda: self._export_dialog(".pdf"))
        cf = QFormLayout(con_box)
        cf.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        cf.addRow(self.tr("会商组长"), self.chair_combo)
        cf.addRow(self.tr("结论"), self.outcome_combo)
        cf.addRow(self.tr("建议级别"), self.conclusion_level)
        cf.addRow(self.tr("结论意见"), self.summary_text)
        cf.addRow(self.conclude_button)
        row = QHBoxLayout()
        for b in (self.docx_button, self.pdf_button):
            row.addWidget(b)
        cf.addRow(row)
        for combo in (self.expert_combo, self.chair_combo, self.level_combo, self.conclusion_level,
                      self.question_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.message = _Message()

        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(people, self.tr("参会与意见"))
        self.detail_tabs.addTab(invite_box, self.tr("邀请"))
        self.detail_tabs.addTab(op_box, self.tr("记录意见"))
        self.detail_tabs.addTab(con_box, self.tr("结论"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list_table)
        split.addWidget(self.detail_tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)
        self.set_incident(None)

    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.open_button.setEnabled(incident_id is not None)
        for combo in (self.level_combo, self.conclusion_level):
            combo.clear()
            combo.addItem(self.tr("（不建议级别）"), None)
            if incident_id is not None:
                plan = self.service.incidents.plan_for(incident_id)
                for lv in plan.levels:
                    combo.addItem(plan.level_name(lv.id), lv.id)
        self.current = None
        if incident_id is not None:  # show the latest consultation of the incident
            latest = self.service.list(incident_id)
            self.current = latest[-1] if latest else None
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when its consultations of the shown incident changed (here or at another console)."""
        if changes.touches(Topic.CONSULTATIONS, Topic.EXPERTS, incident=self.incident_id):
            self.refresh()

    def refresh(self) -> None:
        rows = self.service.list(self.incident_id) if self.incident_id else []
        _rows(self.list_table,
              [[c.id, c.title, c.status_title, f"{len(c.opinions)}/{c.quorum}"] for c in rows],
              [self._tip(c) for c in rows], [c.id for c in rows])
        if self.current is not None:
            self.current = self.service.get(self.current.id)
        self._show()

    def _tip(self, c: ConsultationRecord) -> str:
        outcome = self.vote(c.outcome)
        text = self.tr("{id}：{title}（{question}）\n{status}；发起 {opened}；意见 {n}/{quorum}").format(
            id=c.id, title=c.title, question=c.question_title, status=c.status_title, opened=t(c.opened_at),
            n=len(c.opinions), quorum=c.quorum)
        if outcome:
            text += "\n" + self.tr("结论：{outcome}").format(outcome=outcome) + (f" {c.level}" if c.level else "")
        return text

    def select(self, consultation_id: str) -> None:
        self.current = self.service.get(consultation_id)
        self._show()

    def _selected(self) -> None:
        items = self.list_table.selectedItems()
        if items:
            self.select(self.list_table.item(items[0].row(), 0).data(256))

    def vote(self, code: str | None) -> str:
        """同意 / 不同意, in the window's language."""
        return self.tr("同意") if code == "approve" else self.tr("不同意") if code == "reject" else (code or "")

    def opinion_text_of(self, c: ConsultationRecord, o: Opinion) -> str:
        """「张伟 11-22 16:30 不同意，建议级别 较大（III级）：内容；保留意见：…」"""
        level = ""
        if o.level:
            plan = self.service.incidents.plan_for(c.incident_id)
            level = self.tr("，建议级别 {level}").format(level=plan.level_name(o.level))
        text = f"{o.expert.name} {t(o.at)} {self.vote(o.recommend)}{level}：{o.text}"
        if o.dissent:
            text += self.tr("；保留意见：{dissent}").format(dissent=o.dissent)
        return text

    def _show(self) -> None:
        c = self.current
        shown = c.id if c is not None else None
        if shown != self._shown_id:  # another consultation: its 结论意见 starts empty
            self.summary_text.clear()
            self._shown_id = shown
        self.candidates.clear()
        self.expert_combo.clear()
        self.chair_combo.clear()
        self.opinion_list.clear()
        self.dissent_list.clear()
        self.invited_table.setRowCount(0)
        open_ = c is not None and c.status == "open"
        for w in (self.invite_button, self.opinion_button, self.conclude_button):
            w.setEnabled(open_)
        for w in (self.docx_button, self.pdf_button):
            w.setEnabled(c is not None)
        if c is None:
            self.summary_label.setText(self.tr("发起会商，或在上方选择一次会商"))
            self.conclusion_label.clear()
            self.dissent_box.setTitle(self.tr("不同意见"))
            return
        self.summary_label.setText(self.tr("{id}：{title}（{status}）\n邀请 {invited} 人，已提交意见 {n} 人，"
                                           "法定人数 {quorum} 人").format(
            id=c.id, title=c.title, status=c.status_title, invited=len(c.invited), n=len(c.opinions),
            quorum=c.quorum))
        if open_:
            for e in self.service.candidates(c.id):
                item = QListWidgetItem(f"{e.name}（{'、'.join(e.specialties)}；{e.organisation}）")
                item.setData(Qt.ItemDataRole.UserRole, e.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.candidates.addItem(item)
        given = {o.expert.code: o for o in c.opinions}
        rows, tips = [], []
        for e in c.invited:
            o = given.get(e.code)
            if o is None:
                self.expert_combo.addItem(e.name, e.code)
                said = self.tr("未提交")
            else:
                said = self.vote(o.recommend) + (self.tr("（保留）") if o.dissent else "")
            self.chair_combo.addItem(e.name, e.code)
            chair = self.tr("（组长）") if c.chair is not None and c.chair.code == e.code else ""
            rows.append([e.name + chair, e.organisation, said])
            tips.append(f"{e.name}（{e.organisation}{('，' + e.title) if e.title else ''}）"
                        f"{'、'.join(e.specialties)}" + (f"\n{self.opinion_text_of(c, o)}" if o else ""))
        _rows(self.invited_table, rows, tips)
        for r, e in enumerate(c.invited):
            o = given.get(e.code)
            if o is not None and c.differs(o):
                for col in range(3):
                    self.invited_table.item(r, col).setForeground(QBrush(QColor(DISSENT_COLOUR)))
        differing = [o for o in c.opinions if c.differs(o)]
        for o in c.opinions:
            item = QListWidgetItem(self.opinion_text_of(c, o))
            if o in differing:
                item.setForeground(QBrush(QColor(DISSENT_COLOUR)))
                self.dissent_list.addItem(item)
            else:
                self.opinion_list.addItem(item)
        self.dissent_box.setTitle(self.tr("不同意见（{n} 条）").format(n=len(differing)))
        if not differing:
            self.dissent_list.addItem(QListWidgetItem(self.tr("无")))
        if c.status == "concluded":
            plan = self.service.incidents.plan_for(c.incident_id)
            text = self.tr("结论（{chair} 签发，{at}）：{outcome}").format(
                chair=c.chair.name if c.chair else "—", at=t(c.concluded_at),
                outcome=self.vote(c.outcome))
            if c.level:
                text += self.tr("，建议级别 {level}").format(level=plan.level_name(c.level))
            text += f"。{c.summary or ''}"
            if c.dissent_note:
                text += "\n" + self.tr("本结论签发时有 {n} 位专家持不同意见").format(n=len(c.dissenters()))
            self.conclusion_label.setText(text)
        else:
            self.conclusion_label.setText(self.tr("尚未形成结论"))

    def open_consultation(self) -> None:
        if self.incident_id is None:
            return
        try:
            c = self.service.open(self.incident_id, self.question_combo.currentData(), actor=self.actor,
                                  role=self.role)
        except RecordError as exc:
            self.message.error(str(exc))
            return
        self.current = c
        self.bus.flush()  # the list redraws from the change (on_changes)
        self.message.ok(self.tr("已发起会商 ") + c.id)
        self.sig_changed.emit(self.incident_id)

    def check_candidates(self, codes: list[str]) -> None:
        for i in range(self.candidates.count()):
            item = self.candidates.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in codes:
                item.setCheckState(Qt.CheckState.Checked)

    def invite_checked(self) -> None:
        if self.current is None:
            return
        codes = [self.candidates.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.candidates.count())
                 if self.candidates.item(i).checkState() == Qt.CheckState.Checked]
        self._do(lambda: self.service.invite(self.current.id, codes, actor=self.actor, role=self.role),
                 self.tr("已邀请 {n} 位专家").format(n=len(codes)))

    def record_opinion(self) -> None:
        if self.current is None:
            return
        self._do(lambda: self.service.opinion(
            self.current.id, self.expert_combo.currentData() or "", recommend=self.recommend_combo.currentData(),
            level=self.level_combo.currentData(), text=self.opinion_text.toPlainText(),
            dissent=self.dissent_text.text(), actor=self.actor, role=self.role), self.tr("已记录专家意见"))
        self.opinion_text.clear()
        self.dissent_text.clear()

    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible step (tests replace this); Enter answers 取消."""
        return ask_confirm(self, title, text)

    def conclusion_question(self) -> str:
        """What 签发结论 will sign: the consultation, the conclusion, the chair and any dissent."""
        c = self.current
        assert c is not None
        outcome = self.outcome_combo.currentData()
        level = self.conclusion_level.currentData()
        text = self.tr("签发会商 {id}「{title}」的结论：{outcome}").format(
            id=c.id, title=c.title, outcome=self.vote(outcome))
        if level:
            text += self.tr("，建议级别 {level}").format(level=self.conclusion_level.currentText())
        text += "\n" + self.tr("结论意见：{summary}").format(summary=self.summary_text.toPlainText().strip() or "—")
        text += "\n" + self.tr("会商组长：{chair}").format(chair=self.chair_combo.currentText() or "—")
        differ = [o.expert.name for o in c.opinions if o.dissent or o.recommend != outcome]
        if differ:
            text += "\n" + self.tr("有 {n} 位专家持不同意见（{names}），纪要和结论将如实注明。").format(
                n=len(differ), names="、".join(differ))
        return text + "\n\n" + self.tr("签发后记入事件日志，不能更改。")

    def conclude(self) -> None:
        if self.current is None:
            return
        if not self.confirm(self.tr("确认：签发结论"), self.conclusion_question()):
            self.message.error(self.tr("已取消，结论未签发"))
            return
        self._do(lambda: self.service.conclude(
            self.current.id, chair=self.chair_combo.currentData() or "", outcome=self.outcome_combo.currentData(),
            level=self.conclusion_level.currentData(), summary=self.summary_text.toPlainText(), actor=self.actor,
            role=self.role), self.tr("结论已签发，并记入事件日志"))

    def _do(self, fn: Any, done: str) -> None:
        try:
            self.current = fn()
        except RecordError as exc:
            self.message.error(str(exc))
            return
        self.bus.flush()
        self.message.ok(done)
        if self.incident_id:
            self.sig_changed.emit(self.incident_id)

    def export(self, path: str | Path) -> Path:
        assert self.current is not None
        c = self.service.get(self.current.id)
        plan = self.service.incidents.plan_for(c.incident_id)
        drill = self.service.incidents.summary(c.incident_id).mode == "drill"
        doc = minutes_document(c, plan, drill=drill)
        p = Path(path)
        # python-docx (lxml) and reportlab are loaded when a document is first exported
        from console.documents.anchor import stamp
        from console.documents.docx_export import write_docx
        from console.documents.pdf_export import write_pdf

        stamp(doc, self.console.db, self.console.clock, self.console.signer)
        out = write_docx(doc, p) if p.suffix.lower() == ".docx" else write_pdf(doc, p)
        self.message.ok(self.tr("已导出 ") + str(out))
        return out

    def _export_dialog(self, suffix: str) -> None:
        if self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出会商纪要"), f"{self.current.id}{suffix}",
                                              f"*{suffix}")
        if path:
            self.export(path)
