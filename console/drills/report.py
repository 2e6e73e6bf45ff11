"""The after-action report (事件处置总结报告 / 演练总结报告): DOCX and PDF.

Contents follow the 演练总结报告 of the domain notes (§4.1): basic facts of the run, the
timeline plot, key metrics against the plan's deadlines, the evaluation (drills), inject
execution, hot-wash notes and the improvement plan. A drill's report carries the 演练
watermark on every page (DOCX header and footer; PDF header and a diagonal mark).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from console.clock import CHINA_TZ, Clock, SystemClock
from console.documents.anchor import log_anchor
from console.drills.evaluation import IMPROVEMENT_STATUS, RESULTS, fmt_span, summary
from console.drills.scenario import CHANNELS
from console.errors import Refused
from console.review.service import DEADLINE_KIND, RunReview
from console.store.signing import Signer

WATERMARK = "演练 DRILL — 非真实事件"
_CJK_TTF = (  # reportlab embeds TrueType outlines only (Noto CJK ships CFF)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)


class ReportError(Refused):
    """The report could not be written (message in Chinese)."""


def _local(t: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    return t.astimezone(CHINA_TZ).strftime(fmt) if t else "—"


def title_of(r: RunReview) -> str:
    if r.scenario is not None:
        return f"{r.scenario.title}总结报告"
    return f"{r.summary.title}处置总结报告" if not r.is_drill else f"{r.summary.title}演练总结报告"


# ---------------------------------------------------------------------------------------
# the content, once, as plain sections and tables
# ---------------------------------------------------------------------------------------

def sections(r: RunReview) -> list[tuple[str, list[Any]]]:
    """[(heading, [paragraph str | table (header, rows) | ("image", path)])]."""
    out: list[tuple[str, list[Any]]] = []
    basic: list[Any] = []
    rows = [("事件编号", r.incident_id), ("事件名称", r.summary.title),
            ("适用预案", f"{r.plan.title}（{r.plan.version}）"),
            ("开始", _local(r.start, "%Y-%m-%d %H:%M")), ("结束", _local(r.end, "%Y-%m-%d %H:%M")),
            ("性质", "演练（非真实事件）" if r.is_drill else "实战")]
    sc = r.scenario
    if sc is not None:
        rows[1:1] = [("演练名称", sc.title), ("演练类型", sc.type_title)]
        if sc.location:
            rows.append(("演练地点", sc.location))
        if sc.participants:
            rows.append(("参演单位", "、".join(sc.participants)))
    basic.append((("项目", "内容"), rows))
    if sc is not None:
        if sc.description:
            basic.append(f"演练方案概要：{sc.description}")
        basic.append("演练目的：" + "；".join(f"{k} {v}" for k, v in sc.objectives.items()))
    out.append(("一、基本情况" if not r.is_drill else "一、演练基本概要", basic))
    out.append(("二、时间线", [("image", None),
                          "图中横条为预案状态，菱形为注入（控制信息），圆点为报告，叉号为超时的期限。"]))
    out.append(("三、关键指标（对照预案时限）", [
        (("指标", "情况"), r.headline()),
        (("期限", "类别", "时限", "实际用时", "到期", "结果"),
         [(m.title, DEADLINE_KIND.get(m.kind, m.kind), fmt_span(m.target), fmt_span(m.measured),
           _local(m.due_at), m.status_zh) for m in r.metrics()]),
    ]))
    if sc is not None:
        results = r.evaluation()
        n = summary(results)
        ev: list[Any] = [f"评估项共 {len(results)} 项：达标 {n['met']} 项，"
                         f"部分达标 {n['partly']} 项，未达标 {n['not_met']} 项。"]
        ev.append((("编号", "评估项", "要求", "实测", "自动评定", "评估员评定", "评估意见"),
                   [(x.item.id, x.item.title, x.target_zh, x.explanation, x.result_zh,
                     RESULTS.get(x.rating or "", "—"), x.note or "—") for x in results]))
        out.append(("四、评估结果", ev))
        inj_rows = []
        for row in r.inject_rows():
            inj = row["inject"]
            exp = "；".join(f"{e['title']}（{e['status']}{'，' + fmt_span(e['took']) if e['took'] else ''}）"
                           for e in row["expect"]) or "—"
            inj_rows.append((inj.id, inj.title,
                             f"{inj.sender}→{r.plan.role_title(inj.receiver)}（{CHANNELS[inj.channel]}）",
                             inj.schedule_text, _local(row["released_at"], "%H:%M"), exp))
        out.append(("五、注入执行情况",
                    [(("编号", "注入", "发送→接收（方式）", "计划", "发出", "预期行动"), inj_rows)]))
        hw = [f"{_local(h['at'], '%H:%M')} {h['actor']}：{h['text']}" for h in r.fold.hotwash] or ["（无现场点评记录）"]
        out.append(("六、现场点评", hw))
        imps = sorted(r.fold.improvements.values(), key=lambda x: x["id"])
        out.append(("七、改进计划（整改清单）", [
            (("编号", "存在问题", "整改措施", "责任单位", "完成期限", "状态"),
             [(x["id"], x.get("issue", ""), x.get("action", ""), x.get("owner", ""), x.get("due", ""),
               IMPROVEMENT_STATUS.get(x.get("status", "open"), x.get("status", ""))) for x in imps])
            if imps else "（尚未填写改进计划）"]))
    return out


# ---------------------------------------------------------------------------------------
# timeline plot
# ---------------------------------------------------------------------------------------

def _mpl_font() -> Any:
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if any(k in f.name for k in ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "Droid Sans Fallback",
                                      "AR PL", "SimSun", "Microsoft YaHei")):
            return font_manager.FontProperties(fname=f.fname)
    return None


@dataclass(frozen=True)
class TimeAxis:
    """The review chart's time axis: ``unit_s`` seconds per unit named ``name``, a tick every
    ``step`` units, ``span`` units in all."""

    unit_s: int
    name: str
    step: float
    span: float


MINUTE_STEPS = (1, 2, 5, 10, 15, 20, 30, 60)
HOUR_STEPS = (0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168)


def time_axis(seconds: float, *, ticks: int = 10) -> TimeAxis:
    """Minutes for a run of up to three hours (an 8-minute incident reads 0–8 minutes, not
    0.00–0.13 hours), hours beyond; at most ``ticks`` ticks at a round step."""
    seconds = max(seconds, 60.0)
    unit_s, name, steps = (60, "分钟", MINUTE_STEPS) if seconds <= 3 * 3600 else (3600, "小时", HOUR_STEPS)
    span = seconds / unit_s
    step = next((s for s in steps if span / s <= ticks), steps[-1])
    return TimeAxis(unit_s, name, float(step), span)


def timeline_png(r: RunReview, path: str | Path | None = None, *, width: float = 9.0) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fp = _mpl_font()
    kw = {"fontproperties": fp} if fp is not None else {}
    t0 = r.start
    axis = time_axis((r.end - t0).total_seconds())
    span = axis.span

    def h(t: datetime) -> float:
        return (t - t0).total_seconds() / axis.unit_s

    fig = Figure(figsize=(width, 3.6), dpi=120)
    ax = fig.add_subplot(111)
    lanes = ["状态", "注入", "报告", "超时"]
    leafs = r.fold.leaf_changes + [(r.end, "")]
    palette = ["#2980b9", "#16a085", "#8e44ad", "#d35400", "#2c3e50", "#c0392b", "#7f8c8d"]
    seen: dict[str, str] = {}
    for (a, leaf), (b, _) in zip(leafs, leafs[1:], strict=False):
        if not leaf:
            continue
        colour = seen.setdefault(leaf, palette[len(seen) % len(palette)])
        ax.barh(3, max(h(b) - h(a), span * 0.002), left=h(a), height=0.6, color=colour, alpha=0.8)
        if h(b) - h(a) > span * 0.06 and h(a) < span * 0.94:
            ax.text(h(a) + span * 0.004, 3, r.plan.state_title(leaf), va="center", fontsize=7, color="white", **kw)
    inj = [d["at"] for d in r.fold.injects.values()]
    ax.scatter([h(t) for t in inj], [2] * len(inj), marker="D", color="#e67e22", s=22, zorder=3)
    reps = [t for k, ts in r.fold.times.items() if k.startswith("report:") for t in ts]
    ax.scatter([h(t) for t in reps], [1] * len(reps), marker="o", color="#27ae60", s=22, zorder=3)
    missed = [m.due_at for m in r.metrics() if m.status == "missed"]
    ax.scatter([h(t) for t in missed], [0] * len(missed), marker="x", color="#c0392b", s=30, zorder=3)
    for t, lv in r.fold.level_changes[1:]:
        if h(t) > span:  # after the end of the run shown
            continue
        ax.axvline(h(t), color="#c0392b", lw=0.8, ls="--")
        label = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级", "IV": "Ⅳ级"}.get(lv or "", lv or "非级别")
        ax.text(h(t) + span * 0.004, 3.62, f"→{label}", fontsize=8, color="#c0392b", ha="left", va="center", **kw)
    ax.set_yticks(range(4))
    ax.set_yticklabels(list(reversed(lanes)), **kw)
    ax.set_ylim(-0.6, 3.95)
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    ax.set_xlim(0, span)
    ax.xaxis.set_major_locator(MultipleLocator(axis.step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.set_xlabel(f"自 {_local(t0, '%Y-%m-%d %H:%M')} 起的{axis.name}数", **kw)
    title = title_of(r)
    if r.is_drill:
        fig.text(0.5, 0.5, "演练", fontsize=60, color="#c0392b", alpha=0.12, ha="center", va="center",
                 rotation=20, **kw)
    ax.set_title(title, fontsize=10, **kw)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


# ---------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------

def _east(run: Any, font: str) -> None:
    """Set a run's East Asian font (python-docx only sets the Latin one)."""
    from docx.oxml.ns import qn

    run.font.name = font
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def write_docx(r: RunReview, path: str | Path, *, anchor: str = "") -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for sec in doc.sections:
        sec.left_margin = sec.right_margin = Cm(2.2)
        if r.is_drill:
            for part in (sec.header, sec.footer):
                par = part.paragraphs[0]
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = par.add_run(WATERMARK)
                run.bold = True
                run.font.size = Pt(12)
                run.font.color.rgb = RGBColor(0xC0, 0x39, 0x2B)
    if r.is_drill:
        mark = doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run("【演练】")
        run.bold = True
        run.font.size = Pt(20)
        run.font.color.rgb = RGBColor(0xC0, 0x39, 0x2B)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hr = head.add_run(title_of(r))
    hr.bold = True
    hr.font.size = Pt(18)
    _east(hr, "黑体")
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "timeline.png"
        timeline_png(r, png)
        for heading, blocks in sections(r):
            h = doc.add_paragraph()
            hrun = h.add_run(heading)
            hrun.bold = True
            hrun.font.size = Pt(14)
            _east(hrun, "黑体")
            for b in blocks:
                if isinstance(b, str):
                    doc.add_paragraph(b)
                elif b[0] == "image":
                    doc.add_picture(str(png), width=Cm(16.5))
                else:
                    header, rows = b
                    table = doc.add_table(rows=1, cols=len(header))
                    table.style = "Table Grid"
                    for cell, text in zip(table.rows[0].cells, header, strict=True):
                        cell.text = ""
                        cell.paragraphs[0].add_run(str(text)).bold = True
                    for row in rows:
                        cells = table.add_row().cells
                        for cell, text in zip(cells, row, strict=True):
                            cell.text = str(text)
        foot = doc.add_paragraph(f"本报告由指挥台根据事件日志自动生成（事件 {r.incident_id}，"
                                 f"共 {len(r.events)} 条记录）。")
        foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if anchor:
            doc.add_paragraph(anchor).runs[0].font.size = Pt(8)
        out = Path(path)
        try:
            doc.save(str(out))
        except OSError as exc:
            raise ReportError(f"无法写入报告文件 {out}：{exc.strerror or exc}") from None
    return out


