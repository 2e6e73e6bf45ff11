"""DOCX and PDF of a report and of consultation minutes: real files, opened and read back.

The DOCX is read with python-docx, then converted by LibreOffice (headless) and the PDF's text
read with pdftotext; our own PDF is read with pdftotext and its fonts listed with pdffonts.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from console.documents.docx_export import write_docx
from console.documents.official import minutes_document, report_document
from console.documents.pdf_export import pdf_font, write_pdf
from tests.records_fixtures import CONTACT_VALUES, approve

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _pdf_text(path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) 未安装，无法检查 PDF 文字")
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())  # CJK lines wrap anywhere: compare without whitespace


def _our_pdf_text(path: Path) -> str:
    """Text of a PDF we wrote. With the STSong-Light fallback (no TrueType CJK font installed)
    poppler can only read it with its Adobe-GB1 pack: skip, naming what to install."""
    if not pdf_font()[1] and not Path("/usr/share/poppler/cMap/Adobe-GB1").is_dir():
        pytest.skip("未安装可嵌入的 TrueType 中文字体（fonts-wqy-microhei），且 poppler 缺少 Adobe-GB1（poppler-data）")
    return _pdf_text(path)


def _soffice_pdf(docx: Path, tmp_path: Path) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) 未安装，跳过 DOCX → PDF 转换检查")
    outdir = tmp_path / "lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                   capture_output=True, text=True, timeout=180, check=True)
    pdf = outdir / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice did not produce a PDF"
    return pdf


@pytest.fixture
def submitted(reports, incident):  # noqa: ANN001, ANN201
    r = reports.draft(incident, "initial", actor="值班员甲", values={**CONTACT_VALUES, "issuer": "李明",
                                                                   "doc_no": "濮食安办〔2026〕7号"})
    approve(reports, r.id, signer="李明")
    return reports.submit(r.id, actor="值班员甲", role="duty_officer")


@pytest.fixture
def concluded(consultations, incident):  # noqa: ANN001, ANN201
    cmd = {"actor": "指挥长", "role": "commander"}
    c = consultations.open(incident, "grade", **cmd)
    consultations.invite(c.id, ["E01", "E02", "E03"], **cmd)
    consultations.opinion(c.id, "E01", recommend="approve", level="III", text="学校集体食物中毒，提高一级", **cmd)
    consultations.opinion(c.id, "E02", recommend="approve", level="III", text="同意", **cmd)
    consultations.opinion(c.id, "E03", recommend="reject", level="IV", text="按人数为Ⅳ级", dissent="提级依据待核实",
                          **cmd)
    return consultations.conclude(c.id, chair="E01", outcome="approve", level="III",
                                  summary="建议按较大（Ⅲ级）启动响应", **cmd)


def test_report_docx_has_the_official_layout(submitted, incidents, tmp_path, db) -> None:  # noqa: ANN001
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    plan = incidents.plan_for(submitted.incident_id)
    path = write_docx(report_document(submitted, plan), tmp_path / "初报.docx")
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "食品安全突发事件信息报告"
    assert texts[1] == "濮食安办〔2026〕7号　　签发人：李明"
    assert "关于华龙区某小学食堂午餐后学生腹痛腹泻的初报" in texts
    # 主送 is the report's recipients: format 2 fills them from the 初报 chain's open hop (the unit's report to the
    # county's regulators — the hop this submission is recorded as)
    assert submitted.fields["recipients"] == "县（区）市场监管局、卫生健康委"
    assert "县（区）市场监管局、卫生健康委：" in texts
    for heading in ("一、基本情况", "二、事件经过", "三、处置情况", "四、联系方式"):
        assert heading in texts
    assert "发病人数：46 人" in texts and "事发单位" in texts  # 报送单位: the hop's sender
    assert any("报告编号：" in t and submitted.content_hash[:16] in t for t in texts)
    assert any(t.startswith("拟稿：值班员甲　审核：值班员乙　签发：李明") for t in texts)
    # CJK fonts are set through w:eastAsia on every run
    title = next(p for p in doc.paragraphs if p.text.startswith("关于"))
    assert title.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("发病人数"))
    assert body.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    sec = doc.sections[0]
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28
    text = _pdf_text(_soffice_pdf(path, tmp_path))
    assert "关于华龙区某小学食堂午餐后学生腹痛腹泻的初报" in text and "发病人数：46人" in text
    assert "签发人：李明" in text


def test_report_pdf_renders_chinese_with_an_embedded_font(submitted, incidents, tmp_path, db) -> None:  # noqa: ANN001
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    plan = incidents.plan_for(submitted.incident_id)
    path = write_pdf(report_document(submitted, plan), tmp_path / "初报.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = _our_pdf_text(path)
    for s in ("食品安全突发事件信息报告", "濮食安办〔2026〕7号", "签发人：李明", "一、基本情况", "发病人数：46人",
              "事发单位"):
        assert s in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    assert info.returncode == 0 and "Syntax Error" not in info.stderr
    name, embedded, source = pdf_font()
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    if embedded:
        cjk = [line for line in fonts.splitlines() if "+" in line and ("TrueType" in line)]
        assert cjk and all(" yes " in line for line in cjk), fonts
    else:
        assert "STSong-Light" in fonts


def test_minutes_docx_and_pdf(concluded, incidents, tmp_path, db) -> None:  # noqa: ANN001
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    plan = incidents.plan_for(concluded.incident_id)
    doc = minutes_document(concluded, plan)
    docx_path = write_docx(doc, tmp_path / "纪要.docx")
    texts = [p.text for p in Document(str(docx_path)).paragraphs]
    assert texts[0] == "专家会商纪要"
    assert "关于「事件分级研判」的专家会商纪要" in texts
    assert any("王建国" in t and "会商组长" in t for t in texts)
    assert "   保留意见：提级依据待核实" in texts
    assert "结论：同意，建议级别：较大（III级）" in texts
    assert "不同意见：张伟（提级依据待核实）" in texts
    assert "会商组长签字：王建国" in texts
    pdf_text = _our_pdf_text(write_pdf(doc, tmp_path / "纪要.pdf"))
    assert "专家会商纪要" in pdf_text and "保留意见：提级依据待核实" in pdf_text
    lo_text = _pdf_text(_soffice_pdf(docx_path, tmp_path))
    assert "不同意见：张伟（提级依据待核实）" in lo_text


def test_drill_documents_are_marked(db, clock, tmp_path) -> None:  # noqa: ANN001
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    from console.incidents import IncidentService
    from console.reports.service import ReportService
    from tests.records_fixtures import MUNICIPAL

    drills = IncidentService(db, clock, mode="drill")
    r = drills.open(MUNICIPAL, title="演练：学校食堂", actor="导调", role="duty_officer", facts={"cases": 20})
    rs = ReportService(db, clock, drills)
    d = rs.draft(r.incident_id, "initial", actor="导调")
    doc = report_document(d, drills.plan_for(r.incident_id), drill=True)
    path = write_docx(doc, tmp_path / "drill.docx")
    document = Document(str(path))
    assert document.paragraphs[0].text.startswith("【演练】")
    assert "演练 DRILL" in document.sections[0].header.paragraphs[0].text
    assert "（草稿）" in doc.title
    assert _our_pdf_text(write_pdf(doc, tmp_path / "drill.pdf")).startswith("【演练】食品安全突发事件信息报告")


def test_pdf_opens_in_libreoffice_when_its_pdf_import_is_installed(submitted, incidents, tmp_path, db) -> None:  # noqa: ANN001
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    path = write_pdf(report_document(submitted, incidents.plan_for(submitted.incident_id)), tmp_path / "r.pdf")
    out = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                          "--infilter=draw_pdf_import", "--convert-to", "odg", "--outdir", str(tmp_path / "odg"),
                          str(path)], capture_output=True, text=True, timeout=180)
    if "could not be loaded" in (out.stdout + out.stderr):
        pytest.skip("LibreOffice 未安装 PDF 导入（libreoffice-draw-nogui）；PDF 已由 poppler 检查")
    odg = tmp_path / "odg" / "r.odg"
    assert odg.is_file()
    import re
    import zipfile

    text = re.sub(r"<[^>]+>", "", zipfile.ZipFile(odg).read("content.xml").decode("utf-8"))
    assert "食品安全突发事件信息报告" in text and "关于华龙区某小学食堂午餐后学生腹痛腹泻的初报" in text


def test_pdf_falls_back_to_the_builtin_cid_font(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    """Without any TrueType CJK font, reportlab's STSong-Light still gives correct Chinese text."""
    from datetime import UTC, datetime

    from console.documents import fonts, pdf_export
    from console.documents.official import OfficialDocument, Section

    monkeypatch.setattr(fonts, "installed", lambda: [])
    monkeypatch.delenv("FDS_PDF_FONT", raising=False)
    pdf_export.pdf_font.cache_clear()
    try:
        assert pdf_export.pdf_font() == ("STSong-Light", False, "reportlab 内置 STSong-Light（未嵌入）")
        doc = OfficialDocument("食品安全突发事件信息报告", "濮食安办〔2026〕1号", "李明", "关于某事件的初报",
                               "市人民政府",
                               [Section("基本情况", ["发病人数：46 人"])], "市食安办",
                               datetime(2026, 11, 22, tzinfo=UTC))
        path = write_pdf(doc, tmp_path / "cid.pdf")
        raw = path.read_bytes()
        assert b"/STSong-Light" in raw and b"/UniGB-UCS2-H" in raw
        if not Path("/usr/share/poppler/cMap/Adobe-GB1").is_dir():
            pytest.skip("poppler 缺少 Adobe-GB1 字符映射（poppler-data），无法读出未嵌入的 CID 字体文字")
        text = _pdf_text(path)
        assert "关于某事件的初报" in text and "发病人数：46人" in text
    finally:
        pdf_export.pdf_font.cache_clear()
