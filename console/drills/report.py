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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from console.clock import CHINA_TZ, Clock, SystemClock
from console.documents.anchor import log_anchor
from console.drills.evaluation import IMPROVEMENT_STATUS, RESULTS, fmt_span, summary
from console.drills.scenario import CHANNELS, span_text
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
        basic.append("演练目的：" + "；".join(sc.objectives.values()))
    out.append(("一、基本情况" if not r.is_drill else "一、演练基本概要", basic))
    out.append(("二、时间线", [("image", None),
                          "图中横条为预案状态，菱形为注入（控制信息），圆点为报告，叉号为超时的期限。"]))
    out.append(("三、关键指标（对照预案时限）", [
        (("指标", "情况"), r.headline()),
        (("期限", "类别", "时限", "实际用时", "到期", "结果"),
         [(m.title, DEADLINE_KIND.get(m.kind, m.kind), "立即" if m.immediate else fmt_span(m.target),
           fmt_span(m.measured),
           _local(m.due_at), m.status_zh) for m in r.metrics()]),
    ]))
    if sc is not None:
        results = r.evaluation()
        n = summary(results)
        ev: list[Any] = [f"评估项共 {len(results)} 项：达标 {n['met']} 项，"
                         f"部分达标 {n['partly']} 项，未达标 {n['not_met']} 项。"]
        ev.append((("编号", "评估项", "要求", "实测", "自动评定", "评估员评定", "评估意见"),
                   [(x.item.id, x.item.title, x.target_zh, x.explanation, x.result_zh,
                     RESULTS.get(x.rating or "", "—") + (f"（{x.rated_by}）" if x.rated_by else ""), x.note or "—")
                    for x in results]))
        out.append(("四、评估结果", ev))
        inj_rows = []
        for row in r.inject_rows():
            inj = row["inject"]
            exp = "；".join(f"{e['title']}（{e['status']}{'，' + fmt_span(e['took']) if e['took'] else ''}）"
                           for e in row["expect"]) or "—"
            inj_rows.append((inj.id, inj.title,
                             f"{inj.sender}→{r.plan.role_title(inj.receiver)}（{CHANNELS[inj.channel]}）",
                             sc.schedule_of(inj), _local(row["released_at"], "%H:%M"), exp))
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


# ---------------------------------------------------------------------------------------
# the drill's two filed documents: 演练评估报告 and 演练总结报告 (official layout)
# ---------------------------------------------------------------------------------------

DOCUMENT_KINDS = {"evaluation": "演练评估报告", "summary": "演练总结报告"}
_SUB = "一二三四五六七八九十"


def _sub(i: int) -> str:
    return f"（{_SUB[i]}）" if i < len(_SUB) else f"（{i + 1}）"


def _clock(t: datetime | None, ref: datetime | None = None) -> str:
    if t is None:
        return "—"
    local = t.astimezone(CHINA_TZ)
    if ref is not None and local.date() == ref.astimezone(CHINA_TZ).date():
        return f"{local:%H:%M}"
    return f"{local.month}月{local.day}日{local:%H:%M}"


def deadline_words(r: RunReview) -> list[tuple[str, str, str]]:
    """Every plan deadline as (title, limit, result) in words, judged at the drill's end: a
    deadline not yet due is 未到期, work done in time is 按时 even where the step that set the
    deadline ended before it was due."""
    s = r.fold.state
    if s is None:
        return []
    end, t0 = r.end, r.start
    out = []
    for m in r.metrics():
        limit = fmt_span(m.target)
        if m.status == "met" and m.done_at is not None:
            res = f"按时（{_clock(m.done_at, t0)} 完成，用时{fmt_span(m.measured)}）"
        elif m.status == "missed":
            res = f"超时（{_clock(m.done_at, t0)} 补办）" if m.late_done else "超时，未完成"
        elif m.status == "cancelled":
            done = _work_done(r, m)
            if done is not None and done <= m.due_at:
                res = f"按时（{_clock(done, t0)} 完成）"
            else:
                res = f"不再计时（{_clock(m.closed_at, t0)} 该阶段结束）"
        elif m.status in ("open", "unfinished"):
            closed = m.closed_at or end
            res = (f"未到期（到期时间 {_clock(m.due_at, t0)}，演练结束时尚未到期）" if m.due_at > min(closed, end)
                   else "超时，演练结束时未完成")
        else:
            res = "到期"
        out.append((m.title, limit, res))
    return out