# ---------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------

def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if "FDSDrillCJK" in pdfmetrics.getRegisteredFontNames():
        return "FDSDrillCJK"
    for path, index in _CJK_TTF:
        if Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont("FDSDrillCJK", path, subfontIndex=index))
                return "FDSDrillCJK"
            except TTFError:
                continue
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def write_pdf(r: RunReview, path: str | Path, *, anchor: str = "") -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _pdf_font()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=11, wordWrap="CJK")
    h1 = ParagraphStyle("h1", fontName=font, fontSize=17, leading=26, alignment=TA_CENTER, spaceAfter=10)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=12.5, leading=20, spaceBefore=8, spaceAfter=4)
    story: list[Any] = []
    if r.is_drill:
        story.append(Paragraph("【演练】", ParagraphStyle("mk", parent=h1, textColor=colors.HexColor("#c0392b"))))
    story.append(Paragraph(escape(title_of(r)), h1))
    width = A4[0] - 3.6 * cm
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "timeline.png"
        timeline_png(r, png)
        for heading, blocks in sections(r):
            story.append(Paragraph(escape(heading), h2))
            for b in blocks:
                if isinstance(b, str):
                    story.append(Paragraph(escape(b), body))
                elif b[0] == "image":
                    story.append(Image(str(png), width=width, height=width * 3.6 / 9.0))
                else:
                    header, rows = b
                    data = [[Paragraph(escape(str(x)), cell) for x in header]]
                    data += [[Paragraph(escape(str(x)), cell) for x in row] for row in rows]
                    t = Table(data, colWidths=[width / len(header)] * len(header), repeatRows=1)
                    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#ecf0f1")),
                                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                    story.append(t)
                story.append(Spacer(1, 4))
        if anchor:
            story.append(Paragraph(escape(anchor), cell))

        def decorate(canvas: Any, _doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(font, 8)
            canvas.drawRightString(A4[0] - 1.8 * cm, 1.2 * cm, f"{r.incident_id} · 第 {canvas.getPageNumber()} 页")
            if r.is_drill:
                canvas.setFillColor(colors.HexColor("#c0392b"))
                canvas.setFont(font, 11)
                canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, WATERMARK)
                canvas.setFillColor(colors.Color(0.75, 0.22, 0.17, alpha=0.10))
                canvas.translate(A4[0] / 2, A4[1] / 2)
                canvas.rotate(35)
                canvas.setFont(font, 110)
                canvas.drawCentredString(0, 0, "演练")
            canvas.restoreState()

        out = Path(path)
        try:
            SimpleDocTemplate(str(out), pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                              topMargin=2 * cm, bottomMargin=2 * cm, title=title_of(r),
                              author="食品药品安全应急指挥台").build(story, onFirstPage=decorate, onLaterPages=decorate)
        except OSError as exc:
            raise ReportError(f"无法写入报告文件 {out}：{exc.strerror or exc}") from None
    return out


def write_report(r: RunReview, path: str | Path, *, signer: Signer | None = None,
                 clock: Clock | None = None) -> Path:
    """DOCX or PDF by the file's extension, with the log checkpoint it was made at (signed for the
    export by ``signer``, else the head marked 未签名; console.documents.anchor)."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".docx", ".pdf"):
        anchor = log_anchor(r.db, clock if clock is not None else SystemClock(), signer)
    if ext == ".docx":
        return write_docx(r, p, anchor=anchor)
    if ext == ".pdf":
        return write_pdf(r, p, anchor=anchor)
    raise ReportError(f"不支持的报告格式「{p.suffix or '（无扩展名）'}」：请使用 .docx 或 .pdf")
