"""Signed checkpoints: a log edited and re-hashed to the end, or cut and its head moved back, passes
the chain walk but not its checkpoints; forged, unregistered and expired signatures are named."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from console.clock import ManualClock
from console.store import Database, EventLog, NewEvent
from console.store.audit import export_log, verify_export
from console.store.chain import canonical_json, event_hash, to_us
from console.store.checkpoints import (
    CheckpointRecord,
    CheckpointRefused,
    Checkpoints,
    checkpoint_file_text,
    load_checkpoint_file,
    reason_for,
)
from console.store.cli import main
from console.store.models import checkpoints_table
from console.store.signing import Certificate, Signer, certificate_text, new_private_key, sign
from console.store.verify import ExpectedHead, verify_chain
from tests.store.conftest import T0, tamper


def _register(log: EventLog, username: str, public_key: str, type_: str = "admin.key_registered") -> int:
    version = log.stream_version("admin")
    ev = NewEvent(type_, T0, "admin", "admin", {"data": {"username": username, "public_key": public_key}})
    return log.append("admin", version, [ev])[0].seq


def _notes(log: EventLog, stream: str, n: int) -> None:
    version = log.stream_version(stream)
    for i in range(n):
        log.append(stream, version + i, [NewEvent("note", T0, "王值班", "duty_officer",
                                                  {"data": {"text": f"{stream} 记录 {version + i}"}})])


@pytest.fixture
def signer() -> Signer:
    return Signer("zhang", new_private_key())


@pytest.fixture
def signed(db: Database, clock: ManualClock, signer: Signer) -> tuple[EventLog, Checkpoints]:
    """A log of 1 key registration + 10 notes, a checkpoint at seq 6 and one at the head (11)."""
    log = EventLog(db, clock)
    _register(log, signer.username, signer.public_key, "admin.user_created")
    _notes(log, "inc-1", 5)
    cps = Checkpoints(db, clock)
    clock.advance(timedelta(minutes=5))
    cps.sign(signer, "事件定级")
    _notes(log, "inc-1", 5)
    clock.advance(timedelta(minutes=5))
    cps.sign(signer, "信息报送")
    return log, cps


def rehash_from(db: Database, seq: int, payload: dict[str, object]) -> None:
    """Edit event ``seq``'s payload, recompute its hash and every later one, and move the head."""
    tamper(db, [])  # lift the append-only guard
    with db.connect() as conn:
        rows = conn.execute(text(
            "SELECT seq, stream, version, type, occurred_us, recorded_us, actor, role, mode, payload, prev_hash "
            "FROM events WHERE seq >= :s ORDER BY seq"), {"s": seq}).all()
        prev = rows[0].prev_hash
        for r in rows:
            body = canonical_json(payload) if r.seq == seq else r.payload
            digest = event_hash(seq=r.seq, stream=r.stream, version=r.version, type=r.type,
                                occurred_us=r.occurred_us, recorded_us=r.recorded_us, actor=r.actor, role=r.role,
                                mode=r.mode, payload_json=body, prev_hash=prev)
            conn.execute(text("UPDATE events SET payload = :p, prev_hash = :prev, hash = :h WHERE seq = :s"),
                         {"p": body, "prev": prev, "h": digest, "s": r.seq})
            prev = digest
        conn.execute(text("UPDATE chain_head SET hash = :h"), {"h": prev})


def truncate_after(db: Database, seq: int) -> None:
    """Delete every event after ``seq`` and move the head back onto it."""
    tamper(db, [])
    with db.connect() as conn:
        digest = conn.execute(text("SELECT hash FROM events WHERE seq = :s"), {"s": seq}).scalar_one()
        conn.execute(text("DELETE FROM events WHERE seq > :s"), {"s": seq})
        conn.execute(text("UPDATE chain_head SET seq = :s, hash = :h"), {"s": seq, "h": digest})


# -- signing ------------------------------------------------------------------------------------

def test_sign_records_the_head_under_a_valid_signature(signed, signer) -> None:  # type: ignore[no-untyped-def]
    log, cps = signed
    latest = cps.latest()
    assert latest is not None and (latest.seq, latest.hash) == log.head()
    assert latest.signer == "zhang" and latest.public_key == signer.public_key and latest.reason == "信息报送"
    assert [c.seq for c in cps.list()] == [6, 11]
    report = verify_chain(log.db)
    assert report.ok, report.message
    assert "2 个签名检查点均与日志相符" in report.message and "签署人 zhang" in report.message