def _work_done(r: RunReview, m: Any) -> datetime | None:
    s = r.fold.state
    assert s is not None
    for d in s.deadlines.values():
        if d["title"] == m.title and d["due_at"] == m.due_at and d["kind"] == "task":
            t = s.tasks.get(d.get("task") or d["id"])
            return t["done_at"] if t and t.get("done_at") else None
        if d["title"] == m.title and d["due_at"] == m.due_at and d["kind"] == "report":
            return r.fold.first(f"report:{d.get('report_kind')}", after=d["anchor_at"])
    return None


def _assessment(r: RunReview) -> Any:
    from console.drills.evaluation import assess, submitted_reports

    assert r.scenario is not None
    return assess(r.scenario, r.fold, submitted_reports(r.db, r.incident_id))


def _players(r: RunReview) -> list[str]:
    """Who acted in the drill, by plan role (simulated players marked as such)."""
    by_role: dict[str, list[str]] = {}
    for ev in r.events:
        if ev.type.startswith("log.") or not ev.actor or ev.role in ("controller", "evaluator", "system") \
                or "注入" in ev.actor:  # facts an inject brought, entered for its receiver
            continue
        names = by_role.setdefault(ev.role, [])
        if ev.actor not in names:
            names.append(ev.actor)
    return [f"{r.plan.role_title(role)}：{'、'.join(names)}" for role, names in by_role.items()]


def _expect_status(r: RunReview, a: Any, e: Any) -> str:
    """An expected action in words at the drill's end: 按时 / 超时 / 未完成 / 未到期."""
    assert r.scenario is not None
    released, _ = r.fold.expectation_done(r.scenario, e.id)
    resp = a.responses.get(e.id)
    if released is None:
        return "控制信息未发出"
    if resp is not None:
        took = fmt_span(resp.at - released)
        if r.scenario is not None and r.scenario.type == "tabletop":
            return f"已作出（{_clock(resp.at, r.start)}）"
        return f"按时（{_clock(resp.at, r.start)}，用时{took}）" if resp.on_time else \
            f"超时（{_clock(resp.at, r.start)}，用时{took}，时限{fmt_span(e.within)}）"
    if released + e.within > r.end:
        return "未到期（演练结束时仍在时限内）"
    return "未完成"


def _execution(r: RunReview, a: Any, *, detail: bool) -> list[str]:
    sc = r.scenario
    assert sc is not None
    lines: list[str] = []
    groups: list[tuple[str | None, list[Any]]] = []
    if sc.parts:
        for pid, title in sc.parts.items():
            groups.append((title, [i for i in sc.injects if i.part == pid]))
        rest = [i for i in sc.injects if i.part not in sc.parts]
        if rest:
            groups.append(("其他", rest))
    else:
        groups.append((None, list(sc.injects)))
    n_out = sum(1 for i in sc.injects if i.id in r.fold.injects)
    skipped = sum(int(d.get("seconds") or 0) for d in r.fold.drill if d.get("action") == "skip")
    compressed = f"（其中时间压缩跳过 {span_text(timedelta(seconds=skipped))}）" if skipped else ""
    lines.append(f"演练自{_clock(r.start)}开始，至{_clock(r.end, r.start)}结束，历时{fmt_span(r.end - r.start)}"
                 f"{compressed}；脚本共{len(sc.injects)}条控制信息，发出{n_out}条。")
    for gi, (heading, injs) in enumerate(groups):
        if heading is not None:
            lines.append(f"{_sub(gi)}第{_SUB[gi] if gi < len(_SUB) else gi + 1}部分 {heading}")
        def released_at(i: Any) -> float:
            rel = r.fold.injects.get(i.id)
            return rel["at"].timestamp() if rel else float("inf")

        for n, inj in enumerate(sorted(injs, key=lambda i: (released_at(i), i.seq)), 1):
            rel = r.fold.injects.get(inj.id)
            when = _clock(rel["at"], r.start) if rel else "未发出"
            # 分段演练: the site and the controller (导调) who released it
            where = f"，{rel['site']}·{rel.get('controller') or '导调'}发出" if rel and rel.get("site") else ""
            if rel and rel.get("skip"):  # 时间压缩：跳过 3 天
                where += f"，{rel['skip']}"
            lines.append(f"{n}. {when} {inj.title}（{inj.sender}→{r.plan.role_title(inj.receiver)}，"
                         f"{CHANNELS[inj.channel]}{where}）")
            if detail or sc.type == "tabletop":
                if inj.kind == "question" or sc.type == "tabletop":
                    lines.append(f"情景：{inj.text}")
                if inj.points:
                    lines.append("评估要点：" + "；".join(inj.points))
            for e in inj.expect:
                lines.append(f"预期行动「{e.title}」：{_expect_status(r, a, e)}")
                resp = a.responses.get(e.id)
                if resp is not None and (sc.type == "tabletop" or "：" in resp.text or e.action.get("note")):
                    lines.append(f"参演人员答复（{resp.actor or '参演人员'}）：{resp.text}")
            if inj.answer is not None and (detail or sc.type == "tabletop"):
                lines.append(f"参考答案：{_answer_text(r, inj.answer)}")
    return lines


