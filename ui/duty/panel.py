"""The duty-log panel (应急值守): notes and shift handovers, for the incident or the centre."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.changes import ChangeSet, Topic
from console.errors import InvalidInput, RecordError
from ui.bus import bus_for
from ui.widgets.records import MessageLabel, fill, t, table


class DutyLogPanel(QWidget):
    sig_changed = Signal(str)
    """Emitted with the incident id after an entry about an incident (its timeline changed)."""

    def __init__(self, console: Console, parent: QWidget | None = None, *,
                 actor: str = "值班员",
                 role: str = "duty_officer") -> None:
        super().__init__(parent)
        self.service = console.duty
        self.bus = bus_for(console)
        self.bus.sig_changed.connect(self.on_changes)
        self.actor, self.role = actor, role
        self.incident_id: str | None = None
        self.entries = table([self.tr("时间"), self.tr("记录时间"), self.tr("类别"), self.tr("事件"),
                              self.tr("记录人"), self.tr("内容")])
        self.for_incident = QCheckBox(self.tr("记入当前事件"))
        self.note_text = QPlainTextEdit()
        self.note_text.setFixedHeight(60)
        self.note_button = QPushButton(self.tr("记录"))
        self.note_button.clicked.connect(self.add_note)
        note_box = QGroupBox(self.tr("值守记录"))
        nl = QVBoxLayout(note_box)
        nl.addWidget(self.note_text)
        row = QHBoxLayout()
        row.addWidget(self.for_incident)
        row.addWidget(self.note_button)
        nl.addLayout(row)
        hand_box = QGroupBox(self.tr("交接班"))
        self.from_edit, self.to_edit, self.shift_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.summary_text, self.pending_text = QPlainTextEdit(), QPlainTextEdit()
        self.summary_text.setFixedHeight(50)
        self.pending_text.setFixedHeight(50)
        self.handover_button = QPushButton(self.tr("交接"))
        self.handover_button.clicked.connect(self.add_handover)
        hf = QFormLayout(hand_box)
        hf.addRow(self.tr("交班人"), self.from_edit)
        hf.addRow(self.tr("接班人"), self.to_edit)
        hf.addRow(self.tr("班次"), self.shift_edit)
        hf.addRow(self.tr("交接内容"), self.summary_text)
        hf.addRow(self.tr("未结事项"), self.pending_text)
        hf.addRow(self.handover_button)
        self.message = MessageLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.entries, 2)
        forms = QHBoxLayout()
        forms.addWidget(note_box)
        forms.addWidget(hand_box)
        lay.addLayout(forms, 1)
        lay.addWidget(self.message)
        self.set_incident(None)

    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.for_incident.setEnabled(incident_id is not None)
        self.for_incident.setChecked(incident_id is not None)
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        """Redraw when the duty log changed: the shown incident's entries or the centre's own."""
        if changes.touches(Topic.DUTY) and (not changes.incidents or self.incident_id is None
                                            or self.incident_id in changes.incidents):
            self.refresh()

    def refresh(self) -> None:
        rows = self.service.list(self.incident_id, include_general=True) if self.incident_id else \
            self.service.list()
        fill(self.entries, [[t(e.at), t(e.recorded_at), e.kind_title, e.incident_id or self.tr("全中心"), e.actor,
                             e.line()] for e in reversed(rows)])

    def _target(self) -> str | None:
        return self.incident_id if self.for_incident.isChecked() else None

    def add_note(self) -> None:
        self._do(lambda: self.service.note(self.note_text.toPlainText(), actor=self.actor, role=self.role,
                                           incident_id=self._target()), self.note_text)

    def add_handover(self) -> None:
        """A shift handover belongs to the centre, whatever incident happens to be selected
        (「记入当前事件」 is for notes)."""
        self._do(lambda: self.service.handover(
            from_person=self.from_edit.text(), to_person=self.to_edit.text(), summary=self.summary_text.toPlainText(),
            pending=self.pending_text.toPlainText(), shift=self.shift_edit.text(), actor=self.actor, role=self.role,
            incident_id=None), self.summary_text)

    def _do(self, fn: Any, clear: QPlainTextEdit) -> None:
        try:
            e = fn()
        except (InvalidInput, RecordError) as exc:
            self.message.error(str(exc))
            return
        clear.clear()
        self.bus.flush()
        self.message.ok(self.tr("已记录：") + e.line())
        if e.incident_id:
            self.sig_changed.emit(e.incident_id)