def test_an_empty_log_is_not_signed(db, clock, signer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CheckpointRefused, match="还没有任何事件"):
        Checkpoints(db, clock).sign(signer, "x")
    assert Checkpoints(db, clock).latest() is None


def test_due_hourly_while_an_incident_is_open(db, clock, signer) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    _notes(log, "inc-1", 2)
    cps = Checkpoints(db, clock)
    assert not cps.due(clock.now())  # no open incident
    with db.connect() as conn:
        conn.execute(text(
            "INSERT INTO incidents (id, title, plan_hash, plan_id, mode, status, level, state, version, opened_us, "
            "updated_us) VALUES ('inc-1', 't', 'h', 'p', 'real', 'open', NULL, '{}', 2, 0, 0)"))
    assert cps.due(clock.now())
    cps.sign(signer, "定时检查点")
    clock.advance(timedelta(minutes=59))
    _notes(log, "inc-1", 1)
    assert not cps.due(clock.now())
    clock.advance(timedelta(minutes=2))
    assert cps.due(clock.now())


def test_reason_for_status_changes_only() -> None:
    assert reason_for(["fire", "log.report.x"]) == "事件状态变更"
    assert reason_for(["submit_report"]) == "信息报送"
    assert reason_for(["note", "complete_task"]) is None


# -- what the checkpoints catch -------------------------------------------------------------------

def test_a_rehashed_log_passes_the_chain_but_not_its_checkpoints(signed) -> None:  # type: ignore[no-untyped-def]
    log, _ = signed
    rehash_from(log.db, 4, {"data": {"text": "改过的记录"}})
    report = verify_chain(log.db)
    assert not report.ok and report.problem == "rehashed" and report.first_bad_seq == 6, report.message
    assert "事件日志在第 6 号事件或之前被改写并重新计算了哈希" in report.message
    assert "与 zhang 于" in report.message and "签署的检查点不符" in report.message
    # the same chain without its checkpoints passes: that is what they are for
    with log.db.connect() as conn:
        conn.execute(checkpoints_table.delete())
    assert verify_chain(log.db).ok


def test_a_rewrite_after_the_last_checkpoint_is_not_named(signed) -> None:  # type: ignore[no-untyped-def]
    log, _ = signed
    _notes(log, "inc-2", 3)
    rehash_from(log.db, 13, {"data": {"text": "改过"}})
    assert verify_chain(log.db).ok  # nothing signed covers seq 13: only an expected head would


def test_a_truncated_log_is_named(signed) -> None:  # type: ignore[no-untyped-def]
    log, _ = signed
    truncate_after(log.db, 8)
    report = verify_chain(log.db)
    assert not report.ok and report.problem == "truncated" and report.first_bad_seq == 9, report.message
    assert "日志被截断：检查点记录到第 11 号事件，现在只到第 8 号" in report.message


@pytest.mark.parametrize("damage", ["rehash", "truncate"])
def test_expect_head_catches_both_without_any_checkpoint(db, clock, damage) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    _notes(log, "inc-1", 10)
    seq, digest = log.head()
    assert verify_chain(db, expected=[ExpectedHead.parse(f"{seq}:{digest}")]).ok
    assert verify_chain(db, expected=[ExpectedHead.parse(digest[:12])]).ok
    if damage == "rehash":
        rehash_from(db, 3, {"data": {"text": "改过"}})
    else:
        truncate_after(db, 7)
    assert verify_chain(db).ok  # the chain alone cannot tell
    full = verify_chain(db, expected=[ExpectedHead.parse(f"{seq}:{digest}")])
    assert not full.ok
    assert full.problem == ("rehashed" if damage == "rehash" else "truncated"), full.message
    short = verify_chain(db, expected=[ExpectedHead.parse(digest[:12])])
    assert not short.ok and short.problem == "expected" and "找不到哈希为" in short.message


def test_expect_head_parsing() -> None:
    assert ExpectedHead.parse("12:ABCDEF0123456789") == ExpectedHead(12, "abcdef0123456789")
    assert ExpectedHead.parse("abcdef012345…") == ExpectedHead(None, "abcdef012345")
    for bad in ("abc", "x:abcdef0123456789", "0:abcdef0123456789", "zzzzzzzzzzzzzz"):
        with pytest.raises(ValueError, match="无法识别的链头"):
            ExpectedHead.parse(bad)


# -- signatures that do not count ------------------------------------------------------------------

def _signed_row(db: Database, clock: ManualClock, signer: Signer) -> None:
    Checkpoints(db, clock).sign(signer, "事件状态变更")


