"""Attachments on incidents, reports and tasks: kept in the database with their SHA-256, the hash
in an event of the log, the type recognised from the content, verifiable (also from the CLI)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from sqlalchemy import update

from console.attachments.models import attachments_table
from console.attachments.service import MAX_BYTES, AttachmentError, AttachmentService, sniff
from console.cli import main
from tests.records_fixtures import CONTACT_VALUES

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buf = io.BytesIO()
    d = Document()
    d.add_paragraph("检验报告单")
    d.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    wb.active.append(["样品", "结果"])  # type: ignore[union-attr]
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def attachments(console) -> AttachmentService:  # noqa: ANN001
    return console.attachments


def test_types_are_recognised_by_content() -> None:
    assert sniff(PDF) == "application/pdf" and sniff(JPEG) == "image/jpeg" and sniff(PNG) == "image/png"
    assert sniff(_docx()).endswith("wordprocessingml.document")
    assert sniff(_xlsx()).endswith("spreadsheetml.sheet")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    assert sniff(buf.getvalue()) is None and sniff(b"MZ\x90\x00") is None and sniff(b"hello") is None


def test_an_attachment_is_stored_with_its_hash_in_the_log(attachments, incident) -> None:  # noqa: ANN001
    rec = attachments.add(incident, "现场照片.png", PNG, actor="值班员甲", role="duty_officer", note="食堂后厨")
    assert rec.media_type == "image/png" and rec.size == len(PNG) and rec.owner_kind == "incident"
    assert rec.sha256 == hashlib.sha256(PNG).hexdigest() and rec.added_by == "值班员甲"
    assert attachments.content(rec.id) == PNG
    (ev,) = [e for e in attachments.incidents.timeline(incident) if e.type == "log.attachment_added"]
    assert ev.actor == "值班员甲" and ev.version == rec.event_version
    assert ev.payload["data"]["sha256"] == rec.sha256 and ev.payload["data"]["filename"] == "现场照片.png"
    assert [c.ok for c in attachments.verify(incident)] == [True]


def test_attachments_on_a_report_and_a_task(attachments, reports, incident) -> None:  # noqa: ANN001
    r = reports.draft(incident, "initial", actor="甲", values=CONTACT_VALUES)
    sheet = attachments.add(incident, "检验单.xlsx", _xlsx(), actor="甲", role="duty_officer",
                            owner_kind="report", owner_id=r.id)
    scan = attachments.add(incident, "签报.pdf", PDF, actor="甲", role="duty_officer", owner_kind="report",
                           owner_id=r.id)
    task = next(iter(attachments.incidents.state(incident).tasks))
    photo = attachments.add(incident, "到场.jpg", JPEG, actor="甲", role="duty_officer", owner_kind="task",
                            owner_id=task)
    assert [a.id for a in attachments.list(incident, owner_kind="report", owner_id=r.id)] == [sheet.id, scan.id]
    assert [a.id for a in attachments.list(incident, owner_kind="task", owner_id=task)] == [photo.id]
    assert len(attachments.list(incident)) == 3
    with pytest.raises(AttachmentError, match="没有任务「T999」"):
        attachments.add(incident, "x.png", PNG, actor="甲", role="duty_officer", owner_kind="task", owner_id="T999")
    with pytest.raises(AttachmentError, match="没有编号为「nope」的报告"):
        attachments.add(incident, "x.png", PNG, actor="甲", role="duty_officer", owner_kind="report", owner_id="nope")


def test_refused_files_write_nothing(attachments, incident) -> None:  # noqa: ANN001
    version = attachments.incidents.summary(incident).version
    with pytest.raises(AttachmentError, match="不是可接受的文件类型（按内容识别；可接受：PDF、JPEG、PNG、DOCX、XLSX）"):
        attachments.add(incident, "病历.pdf", b"MZ\x90\x00 not a pdf", actor="甲", role="duty_officer")
    with pytest.raises(AttachmentError, match="扩展名「.pdf」与内容（PNG 图片）不符"):
        attachments.add(incident, "照片.pdf", PNG, actor="甲", role="duty_officer")
    with pytest.raises(AttachmentError, match="过大.*上限 20 MB"):
        attachments.add(incident, "大.pdf", PDF + b"0" * MAX_BYTES, actor="甲", role="duty_officer")
    with pytest.raises(AttachmentError, match="空文件"):
        attachments.add(incident, "空.pdf", b"", actor="甲", role="duty_officer")
    with pytest.raises(AttachmentError, match="观察员只能查看"):
        attachments.add(incident, "a.pdf", PDF, actor="观察", role="observer")
    assert attachments.incidents.summary(incident).version == version
    assert attachments.list(incident) == []


def test_a_changed_file_fails_verification(attachments, incident) -> None:  # noqa: ANN001
    a = attachments.add(incident, "签报.pdf", PDF, actor="甲", role="duty_officer")
    b = attachments.add(incident, "照片.png", PNG, actor="甲", role="duty_officer")
    with attachments.db.connect() as conn:
        conn.execute(update(attachments_table).where(attachments_table.c.id == a.id)
                     .values(content=PDF.replace(b"1.4", b"1.7")))
        # a swapped file with a matching row hash still disagrees with the log
        conn.execute(update(attachments_table).where(attachments_table.c.id == b.id)
                     .values(content=JPEG, sha256=hashlib.sha256(JPEG).hexdigest(), size=len(JPEG)))
    checks = {c.attachment_id: c for c in attachments.verify(incident)}
    assert not checks[a.id].ok and "内容已被改动" in checks[a.id].message
    assert not checks[b.id].ok and "与事件日志记录的 SHA-256" in checks[b.id].message
    with attachments.db.connect() as conn:
        conn.execute(attachments_table.delete().where(attachments_table.c.id == a.id))
    checks = {c.attachment_id: c for c in attachments.verify(incident)}
    assert "数据库中已不存在" in checks[a.id].message


def test_cli_add_list_get_verify(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from tests.records_fixtures import MUNICIPAL

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    at = ("--at", "2026-11-22T09:00+08:00")
    assert run("incident", "open", "--plan", str(MUNICIPAL), "--title", "某小学食堂午餐后学生腹痛",
               "--fact", "cases=46", "--actor", "甲", *at)[0] == 0
    iid = "20261122-001"
    scan = _docx()
    (tmp_path / "签报.docx").write_bytes(scan)
    (tmp_path / "fake.png").write_bytes(b"GIF89a....")
    code, out, _ = run("attachments", "add", iid, str(tmp_path / "签报.docx"), "--note", "签报扫描", "--actor", "甲")
    assert code == 0 and "已添加附件" in out and "已记入事件日志" in out
    code, _, err = run("attachments", "add", iid, str(tmp_path / "fake.png"), "--actor", "甲")
    assert code == 1 and "不是可接受的文件类型" in err and "Traceback" not in err
    code, out, _ = run("attachments", "list", iid)
    assert "签报.docx" in out and "共 1 个附件" in out
    code, out, _ = run("attachments", "get", f"{iid}-F1", "-o", str(tmp_path / "back.docx"))
    assert code == 0 and (tmp_path / "back.docx").read_bytes() == scan
    code, out, _ = run("attachments", "verify")
    assert code == 0 and "全部与事件日志一致" in out
    from console.store import open_database

    db = open_database(url)
    with db.connect() as conn:
        conn.execute(update(attachments_table).values(content=scan + b"x"))
    db.close()
    code, _, err = run("attachments", "verify", iid)
    assert code == 1 and "内容已被改动" in err
