"""The reports panel: the register, report deadlines with countdowns, and a draft editor
with inline validation, the approval step (拟稿 → 审核 → 签发), submission (报送, confirmed),
attachments and export (DOCX/PDF).

Laid out for a dock about 420 px wide: the register and deadlines above the form (a vertical
split), the columns that matter with the rest in tooltips, form labels above their fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.documents.official import report_document
from console.errors import InvalidInput, RecordError, Refused
from console.reports.forms import ReportForm, display, parse_time
from console.reports.service import ReportRecord
from ui.attachments import AttachmentsBox
from ui.bus import bus_for
from ui.reports.chains import ReportChainView
from ui.widgets.confirm import ask_confirm
from ui.widgets.names import report_phase_name, report_status_name, report_title
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
        top.addWidget(self.kind_combo, 1)
        top.addWidget(self.new_button)
        # the columns that matter; the number, the people and the hash are in each row's tooltip
        self.register_table = table([self.tr("报告"), self.tr("状态"), self.tr("报送时间")])
        _fit_columns(self.register_table)
        self.register_table.itemSelectionChanged.connect(self._selected)
        self.deadline_table = table([self.tr("报送期限"), self.tr("截止"), self.tr("倒计时")])
        _fit_columns(self.deadline_table)
        self.chain_view = ReportChainView(console, actor=actor, role=role)  # 报告链 (plan format 2)
        self.chain_view.sig_forwarded.connect(self.sig_changed)

        self.form_box = QWidget()
        self.form_layout = QFormLayout(self.form_box)
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above fields
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form_box)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.approval_label = QLabel()
        self.approval_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.review_button = QPushButton(self.tr("审核"))
        self.sign_button = QPushButton(self.tr("签发"))
        self.return_button = QPushButton(self.tr("退回拟稿"))
        self.submit_button = QPushButton(self.tr("报送"))
        self.correct_button = QPushButton(self.tr("新建更正版本"))
        self.docx_button = QPushButton(self.tr("导出 DOCX"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.review_button.setToolTip(self.tr("审核：核对拟稿内容完整无误（指挥长、副指挥长、值班员）"))
        self.sign_button.setToolTip(self.tr("签发：签发人确认后方可报送（指挥长、副指挥长或预案指定的定级角色）"))
        self.return_button.setToolTip(self.tr("退回拟稿：清除审核与签发，可再修改"))
        self.save_button.clicked.connect(self.save)
        self.review_button.clicked.connect(self.review)
        self.sign_button.clicked.connect(self.sign)
        self.return_button.clicked.connect(self.return_to_draft)
        self.submit_button.clicked.connect(self.submit)
        self.correct_button.clicked.connect(self.correct)
        self.docx_button.clicked.connect(lambda: self._export_dialog(".docx"))
        self.pdf_button.clicked.connect(lambda: self._export_dialog(".pdf"))
        buttons = QGridLayout()
        for i, b in enumerate((self.save_button, self.review_button, self.sign_button, self.submit_button,
                               self.return_button, self.correct_button, self.docx_button, self.pdf_button)):
            b.setMinimumWidth(0)
            buttons.addWidget(b, i // 4, i % 4)
        self.attachments = AttachmentsBox(console, self, actor=actor, role=role)
        self.message = MessageLabel()

        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addLayout(top)
        self.drafting_label = QLabel()  # 「王五正在起草续报（14:02 保存）」: drafts of the other seats
        self.drafting_label.setObjectName("reportsDrafting")
        self.drafting_label.setWordWrap(True)
        self.drafting_label.setStyleSheet("color:#1f4e79;")
        self.drafting_label.hide()
        ul.addWidget(self.drafting_label)
        ul.addWidget(QLabel(self.tr("报告登记簿")))
        self.register_table.setMinimumHeight(72)
        self.deadline_table.setMinimumHeight(60)
        ul.addWidget(self.register_table, 2)
        ul.addWidget(QLabel(self.tr("报送期限")))
        ul.addWidget(self.deadline_table, 1)
        self.chain_title = QLabel(self.tr("报告链（逐级报送）"))
        ul.addWidget(self.chain_title)
        ul.addWidget(self.chain_view, 1)
        lower = QWidget()
        rl = QVBoxLayout(lower)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.title_label)
        rl.addWidget(self.approval_label)
        rl.addWidget(self.form_scroll, 1)
        rl.addLayout(buttons)
        rl.addWidget(self.message)
        rl.addWidget(self.attachments)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 460])  # the form gets the larger part
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
                self.kind_combo.addItem(report_phase_name(k, title), k)
        self.new_button.setEnabled(incident_id is not None)
        self._show(None)
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when its reports or plan state of the shown incident changed (here or at another console)."""
        if changes.touches(Topic.REPORTS, Topic.STATE, incident=self.incident_id):
            self.refresh()

    def refresh(self) -> None:
        rows = self.service.register(self.incident_id) if self.incident_id else []
        fill(self.register_table, [[report_title(r), report_status_name(r), t(r.submitted_at)] for r in rows],
             [r.id for r in rows])
        _restretch(self.register_table)
        self.show_drafting()
        for i, r in enumerate(rows):
            tip = f"{r.id}\n{r.approval_line()}" + (f"\nSHA-256 {r.content_hash}" if r.content_hash else "")
            for c in range(3):
                cell = self.register_table.item(i, c)
                if cell is not None:
                    cell.setToolTip(tip)
        self.refresh_deadlines()
        self.chain_view.actor, self.chain_view.role = self.actor, self.role
        self.chain_view.set_incident(self.incident_id)
        self.chain_title.setVisible(not self.chain_view.isHidden())

    def show_drafting(self) -> None:
        """Who else is drafting a report of this incident, and when they last saved it."""
        try:
            drafts = [d for d in self.service.drafting(self.incident_id) if d.actor != self.actor] \
                if self.incident_id else []
        except Exception:  # noqa: BLE001 — an old database without the room: nothing to say
            drafts = []
        if drafts:
            from console.room.stream import display_names

            names = display_names(self.console.db)
            self.drafting_label.setText("\n".join(d.line(names.get(d.actor)) for d in drafts))
        self.drafting_label.setVisible(bool(drafts))

    def refresh_deadlines(self) -> None:
        """Countdowns of the plan's report deadlines; overdue or missed ones in red."""
        dls = self.service.deadlines(self.incident_id) if self.incident_id else []
        self.overdue = [d for d in dls if d.overdue]
        fill(self.deadline_table, [[d.title, t(d.due_at), d.countdown()] for d in dls])
        _restretch(self.deadline_table)
        for r, d in enumerate(dls):
            tip = d.title + (f"\n{self.tr('主送')}：{d.to}" if d.to else "") \
                + (f"\n{d.report_id}" if d.report_id else "")
            for c in range(3):
                item = self.deadline_table.item(r, c)
                if item is None:
                    continue
                item.setToolTip(tip)
                if d.overdue or d.status == "missed":
                    item.setForeground(QColor("#c0392b"))

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
        status = rec.status if rec is not None else None
        self.save_button.setEnabled(editable)
        self.review_button.setEnabled(status == "draft")
        signers = self.service.signer_roles(rec.incident_id) if rec is not None else frozenset()
        self.sign_button.setEnabled(status == "reviewed" and self.role in signers)
        if status == "reviewed" and self.role not in signers:
            self.sign_button.setToolTip(self.tr("签发人须为指挥长、副指挥长或预案指定的定级角色；当前角色不能签发"))
        self.return_button.setEnabled(status in ("reviewed", "signed"))
        self.submit_button.setEnabled(status == "signed")
        self.correct_button.setEnabled(status == "submitted")
        for b in (self.docx_button, self.pdf_button):
            b.setEnabled(rec is not None)
        self.attachments.set_owner(rec.incident_id if rec else None, "report", rec.id if rec else None)
        if rec is None:
            self.title_label.setText(self.tr("选择或新建一份报告"))
            self.approval_label.setText("")
            return
        self.title_label.setText(f"<b>{report_title(rec)}</b>　{report_status_name(rec)}")
        self.title_label.setToolTip(rec.id)
        self.approval_label.setText(rec.approval_line() + "　" + self._next_step(rec))
        self.form = self.service.form(rec.incident_id, rec.kind)
        plan = self.service.incidents.plan_for(rec.incident_id)
        for f in self.form.fields:
            v = rec.fields.get(f.key)
            if f.type == "longtext":
                w: Any = QPlainTextEdit("" if v is None else str(v))
                w.setFixedHeight(72)
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
            w.setMinimumWidth(0)
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
            rec = self.service.draft(self.incident_id, self.kind_combo.currentData(), actor=self.actor, role=self.role)
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
            rec = self.service.save(self.current.id, self.values(), actor=self.actor, role=self.role)
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

    def _next_step(self, rec: ReportRecord) -> str:
        return {"draft": self.tr("下一步：审核"), "reviewed": self.tr("下一步：签发"),
                "signed": self.tr("下一步：报送")}.get(rec.status, "")

    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible step, naming what will happen; Enter cancels (tests replace this)."""
        return ask_confirm(self, title, text, yes=self.tr("确定{title}").format(title=title))

    def _describe(self, rec: ReportRecord) -> str:
        """「初报」, its 文号 and number, to whom — as the confirmations name them."""
        doc_no = rec.fields.get("doc_no") or ""
        to = rec.fields.get("recipients") or self.tr("（未填主送单位）")
        return self.tr("{kind}（文号 {doc_no}，编号 {id}），主送：{to}").format(
            kind=report_title(rec), doc_no=doc_no or "—", id=rec.id, to=to)

    def _step(self, action: Any, done: str) -> bool:
        """Run one approval step on the shown report; a refusal is shown, never raised."""
        if self.current is None:
            return False
        try:
            rec = action(self.current.id)
        except InvalidInput as exc:
            self._mark(exc.problems)
            self.message.error(str(exc))
            return False
        except Refused as exc:
            self.message.error(exc.reason)
            return False
        self._show(rec)
        self.bus.flush()  # the register redraws from the change (on_changes)
        self.message.ok(done)
        if self.incident_id:
            self.sig_changed.emit(self.incident_id)
        return True

    def review(self) -> bool:
        """审核: the shown draft (saved first) is checked complete and marked reviewed."""
        if self.current is None or (self.current.status == "draft" and not self.save()):
            return False
        return self._step(lambda rid: self.service.review(rid, actor=self.actor, role=self.role),
                          self.tr("已审核，待签发"))

    def sign(self) -> bool:
        """签发, after a confirmation naming the report and the signer."""
        if self.current is None:
            return False
        text = self.tr("签发 {what}。").format(what=self._describe(self.current)) + "\n" + self.tr(
            "签发人：{who}。签发后内容不再修改，可以报送；此操作记入事件日志。").format(who=self.actor)
        if not self.confirm(self.tr("签发"), text):
            self.message.setText(self.tr("已取消签发"))
            return False
        return self._step(lambda rid: self.service.sign(rid, actor=self.actor, role=self.role),
                          self.tr("已签发，签发人：{who}；可以报送").format(who=self.actor))

    def return_to_draft(self) -> bool:
        return self._step(lambda rid: self.service.return_to_draft(rid, actor=self.actor, role=self.role),
                          self.tr("已退回拟稿，审核与签发已清除"))

    def submit(self) -> bool:
        """报送 a signed report, after a confirmation naming the kind, number and recipients."""
        if self.current is None:
            return False
        if self.current.status == "draft" and not self.save():
            return False
        rec = self.current
        if rec.status == "signed":
            text = self.tr("报送 {what}。").format(what=self._describe(rec)) + "\n" + self.tr(
                "报送后内容冻结、不能修改（更正须另报更正版本），内容摘要记入事件日志。")
            if not self.confirm(self.tr("报送"), text):
                self.message.setText(self.tr("已取消报送"))
                return False
        ok = self._step(lambda rid: self.service.submit(rid, actor=self.actor, role=self.role), "")
        if ok and self.current is not None:
            self.message.ok(self.tr("已报送 {kind}（{id}）至 {to}。内容摘要 SHA-256：{sha}").format(
                kind=report_title(self.current), id=self.current.id,
                to=self.current.fields.get("recipients") or "—", sha=self.current.content_hash or ""))
        return ok

    def correct(self) -> None:
        if self.current is None:
            return
        try:
            rec = self.service.correct(self.current.id, actor=self.actor, role=self.role)
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


def _restretch(tw: QTableWidget) -> None:
    """After ``fill`` sized the columns to their contents, let the first one take the width left
    again (QHeaderView re-stretches only on a resize otherwise)."""
    head = tw.horizontalHeader()
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def _fit_columns(tw: QTableWidget) -> None:
    """The first column takes the width left; the others fit their text; never a sideways scroll."""
    head = tw.horizontalHeader()
    head.setMinimumSectionSize(40)
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, tw.columnCount()):
        head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    tw.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tw.setWordWrap(False)
    tw.setTextElideMode(Qt.TextElideMode.ElideRight)


__all__ = ["ReportsPanel", "display"]