def _answer_text(r: RunReview, ans: Any) -> str:
    plan = r.plan
    extra = []
    if ans.state:
        extra.append(f"应进入「{plan.state_title(ans.state)}」")
    if ans.level:
        extra.append(f"级别为{plan.level_name(ans.level)}")
    if ans.report:
        extra.append(f"报送{plan.report_kinds[ans.report]['title']}")
    if ans.event:
        extra.append(f"执行「{plan.event_title(ans.event)}」")
    return ans.text + (f"（{'，'.join(extra)}）" if extra else "")


def _objectives(r: RunReview, a: Any, *, detail: bool) -> list[str]:
    lines = []
    for i, o in enumerate(a.objectives):
        cap = f"（能力：{o.capability}）" if o.capability else ""
        n = len(o.items)
        lines.append(f"{_sub(i)}{o.text}{cap}：{o.final_zh}")
        if n:
            lines.append(f"评估项{n}项：达标{o.count('met')}项，部分达标{o.count('partly')}项，"
                         f"未达标{o.count('not_met')}项"
                         + (f"，待评定{o.count('pending')}项" if o.count("pending") else "")
                         + (f"；按评估项计算为{CAPABILITY_RATINGS_SHORT[o.computed]}" if o.computed else "") + "。")
        for c in o.ratings:
            lines.append(f"评估员{c.evaluator}评定：{c.rating_zh}"
                         + (f"。观察记录：{c.observation}" if c.observation else ""))
        if o.refused:  # players' attempts the plan refused, where an item of this objective concerns them
            lines.append(f"被拒绝的操作{len(o.refused)}次" + ("：" if detail else "（详见评估报告）。"))
            if detail:
                lines += [f"· {_attempt_line(r, x)}" for x in o.refused]
        if detail:
            if o.guide:
                lines.append("评估指南要点：" + "；".join(o.guide))
            for x in o.items:
                rated = (f"；评估员{x.rated_by}评定为{RESULTS.get(x.rating or '', '')}" if x.rating else "") \
                    + (f"（{x.note}）" if x.note else "")
                lines.append(f"· {x.item.title}：{x.result_zh}。{x.explanation}{rated}")
            good = [f.text for f in a.findings if f.kind == "strength" and f.objective == o.id]
            bad = [f"{f.text}（原因：{f.cause}）" if f.cause else f.text
                   for f in a.findings if f.kind == "improvement" and f.objective == o.id]
            if good:
                lines.append("优点：" + "；".join(good))
            if bad:
                lines.append("需改进：" + "；".join(bad))
    return lines


def _attempt_line(r: RunReview, x: Any, *, items: bool = True) -> str:
    """「14:20 林建国（指挥长）尝试「终止响应」被拒绝：…（涉及评估项「…」）」 — no internal ids."""
    from console.drills.refusals import concerned_items

    assert r.scenario is not None
    who = f"{x.actor}（{r.plan.role_title(x.role)}）" if x.role else x.actor
    about = [it.title for it in concerned_items(r.scenario, x)] if items else []
    return f"{_clock(x.at, r.start)} {who}{x.text()}" + ("（涉及评估项" + "、".join(f"「{t}」" for t in about) + "）"
                                                      if about else "")


def _refused(r: RunReview, a: Any) -> list[str]:
    """The section 被拒绝的操作: every attempt the plan refused, in order, with the items it concerns."""
    if not a.refused:
        return ["演练中参演人员的操作未被预案拒绝。"]
    roles: dict[str, int] = {}
    for x in a.refused:
        title = r.plan.role_title(x.role)
        roles[title] = roles.get(title, 0) + 1
    head = (f"参演人员的操作被预案拒绝{len(a.refused)}次（"
            + "、".join(f"{k}{v}次" for k, v in roles.items()) + "），可据此检查参演人员对预案条件的把握：")
    return [head] + [f"{n}. {_attempt_line(r, x)}" for n, x in enumerate(a.refused, 1)]


CAPABILITY_RATINGS_SHORT = {"P": "顺利完成（P）", "S": "存在一些问题（S）", "M": "存在重大问题（M）",
                            "U": "未能完成（U）"}


