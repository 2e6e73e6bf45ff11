"""Attachments (附件): photos, lab sheets and scanned 签报 on an incident, one of its reports or
one of its tasks.

The file is kept in the database (its bytes, size, SHA-256 and the type recognised from the
content — PDF, JPEG, PNG, DOCX or XLSX; the name's extension must agree). Adding one writes a
``log.attachment_added`` event into the incident's log, carrying the SHA-256, in the same
transaction as the row, under the logged-in account. ``verify`` recomputes every file's hash and
compares it with its row and with the event: a file changed, swapped or removed outside the
console is named (``python -m console attachments verify``).
"""

from __future__ import annotations

import builtins
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, func, insert, select

from console.attachments.models import attachments_table
from console.clock import Clock, SystemClock
from console.errors import RecordError
from console.incidents.service import IncidentService
from console.plan.engine import Rejected
from console.store.chain import from_us, to_us
from console.store.eventlog import StaleAppend, StoredEvent

A = attachments_table.c

MAX_BYTES = 20 * 1024 * 1024
"""The largest file accepted (20 MB): a scanned 签报 or a phone photo fits, a video does not."""
MAX_NAME = 200
EVENT = "log.attachment_added"
OWNER_KINDS = {"incident": "事件", "report": "报告", "task": "任务"}
TYPES = {  # media type → (title, extensions)
    "application/pdf": ("PDF 文档", (".pdf",)),
    "image/jpeg": ("JPEG 图片", (".jpg", ".jpeg")),
    "image/png": ("PNG 图片", (".png",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word 文档（DOCX）", (".docx",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel 表格（XLSX）", (".xlsx",)),
}
ALLOWED_TEXT = "PDF、JPEG、PNG、DOCX、XLSX"


class AttachmentError(RecordError):
    """A refused attachment (too large, an unknown type, a name that disagrees with the content …)."""


@dataclass(frozen=True)
class AttachmentRecord:
    id: str
    incident_id: str
    owner_kind: str  # incident | report | task
    owner_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    note: str | None
    added_at: datetime
    added_by: str
    event_version: int

    @property
    def type_title(self) -> str:
        return TYPES.get(self.media_type, (self.media_type, ()))[0]

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        if self.size >= 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size} 字节"


@dataclass(frozen=True)
class AttachmentCheck:
    attachment_id: str
    ok: bool
    message: str


