"""The 附件 button of the incident detail: the incident's attachments listed, added (hash in the
log) and opened from a temporary copy."""

from __future__ import annotations

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication

from ui.attachments import AttachmentsDialog
from ui.incidents.panels import IncidentDetail

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def test_incident_detail_attachments_button(qtbot, console, incident, tmp_path) -> None:  # noqa: ANN001
    detail = IncidentDetail(console, "duty_officer", "值班员甲")
    qtbot.addWidget(detail)
    assert not detail.attachments_button.isEnabled()  # no incident selected
    detail.show_incident(incident)
    assert detail.attachments_button.isEnabled() and detail.attachments_button.text() == "附件…"
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(JPEG)
    seen: dict[str, object] = {}

    def drive() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, AttachmentsDialog):
            QTimer.singleShot(20, drive)
            return
        opened: list[QUrl] = []
        dlg.box.opener = opened.append
        rec = dlg.box.add_file(photo, note="后厨操作间")
        seen["rec"], seen["title"] = rec, dlg.windowTitle()
        seen["rows"] = dlg.box.list.count()
        seen["copy"] = dlg.box.open_attachment(rec.id) if rec else None
        seen["opened"] = opened
        dlg.reject()

    QTimer.singleShot(0, drive)
    detail.show_attachments()
    rec = seen["rec"]
    assert rec is not None and rec.owner_kind == "incident" and rec.owner_id == incident  # type: ignore[attr-defined]
    assert seen["rows"] == 1 and incident in str(seen["title"])
    # the dialog also lists the files of the incident's reports and tasks, naming their owner
    task = next(iter(console.incidents.state(incident).tasks.values()))
    console.attachments.add(incident, "检验单.pdf", b"%PDF-1.4\n%%EOF\n", actor="甲", role="duty_officer",
                            owner_kind="task", owner_id=task["id"])
    dlg = AttachmentsDialog(console, incident, actor="甲", role="duty_officer")
    qtbot.addWidget(dlg)
    texts = [dlg.box.list.item(i).text() for i in range(dlg.box.list.count())]
    assert len(texts) == 2 and texts[1].startswith(f"任务「{task['title']}」　检验单.pdf")
    assert seen["copy"].read_bytes() == JPEG and seen["opened"]  # type: ignore[attr-defined]
    ev = next(e for e in console.incidents.timeline(incident) if e.type == "log.attachment_added")
    assert ev.actor == "值班员甲" and ev.payload["data"]["sha256"] == rec.sha256  # type: ignore[attr-defined]
