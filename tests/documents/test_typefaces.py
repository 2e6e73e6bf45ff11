"""The 公文 typefaces in the PDF (the real ones when installed, named free stand-ins otherwise),
headings never alone at the foot of a page (DOCX keep_with_next, PDF keepWithNext), and no
internal ids in the official text — checked on real DOCX and PDF files."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from console.documents import fonts
from console.documents.docx_export import write_docx
from console.documents.official import NUMERALS, OfficialDocument, Section, report_document
from console.documents.pdf_export import write_pdf
from tests.records_fixtures import CONTACT_VALUES, approve

HEADING = re.compile(f"^[{NUMERALS}]+、")
NOTO_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def _long_document() -> OfficialDocument:
    """Sections of 1, 2, 3 … lines: on some page a heading would fall last without keep-with-next."""
    sections = [Section(f"第{n}部分情况", [f"第{n}部分第{k}行：现场核查组报告病例情况，样品已送检。"
                                          for k in range(1, n + 1)]) for n in range(1, 10)]
    return OfficialDocument("食品安全突发事件信息报告", "濮食安办〔2026〕9号", "李明", "关于某事件的续报", "市人民政府",
                            sections, "市食安办", datetime(2026, 11, 22, tzinfo=UTC))


def _pages(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("\f"):
        lines = [x.strip() for x in page.splitlines() if x.strip() and not re.fullmatch(r"—\s*\d+\s*—", x.strip())]
        if lines:
            pages.append(lines)
    return pages


def test_choosing_faces_real_ones_first_then_named_stand_ins() -> None:
    def face(family: str, style: str = "Regular", outlines: str = "TrueType") -> fonts.Installed:
        return fonts.Installed(f"/fonts/{family}.ttf", 0, (family,), style, outlines)

    free = [face("Noto Serif CJK SC", "Regular", "CFF"), face("Noto Serif CJK SC", "Bold", "CFF"),
            face("WenQuanYi Micro Hei")]
    chosen = fonts.choose(free)
    assert fonts.substitution_text(chosen) == ("小标宋→Noto Serif CJK SC Bold（替代）；仿宋→Noto Serif CJK SC（替代）；"
                                               "黑体→WenQuanYi Micro Hei（替代）；楷体→Noto Serif CJK SC（替代）")
    assert chosen["title"].path == "/fonts/Noto Serif CJK SC.ttf" and chosen["title"].outlines == "CFF"
    real = fonts.choose([*free, face("仿宋_GB2312"), face("方正小标宋简体"), face("黑体"), face("楷体_GB2312")])
    assert all(real[r].real for r in fonts.ROLES)
    assert fonts.substitution_text(real) == "小标宋：方正小标宋简体；仿宋：仿宋_GB2312；黑体：黑体；楷体：楷体_GB2312"
    assert fonts.choose([face("AR PL UKai CN", "Book"), *free])["kai"].family == "AR PL UKai CN"
    none = fonts.choose([])
    assert {f.outlines for f in none.values()} == {"builtin"} and not none["body"].embedded


@pytest.mark.skipif(not Path(NOTO_SERIF).is_file() or shutil.which("pdffonts") is None,
                    reason="需要 fonts-noto-cjk 与 poppler-utils（pdffonts）")
def test_pdf_embeds_the_faces_and_names_the_substitution(tmp_path: Path) -> None:
    chosen = fonts.faces()
    out = write_pdf(_long_document(), tmp_path / "续报.pdf")
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in listing.splitlines() if "+" in line]
    assert embedded and all(" yes " in line for line in embedded), listing
    for role in ("title", "body", "heading"):
        squeezed = chosen[role].family.replace(" ", "").replace("Bold", "")
        assert any(squeezed.lower() in line.replace(" ", "").lower() for line in embedded), (role, listing)
    # the body and title use the serif stand-in (CFF outlines converted to TrueType), not the Hei fallback
    assert chosen["body"].family == "Noto Serif CJK SC" or chosen["body"].real
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "字体：" + fonts.substitution_text(chosen) in info


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="需要 poppler-utils（pdftotext）")
def test_no_heading_is_left_alone_at_the_foot_of_a_pdf_page(tmp_path: Path) -> None:
    pages = _pages(write_pdf(_long_document(), tmp_path / "长.pdf"))
    assert len(pages) >= 3
    # a first section of 0 … 24 lines moves the next heading (and a label line) over every
    # position of the first page's foot
    for n in range(25):
        doc = _long_document()
        doc.sections = [Section("基本情况", [f"第{k}行：病例情况已核实。" for k in range(n)] or ["无"]),
                        Section("事件经过", ["事件简要经过：", "11月22日 09:00 接报。", "09:10 派员核实。"])]
        pages = _pages(write_pdf(doc, tmp_path / f"{n}.pdf"))
        for lines in pages[:-1]:
            assert not HEADING.match(lines[-1]), f"（{n} 行）页末行是标题：{lines[-1]}"
            assert not lines[-1].endswith("："), f"（{n} 行）页末行是引导语：{lines[-1]}"


def test_docx_headings_keep_with_next_and_the_signer_is_in_kaiti(tmp_path: Path) -> None:
    doc = Document(str(write_docx(_long_document(), tmp_path / "长.docx")))
    heads = [p for p in doc.paragraphs if HEADING.match(p.text)]
    assert len(heads) == 9 and all(p.paragraph_format.keep_with_next for p in heads)
    title = next(p for p in doc.paragraphs if p.text.startswith("关于"))
    assert title.paragraph_format.keep_with_next
    body = [p for p in doc.paragraphs if p.text.startswith("第9部分第")]
    assert not any(p.paragraph_format.keep_with_next for p in body[-1:])
    signer = next(p for p in doc.paragraphs if "签发人" in p.text)
    run = next(r for r in signer.runs if r.text == "李明")
    assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体"


def test_official_text_names_tasks_not_ids(reports, incidents, incident, clock, tmp_path, db) -> None:  # noqa: ANN001
    if db.dialect != "sqlite":
        pytest.skip("文档内容与数据库无关，只在 SQLite 上检查一次")
    state = incidents.state(incident)
    task = next(iter(state.tasks.values()))
    clock.advance(timedelta(minutes=2))
    incidents.command(incident, "complete_task", {"task": task["id"], "note": "已到达现场"}, actor="现场组",
                      role="group_staff")
    r = reports.draft(incident, "initial", actor="值班员甲", values=CONTACT_VALUES)
    assert f"完成任务「{task['title']}」：已到达现场" in r.fields["brief_course"]
    approve(reports, r.id)
    s = reports.submit(r.id, actor="值班员甲", role="duty_officer")
    doc = report_document(s, incidents.plan_for(incident))
    ids = re.compile(r"(?<![A-Za-z0-9])(T\d+|[a-z_]+_[a-z_]+)(?![A-Za-z0-9])")
    body = "\n".join(line for sec in doc.sections for line in sec.lines)
    assert not ids.search(body), ids.search(body)
    if shutil.which("pdftotext") is not None:
        out = write_pdf(doc, tmp_path / "初报.pdf")
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert not re.search(r"完成任务\s*T\d", text) and not re.search(r"(?<![A-Za-z0-9])T\d+(?![0-9])", text)


@pytest.mark.skipif(not Path(NOTO_SERIF).is_file(), reason="需要 fonts-noto-cjk")
def test_the_fast_character_lookup_agrees_with_fonttools() -> None:
    from fontTools.ttLib import TTFont

    from console.documents.fonts import char_to_glyph

    src = TTFont(NOTO_SERIF, fontNumber=2, lazy=True)
    fast, full = char_to_glyph(src), src.getBestCmap()
    sample = "食品药品安全应急指挥〔〕（）：；、。“”—…0123456789ABCxyz 𠀀龘犇鑫ⅢⅣ"
    assert all(fast.get(ord(c)) == full.get(ord(c)) for c in sample)
