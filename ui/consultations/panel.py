"""The consultations panel: open a consultation, invite experts by specialty and availability,
record opinions (with recommended level and dissent), the chair's conclusion, minutes export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.consultations.service import ConsultationRecord
from console.documents.official import minutes_document
from console.errors import RecordError
from console.timeline.wording import OUTCOMES, QUESTIONS
from ui.bus import bus_for
from ui.widgets.records import MessageLabel, fill, t, table


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
        top.addWidget(self.question_combo)
        top.addWidget(self.open_button)
        top.addStretch(1)
        self.list_table = table([self.tr("会商编号"), self.tr("议题"), self.tr("状态"), self.tr("发起"),
                                 self.tr("意见/法定人数"), self.tr("结论")])
        self.list_table.itemSelectionChanged.connect(self._selected)

        invite_box = QGroupBox(self.tr("邀请专家（按专业与可用状态）"))
        self.candidates = QListWidget()
        self.invite_button = QPushButton(self.tr("邀请所选专家"))
        self.invite_button.clicked.connect(self.invite_checked)
        il = QVBoxLayout(invite_box)
        il.addWidget(self.candidates)
        il.addWidget(self.invite_button)

        op_box = QGroupBox(self.tr("专家意见"))
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
        of.addRow(self.tr("专家"), self.expert_combo)
        of.addRow(self.tr("意见"), self.recommend_combo)
        of.addRow(self.tr("建议级别"), self.level_combo)
        of.addRow(self.tr("意见内容"), self.opinion_text)
        of.addRow(self.tr("保留意见"), self.dissent_text)
        of.addRow(self.opinion_button)

        con_box = QGroupBox(self.tr("会商结论（组长签发）"))
        self.chair_combo = QComboBox()
        self.outcome_combo = QComboBox()
        for k, v in OUTCOMES.items():
            self.outcome_combo.addItem(self.tr(v), k)
        self.conclusion_level = QComboBox()
        self.summary_text = QPlainTextEdit()
        self.summary_text.setFixedHeight(60)
        self.conclude_button = QPushButton(self.tr("签发结论"))
        self.conclude_button.clicked.connect(self.conclude)
        self.docx_button = QPushButton(self.tr("导出纪要 DOCX"))
        self.pdf_button = QPushButton(self.tr("导出纪要 PDF"))
        self.docx_button.clicked.connect(lambda: self._export_dialog(".docx"))
        self.pdf_button.clicked.connect(lambda: self._export_dialog(".pdf"))
        cf = QFormLayout(con_box)
        cf.addRow(self.tr("会商组长"), self.chair_combo)
        cf.addRow(self.tr("结论"), self.outcome_combo)
        cf.addRow(self.tr("建议级别"), self.conclusion_level)
        cf.addRow(self.tr("结论意见"), self.summary_text)
        row = QHBoxLayout()
        for b in (self.conclude_button, self.docx_button, self.pdf_button):
            row.addWidget(b)
        cf.addRow(row)
        self.message = MessageLabel()

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.list_table, 1)
        mid = QHBoxLayout()
        mid.addWidget(invite_box)
        mid.addWidget(op_box)
        mid.addWidget(con_box)
        lay.addLayout(mid, 2)
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
        fill(self.list_table, [[c.id, f"{c.title}（{c.question_title}）", c.status_title, t(c.opened_at),
                                f"{len(c.opinions)}/{c.quorum}",
                                (OUTCOMES.get(c.outcome or "", "") + (f" {c.level}" if c.level else ""))]
                               for c in rows], [c.id for c in rows])
        if self.current is not None:
            self.current = self.service.get(self.current.id)
        self._show()

    def select(self, consultation_id: str) -> None:
        self.current = self.service.get(consultation_id)
        self._show()

    def _selected(self) -> None:
        items = self.list_table.selectedItems()
        if items:
            self.select(self.list_table.item(items[0].row(), 0).data(256))

    def _show(self) -> None:
        c = self.current
        self.candidates.clear()
        self.expert_combo.clear()
        self.chair_combo.clear()
        open_ = c is not None and c.status == "open"
        for w in (self.invite_button, self.opinion_button, self.conclude_button):
            w.setEnabled(open_)
        for w in (self.docx_button, self.pdf_button):
            w.setEnabled(c is not None)
        if c is None:
            return
        if open_:
            for e in self.service.candidates(c.id):
                item = QListWidgetItem(f"{e.name}（{'、'.join(e.specialties)}；{e.organisation}）")
                item.setData(Qt.ItemDataRole.UserRole, e.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.candidates.addItem(item)
        given = {o.expert.code for o in c.opinions}
        for e in c.invited:
            if e.code not in given:
                self.expert_combo.addItem(e.name, e.code)
            self.chair_combo.addItem(e.name, e.code)

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

    def conclude(self) -> None:
        if self.current is None:
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
