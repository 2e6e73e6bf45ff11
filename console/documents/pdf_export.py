"""PDF export with reportlab, in the same layout as the DOCX.

Font choice: reportlab embeds TrueType outlines only; Noto CJK (fonts-noto-cjk) ships CFF
outlines, which reportlab refuses ("postscript outlines are not supported"). So we embed the
first TrueType CJK font found (WenQuanYi Micro/Zen Hei from fonts-wqy-*, AR PL UMing, Droid
Sans Fallback, or one named by ``FDS_PDF_FONT``): the PDF then shows the same glyphs
everywhere. If none is installed we fall back to reportlab's built-in ``STSong-Light`` CID
font, which is not embedded (the reader substitutes a Song face) but still gives correct,
searchable Chinese text. :func:`pdf_font` says which one is in use.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from console.documents.official import NUMERALS, OfficialDocument

CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
)


@lru_cache(maxsize=1)
def pdf_font() -> tuple[str, bool, str]:
    """(reportlab font name, embedded?, source) — registered on first use."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    wanted = os.environ.get("FDS_PDF_FONT")
    paths = ([(wanted, 0)] if wanted else []) + list(CANDIDATES)
    for path, index in paths:
        if not Path(path).is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont("FDSCJK", path, subfontIndex=index))
        except (TTFError, OSError):
            continue
        return "FDSCJK", True, path
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light", False, "reportlab 内置 STSong-Light（未嵌入）"


def write_pdf(doc_model: OfficialDocument, path: str | Path) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

    font, _, _ = pdf_font()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    m = doc_model

    def style(name: str, size: float, align: int = TA_LEFT, colour: object = colors.black, indent: float = 0,
              leading: float | None = None) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.75,
                              alignment=align, textColor=colour, firstLineIndent=indent, wordWrap="CJK")

    red = colors.Color(0.75, 0, 0)
    header = style("header", 24, TA_CENTER, red, leading=34)
    centre = style("centre", 14, TA_CENTER)
    title = style("title", 20, TA_CENTER, leading=30)
    body = style("body", 14, indent=28)
    plain = style("plain", 14)
    right = style("right", 14, TA_RIGHT)
    small = style("small", 9)

    def p(text: str, st: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), st)

    story = [p(m.header, header), Spacer(1, 4 * mm)]
    story.append(p(m.doc_no + (f"　　签发人：{m.issuer}" if m.issuer else ""), centre))
    story += [HRFlowable(width="100%", thickness=1.5, color=red, spaceBefore=2 * mm, spaceAfter=6 * mm)]
    story += [p(m.title, title), Spacer(1, 6 * mm), p(f"{m.recipients}：", plain)]
    for i, s in enumerate(m.sections):
        story.append(p(f"{NUMERALS[i]}、{s.heading}", body))
        story.extend(p(line, body) for line in s.lines)
    story += [Spacer(1, 8 * mm), p(m.unit, right), p(m.date_text(), right)]
    if m.copy_line:
        story += [Spacer(1, 6 * mm), p(m.copy_line, small)]
    if m.anchor:
        story += [Spacer(1, 2 * mm), p(m.anchor, small)]

    def decorate(canvas, _doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 15 * mm, f"— {canvas.getPageNumber()} —")
        if m.drill:
            canvas.setFillColor(colors.Color(0.8, 0, 0, alpha=0.12))
            canvas.setFont(font, 72)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "演练 DRILL")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm,
                            leftMargin=28 * mm, rightMargin=26 * mm, title=m.title, author=m.unit,
                            subject=m.header, creator="食品药品安全应急指挥台")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path