def test_a_forged_signature_is_named(signed) -> None:  # type: ignore[no-untyped-def]
    log, _ = signed
    with log.db.connect() as conn:  # someone rewrites the signed hash to match a rewritten log
        conn.execute(checkpoints_table.update().where(checkpoints_table.c.seq == 6).values(hash="ab" * 32))
    report = verify_chain(log.db)
    assert not report.ok and report.problem == "signature" and report.first_bad_seq == 6, report.message
    assert "不可信：签名无效" in report.message


def test_a_signature_by_an_unregistered_key_is_named(db, clock, signer) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    _register(log, signer.username, signer.public_key)
    _notes(log, "inc-1", 2)
    intruder = Signer("zhang", new_private_key())  # a valid signature, by a key nobody registered
    _signed_row(db, clock, intruder)
    report = verify_chain(db)
    assert not report.ok and report.problem == "signature", report.message
    assert "不是日志中为账户 zhang 登记的密钥" in report.message


def test_a_key_registered_after_the_checkpoint_does_not_count(db, clock, signer) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    _notes(log, "inc-1", 2)
    _signed_row(db, clock, signer)
    _register(log, signer.username, signer.public_key)
    report = verify_chain(db)
    assert not report.ok and report.problem == "signature" and "才登记" in report.message, report.message


def test_a_session_key_counts_with_a_valid_certificate_only(db, clock, signer) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    _register(log, signer.username, signer.public_key)
    _notes(log, "inc-1", 2)
    session = new_private_key()
    session_pub = Signer("zhang", session).public_key
    expires = to_us(clock.now() + timedelta(hours=8))
    cert = Certificate(signer.public_key, expires, sign(signer.key, certificate_text("zhang", session_pub, expires)))
    _signed_row(db, clock, Signer("zhang", session, cert))
    assert verify_chain(db).ok, verify_chain(db).message
    cp = Checkpoints(db, clock).latest()
    assert cp is not None and cp.account_key == signer.public_key  # the fingerprint on paper is the account's

    clock.advance(timedelta(hours=9))  # signed after the certificate expired
    _signed_row(db, clock, Signer("zhang", session, cert))
    report = verify_chain(db)
    assert not report.ok and report.problem == "signature" and "会话证书已于" in report.message, report.message


def test_a_certificate_not_signed_by_the_account_is_named(db, clock, signer) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db, clock)
    _register(log, signer.username, signer.public_key)
    _notes(log, "inc-1", 1)
    session = new_private_key()
    expires = to_us(clock.now() + timedelta(hours=8))
    forged = Certificate(signer.public_key, expires, "00" * 64)
    _signed_row(db, clock, Signer("zhang", session, forged))
    report = verify_chain(db)
    assert not report.ok and report.problem == "signature" and "证书签名无效" in report.message, report.message


# -- exports ------------------------------------------------------------------------------------------

