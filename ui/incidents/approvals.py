"""Approvals and time windows on the incident's overview (plan format 2).

- 上级批复: each approval the plan requested, with the body that must approve, its countdown
  and 批准… / 不批准… (a small dialog asks for the document number or the reason);
- 时间窗口: what the next steps wait for, 「已稳定 18 小时 / 需 24 小时」.

The box stays hidden for an incident whose plan has neither.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.plan.approvals import status_words
from console.plan.engine import IncidentState
from console.plan.model import Plan
from console.plan.windows import WindowStatus, time_windows
from ui.widgets.common import RED, countdown

_GREEN = "#1d6a3a"
_AMBER = "#9a5b00"
_RED = RED.name()
_GREY = "#7f8c8d"  # a window another condition makes unnecessary


class ApprovalDialog(QDialog):
    """批准 (文号 required) or 不批准 (理由 required), and the body that answered."""

    def __init__(self, title: str, body: str, granted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.granted = granted
        self.setWindowTitle(self.tr("登记批复：批准") if granted else self.tr("登记批复：不批准"))
        lay = QVBoxLayout(self)
        head = QLabel(title)
        head.setWordWrap(True)
        lay.addWidget(head)
        form = QFormLayout()
        self.by = QLineEdit(body)
        self.by.setObjectName("approvalBy")
        form.addRow(self.tr("批复机关"), self.by)
        self.doc_no = QLineEdit()
        self.doc_no.setObjectName("approvalDocNo")
        self.doc_no.setPlaceholderText(self.tr("如 濮政文〔2026〕12号"))
        self.reason = QLineEdit()
        self.reason.setObjectName("approvalReason")
        if granted:
            form.addRow(self.tr("批准文号 *"), self.doc_no)
        else:
            form.addRow(self.tr("不批准的理由 *"), self.reason)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for edit in (self.by, self.doc_no, self.reason):
            edit.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        needed = self.doc_no if self.granted else self.reason
        ok = bool(needed.text().strip()) and bool(self.by.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> dict[str, Any]:
        """The ``approval_decided`` data the dialog gives (without the approval's id)."""
        out: dict[str, Any] = {"granted": self.granted, "by": self.by.text().strip()}
        if self.granted:
            out["doc_no"] = self.doc_no.text().strip()
        else:
            out["reason"] = self.reason.text().strip()
        return out


class ApprovalsBox(QGroupBox):
    """The incident's approvals and time windows. ``sig_decide(approval id, granted)``."""

    sig_decide = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("上级批复与时间窗口"), parent)
        self.setObjectName("approvalsBox")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(0, 1)  # the status takes what the two buttons leave
        self.rows: dict[str, dict[str, Any]] = {}  # approval id → its widgets and record
        self.window_labels: list[QLabel] = []
        self.windows: list[WindowStatus] = []
        self.plan: Plan | None = None
        self.state: IncidentState | None = None
        self.hide()

    def clear(self) -> None:
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.rows = {}
        self.window_labels = []
        self.windows = []

    def fill(self, plan: Plan, state: IncidentState, now: datetime, role: str) -> None:
        self.clear()
        self.plan, self.state = plan, state
        row = 0
        for aid, rec in state.approvals.items():
            decl = plan.approvals.get(aid)
            title = QLabel(self.tr("{title}（批准机关：{body}）").format(title=rec["title"], body=rec["body"]))
            title.setWordWrap(True)
            title.setObjectName(f"approval_{aid}")
            status = QLabel()
            status.setObjectName(f"approval_status_{aid}")
            status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            status.setWordWrap(True)  # a narrow dock (1280×800) wraps it and keeps 批准…/不批准… in view
            self.grid.addWidget(title, row, 0, 1, 3)
            self.grid.addWidget(status, row + 1, 0)
            widgets: dict[str, Any] = {"record": rec, "status": status}
            if rec["status"] == "requested" and not state.closed:
                may = decl is not None and role in decl.recorded_by
                who = "、".join(plan.role_title(r) for r in sorted(decl.recorded_by)) if decl else ""
                for col, (granted, text) in enumerate(((True, self.tr("批准…")), (False, self.tr("不批准…")))):
                    b = QPushButton(text)
                    b.setObjectName(f"approval_{'grant' if granted else 'refuse'}_{aid}")
                    b.setEnabled(may)
                    b.setToolTip(self.tr("登记{body}的批复").format(body=rec["body"]) if may
                                 else self.tr("只有{who}可以登记批复").format(who=who))
                    b.clicked.connect(lambda _=False, a=aid, g=granted: self.sig_decide.emit(a, g))
                    self.grid.addWidget(b, row + 1, 1 + col)
                    widgets["grant" if granted else "refuse"] = b
            self.rows[aid] = widgets
            row += 2
        self.windows = time_windows(plan, state, max(now, state.now)) if not state.closed else []
        for w in self.windows:
            lbl = QLabel()
            lbl.setObjectName(f"window_{w.event}")
            lbl.setWordWrap(True)
            self.grid.addWidget(lbl, row, 0, 1, 3)
            self.window_labels.append(lbl)
            row += 1
        self.setVisible(bool(self.rows or self.windows))
        self.update_countdowns(now)

    def update_countdowns(self, now: datetime) -> bool:
        """Redraw the countdowns and windows; True when a window's met/unmet changed (the actions
        it guards must be redrawn)."""
        for widgets in self.rows.values():
            rec = widgets["record"]
            text = status_words(rec)
            colour = _GREEN if rec["status"] == "granted" else (_RED if rec["status"] == "refused" else _AMBER)
            if rec["status"] == "requested" and rec.get("due_at") is not None:
                left, qcolour, _kind = countdown(rec["due_at"], now)
                text += "　" + left
                colour = qcolour.name()
            widgets["status"].setText(text)
            widgets["status"].setStyleSheet(f"color:{colour};")
        if self.plan is None or self.state is None or not self.windows:
            return False
        fresh = time_windows(self.plan, self.state, max(now, self.state.now))
        flipped = [a.met for a in self.windows] != [b.met for b in fresh]
        self.windows = fresh
        for lbl, w in zip(self.window_labels, fresh, strict=False):
            state = self.tr("已满足") if w.met else (self.tr("无需等待：另一条件已满足") if w.waived
                                                   else self.tr("未满足"))
            lbl.setText(self.tr("{event}：{label} {text}（{state}）").format(
                event=w.event_title, label=w.label, text=w.text, state=state))
            lbl.setStyleSheet(f"color:{_GREEN if w.met else (_GREY if w.waived else _AMBER)};")
        return flipped

    def unmet_text(self, event: str) -> str | None:
        """「最后发病时间 已稳定 18 小时 / 需 24 小时」 for each window ``event`` still waits for."""
        waiting = [w for w in self.windows if w.event == event and not w.met and not w.waived]
        if not waiting:
            return None
        return "；".join(f"{w.label} {w.text}" for w in waiting)
