"""Walking the chain: recompute every hash and check every link, seq and version; then hold the
chain against its anchors — the signed checkpoints and any head written down elsewhere.

Runs in one read snapshot (SQLite WAL read transaction; PostgreSQL REPEATABLE READ)
so that the chain head, the events and the checkpoints are seen as of the same instant even
while other consoles keep appending.

The chain alone cannot see a log that was edited and re-hashed to the end, or cut and its head
moved back: it is consistent again. The anchors can. A checkpoint (:mod:`console.store.checkpoints`)
counts only when its signature is valid, made by a key the log registered for the signer at or
before the checkpoint's seq (a session key: certified by such a key, and signed before the
certificate expired); then the event at its seq must still exist and have exactly its hash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from console.clock import CHINA_TZ
from console.store.chain import GENESIS_HASH, event_hash, from_us
from console.store.checkpoints import CheckpointRecord, read_checkpoints
from console.store.db import Database
from console.store.eventlog import EVENT_COLUMNS, VerifyReport
from console.store.models import chain_head_table, events_table
from console.store.signing import certificate_text, fingerprint, verify

_ADVICE = "事件日志已不可信：请停止录入，保留现场，并联系系统管理员从备份恢复或调查篡改来源。"
KEY_EVENTS = frozenset({"admin.user_created", "admin.key_registered"})
_HEX = re.compile(r"[0-9a-f]+")
MIN_PREFIX = 12


@dataclass(frozen=True)
class ExpectedHead:
    """A chain head written down elsewhere (``--expect-head SEQ:HASH`` or a hash prefix)."""

    seq: int | None
    hash_prefix: str

    @classmethod
    def parse(cls, text: str) -> ExpectedHead:
        """``SEQ:HASH`` or ``HASH``; the hash may be a prefix of at least 12 hex digits."""
        raw = text.strip().lower().replace(" ", "").rstrip("…").rstrip(".")
        seq_text, _, digest = raw.rpartition(":")
        seq: int | None = None
        if seq_text:
            try:
                seq = int(seq_text)
            except ValueError:
                raise ValueError(f"无法识别的链头「{text}」：序号应为整数，格式 SEQ:HASH 或 HASH") from None
            if seq < 1:
                raise ValueError(f"无法识别的链头「{text}」：序号应从 1 起")
        if not _HEX.fullmatch(digest) or not MIN_PREFIX <= len(digest) <= 64:
            raise ValueError(
                f"无法识别的链头「{text}」：哈希应为至少 {MIN_PREFIX} 位的十六进制数字（可只写前缀）"
            )
        return cls(seq, digest)

    def describe(self) -> str:
        at = f"第 {self.seq} 号事件，" if self.seq is not None else ""
        return f"{at}哈希 {self.hash_prefix[:16]}…"


@dataclass
class _Watch:
    """What the chain walk notes for the anchors: hashes at their seqs, registered keys."""

    seqs: set[int]
    prefixes: tuple[str, ...]
    hashes: dict[int, str] = field(default_factory=dict)
    found: dict[str, tuple[int, str]] = field(default_factory=dict)  # prefix -> (seq, hash)
    keys: dict[tuple[str, str], int] = field(default_factory=dict)  # (username, key) -> first seq

    def see(self, row: Sequence[Any]) -> None:
        seq = row[0]
        if seq in self.seqs:
            self.hashes[seq] = row[11]
        if row[1] == "admin" and row[3] in KEY_EVENTS:
            try:
                data = json.loads(row[9]).get("data") or {}
                user, key = data.get("username"), data.get("public_key")
            except (ValueError, AttributeError):
                return
            if isinstance(user, str) and isinstance(key, str):
                self.keys.setdefault((user, key.lower()), seq)
        for p in self.prefixes:
            if p not in self.found and row[11].startswith(p):
                self.found[p] = (seq, row[11])


def verify_chain(
    db: Database,
    *,
    expected: Sequence[ExpectedHead] = (),
    anchors: Sequence[CheckpointRecord] = (),
) -> VerifyReport:
    """Report the first problem in seq order (altered, missing, reordered, head), then any
    anchor that the chain contradicts (the stored checkpoints, ``anchors`` from files,
    ``expected`` heads), or ok."""
    E = events_table.c
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = conn.execution_options(fds_begin="DEFERRED")
        with conn.begin():
            head = conn.execute(select(chain_head_table.c.seq, chain_head_table.c.hash)).one()
            checkpoints = read_checkpoints(conn)
            rows = conn.execution_options(yield_per=2000).execute(
                select(*EVENT_COLUMNS).order_by(E.seq)
            )
            return check_rows(rows, head.seq, head.hash, checkpoints=checkpoints,
                              anchors=anchors, expected=expected)


def check_rows(
    rows: Iterable[Sequence[Any]],
    head_seq: int,
    head_hash: str,
    *,
    checkpoints: Sequence[CheckpointRecord] = (),
    anchors: Sequence[CheckpointRecord] = (),
    expected: Sequence[ExpectedHead] = (),
) -> VerifyReport:
    """Check rows (the 12 event columns, in seq order) against a chain head and its anchors.

    Shared by ``log verify`` on a database and on an exported log file.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    versions: dict[str, int] = {}
    checked = 0
    all_checkpoints = [*checkpoints, *anchors]
    watch: _Watch | None = None
    wanted: set[int] = set()
    every_row = False
    if all_checkpoints or expected:
        watch = _Watch({c.seq for c in all_checkpoints} | {e.seq for e in expected if e.seq is not None},
                       tuple(e.hash_prefix for e in expected if e.seq is None))
        wanted, every_row = watch.seqs, bool(watch.prefixes)
    for r in rows:
        problem = _check_row(r, expected_seq, prev_hash, versions)
        if problem is not None:
            if hasattr(rows, "close"):
                rows.close()
            kind, bad_seq, detail = problem
            return VerifyReport(False, checked, bad_seq, kind, f"{detail}{_ADVICE}", head_seq, head_hash)
        # cheap tests first: the walk's per-row cost is what verifying 100,000 events costs
        if watch is not None and (every_row or r[1] == "admin" or r[0] in wanted):
            watch.see(r)
        checked += 1
        versions[r[1]] = r[2]
        expected_seq = r[0] + 1
        prev_hash = r[11]
    last_seq = expected_seq - 1
    if head_seq != last_seq or head_hash != prev_hash:
        bad = min(head_seq, last_seq) + 1 if head_seq != last_seq else head_seq
        detail = (
            f"链头记录（seq={head_seq}）与最后一个事件（seq={last_seq}）不符："
            "日志末尾的事件可能被截断删除，或链头被改写。"
        )
        return VerifyReport(False, checked, bad, "head", f"{detail}{_ADVICE}", head_seq, head_hash)
    if watch is not None:
        found = _anchor_problems(watch, head_seq, checkpoints, anchors, expected)
        if found:
            kind, bad_seq = found[0][0], found[0][1]
            text = "".join(f"{i}. {d}" if len(found) > 1 else d for i, (_, _, d) in enumerate(found, 1))
            return VerifyReport(False, checked, bad_seq, kind, f"{text}{_ADVICE}", head_seq, head_hash)
    message = f"事件链完整：已校验 {checked} 个事件，链头 seq={head_seq}，哈希 {head_hash[:16]}…"
    if all_checkpoints:
        last = max(all_checkpoints, key=lambda c: (c.seq, c.signed_us))
        message += (f"；{len(all_checkpoints)} 个签名检查点均与日志相符"
                    f"（最近：第 {last.seq} 号事件，签署人 {last.signer}，{_when(last.signed_us)}）")
    elif not expected:
        message += "；没有签名检查点（日志被整体改写并重新计算哈希时无从发现，请核对另行记下的链头）"
    if expected:
        message += f"；与记下的链头（{'、'.join(e.describe() for e in expected)}）相符"
    return VerifyReport(True, checked, None, None, message, head_seq, head_hash)


