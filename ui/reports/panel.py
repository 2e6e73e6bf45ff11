"""The reports panel: the register, report deadlines with countdowns, and a draft editor
with inline validation, submission and export (DOCX/PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.documents.official import report_document
from console.errors import InvalidInput, RecordError
from console.reports.forms import ReportForm, display, parse_time
from console.reports.service import ReportRecord
from ui.bus import bus_for
from ui.widgets.records import MessageLabel, fill, t, table


class ReportsPanel(QWidget):
    sig_changed = Signal(str)
    """Emitted with the incident id after a draft is saved or a report submitted (views refresh)."""

    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "值班员",
                 role: str = "duty_officer") -> None:
        super().__init__(parent)
        self.service = console.reports
        self.console = console
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.clock = console.clock
        self.actor, self.role = actor, role
        self.incident_id: str | None = None
        self.current: ReportRecord | None = None
        self.overdue: list[Any] = []
        self.form: ReportForm | None = None
        self.editors: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}

        self.kind_combo = QComboBox()
        self.new_button = QPushButton(self.tr("新建报告草稿"))
        self.new_button.clicked.connect(self.new_draft)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("报告类型")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.new_button)
        top.addStretch(1)
        self.register_table = table([self.tr("报告编号"), self.tr("报告"), self.tr("状态"), self.tr("报送时间"),
                                     self.tr("报送人"), self.tr("内容摘要 SHA-256")])
        self.register_table.itemSelectionChanged.connect(self._selected)
        self.deadline_table = table([self.tr("报送期限"), self.tr("截止"), self.tr("倒计时"), self.tr("报告")])

        self.form_box = QWidget()
        self.form_layout = QFormLayout(self.form_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_box)
        self.title_label = QLabel()
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.submit_button = QPushButton(self.tr("报送"))
        self.correct_button = QPushButton(self.tr("新建更正版本"))
        self.docx_button = QPushButton(self.tr("导出 DOCX"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.correct_button.clicked.connect(self.correct)
        self.docx_button.clicked.connect(lambda: self._export_dialog(".docx"))
        self.pdf_button.clicked.connect(lambda: self._export_dialog(".pdf"))
        buttons = QHBoxLayout()
        for b in (self.save_button, self.submit_button, self.correct_button, self.docx_button, self.pdf_button):
            buttons.addWidget(b)
        self.message = MessageLabel()

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addLayout(top)
        ll.addWidget(QLabel(self.tr("报告登记簿")))
        ll.addWidget(self.register_table, 2)
        ll.addWidget(QLabel(self.tr("报送期限")))
        ll.addWidget(self.deadline_table, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.title_label)
        rl.addWidget(scroll, 1)
        rl.addLayout(buttons)
        rl.addWidget(self.message)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.countdown_timer = QTimer(self)  # countdowns move on their own
        self.countdown_timer.setInterval(30_000)
        self.countdown_timer.timeout.connect(self.refresh_deadlines)
        self.countdown_timer.start()
        self.set_incident(None)

    # -- incident ----------------------------------------------------------------------------
    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.kind_combo.clear()
        if incident_id is not None:
            for k, title in self.service.kinds(incident_id).items():
                self.kind_combo.addItem(title, k)
        self.new_button.setEnabled(incident_id is not None)
        self._show(None)
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when its reports or plan state of the shown incident changed (here or at another console)."""
        if changes.touches(Topic.REPORTS, Topic.STATE, incident=self.incident_id):
            self.refresh()

    def refresh(self) -> None:
        rows = self.service.register(self.incident_id) if self.incident_id else []
        fill(self.register_table, [[r.id, r.display_title, r.status_title, t(r.submitted_at), r.submitted_by or "",
                                    (r.content_hash or "")[:16]] for r in rows], [r.id for r in rows])
        self.refresh_deadlines()

    def refresh_deadlines(self) -> None:
        """Countdowns of the plan's report deadlines; overdue or missed ones in red."""
        dls = self.service.deadlines(self.incident_id) if self.incident_id else []
        self.overdue = [d for d in dls if d.overdue]
        fill(self.deadline_table, [[d.title, t(d.due_at), d.countdown(), d.report_id or ""] for d in dls])
        for r, d in enumerate(dls):
            if d.overdue or d.status == "missed":
                for c in range(4):
                    self.deadline_table.item(r, c).setForeground(QColor("#c0392b"))

    def _selected(self) -> None:
        items = self.register_table.selectedItems()
        if items:
            rid = self.register_table.item(items[0].row(), 0).data(256)
            self._show(self.service.get(rid))

    # -- editor ------------------------------------------------------------------------------------
    def _show(self, rec: ReportRecord | None) -> None:
        self.current = rec
        while self.form_layout.rowCount():
            self.form_layout.removeRow(0)
        self.editors, self.errors = {}, {}
        self.message.setText("")
        editable = rec is not None and rec.status == "draft"
        for b in (self.save_button, self.submit_button):
            b.setEnabled(editable)
        self.correct_button.setEnabled(rec is not None and rec.status == "submitted")
        for b in (self.docx_button, self.pdf_button):
            b.setEnabled(rec is not None)
        if rec is None:
            self.title_label.setText(self.tr("选择或新建一份报告"))
            return
        self.title_label.setText(f"<b>{rec.display_title}</b>　{rec.id}　{rec.status_title}")
        self.form = self.service.form(rec.incident_id, rec.kind)
        plan = self.service.incidents.plan_for(rec.incident_id)
        for f in self.form.fields:
            v = rec.fields.get(f.key)
            if f.type == "longtext":
                w: Any = QPlainTextEdit("" if v is None else str(v))
                w.setFixedHeight(80)
            elif f.type in ("level", "choice"):
                w = QComboBox()
                w.addItem("—", None)
                opts = [(lv.id, plan.level_name(lv.id)) for lv in plan.levels] if f.type == "level" \
                    else [(c, c) for c in f.choices]
                for key, title in opts:
                    w.addItem(title, key)
                w.setCurrentIndex(max(w.findData(v), 0))
            else:
                text = "" if v is None else str(v)
                if f.type == "datetime" and v:
                    text = parse_time(v).strftime("%Y-%m-%d %H:%M")
                w = QLineEdit(text)
                if f.type != "int":
                    w.setMaxLength(f.max_len + 50)  # longer text still reaches the check, which names it
            w.setEnabled(editable)
            err = QLabel()
            err.setStyleSheet("color: #c0392b;")
            err.setVisible(False)
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(w)
            bl.addWidget(err)
            label = f"{f.label}{' *' if f.required else ''}"
            self.form_layout.addRow(label, box)
            self.editors[f.key] = w
            self.errors[f.key] = err
        if editable:
            self._mark(self.service.problems(rec.id), quiet=True)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.editors.items():
            if isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData()
            else:
                out[key] = w.text()
        return out

    def set_value(self, key: str, value: str) -> None:
        w = self.editors[key]
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findData(value), 0))
        else:
            w.setText(value)

    def _mark(self, problems: list[Any], quiet: bool = False) -> None:
        for lbl in self.errors.values():
            lbl.setVisible(False)
        for p in problems:
            lbl = self.errors.get(p.field)
            if lbl is not None and not lbl.isVisible():
                lbl.setText(p.message)
                lbl.setVisible(True)
        if problems and not quiet:
            self.message.error("；".join(str(p) for p in problems[:6]))

    def field_error(self, key: str) -> str | None:
        lbl = self.errors.get(key)
        return lbl.text() if lbl is not None and not lbl.isHidden() else None

    # -- actions ----------------------------------------------------------------------------------
    def new_draft(self) -> None:
        if self.incident_id is None:
            return
        try:
            rec = self.service.draft(self.incident_id, self.kind_combo.currentData(), actor=self.actor)
        except RecordError as exc:
            self.message.error(str(exc))
            return
        self.refresh()
        self._show(rec)
        self.message.ok(self.tr("已按事件事实与日志预填草稿"))

    def save(self) -> bool:
        if self.current is None:
            return False
        try:
            rec = self.service.save(self.current.id, self.values(), actor=self.actor)
        except InvalidInput as exc:
            self._mark(exc.problems)
            return False
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self.current = rec
        self._mark(self.service.problems(rec.id), quiet=True)
        self.message.ok(self.tr("草稿已保存"))
        if self.incident_id:
            self.sig_changed.emit(self.incident_id)
        return True

    def submit(self) -> bool:
        if self.current is None or not self.save():
            return False
        try:
            rec = self.service.submit(self.current.id, actor=self.actor, role=self.role)
        except InvalidInput as exc:
            self._mark(exc.problems)
            return False
        except RecordError as exc:
            self.message.error(str(exc))
            return False
        self._show(rec)
        self.bus.flush()  # the register redraws from the change (on_changes)
        self.message.ok(self.tr("已报送，内容摘要 SHA-256：") + (rec.content_hash or ""))
        if self.incident_id:
            self.sig_changed.emit(self.incident_id)
        return True

    def correct(self) -> None:
        if self.current is None:
            return
        try:
            rec = self.service.correct(self.current.id, actor=self.actor)
        except RecordError as exc:
            self.message.error(str(exc))
            return
        self._show(rec)
        self.bus.flush()
        self.message.ok(self.tr("已新建更正版本，修改后报送"))

    def export(self, path: str | Path) -> Path:
        assert self.current is not None
        rec = self.service.get(self.current.id)
        plan = self.service.incidents.plan_for(rec.incident_id)
        drill = self.service.incidents.summary(rec.incident_id).mode == "drill"
        doc = report_document(rec, plan, drill=drill)
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
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出报告"), f"{self.current.id}{suffix}",
                                              f"*{suffix}")
        if path:
            self.export(path)


__all__ = ["ReportsPanel", "display"]
