"""Signed checkpoints: "the chain head was (seq, hash)", signed by a person's key.

A hash chain alone proves only that the events hang together: someone with write access to the
database can edit an event, recompute every later hash and move the head, or cut the tail and
move the head back, and the chain still verifies. A checkpoint pins the head as it was at a
moment, under an Ed25519 signature (:func:`console.store.signing.checkpoint_text`) by the
account key of the person signed in, or by a CLI session key the account key certified.
``log verify`` checks every checkpoint against the chain (:mod:`console.store.verify`):
a signed hash that no longer matches its event is a rewrite, a signed seq beyond the head is a
truncation. A checkpoint is written down on paper too: every exported document prints the one it
was made at.

Checkpoints are signed after every change of an incident's status, every report submission and
consultation conclusion (:data:`REASONS`, wired in :class:`console.app.Console`), hourly while an
incident is open (:meth:`Checkpoints.due`), and before a document is exported. A console without
a signer (a database without accounts) signs nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select

from console.clock import CHINA_TZ, Clock, SystemClock
from console.errors import Refused
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.models import chain_head_table, checkpoints_table, incidents_table
from console.store.signing import Certificate, Signer, checkpoint_text, fingerprint

HOURLY = timedelta(hours=1)
EXPORT_REASON = "导出文件"
HOURLY_REASON = "定时检查点"
# The events after which the console signs a checkpoint, and the reason it records.
REASONS: dict[str, str] = {
    "open": "事件接报",
    "fire": "事件状态变更",
    "decide_level": "事件定级",
    "submit_report": "信息报送",
    "consult_concluded": "会商结论",
}
C = checkpoints_table.c
_COLUMNS = (C.id, C.seq, C.hash, C.signed_us, C.signer, C.reason, C.public_key, C.certificate, C.signature)
# built once (statement construction is a visible share of one signing)
_HEAD = select(chain_head_table.c.seq, chain_head_table.c.hash)
_INSERT = insert(checkpoints_table).returning(C.id)


class CheckpointRefused(Refused):
    """A checkpoint cannot be signed or read (nothing was written); the reason is Chinese."""


@dataclass(frozen=True)
class CheckpointRecord:
    """One signed checkpoint (a row of ``checkpoints``, a line of an export, a file)."""

    seq: int
    hash: str
    signed_us: int
    signer: str
    reason: str
    public_key: str  # the key that signed: the account's, or a certified session key
    certificate: str | None  # a session key's certificate (Certificate.to_json), else None
    signature: str
    id: int | None = None

    @property
    def signed_at(self) -> datetime:
        return from_us(self.signed_us)

    def text(self) -> str:
        """What the signature covers."""
        return checkpoint_text(self.seq, self.hash, self.signed_us, self.signer, self.reason)

    def parsed_certificate(self) -> Certificate | None:
        """The session certificate, or None (raises ValueError when it is damaged)."""
        if not self.certificate:
            return None
        try:
            return Certificate.from_json(self.certificate)
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError("会话证书无法读取") from exc

    @property
    def account_key(self) -> str:
        """The account key vouching for this checkpoint (the certificate's, for a session key)."""
        try:
            cert = self.parsed_certificate()
        except ValueError:
            return self.public_key
        return cert.account_public_key if cert is not None else self.public_key

    @property
    def key_fingerprint(self) -> str:
        return fingerprint(self.account_key)

    def time_text(self) -> str:
        return self.signed_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")

    def describe(self) -> str:
        """One line for screens and paper: where the chain was, who signed, when."""
        return (f"第 {self.seq} 号事件，哈希 {self.hash[:16]}…，签署人 {self.signer}"
                f"（密钥 {self.key_fingerprint}），{self.time_text()}")

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "signed_us": self.signed_us, "signer": self.signer,
                "reason": self.reason, "public_key": self.public_key, "certificate": self.certificate,
                "signature": self.signature}

    @classmethod
    def from_dict(cls, d: Any) -> CheckpointRecord:
        """From :meth:`to_dict`'s form; raises ValueError naming what is wrong."""
        if not isinstance(d, dict):
            raise ValueError("检查点记录应为 JSON 对象")
        try:
            cert = d.get("certificate")
            return cls(int(d["seq"]), str(d["hash"]), int(d["signed_us"]), str(d["signer"]),
                       str(d["reason"]), str(d["public_key"]), None if cert is None else str(cert),
                       str(d["signature"]))
        except KeyError as exc:
            raise ValueError(f"检查点记录缺少字段 {exc.args[0]}") from None
        except (TypeError, ValueError):
            raise ValueError("检查点记录的字段格式不正确") from None