def _when(us: int) -> str:
    return from_us(us).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def signature_problem(cp: CheckpointRecord, keys: dict[tuple[str, str], int]) -> str | None:
    """Why ``cp``'s signature cannot be trusted (None: it can), given the keys the chain
    registered: ``(username, public key) -> seq`` of the registering event."""
    account_key = cp.public_key
    try:
        cert = cp.parsed_certificate()
    except ValueError:
        return "会话证书无法读取"
    if cert is not None:
        account_key = cert.account_public_key
        if not verify(account_key, certificate_text(cp.signer, cp.public_key, cert.expires_us), cert.signature):
            return f"会话密钥的证书不是账户 {cp.signer} 的密钥签发的（证书签名无效）"
        if cp.signed_us > cert.expires_us:
            return f"会话证书已于 {_when(cert.expires_us)} 过期，检查点却签署于 {_when(cp.signed_us)}"
    if not verify(cp.public_key, cp.text(), cp.signature):
        return "签名无效：检查点内容与签名不符，或签名是伪造的"
    registered = keys.get((cp.signer, account_key.lower()))
    if registered is None:
        return f"签名密钥 {fingerprint(account_key)} 不是日志中为账户 {cp.signer} 登记的密钥"
    if registered > cp.seq:
        return (f"签名密钥 {fingerprint(account_key)} 在第 {registered} 号事件才登记，"
                f"晚于检查点所记的第 {cp.seq} 号事件")
    return None