def test_an_export_carries_and_checks_the_checkpoints(signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log, _ = signed
    out = tmp_path / "log.jsonl"
    summary = export_log(log.db, out, now=T0)
    assert summary.checkpoints == 2
    report, header = verify_export(out)
    assert report.ok and "2 个签名检查点均与日志相符" in report.message, report.message
    assert header["checkpoints"] == 2

    rehash_from(log.db, 2, {"data": {"text": "改过"}})
    rewritten = tmp_path / "rewritten.jsonl"
    export_log(log.db, rewritten, now=T0)
    report, _ = verify_export(rewritten)
    assert not report.ok and report.problem == "rehashed" and report.first_bad_seq == 6, report.message

    lines = out.read_text("utf-8").splitlines(keepends=True)
    dropped = tmp_path / "dropped.jsonl"
    dropped.write_text("".join(line for line in lines if '"checkpoint"' not in line), "utf-8")
    report, _ = verify_export(dropped)
    assert not report.ok and report.problem == "checkpoint_missing", report.message


def test_a_truncated_export_is_named_against_a_checkpoint_file(signed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log, cps = signed
    latest = cps.latest()
    assert latest is not None
    kept = tmp_path / "head.json"
    kept.write_text(checkpoint_file_text(latest), "utf-8")
    assert load_checkpoint_file(kept) == CheckpointRecord(**{**latest.to_dict(), "id": None})
    truncate_after(log.db, 9)
    with log.db.connect() as conn:
        conn.execute(checkpoints_table.delete().where(checkpoints_table.c.seq > 9))  # hide the evidence
    out = tmp_path / "log.jsonl"
    export_log(log.db, out, now=T0)
    assert verify_export(out)[0].ok
    report, _ = verify_export(out, anchors=[load_checkpoint_file(kept)])
    assert not report.ok and report.problem == "truncated", report.message
    assert "检查点记录到第 11 号事件，现在只到第 9 号" in report.message


def test_a_removed_plan_text_is_named(db, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    log = EventLog(db, clock)
    source = "id: demo-plan\n"
    digest = hashlib.sha256(source.encode()).hexdigest()
    log.save_plan_source(digest, "demo-plan", "1", "演示预案", source)
    log.append("inc-1", 0, [NewEvent("open", T0, "王值班", "duty_officer",
                                     {"data": {"title": "t", "plan": {"hash": digest, "id": "demo-plan"}}})])
    out = tmp_path / "log.jsonl"
    export_log(db, out, now=T0)
    assert verify_export(out)[0].ok
    lines = out.read_text("utf-8").splitlines(keepends=True)
    out.write_text("".join(line for line in lines if not line.startswith('{"plan"')), "utf-8")
    report, _ = verify_export(out)
    assert not report.ok and report.problem == "plan_missing", report.message
    assert digest[:16] in report.message and "第 1 号事件据此接报" in report.message
    # even with the plan list taken out of the header, the open event names it
    header = json.loads(lines[0])
    del header["plan_hashes"]
    header["plans"] = 0
    out.write_text(json.dumps(header, ensure_ascii=False) + "\n"
                   + "".join(line for line in lines[1:] if not line.startswith('{"plan"')), "utf-8")
    assert verify_export(out)[0].problem == "plan_missing"


# -- the command line ---------------------------------------------------------------------------------

def test_cli_verify_checkpoint_and_expect_head(db_url, clock, signer, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from console.store import open_database

    db = open_database(db_url)
    log = EventLog(db, clock)
    _register(log, signer.username, signer.public_key)
    _notes(log, "inc-1", 6)
    assert main(["log", "checkpoint", "--db", db_url]) == 1
    assert "还没有签名检查点" in capsys.readouterr().err
    cp = Checkpoints(db, clock).sign(signer, "事件定级")
    seq, digest = log.head()

    kept = tmp_path / "cp.json"
    assert main(["log", "checkpoint", "--db", db_url, "--out", str(kept)]) == 0
    out = capsys.readouterr().out
    assert f"第 {seq} 号事件" in out and digest in out and "zhang" in out and cp.key_fingerprint in out
    assert json.loads(kept.read_text("utf-8"))["checkpoint"]["hash"] == digest

    assert main(["log", "verify", "--db", db_url, "--expect-head", f"{seq}:{digest[:12]}",
                 "--checkpoint", str(kept)]) == 0
    assert "2 个签名检查点均与日志相符" in capsys.readouterr().out  # the stored one and the file's
    truncate_after(db, 4)
    with db.connect() as conn:
        conn.execute(checkpoints_table.delete())
    assert main(["log", "verify", "--db", db_url]) == 0  # without anchors a cut log looks whole
    capsys.readouterr()
    assert main(["log", "verify", "--db", db_url, "--expect-head", f"{seq}:{digest}"]) == 1
    assert f"日志被截断：记下的链头为第 {seq} 号事件，现在只到第 4 号" in capsys.readouterr().out
    assert main(["log", "verify", "--db", db_url, "--checkpoint", str(kept)]) == 1
    assert "检查点记录到第 7 号事件，现在只到第 4 号" in capsys.readouterr().out
    assert main(["log", "verify", "--db", db_url, "--expect-head", "nonsense"]) == 2
    assert "无法识别的链头" in capsys.readouterr().err
    assert main(["log", "verify", "--db", db_url, "--checkpoint", str(tmp_path / "none.json")]) == 2
    assert "无法读取检查点文件" in capsys.readouterr().err

    export = tmp_path / "log.jsonl"
    assert main(["log", "export", "--db", db_url, "-o", str(export)]) == 0
    capsys.readouterr()
    assert main(["log", "verify", "--file", str(export), "--checkpoint", str(kept)]) == 1
    assert "日志被截断" in capsys.readouterr().out
    db.close()


def test_checkpoint_rows_are_what_the_api_returns(signed) -> None:  # type: ignore[no-untyped-def]
    log, cps = signed
    with log.db.reading() as conn:
        stored = conn.execute(select(checkpoints_table.c.signature)).scalars().all()
    assert [c.signature for c in cps.list()] == list(stored)
    assert all(len(s) == 128 for s in stored)


def test_checkpoint_file_that_is_not_one(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "other"}', "utf-8")
    with pytest.raises(CheckpointRefused, match="不是检查点文件"):
        load_checkpoint_file(bad)
