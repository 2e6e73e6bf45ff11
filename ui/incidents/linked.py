"""关联事件 in the incident view: the linked incidents (移交至 / 移交自 among them), 关联事件…,
并入… and 取消关联… (console.incidents.linking: both incidents' logs in one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.errors import Refused
from console.incidents.linked_view import LinkedRow, rows_of
from console.incidents.linking import link, merge, open_linkable, unlink
from console.plan.engine import IncidentState
from console.store.eventlog import StaleAppend
from ui.widgets.common import short_time
from ui.widgets.runner import runner_for


class LinkDialog(QDialog):
    """Choose an incident and give the reason: 关联事件 (any other open incident) or 并入 (the target)."""

    def __init__(self, title: str, prompt: str, choices: list[tuple[str, str]], parent: QWidget | None = None,
                 *, preselect: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = QComboBox()
        for iid, text in choices:
            self.choice.addItem(text, iid)
        if preselect is not None and self.choice.findData(preselect) >= 0:
            self.choice.setCurrentIndex(self.choice.findData(preselect))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填，记入两起事件的日志（如：同一批次产品、同一供餐单位）"))
        form = QFormLayout(self)
        form.addRow(QLabel(prompt))
        form.addRow(self.tr("事件"), self.choice)
        form.addRow(self.tr("理由"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()
        if not choices:
            form.insertRow(1, QLabel(self.tr("没有可选的未结案事件")))

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason.text().strip()) and self.choice.currentIndex() >= 0)

    def chosen(self) -> tuple[str, str]:
        return str(self.choice.currentData()), self.reason.text().strip()


class LinkedBox(QGroupBox):
    """The linked incidents of the shown incident, with 关联事件…, 并入… and 取消关联….

    ``sig_open(incident)`` asks to show a linked incident (double-click a row); ``sig_done(incident)``
    after a link command was written."""

    sig_open = Signal(str)
    sig_done = Signal(str)

    def __init__(self, console: Console, actor: str, role: str, message: Callable[[str | None, bool], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("关联事件"))
        self.console, self.actor, self.role = console, actor, role
        self.message = message
        self.runner = runner_for(console)
        self.incident_id: str | None = None
        self.state: IncidentState | None = None
        self.rows: list[LinkedRow] = []
        self.handover = QLabel()
        self.handover.setObjectName("handoverLine")
        self.handover.setWordWrap(True)
        self.handover.setStyleSheet("color:#1f618d;")
        self.handover.hide()
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("关系"), self.tr("事件"), self.tr("接报"), self.tr("理由")])
        self.list.itemDoubleClicked.connect(
            lambda item, _col: self.sig_open.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.link_button = QPushButton(self.tr("关联事件…"))
        self.link_button.setToolTip(self.tr("与另一起未结案的事件互相关联（如同一批次产品），两起事件的日志同时记录"))
        self.link_button.clicked.connect(self.ask_link)
        self.merge_button = QPushButton(self.tr("并入…"))
        self.merge_button.setToolTip(self.tr("把本事件并入另一起事件：本事件结案，未完成的任务不再需要"))
        self.merge_button.clicked.connect(self.ask_merge)
        self.unlink_button = QPushButton(self.tr("取消关联…"))
        self.unlink_button.clicked.connect(self.ask_unlink)
        row = QHBoxLayout()
        for b in (self.link_button, self.merge_button, self.unlink_button):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.handover)
        lay.addWidget(self.list)
        lay.addLayout(row)
        self.fill(None, None)

    # -- showing ---------------------------------------------------------------------------
    def fill(self, incident_id: str | None, state: IncidentState | None) -> None:
        self.incident_id, self.state = incident_id, state
        svc = self.console.incidents

        def status(iid: str) -> str | None:
            try:
                return str(svc.summary(iid).status)
            except LookupError:
                return None

        self.rows = rows_of(state, status) if state is not None else []
        self.list.clear()
        for r in self.rows:
            closed = self.tr("（已结案）") if r.status == "closed" else ""
            item = QTreeWidgetItem([self.relation_text(r.kind), f"{r.incident} {r.title or ''}{closed}".strip(),
                                    short_time(r.received_at) if r.received_at else "—", r.reason])
            item.setData(0, Qt.ItemDataRole.UserRole, r.incident)
            item.setToolTip(1, self.tr("双击查看该事件"))
            self.list.addTopLevelItem(item)
        hand = [r for r in self.rows if r.kind in ("handover_to", "handover_from")]
        self.handover.setText("\n".join(
            (self.tr("移交至：{id} {title}") if r.kind == "handover_to" else self.tr("移交自：{id} {title}"))
            .format(id=r.incident, title=r.title or "").strip() for r in hand))
        self.handover.setVisible(bool(hand))
        open_ = state is not None and not state.closed
        plain = [r for r in self.rows if r.kind == "link" and r.status == "open"]
        self.link_button.setEnabled(open_)
        self.merge_button.setEnabled(open_)
        self.unlink_button.setEnabled(open_ and bool(plain))
        self.list.setVisible(bool(self.rows))

    def relation_text(self, kind: str) -> str:
        return {"link": self.tr("关联"), "merged_here": self.tr("已并入本事件"), "merged_into": self.tr("并入至"),
                "handover_to": self.tr("移交至"), "handover_from": self.tr("移交自")}.get(kind, kind)

    def candidates(self) -> list[tuple[str, str]]:
        """The open incidents this one may be linked with (not itself, not linked already)."""
        if self.incident_id is None or self.state is None:
            return []
        return [(s.id, f"{s.id} {s.title}") for s in open_linkable(self.console.incidents, self.incident_id)]

    # -- asking ---------------------------------------------------------------------------
    def ask_link(self) -> bool:
        dlg = LinkDialog(self.tr("关联事件"), self.tr("选择要与本事件关联的未结案事件，并写明理由："),
                         self.candidates(), self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.link_with(*dlg.chosen())

    def ask_merge(self) -> bool:
        if self.incident_id is None:
            return False
        linked_open = [(r.incident, f"{r.incident} {r.title or ''}".strip()) for r in self.rows
                       if r.kind == "link" and r.status == "open"]
        choices = linked_open + [c for c in self.candidates() if c not in linked_open]
        dlg = LinkDialog(self.tr("并入事件"),
                         self.tr("把本事件（{id}）并入所选事件：本事件将结案，未完成的任务不再需要。").format(
                             id=self.incident_id), choices, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.merge_into(*dlg.chosen())

    def ask_unlink(self) -> bool:
        choices = [(r.incident, f"{r.incident} {r.title or ''}".strip()) for r in self.rows
                   if r.kind == "link" and r.status == "open"]
        current = self.list.currentItem()
        dlg = LinkDialog(self.tr("取消关联"), self.tr("取消本事件与所选事件的关联，并写明理由："), choices, self,
                         preselect=current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.unlink_from(*dlg.chosen())

    # -- commands (off the GUI thread, both logs in one transaction) ------------------------
    def link_with(self, other: str, reason: str) -> bool:
        return self._run(self.tr("关联事件"), lambda svc, iid: link(svc, iid, other, reason, actor=self.actor,
                                                                   role=self.role),
                         self.tr("已关联事件 {id}").format(id=other))

    def unlink_from(self, other: str, reason: str) -> bool:
        return self._run(self.tr("取消关联"), lambda svc, iid: unlink(svc, iid, other, reason, actor=self.actor,
                                                                     role=self.role),
                         self.tr("已取消与事件 {id} 的关联").format(id=other))

    def merge_into(self, other: str, reason: str) -> bool:
        return self._run(self.tr("并入事件"), lambda svc, iid: merge(svc, iid, into=other, reason=reason,
                                                                    actor=self.actor, role=self.role),
                         self.tr("已并入事件 {id}，本事件已结案").format(id=other))

    def _run(self, label: str, fn: Callable[[Any, str], Any], ok_text: str) -> bool:
        if self.incident_id is None:
            return False
        iid, svc = self.incident_id, self.console.incidents
        outcome: list[bool] = []

        def done(_result: Any) -> None:
            outcome.append(True)
            self.message(ok_text, False)
            self.sig_done.emit(iid)

        def refused(exc: Exception) -> None:
            outcome.append(False)
            if isinstance(exc, (Refused, StaleAppend)):
                self.message(self.tr("已拒绝：{reason}").format(reason=getattr(exc, "reason", str(exc))), True)
            elif isinstance(exc, LookupError):
                self.message(str(exc).strip("'\""), True)
            else:
                raise exc

        self.runner.run(label, lambda: fn(svc, iid), success=done, failure=refused)
        return outcome[0] if outcome else True