def sniff(content: bytes) -> str | None:
    """The media type recognised from the content (not the name), or None."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class AttachmentService:
    def __init__(self, db: Any, clock: Clock | None = None, incidents: IncidentService | None = None):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.incidents = incidents or IncidentService(db, self.clock)

    # -- adding --------------------------------------------------------------------------
    def check(self, filename: str, content: bytes) -> str:
        """The media type of an acceptable file; refuses (in Chinese) what cannot be attached."""
        name = PurePath(filename.replace("\\", "/")).name.strip()
        if not name:
            raise AttachmentError("附件缺少文件名")
        if len(name) > MAX_NAME:
            raise AttachmentError(f"附件文件名过长（{len(name)} 字，上限 {MAX_NAME} 字）")
        if not content:
            raise AttachmentError(f"附件「{name}」是空文件")
        if len(content) > MAX_BYTES:
            raise AttachmentError(f"附件「{name}」过大（{len(content) / 1024 / 1024:.1f} MB，"
                                  f"上限 {MAX_BYTES // 1024 // 1024} MB）")
        media = sniff(content)
        if media is None:
            raise AttachmentError(f"附件「{name}」不是可接受的文件类型（按内容识别；可接受：{ALLOWED_TEXT}）")
        title, exts = TYPES[media]
        suffix = PurePath(name).suffix.lower()
        if suffix not in exts:
            raise AttachmentError(f"附件「{name}」的扩展名「{suffix or '（无）'}」与内容（{title}）不符，"
                                  f"请使用 {'、'.join(exts)}")
        return media

    def add(self, incident_id: str, filename: str, content: bytes, *, actor: str, role: str,
            owner_kind: str = "incident", owner_id: str | None = None, note: str | None = None) -> AttachmentRecord:
        """Attach a file to the incident (``owner_kind="incident"``), one of its reports or tasks."""
        if owner_kind not in OWNER_KINDS:
            raise AttachmentError(f"附件只能添加到{'、'.join(OWNER_KINDS.values())}")
        media = self.check(filename, content)
        name = PurePath(filename.replace("\\", "/")).name.strip()
        owner = self._owner(incident_id, owner_kind, owner_id)
        note = (note or "").strip() or None
        if note is not None and len(note) > 200:
            raise AttachmentError(f"附件说明过长（{len(note)} 字，上限 200 字）")
        digest = sha256_of(content)
        now = self.clock.now()
        with self.db.reading() as conn:
            n = conn.execute(select(func.count()).select_from(attachments_table)
                             .where(A.incident_id == incident_id)).scalar_one()
        aid = f"{incident_id}-F{n + 1}"
        data = {"attachment": aid, "owner_kind": owner_kind, "owner_id": owner, "filename": name,
                "media_type": media, "size": len(content), "sha256": digest}

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            conn.execute(insert(attachments_table).values(
                id=aid, incident_id=incident_id, owner_kind=owner_kind, owner_id=owner, filename=name,
                media_type=media, size=len(content), sha256=digest, content=content, note=note,
                added_us=to_us(now), added_by=actor, event_version=evs[-1].version))

        try:
            self.incidents.command(incident_id, EVENT, data, actor=actor, role=role, in_transaction=write)
        except Rejected as exc:
            raise AttachmentError(f"已拒绝：{exc.reason}") from None
        except StaleAppend as exc:
            raise AttachmentError(str(exc)) from None
        return self.get(aid)

    def _owner(self, incident_id: str, owner_kind: str, owner_id: str | None) -> str:
        state = self.incidents.state(incident_id)  # refuses an unknown incident
        if owner_kind == "incident":
            return incident_id
        if not owner_id:
            raise AttachmentError(f"请指明附件所属的{OWNER_KINDS[owner_kind]}")
        if owner_kind == "task":
            if owner_id not in state.tasks:
                raise AttachmentError(f"事件 {incident_id} 没有任务「{owner_id}」")
            return owner_id
        from console.reports.models import reports_table

        with self.db.reading() as conn:
            found = conn.execute(select(reports_table.c.id).where(
                reports_table.c.incident_id == incident_id,
                (reports_table.c.id == owner_id) | (reports_table.c.report_no == owner_id))).first()
        if found is None:
            raise AttachmentError(f"事件 {incident_id} 没有编号为「{owner_id}」的报告")
        return owner_id

    # -- reading ---------------------------------------------------------------------------
    @staticmethod
    def _record(r: Any) -> AttachmentRecord:
        return AttachmentRecord(r.id, r.incident_id, r.owner_kind, r.owner_id, r.filename, r.media_type, r.size,
                                r.sha256, r.note, from_us(r.added_us), r.added_by, r.event_version)

    _COLUMNS = (A.id, A.incident_id, A.owner_kind, A.owner_id, A.filename, A.media_type, A.size, A.sha256, A.note,
                A.added_us, A.added_by, A.event_version)

    def get(self, attachment_id: str) -> AttachmentRecord:
        with self.db.reading() as conn:
            r = conn.execute(select(*self._COLUMNS).where(A.id == attachment_id)).first()
        if r is None:
            raise AttachmentError(f"没有编号为「{attachment_id}」的附件")
        return self._record(r)

    def list(self, incident_id: str | None = None, *, owner_kind: str | None = None,
             owner_id: str | None = None) -> builtins.list[AttachmentRecord]:
        """The attachments of an incident (all of them, or those of one report or task), oldest first.

        A report's attachments are found by its id or its report number (any version)."""
        q = select(*self._COLUMNS).order_by(A.added_us, A.id)
        if incident_id is not None:
            q = q.where(A.incident_id == incident_id)
        if owner_kind is not None:
            q = q.where(A.owner_kind == owner_kind)
        if owner_id is not None:
            ids = {owner_id}
            if owner_kind == "report":
                ids |= self._report_names(owner_id)
            q = q.where(A.owner_id.in_(sorted(ids)))
        with self.db.reading() as conn:
            return [self._record(r) for r in conn.execute(q)]

    def _report_names(self, report_id: str) -> set[str]:
        from console.reports.models import reports_table

        rc = reports_table.c
        with self.db.reading() as conn:
            no = conn.execute(select(rc.report_no).where(rc.id == report_id)).scalar()
            if no is None:
                return set()
            return {no, *conn.execute(select(rc.id).where(rc.report_no == no)).scalars()}

    def content(self, attachment_id: str) -> bytes:
        with self.db.reading() as conn:
            data = conn.execute(select(A.content).where(A.id == attachment_id)).scalar()
        if data is None:
            raise AttachmentError(f"没有编号为「{attachment_id}」的附件")
        return bytes(data)

    # -- verifying -------------------------------------------------------------------------
    def verify(self, incident_id: str | None = None) -> builtins.list[AttachmentCheck]:
        """Every attachment's bytes against its row and the log's event; events without a row."""
        out: builtins.list[AttachmentCheck] = []
        with self.db.reading() as conn:
            q = select(attachments_table).order_by(A.incident_id, A.added_us, A.id)
            if incident_id is not None:
                q = q.where(A.incident_id == incident_id)
            rows = conn.execute(q).all()
        by_incident: dict[str, dict[str, StoredEvent]] = {}
        incidents = sorted({r.incident_id for r in rows} | ({incident_id} if incident_id else set()))
        for iid in incidents:
            by_incident[iid] = {str(e.payload.get("data", {}).get("attachment")): e
                                for e in self.incidents.log.read(iid) if e.type == EVENT}
        seen: set[str] = set()
        for r in rows:
            seen.add(r.id)
            digest = sha256_of(bytes(r.content))
            ev = by_incident.get(r.incident_id, {}).get(r.id)
            logged = ev.payload.get("data", {}) if ev is not None else None
            if logged is None:
                out.append(AttachmentCheck(r.id, False, f"附件 {r.id}（{r.filename}）在事件日志中没有记录"))
            elif digest != r.sha256 or len(r.content) != r.size:
                out.append(AttachmentCheck(r.id, False, f"附件 {r.id}（{r.filename}）内容已被改动：SHA-256 为 "
                                                        f"{digest[:16]}…，登记为 {r.sha256[:16]}…"))
            elif logged.get("sha256") != digest or ev is None or ev.version != r.event_version:
                out.append(AttachmentCheck(r.id, False, f"附件 {r.id}（{r.filename}）与事件日志记录的 SHA-256 "
                                                        f"（{str(logged.get('sha256'))[:16]}…）不一致"))
            else:
                out.append(AttachmentCheck(r.id, True, f"附件 {r.id}（{r.filename}）与事件日志一致"
                                                       f"（SHA-256 {digest[:16]}…）"))
        for events in by_incident.values():
            for aid, ev in events.items():
                if aid not in seen:
                    name = ev.payload.get("data", {}).get("filename", "")
                    out.append(AttachmentCheck(aid, False, f"附件 {aid}（{name}）记入了事件日志，但数据库中已不存在"))
        if incident_id is None:  # attachments logged for incidents that have no row left at all
            with self.db.reading() as conn:
                all_ids = set(conn.execute(select(A.id)).scalars())
            for ev in self.incidents.log.read():
                if ev.type == EVENT:
                    aid = str(ev.payload.get("data", {}).get("attachment"))
                    if aid not in all_ids and aid not in seen and ev.stream not in by_incident:
                        out.append(AttachmentCheck(aid, False, f"附件 {aid} 记入了事件日志，但数据库中已不存在"))
        return out


__all__ = ["ALLOWED_TEXT", "MAX_BYTES", "AttachmentCheck", "AttachmentError", "AttachmentRecord",
           "AttachmentService", "sha256_of", "sniff"]