def _entered(a: Any, kind: str) -> list[str]:
    return [f"{f.text}" + (f"（原因：{f.cause}）" if f.cause else "") + (f"——{f.evaluator}" if f.evaluator else "")
            for f in a.of_kind(kind)]


def _problems(r: RunReview, a: Any) -> list[str]:
    lines = []
    for n, f in enumerate(a.of_kind("improvement"), 1):
        lines.append(f"{n}. {f.text}" + (f"。原因：{f.cause}" if f.cause else "")
                     + (f"（{f.evaluator}）" if f.evaluator else ""))
    if not lines:
        lines.append("未发现需改进的问题。")
    return lines


def _improvement_plan(r: RunReview) -> list[str]:
    imps = sorted(r.fold.improvements.values(), key=lambda x: x["id"])
    out = []
    for n, x in enumerate(imps, 1):
        status = IMPROVEMENT_STATUS.get(x.get("status", "open"), "")
        out.append(f"{n}. {x.get('issue', '')}：{x.get('action', '')}（责任单位：{x.get('owner', '')}，"
                   f"完成期限：{x.get('due', '')}，{status}）")
    return out


def _attachments(r: RunReview, kind: str) -> list[str]:
    sc = r.scenario
    assert sc is not None
    items = [f"演练脚本《{sc.title}》（{len(sc.injects)}条控制信息）", "演练时间线与事件日志摘录",
             "评估记录（评估项、能力评定与观察记录）"]
    if r.fold.hotwash:
        items.append(f"现场点评记录（{len(r.fold.hotwash)}条）")
    if r.fold.improvements:
        items.append(f"改进计划（整改清单，{len(r.fold.improvements)}项）")
    if kind == "summary":
        items.insert(2, "演练评估报告")
    return [f"{n}. {x}" for n, x in enumerate(items, 1)]


