"""PDF export with reportlab, in the same layout as the DOCX and in the 公文 typefaces it asks for.

Each face (小标宋 for the header line and title, 仿宋 for the body, 黑体 for the section
headings, 楷体 for the signer's name) is the real one when installed, otherwise a free stand-in
(:mod:`console.documents.fonts`: Noto Serif CJK SC for 小标宋 and 仿宋, WenQuanYi Micro Hei for
黑体, AR PL UKai or Noto Serif for 楷体), embedded as a subset; the PDF's keywords name the
substitution. Without any CJK font the built-in ``STSong-Light`` CID font is used (not embedded:
the reader substitutes a Song face, the text stays correct and searchable).

A section heading, and the label line before a long text, are kept with the line after them:
never left alone at the foot of a page.
"""

from __future__ import annotations

from pathlib import Path

from console.documents import fonts
from console.documents.official import NUMERALS, OfficialDocument

BUILTIN = "reportlab 内置 STSong-Light（未嵌入）"


def pdf_font() -> tuple[str, bool, str]:
    """(family, embedded?, source) of the body face (仿宋 or its stand-in)."""
    face = fonts.faces()["body"]
    if face.outlines == "builtin":
        return "STSong-Light", False, BUILTIN
    return face.family, True, face.path


pdf_font.cache_clear = fonts.faces.cache_clear  # type: ignore[attr-defined]


def write_pdf(doc_model: OfficialDocument, path: str | Path) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    m = doc_model
    chosen = fonts.faces()
    text = m.plain_text() + "".join(f"{NUMERALS[i]}、" for i in range(len(m.sections))) + "演练 DRILL—0123456789"
    face = {role: fonts.reportlab_name(chosen[role], text) for role in fonts.ROLES}
    font = face["body"]

    def style(name: str, size: float, align: int = TA_LEFT, colour: object = colors.black, indent: float = 0,
              leading: float | None = None, role: str = "body", keep: bool = False) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=face[role], fontSize=size, leading=leading or size * 1.75,
                              alignment=align, textColor=colour, firstLineIndent=indent, wordWrap="CJK",
                              keepWithNext=1 if keep else 0)

    red = colors.Color(0.75, 0, 0)
    header = style("header", 24, TA_CENTER, red, leading=34, role="title", keep=True)
    centre = style("centre", 14, TA_CENTER, keep=True)
    title = style("title", 20, TA_CENTER, leading=30, role="title", keep=True)
    heading = style("heading", 14, indent=28, role="heading", keep=True)  # 一、二、… never alone at a foot
    label = style("label", 14, indent=28, keep=True)  # 「事件简要经过：」 stays with its text
    body = style("body", 14, indent=28)
    plain = style("plain", 14, keep=True)
    right = style("right", 14, TA_RIGHT)
    small = style("small", 9)

    def p(text: str, st: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), st)

    story = [p(m.header, header), Spacer(1, 4 * mm)]
    issuer = (f"　　签发人：<font name=\"{face['kai']}\">{escape(m.issuer)}</font>" if m.issuer else "")
    story.append(Paragraph(escape(m.doc_no) + issuer, centre))
    story += [HRFlowable(width="100%", thickness=1.5, color=red, spaceBefore=2 * mm, spaceAfter=6 * mm)]
    story += [p(m.title, title), Spacer(1, 6 * mm), p(f"{m.recipients}：", plain)]
    for i, s in enumerate(m.sections):
        story.append(p(f"{NUMERALS[i]}、{s.heading}", heading))
        for n, line in enumerate(s.lines):
            ends_label = line.endswith("：") and n + 1 < len(s.lines)
            story.append(p(line, label if ends_label else body))
    story += [Spacer(1, 8 * mm), p(m.unit, right), p(m.date_text(), right)]
    if m.copy_line:
        story += [Spacer(1, 6 * mm), p(m.copy_line, small)]
    if m.anchor:
        story += [Spacer(1, 2 * mm), p(m.anchor, small)]

    def decorate(canvas, _doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 9)  # the body face (仿宋 or its stand-in)
        canvas.drawCentredString(A4[0] / 2, 15 * mm, f"— {canvas.getPageNumber()} —")
        if m.drill:
            canvas.setFillColor(colors.Color(0.8, 0, 0, alpha=0.12))
            canvas.setFont(face["heading"], 72)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "演练 DRILL")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm,
                            leftMargin=28 * mm, rightMargin=26 * mm, title=m.title, author=m.unit,
                            subject=m.header, creator="食品药品安全应急指挥台",
                            keywords="字体：" + fonts.substitution_text(chosen))
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path
