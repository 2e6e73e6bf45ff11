"""DOCX export with python-docx in the 公文 layout (GB/T 9704 proportions).

A4, margins 37/35/28/26 mm; the header line in red 小标宋 (22 pt); 文号 centred with 签发人
on the right; the title 小标宋 22 pt centred; body 仿宋 16 pt (三号), first-line indent of two
characters; section headings 黑体 16 pt; the signer's name 楷体; issuing unit and date at the
right. East Asian fonts are set through ``w:eastAsia`` (python-docx's ``font.name`` only sets the
Latin ones); machines without these fonts substitute another CJK font (the PDF names its
stand-ins: console.documents.fonts). Headings, and the label line before a long text, keep with
the next paragraph (``keep_with_next``): never alone at the foot of a page.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from console.documents.official import NUMERALS, OfficialDocument

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
KAI_FONT = "楷体"
RED = RGBColor(0xC0, 0x00, 0x00)


def _run(par, text: str, font: str, size: float, *, bold: bool = False, colour: RGBColor | None = None):  # type: ignore[no-untyped-def]
    run = par.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    rpr = run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), font)
    return run


def _par(doc, align=None, *, indent: bool = False, space_after: float = 0, keep: bool = False):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if keep:
        fmt.keep_with_next = True
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    fmt.line_spacing = Pt(28)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(32)
    return p


def _red_rule(par) -> None:  # type: ignore[no-untyped-def]
    """The red separator line under the 文号 (a paragraph bottom border, as 公文 templates do)."""
    ppr = par.paragraph_format.element.get_or_add_pPr()  # the paragraph (w:p) itself
    bdr = ppr.makeelement(qn("w:pBdr"), {})
    bottom = bdr.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "18", qn("w:space"): "4",
                                              qn("w:color"): "C00000"})
    bdr.append(bottom)
    ppr.append(bdr)


def write_docx(doc_model: OfficialDocument, path: str | Path) -> Path:
    path = Path(path)
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    m = doc_model
    _run(_par(doc, WD_ALIGN_PARAGRAPH.CENTER, space_after=12, keep=True), m.header, TITLE_FONT, 26, bold=True,
         colour=RED)
    p = _par(doc, WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    _run(p, m.doc_no, BODY_FONT, 16)
    if m.issuer:
        _run(p, "　　签发人：", BODY_FONT, 16)
        _run(p, m.issuer, KAI_FONT, 16)
    _red_rule(p)
    _par(doc, space_after=6, keep=True)
    _run(_par(doc, WD_ALIGN_PARAGRAPH.CENTER, space_after=12, keep=True), m.title, TITLE_FONT, 22, bold=True)
    _run(_par(doc, keep=True), f"{m.recipients}：", BODY_FONT, 16)
    for i, s in enumerate(m.sections):
        _run(_par(doc, indent=True, keep=True), f"{NUMERALS[i]}、{s.heading}", HEADING_FONT, 16)
        for n, line in enumerate(s.lines):
            label = line.endswith("：") and n + 1 < len(s.lines)  # 「事件简要经过：」 stays with its text
            _run(_par(doc, indent=True, keep=label), line, BODY_FONT, 16)
    _par(doc)
    _run(_par(doc, WD_ALIGN_PARAGRAPH.RIGHT), m.unit, BODY_FONT, 16)
    _run(_par(doc, WD_ALIGN_PARAGRAPH.RIGHT), m.date_text(), BODY_FONT, 16)
    if m.copy_line:
        _par(doc)
        _run(_par(doc), m.copy_line, BODY_FONT, 10.5)
    if m.anchor:
        _run(_par(doc), m.anchor, BODY_FONT, 9)
    if m.drill:
        header = sec.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(header, "演练 DRILL — 非真实事件", HEADING_FONT, 14, bold=True, colour=RED)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