FILE_FORMAT = "fds-checkpoint/1"


def checkpoint_file_text(cp: CheckpointRecord) -> str:
    """A checkpoint as a file to keep elsewhere (``log checkpoint --out``), for ``--checkpoint``."""
    doc = {"format": FILE_FORMAT, "checkpoint": cp.to_dict(), "key_fingerprint": cp.key_fingerprint,
           "signed_at": cp.signed_at.isoformat(), "description": cp.describe()}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def load_checkpoint_file(path: str | Path) -> CheckpointRecord:
    """Read a file written by :func:`checkpoint_file_text`; refuses, saying why, when it is not one."""
    try:
        doc = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise CheckpointRefused(f"无法读取检查点文件 {path}：{exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise CheckpointRefused(f"{path} 不是检查点文件（不是 JSON）") from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise CheckpointRefused(f"{path} 不是检查点文件（格式应为 {FILE_FORMAT}）")
    try:
        return CheckpointRecord.from_dict(doc.get("checkpoint"))
    except ValueError as exc:
        raise CheckpointRefused(f"{path}：{exc}") from None


def _record(row: Any) -> CheckpointRecord:
    return CheckpointRecord(int(row.seq), row.hash, int(row.signed_us), row.signer, row.reason,
                            row.public_key, row.certificate, row.signature, int(row.id))


def read_checkpoints(conn: Connection) -> list[CheckpointRecord]:
    """Every checkpoint, in signing order (for a verification already inside a snapshot)."""
    return [_record(r) for r in conn.execute(select(*_COLUMNS).order_by(C.id))]


def reason_for(event_types: Iterable[str]) -> str | None:
    """The checkpoint reason for a change that wrote these event types (None: no checkpoint)."""
    found = [REASONS[t] for t in sorted(set(event_types)) if t in REASONS]
    return "、".join(dict.fromkeys(found)) if found else None


class Checkpoints:
    """Sign and read the checkpoints of one database."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock: Clock = clock if clock is not None else SystemClock()

    def sign(self, signer: Signer, reason: str) -> CheckpointRecord:
        """Sign the current chain head (read and recorded in one transaction)."""
        reason = reason.strip()[:200] or "检查点"
        signed_us = to_us(self.clock.now())
        with self.db.connect() as conn:
            head = conn.execute(_HEAD).one()
            if int(head.seq) == 0:
                raise CheckpointRefused("事件日志还没有任何事件，无需签署检查点")
            seq, digest = int(head.seq), str(head.hash)
            text = checkpoint_text(seq, digest, signed_us, signer.username, reason)
            cert = signer.certificate.to_json() if signer.certificate is not None else None
            values = {"seq": seq, "hash": digest, "signed_us": signed_us, "signer": signer.username,
                      "reason": reason, "public_key": signer.public_key, "certificate": cert,
                      "signature": signer.sign(text)}
            new_id = conn.execute(_INSERT, values).scalar_one()
        return CheckpointRecord(seq, digest, signed_us, signer.username, reason, signer.public_key, cert,
                                str(values["signature"]), int(new_id))

    def latest(self) -> CheckpointRecord | None:
        with self.db.reading() as conn:
            row = conn.execute(select(*_COLUMNS).order_by(C.id.desc()).limit(1)).first()
        return _record(row) if row is not None else None

    def list(self) -> list[CheckpointRecord]:
        with self.db.reading() as conn:
            return read_checkpoints(conn)

    def due(self, now: datetime) -> bool:
        """Whether an hourly checkpoint is due: an incident is open and none was signed in the
        last hour (nor is the latest one still the head: nothing to sign anew)."""
        with self.db.reading() as conn:
            open_count = conn.execute(select(func.count()).select_from(incidents_table)
                                      .where(incidents_table.c.status == "open")).scalar_one()
            if not open_count:
                return False
            last = conn.execute(select(C.signed_us, C.seq).order_by(C.id.desc()).limit(1)).first()
            if last is None:
                return True
            if last.signed_us > to_us(now - HOURLY):
                return False
            head_seq = conn.execute(select(chain_head_table.c.seq)).scalar_one()
            return bool(head_seq != last.seq)


__all__ = [
    "EXPORT_REASON", "HOURLY", "HOURLY_REASON", "REASONS", "CheckpointRecord", "CheckpointRefused",
    "Checkpoints", "FILE_FORMAT", "checkpoint_file_text", "load_checkpoint_file", "read_checkpoints",
    "reason_for",
]
