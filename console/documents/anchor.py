"""The log checkpoint printed on every exported document: the paper anchor of the event log.

A printed report, consultation minutes or review says where the event log stood when it was
made: 「日志检查点：第 N 号事件，哈希 abcd1234…，签署人 X（密钥 abcd ef01 …），时间」. When someone
is signed in, a fresh checkpoint is signed for the export (reason 「导出文件」); otherwise the head
is printed with 「未签名」. Anyone holding the paper can later run
``python -m console log verify --expect-head N:HASH`` with the printed hash prefix.
"""

from __future__ import annotations

from datetime import datetime

from console.clock import CHINA_TZ, Clock
from console.documents.official import OfficialDocument
from console.store.checkpoints import EXPORT_REASON, CheckpointRecord, Checkpoints
from console.store.db import Database
from console.store.eventlog import EventLog
from console.store.signing import Signer

PREFIX = "日志检查点："


def anchor_text(seq: int, head_hash: str, when: datetime, checkpoint: CheckpointRecord | None = None) -> str:
    """The anchor line for a head (signed by ``checkpoint`` when given, else 「未签名」)."""
    if checkpoint is not None:
        return f"{PREFIX}{checkpoint.describe()}"
    at = when.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
    return f"{PREFIX}第 {seq} 号事件，哈希 {head_hash[:16]}…，未签名，{at}"


def log_anchor(db: Database, clock: Clock, signer: Signer | None) -> str:
    """Sign a checkpoint for this export (when ``signer``) and return its line; else the head's."""
    if signer is not None:
        seq, digest = EventLog(db).head()
        if seq > 0:
            cp = Checkpoints(db, clock).sign(signer, EXPORT_REASON)
            return anchor_text(cp.seq, cp.hash, cp.signed_at, cp)
    seq, digest = EventLog(db).head()
    return anchor_text(seq, digest, clock.now())


def stamp(doc: OfficialDocument, db: Database, clock: Clock, signer: Signer | None) -> OfficialDocument:
    """Fill ``doc.anchor`` just before it is written (returns the same document)."""
    doc.anchor = log_anchor(db, clock, signer)
    return doc


__all__ = ["PREFIX", "anchor_text", "log_anchor", "stamp"]
