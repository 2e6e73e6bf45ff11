"""The attachments box (附件): the files of an incident, a report or a task, listed with type,
size and who added them; added from a file (its SHA-256 goes into the incident's log) and opened
with the desktop's viewer from a temporary copy. Used by the reports panel and the incident
detail (``AttachmentsDialog``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.app import Console
from console.attachments.service import AttachmentRecord
from console.changes import ChangeSet, Topic
from console.errors import Refused
from ui.bus import bus_for
from ui.widgets.records import MessageLabel, t

FILE_FILTER = "*.pdf *.jpg *.jpeg *.png *.docx *.xlsx"


class AttachmentsBox(QWidget):
    """The attachments of one owner (incident, report or task), with 添加附件… and 打开."""

    sig_added = Signal(str)
    """Emitted with the attachment id after a file was attached."""

    def __init__(self, console: Console, parent: QWidget | None = None, *, actor: str = "值班员",
                 role: str = "duty_officer") -> None:
        super().__init__(parent)
        self.service = console.attachments
        self.actor, self.role = actor, role
        self.incident_id: str | None = None
        self.owner_kind = "incident"
        self.owner_id: str | None = None
        self.opener: Callable[[QUrl], object] = QDesktopServices.openUrl  # tests replace this
        self.temp_dir = Path(tempfile.mkdtemp(prefix="fds-attachments-"))
        self.always_list = False  # the dialog shows the (empty) list; the reports panel only when it has rows
        self.show_all = False  # the incident's dialog lists its reports' and tasks' attachments too
        bus_for(console).sig_changed.connect(self.on_changes)

        self.heading = QLabel(self.tr("附件"))
        self.list = QListWidget()
        self.list.setMaximumHeight(96)
        self.list.itemDoubleClicked.connect(lambda item: self.open_attachment(item.data(256)))
        self.list.itemSelectionChanged.connect(self._selection)
        self.add_button = QPushButton(self.tr("添加附件…"))
        self.add_button.setToolTip(self.tr("照片、检验单、签报扫描件（PDF、JPEG、PNG、DOCX、XLSX，不超过 20 MB）"))
        self.add_button.clicked.connect(self._add_dialog)
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.clicked.connect(self._open_selected)
        self.message = MessageLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heading, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.open_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.list)
        lay.addWidget(self.message)
        self.set_owner(None)

    def set_owner(self, incident_id: str | None, owner_kind: str = "incident", owner_id: str | None = None) -> None:
        self.incident_id, self.owner_kind = incident_id, owner_kind
        self.owner_id = owner_id if owner_kind != "incident" else incident_id
        self.message.setText("")
        self.refresh()

    def on_changes(self, changes: ChangeSet) -> None:
        if self.incident_id and changes.touches(Topic.TIMELINE, incident=self.incident_id) \
                and "log.attachment_added" in changes.event_types:
            self.refresh()

    def records(self) -> list[AttachmentRecord]:
        if self.incident_id is None or self.owner_id is None:
            return []
        if self.show_all:
            return self.service.list(self.incident_id)
        return self.service.list(self.incident_id, owner_kind=self.owner_kind, owner_id=self.owner_id)

    def _owner_text(self, a: AttachmentRecord) -> str:
        if a.owner_kind == "report":
            return self.tr("报告 {id}").format(id=a.owner_id) + "　"
        if a.owner_kind == "task":
            task = self.service.incidents.state(a.incident_id).tasks.get(a.owner_id) or {}
            return self.tr("任务「{title}」").format(title=task.get("title", a.owner_id)) + "　"
        return ""

    def refresh(self) -> None:
        rows = self.records()
        self.list.clear()
        for a in rows:
            owner = self._owner_text(a) if self.show_all else ""
            item = QListWidgetItem(f"{owner}{a.filename}　{a.type_title} · {a.size_text}")
            item.setData(256, a.id)
            item.setToolTip(self.tr("{who} 于 {when} 添加").format(who=a.added_by, when=t(a.added_at))
                            + f"\nSHA-256：{a.sha256}" + (f"\n{a.note}" if a.note else ""))
            self.list.addItem(item)
        self.heading.setText(self.tr("附件（{n}）").format(n=len(rows)))
        self.list.setVisible(bool(rows) or self.always_list)
        self.add_button.setEnabled(self.owner_id is not None and self.role != "observer")
        self._selection()

    def _selection(self) -> None:
        self.open_button.setEnabled(bool(self.list.selectedItems()))

    # -- actions -----------------------------------------------------------------------------
    def add_file(self, path: str | Path, note: str | None = None) -> AttachmentRecord | None:
        """Attach the file at ``path``; a refusal (type, size …) is shown, nothing is written."""
        if self.incident_id is None:
            return None
        p = Path(path)
        try:
            content = p.read_bytes()
        except OSError as exc:
            self.message.error(self.tr("无法读取文件：") + str(exc.strerror or exc))
            return None
        try:
            rec = self.service.add(self.incident_id, p.name, content, actor=self.actor, role=self.role,
                                   owner_kind=self.owner_kind, owner_id=self.owner_id, note=note)
        except Refused as exc:
            self.message.error(exc.reason)
            return None
        self.refresh()
        self.message.ok(self.tr("已添加附件 {name}，SHA-256 已记入事件日志").format(name=rec.filename))
        self.sig_added.emit(rec.id)
        return rec

    def open_attachment(self, attachment_id: str) -> Path | None:
        """Save a temporary copy and open it with the desktop's viewer; returns the copy."""
        try:
            rec = self.service.get(attachment_id)
            data = self.service.content(attachment_id)
        except Refused as exc:
            self.message.error(exc.reason)
            return None
        folder = self.temp_dir / rec.id
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / rec.filename
        out.write_bytes(data)
        self.opener(QUrl.fromLocalFile(str(out)))
        return out

    def _open_selected(self) -> None:
        items = self.list.selectedItems()
        if items:
            self.open_attachment(items[0].data(256))

    def _add_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("添加附件"), "", self.tr("附件") + f" ({FILE_FILTER})")
        if path:
            self.add_file(path)


class AttachmentsDialog(QDialog):
    """The incident's own attachments, from the incident detail's 附件… button."""

    def __init__(self, console: Console, incident_id: str, parent: QWidget | None = None, *, actor: str,
                 role: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("事件附件 — {id}").format(id=incident_id))
        self.box = AttachmentsBox(console, self, actor=actor, role=role)
        self.box.list.setMaximumHeight(16777215)
        self.box.always_list = True
        self.box.show_all = True  # the incident's own files and those of its reports and tasks
        self.box.set_owner(incident_id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.box)
        lay.addWidget(buttons)
        self.resize(420, 300)


__all__ = ["AttachmentsBox", "AttachmentsDialog"]
