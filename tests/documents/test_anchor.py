"""Every exported report and set of minutes prints the log checkpoint it was made at: signed for
the export when someone is signed in, the head marked 「未签名」 otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from console.cli import export_document
from console.documents.anchor import PREFIX, stamp
from console.documents.docx_export import write_docx
from console.documents.official import minutes_document, report_document
from console.documents.pdf_export import write_pdf
from console.store.checkpoints import EXPORT_REASON
from console.store.signing import Signer, new_private_key
from console.store.verify import ExpectedHead, verify_chain
from tests.documents.test_exports import _our_pdf_text, concluded, submitted  # noqa: F401  (fixtures)
from tests.store.test_checkpoints import _register


def _signed_in(console) -> Signer:  # noqa: ANN001
    signer = Signer("zhang", new_private_key())
    _register(console.log, "zhang", signer.public_key)
    console.signer = signer
    return signer


def test_a_signed_export_prints_a_fresh_checkpoint(console, submitted, tmp_path) -> None:  # noqa: ANN001, F811
    signer = _signed_in(console)
    plan = console.incidents.plan_for(submitted.incident_id)
    doc = stamp(report_document(submitted, plan), console.db, console.clock, console.signer)
    cp = console.checkpoints.latest()
    assert cp is not None and cp.reason == EXPORT_REASON and (cp.seq, cp.hash) == console.log.head()
    line = f"{PREFIX}第 {cp.seq} 号事件，哈希 {cp.hash[:16]}…，签署人 zhang（密钥 {cp.key_fingerprint}），"
    assert doc.anchor.startswith(line) and cp.key_fingerprint == " ".join(
        signer.public_key[i:i + 4] for i in range(0, 16, 4))
    docx_texts = [p.text for p in Document(str(write_docx(doc, tmp_path / "初报.docx"))).paragraphs]
    assert doc.anchor in docx_texts
    if console.db.dialect == "sqlite":  # the PDF text does not depend on the database
        pdf = _our_pdf_text(write_pdf(doc, tmp_path / "初报.pdf"))
        assert "".join(line.split()) in pdf
    # the printed hash prefix is enough to check the log later
    printed = re.search(r"第 (\d+) 号事件，哈希 ([0-9a-f]{16})…", doc.anchor)
    assert printed is not None
    assert verify_chain(console.db, expected=[ExpectedHead.parse(f"{printed[1]}:{printed[2]}")]).ok


def test_without_a_signer_the_head_is_printed_unsigned(console, concluded, tmp_path, db) -> None:  # noqa: ANN001, F811
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    plan = console.incidents.plan_for(concluded.incident_id)
    doc = stamp(minutes_document(concluded, plan), console.db, console.clock, None)
    seq, digest = console.log.head()
    assert doc.anchor.startswith(f"{PREFIX}第 {seq} 号事件，哈希 {digest[:16]}…，未签名，")
    assert console.checkpoints.list() == []
    assert doc.anchor in doc.plain_text().splitlines()
    docx_texts = [p.text for p in Document(str(write_docx(doc, tmp_path / "纪要.docx"))).paragraphs]
    assert doc.anchor in docx_texts
    assert "".join(doc.anchor.split()) in _our_pdf_text(write_pdf(doc, tmp_path / "纪要.pdf"))


def test_the_cli_export_stamps_the_document(console, submitted, tmp_path: Path, db, capsys) -> None:  # noqa: ANN001, F811
    if db.dialect != "sqlite":
        pytest.skip("只在 SQLite 上检查一次")
    _signed_in(console)
    before = len(console.checkpoints.list())
    plan = console.incidents.plan_for(submitted.incident_id)
    out = tmp_path / "初报.docx"
    export_document(report_document(submitted, plan), out, console)
    assert len(console.checkpoints.list()) == before + 1
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert any(t.startswith(PREFIX) and "签署人 zhang" in t for t in texts)


def test_the_review_prints_the_checkpoint_too(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from console.clock import ManualClock
    from console.drills.report import write_report
    from console.incidents.service import IncidentService
    from console.review.service import RunReview
    from console.store import open_database
    from console.store.checkpoints import Checkpoints
    from tests.records_fixtures import ROOT

    db = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    clock = ManualClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    svc = IncidentService(db, clock)
    iid = svc.open(ROOT / "plans" / "food-county.yaml", title="某饭店聚餐食物中毒", actor="值班员", role="duty_officer",
                   facts={"cases": 12, "setting": "restaurant"}).incident_id
    clock.advance(timedelta(minutes=10))
    signer = Signer("zhang", new_private_key())
    _register(svc.log, "zhang", signer.public_key)
    r = RunReview(db, iid)
    write_report(r, tmp_path / "unsigned.docx", clock=clock)
    unsigned = [p.text for p in Document(str(tmp_path / "unsigned.docx")).paragraphs if p.text.startswith(PREFIX)]
    assert len(unsigned) == 1 and "未签名" in unsigned[0]
    write_report(r, tmp_path / "signed.pdf", signer=signer, clock=clock)
    cp = Checkpoints(db).latest()
    assert cp is not None and cp.reason == EXPORT_REASON
    text = "".join(_our_pdf_text(tmp_path / "signed.pdf").split())
    assert f"{PREFIX}第{cp.seq}号事件，哈希{cp.hash[:16]}…，签署人zhang（密钥" in text
    assert verify_chain(db).ok
    db.close()
