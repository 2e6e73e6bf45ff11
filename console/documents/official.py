"""The content of an exported document, independent of the format (DOCX or PDF).

Layout follows the usual 公文 order (GB/T 9704): 份号/密级 omitted; 文号 and 签发人 under the
header; 标题; 主送单位; numbered body sections (一、二、…); the issuing unit and date; a
copy line. A drill's documents carry 演练 in the header and the title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.clock import CHINA_TZ
from console.reports.forms import SECTIONS, display, form_for, parse_time
from console.timeline.wording import OUTCOMES, QUESTIONS

NUMERALS = (*"一二三四五六七八九十", *(f"十{d}" for d in "一二三四五六七八九"), "二十")  # section numbers 一 … 二十


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass
class OfficialDocument:
    header: str  # 红头 line, e.g. 食品安全突发事件信息报告
    doc_no: str
    issuer: str
    title: str
    recipients: str
    sections: list[Section]
    unit: str
    date: datetime
    copy_line: str = ""
    drill: bool = False
    footer: str = ""
    anchor: str = ""  # the event log's checkpoint when it was exported (console.documents.anchor)

    def date_text(self) -> str:
        d = self.date.astimezone(CHINA_TZ)
        return f"{d.year}年{d.month}月{d.day}日"

    def plain_text(self) -> str:
        """Every word of the document, in reading order (tests and previews)."""
        out = [self.header, self.doc_no, f"签发人：{self.issuer}", self.title, f"{self.recipients}："]
        for i, s in enumerate(self.sections):
            out.append(f"{NUMERALS[i]}、{s.heading}")
            out.extend(s.lines)
        out += [self.unit, self.date_text(), self.copy_line, self.anchor]
        return "\n".join(x for x in out if x)


def report_document(report: Any, plan: Any, *, drill: bool = False) -> OfficialDocument:
    """A submitted (or draft) report as an official document."""
    form = form_for(plan, report.kind)
    names = {lv.id: plan.level_name(lv.id) for lv in plan.levels}
    values = report.fields
    sections: list[Section] = []
    for name in SECTIONS:
        lines = []
        for spec in form.fields:
            if spec.header and spec.key not in ("reporter", "phone"):
                continue
            if spec.section != name:
                continue
            v = values.get(spec.key)
            if v in (None, "") and not spec.required:
                continue
            text = display(spec, v, names)
            if spec.type == "longtext":
                lines.append(f"{spec.label}：")
                lines.extend(x for x in text.splitlines() if x.strip())
            else:
                lines.append(f"{spec.label}：{text}")
        if lines:
            sections.append(Section(name, lines))
    status = "" if report.status == "submitted" else "（草稿）"
    version = f"（更正版，更正 {report.supersedes}）" if report.version > 1 else ""
    title = f"关于{values.get('title') or '食品药品安全突发事件'}的{report.display_title}{status}"
    if report.submitted_at is not None:
        when = report.submitted_at
    elif values.get("reported_at"):
        when = parse_time(values["reported_at"])
    else:
        when = report.created_at
    header = "药品安全突发事件信息报告" if plan.domain == "drug" else "食品安全突发事件信息报告"
    copy = f"报告编号：{report.id}{version}"
    if report.content_hash:
        copy += f"　内容摘要（SHA-256）：{report.content_hash[:16]}…"
    approval = [f"{k}：{v}" for k, v in (("拟稿", report.created_by), ("审核", getattr(report, "reviewed_by", None)),
                                         ("签发", getattr(report, "signed_by", None))) if v]
    if getattr(report, "reviewed_by", None):  # 拟稿、审核、签发 at the foot, as 信息专报 carry them
        copy = "　".join(approval) + "\n" + copy
    return OfficialDocument(
        header=("【演练】" if drill else "") + header, doc_no=values.get("doc_no") or "",
        issuer=values.get("issuer") or "—", title=("【演练】" if drill else "") + title,
        recipients=values.get("recipients") or "—", sections=sections,
        unit=values.get("reporting_unit") or plan.jurisdiction_name, date=when, copy_line=copy, drill=drill)


def minutes_document(c: Any, plan: Any, *, drill: bool = False) -> OfficialDocument:
    """The minutes of a consultation (专家会商纪要)."""
    tz = CHINA_TZ
    lv = plan.level_name
    basic = Section("会商基本情况", [
        f"会商事项：{c.title}（{QUESTIONS.get(c.question, c.question)}）",
        f"事件编号：{c.incident_id}",
        f"发起时间：{c.opened_at.astimezone(tz):%Y年%m月%d日 %H时%M分}，发起人：{c.opened_by}",
        f"所需专业：{'、'.join(c.specialties) or '不限'}；法定人数：{c.quorum} 人；"
        f"实到（提交意见）：{len(c.opinions)} 人",
    ])
    given = {o.expert.code for o in c.opinions}
    people = Section("参会专家", [
        f"{e.name}（{e.organisation}{('，' + e.title) if e.title else ''}；{'、'.join(e.specialties)}）"
        + ("——会商组长" if c.chair and e.code == c.chair.code else "")
        + ("（未提交意见）" if e.code not in given else "")
        for e in c.invited])
    dissent = c.dissenters()
    apart = {o.expert.code for o in dissent}

    def opinion_lines(i: int, o: Any) -> list[str]:
        level = f"，建议级别：{lv(o.level)}" if o.level else ""
        out = [f"{i}. {o.expert.name}（{o.at.astimezone(tz):%m月%d日 %H:%M}）："
               f"{OUTCOMES.get(o.recommend, o.recommend)}{level}。{o.text}"]
        if o.dissent:
            out.append(f"   保留意见：{o.dissent}")
        return out

    ops = Section("专家意见", [])
    for i, o in enumerate([o for o in c.opinions if o.expert.code not in apart], 1):
        ops.lines += opinion_lines(i, o)
    if not ops.lines:
        ops.lines.append("无（全部意见见「不同意见」）" if dissent else "尚无专家提交意见。")
    differ = Section("不同意见", [])
    for i, o in enumerate(dissent, 1):
        differ.lines += opinion_lines(i, o)
    if not differ.lines:
        differ.lines.append("无。")
    concl_lines = []
    if c.status == "concluded":
        concl_lines.append(f"结论：{OUTCOMES.get(c.outcome, c.outcome)}"
                           + (f"，建议级别：{lv(c.level)}" if c.level else ""))
        concl_lines += [x for x in (c.summary or "").splitlines() if x.strip()]
        concl_lines.append("不同意见：" + ("；".join(f"{o.expert.name}（{o.dissent or OUTCOMES.get(o.recommend)}）"
                                                  for o in dissent) if dissent else "无"))
        if dissent:
            concl_lines.append(f"本结论签发时有 {len(dissent)} 位专家持不同意见，已在「不同意见」一节如实记录。")
    else:
        concl_lines.append("会商尚未形成结论。")
    conclusion = Section("会商结论", concl_lines)
    date = c.concluded_at or c.opened_at
    return OfficialDocument(
        header=("【演练】" if drill else "") + "专家会商纪要", doc_no=f"会商编号：{c.id}",
        issuer=c.chair.name if c.chair else "—",
        title=("【演练】" if drill else "") + f"关于「{c.title}」的专家会商纪要",
        recipients=f"{plan.jurisdiction_name}食品药品安全应急指挥部", sections=[basic, people, ops, differ, conclusion],
        unit=plan.units.get("experts", {}).get("lead") or "专家组", date=date,
        copy_line=f"会商组长签字：{c.chair.name if c.chair else '（未签发）'}", drill=drill)