def _anchor_problems(
    watch: _Watch,
    head_seq: int,
    checkpoints: Sequence[CheckpointRecord],
    anchors: Sequence[CheckpointRecord],
    expected: Sequence[ExpectedHead],
) -> list[tuple[str, int, str]]:
    """(kind, first bad seq, sentence) for every anchor the chain contradicts, most serious first."""
    cut: list[tuple[str, int, str]] = []
    rewritten: list[tuple[str, int, str]] = []
    untrusted: list[tuple[str, int, str]] = []
    for e in expected:
        if e.seq is None:
            if e.hash_prefix not in watch.found:
                rewritten.append(("expected", head_seq,
                                  f"日志中找不到哈希为 {e.hash_prefix[:16]}… 的事件（记下的链头）："
                                  "该事件或之前的日志被改写并重新计算了哈希，或日志被截断。"))
        elif e.seq > head_seq:
            cut.append(("truncated", head_seq + 1,
                        f"日志被截断：记下的链头为第 {e.seq} 号事件，现在只到第 {head_seq} 号。"))
        elif not watch.hashes.get(e.seq, "").startswith(e.hash_prefix):
            rewritten.append(("rehashed", e.seq, f"事件日志在第 {e.seq} 号事件或之前被改写并重新计算了哈希"
                              f"（与记下的链头 {e.hash_prefix[:16]}… 不符）。"))
    ordered = sorted([(c, "") for c in checkpoints] + [(c, "文件中的") for c in anchors],
                     key=lambda x: (x[0].seq, x[0].signed_us))
    for cp, where in ordered:
        who = f"{cp.signer} 于 {_when(cp.signed_us)} 签署的{where}检查点"
        why = signature_problem(cp, watch.keys)
        if why is not None:
            untrusted.append(("signature", cp.seq, f"{who}（第 {cp.seq} 号事件）不可信：{why}。"))
        elif cp.seq > head_seq:
            cut.append(("truncated", head_seq + 1,
                        f"日志被截断：检查点记录到第 {cp.seq} 号事件，现在只到第 {head_seq} 号（{who}）。"))
        elif watch.hashes.get(cp.seq) != cp.hash:
            rewritten.append(("rehashed", cp.seq,
                              f"事件日志在第 {cp.seq} 号事件或之前被改写并重新计算了哈希（与 {who}不符）。"))
    # the furthest cut (checkpoints come in seq order) and the earliest rewrite say the most
    rewritten.sort(key=lambda p: p[1])
    return cut[-1:] + rewritten[:1] + untrusted


def _check_row(

    row: Sequence[Any],
    expected_seq: int,
    prev_hash: str,
    versions: dict[str, int],
) -> tuple[str, int, str] | None:
    """The first problem with one row given what came before it, or None."""
    (
        seq,
        stream,
        version,
        type_,
        occurred_us,
        recorded_us,
        actor,
        role,
        mode,
        payload,
        prev,
        digest,
    ) = row
    if seq != expected_seq:
        return (
            "missing",
            expected_seq,
            f"第 {expected_seq} 号事件缺失（序号不连续，下一条为第 {seq} 号）。",
        )
    if prev != prev_hash:
        return (
            "reordered",
            seq,
            f"第 {seq} 号事件与前一事件的链接断裂（prev_hash 与第 {seq - 1} 号事件的哈希不符）："
            "事件可能被调换顺序、插入，或前一事件被改写后重新计算了哈希。",
        )
    recomputed = event_hash(
        seq=seq, stream=stream, version=version, type=type_, occurred_us=occurred_us,
        recorded_us=recorded_us, actor=actor, role=role, mode=mode, payload_json=payload, prev_hash=prev,
    )  # fmt: skip
    if recomputed != digest:
        return ("altered", seq, f"第 {seq} 号事件的内容被改动：重新计算的哈希与记录的哈希不符。")
    expected_version = versions.get(stream, 0) + 1
    if version != expected_version:
        return (
            "reordered",
            seq,
            f"第 {seq} 号事件在事件流 {stream} 中的版本为 {version}，应为 {expected_version}：流内顺序被打乱。",
        )
    return None


def record_problems(noun: str, logged: dict[str, dict[str, Any]], seqs: dict[str, int],
                    rows: dict[str, dict[str, Any]], labels: dict[str, str]) -> list[str]:
    """A feature's table against the records its stream says it holds, by code (empty: they
    agree): a row with no event was written behind the log's back, a logged record with no row
    was deleted, a field that differs was changed. ``logged``: code → the fields last logged;
    ``seqs``: code → the event that logged them; ``labels``: field → its Chinese name."""
    problems = []
    for code in sorted(set(logged) | set(rows)):
        want, have = logged.get(code), rows.get(code)
        if want is None:
            problems.append(f"{noun}「{code}」在链上没有对应事件：记录被直接写入数据库")
        elif have is None:
            problems.append(f"{noun}「{code}」（事件 #{seqs[code]}）在表中缺失：记录被删除")
        elif have != want:
            k = next(k for k in want if have.get(k) != want[k])
            problems.append(f"{noun}「{code}」的「{labels.get(k, k)}」为「{have.get(k)}」，"
                            f"事件 #{seqs[code]} 记为「{want[k]}」：记录被改动")
    return problems