def drill_document(r: RunReview, kind: str) -> Any:
    """The 演练评估报告 (``evaluation``) or 演练总结报告 (``summary``) as an official document, in the
    domain's words only (no internal ids)."""
    from console.documents.official import OfficialDocument, Section

    if kind not in DOCUMENT_KINDS:
        raise ReportError(f"未知的报告种类「{kind}」：可选 evaluation（演练评估报告）、summary（演练总结报告）")
    sc = r.scenario
    if sc is None:
        raise ReportError("该事件没有演练脚本记录，无法写出演练评估报告或总结报告")
    a = _assessment(r)
    plan = r.plan
    when = f"{_clock(r.start)}至{_clock(r.end, r.start)}（历时{fmt_span(r.end - r.start)}）"
    purpose = [f"{n}. {o.text}" for n, o in enumerate(a.objectives, 1)]
    people = [f"参演单位：{'、'.join(sc.participants) or '—'}", "参演人员："] + _players(r)
    if a.evaluators:
        people.append(f"评估人员：{'、'.join(a.evaluators)}")
    deadlines = [f"{t}：时限{lim}，{res}" for t, lim, res in deadline_words(r)]
    heads = [f"{k}：{v}" for k, v in r.headline() if k != "预案时限"]
    cost = _entered(a, "cost")
    sections: list[Section] = []
    if kind == "evaluation":
        sections.append(Section("演练概况与参演人员", [
            f"演练名称：{sc.title}", f"演练类型：{sc.type_title}", f"演练时间：{when}",
            f"演练地点：{sc.location or '—'}", f"检验预案：{plan.title}", "演练目的：", *purpose, *people]))
        sections.append(Section("演练执行情况", _execution(r, a, detail=True) + ["关键时间节点："] + heads
                                + (["预案时限执行情况："] + deadlines if deadlines else [])))
        sections.append(Section("目标实现情况", _objectives(r, a, detail=True)))
        sections.append(Section("被拒绝的操作", _refused(r, a)))
        plan_lines = _entered(a, "plan")
        met = sum("按时" in x[2] for x in deadline_words(r))
        plan_lines.insert(0, f"本次演练检验预案规定的时限{len(deadlines)}项，按时完成{met}项；"
                             f"参演人员按预案流程完成预期行动{len(a.responses)}项（共{len(sc.expectations())}项）。")
        sections.append(Section("预案的合理性与可操作性", plan_lines + ([] if len(plan_lines) > 1 else
                                                                 ["评估员未另行记录对预案的意见。"])))
        coord = [x.text for x in a.responses.values()
                 if {"consult", "decide_level", "approve"} & set(x.expectation.action)]
        sections.append(Section("指挥协调与应急联动", (["会商与决策："] + coord if coord else [])
                                + (_entered(a, "coordination") or ["评估员未另行记录指挥协调方面的意见。"])))
        checks = [f"{x.item.title}：{x.final_zh}。{x.explanation}" + (f"（评估员：{x.rated_by}）" if x.rated_by else "")
                  for x in a.results if x.item.check is not None]
        on_time = sum(x.on_time for x in a.responses.values())
        ability = [f"预期行动{len(sc.expectations())}项，完成{len(a.responses)}项"
                   + ("" if sc.type == "tabletop" else f"，其中按时{on_time}项") + "。"] + checks
        sections.append(Section("参演人员处置能力", ability))
        mats = len(r.fold.times.get("materials", []))
        equip = ([f"应急物资送达{mats}次。"] if mats else ["本次演练未实际调用应急物资。"]) + _entered(a, "equipment")
        sections.append(Section("设备装备适用性", equip))
        sections.append(Section("存在问题与改进建议", _problems(r, a) + (["改进计划："] + _improvement_plan(r)
                                                                   if r.fold.improvements else [])))
        if cost:
            sections.append(Section("成本效益", cost))
        sections.append(Section("附件", _attachments(r, kind)))
        unit, recipients = "演练评估组", "演练领导小组"
    else:
        sections.append(Section("演练基本概要", [
            f"演练名称：{sc.title}", f"演练类型：{sc.type_title}", f"时间：{when}", f"地点：{sc.location or '—'}",
            f"检验预案：{plan.title}", "演练目的：", *purpose]
            + ([f"演练方案概要：{sc.description}"] if sc.description else [])))
        sections.append(Section("参演单位和参演人员", people))
        sections.append(Section("演练执行情况", _execution(r, a, detail=False) + ["关键时间节点："] + heads
                                + (["预案时限执行情况："] + deadlines if deadlines else [])))
        sections.append(Section("目标实现情况", _objectives(r, a, detail=False)))
        sections.append(Section("发现的问题与原因", _problems(r, a)))
        lessons = _entered(a, "lesson") + [f"{h['actor']}（现场点评）：{h['text']}" for h in r.fold.hotwash]
        strengths = [f.text for f in a.of_kind("strength")]
        sections.append(Section("经验教训", (["做得好的方面：", *strengths] if strengths else [])
                                + (["教训与体会：", *lessons] if lessons else [])
                                or ["未记录经验教训。"]))
        sugg = _improvement_plan(r) or [f"针对「{f.text}」，{f.cause}，建议修订相应流程并组织专项培训。"
                                        if f.cause else f.text for f in a.of_kind("improvement")]
        sections.append(Section("改进工作的建议", sugg or ["无。"]))
        if cost:
            sections.append(Section("成本效益", cost))
        sections.append(Section("附件", _attachments(r, kind)))
        unit = sc.participants[0] if sc.participants else "演练组织单位"
        recipients = "演练领导小组及各参演单位"
    year = r.end.astimezone(CHINA_TZ).year
    return OfficialDocument(header="应急演练文件", doc_no=f"演练〔{year}〕{'1' if kind == 'evaluation' else '2'}号",
                            issuer="", title=f"{sc.title}{'评估报告' if kind == 'evaluation' else '总结报告'}",
                            recipients=recipients, sections=sections, unit=unit, date=r.end,
                            copy_line="（演练文件，非真实事件）", drill=True)


def write_drill_document(r: RunReview, kind: str, path: str | Path, *, signer: Signer | None = None,
                         clock: Clock | None = None) -> Path:
    """Write the 演练评估报告 or 演练总结报告 as DOCX or PDF (by the file's extension)."""
    from console.documents.anchor import stamp
    from console.documents.docx_export import write_docx as official_docx
    from console.documents.pdf_export import write_pdf as official_pdf

    p = Path(path)
    ext = p.suffix.lower()
    if ext not in (".docx", ".pdf"):
        raise ReportError(f"不支持的报告格式「{p.suffix or '（无扩展名）'}」：请使用 .docx 或 .pdf")
    doc = stamp(drill_document(r, kind), r.db, clock if clock is not None else SystemClock(), signer)
    try:
        return official_docx(doc, p) if ext == ".docx" else official_pdf(doc, p)
    except OSError as exc:
        raise ReportError(f"无法写入报告文件 {p}：{exc.strerror or exc}") from None


def write_review_document(r: RunReview, path: str | Path, *, signer: Signer | None = None,
                          clock: Clock | None = None) -> Path:
    """The review's export: a drill run's 演练总结报告 (domain words only, no internal ids), or a
    real incident's 总结报告 (:func:`write_report`)."""
    if r.scenario is not None:
        return write_drill_document(r, "summary", path, signer=signer, clock=clock)
    return write_report(r, path, signer=signer, clock=clock)

