"""An incident's reporting chains (报告链) as people read them: each hop 由谁→报谁、渠道, and its
countdown, 「立即」, 「已报送 09:20」 or 「待「…」报送后起算」. One reading for the command line
(``incident chain``), the window's chain view and anyone else who shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from console.clock import CHINA_TZ
from console.plan.chain_engine import chains_of
from console.plan.chains import CHANNELS
from console.plan.engine import IncidentState
from console.plan.model import Plan


@dataclass(frozen=True)
class HopRow:
    """One hop of a chain, as of ``now``."""

    report: str  # the chain's id (R3): what forward_report names
    hop: str  # the hop's id in the plan
    route: str  # 事发单位→县级市场监管部门 (or 报省人民政府)
    channel: str  # 电话 … or ""
    status: str  # open | met | late | missed | deferred | cancelled | unfinished
    text: str  # the status in words (倒计时、立即、已报送 …)
    due_at: datetime | None
    forwarded_at: datetime | None
    immediate: bool
    can_forward: bool  # a 报送 button: open, or missed and not yet reported
    # what was noted with the 报送 (「报告已通过本系统报送」), and how the time is measured when the plan's
    # anchor was not available (发现时间未填写 …)
    note: str = ""


@dataclass(frozen=True)
class ChainView:
    report: str
    title: str  # 初报
    hops: tuple[HopRow, ...]


def span(td: timedelta) -> str:
    """「1小时20分钟」, 「5分钟」 (whole minutes)."""
    minutes = int(abs(td.total_seconds()) // 60)
    h, m = divmod(minutes, 60)
    return (f"{h}小时" if h else "") + (f"{m}分钟" if m or not h else "")


def clock(t: datetime) -> str:
    return t.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")


def _row(r: dict[str, Any], now: datetime, closed: bool) -> HopRow:
    by, to = r.get("by"), r.get("to") or r.get("ref", {}).get("to")
    if r.get("deferred"):
        by = r.get("ref", {}).get("by")
        ch = r.get("ref", {}).get("channel")
    else:
        ch = r.get("channel")
    route = f"{by}→{to}" if by else f"报{to}"
    channel = CHANNELS.get(str(ch), "") if ch else ""
    fwd = r.get("forwarded_at")
    immediate = bool(r.get("immediate"))
    if r.get("deferred"):
        return HopRow(r["report"], r["hop"], route, channel, "deferred", f"待{r['waits_for']}后起算", None, None,
                      False, False)
    due = r["due_at"]
    status = r["status"]
    if fwd is not None:
        late = status == "missed" or (not immediate and fwd > due)
        used = CHANNELS.get(str(r.get("forward_channel")), "") if r.get("forward_channel") else ""
        text = f"已报送 {clock(fwd)}" + (f"（{used}）" if used and used != channel else "") + ("，迟报" if late else "")
        if r.get("doc_no"):  # the 文号 recorded with the 报送
            text += f"，文号 {r['doc_no']}"
        said = "；".join(x for x in (r.get("forward_note") or "", r.get("anchor_note") or "") if x)
        return HopRow(r["report"], r["hop"], route, channel, "late" if late else "met", text, due, fwd, immediate,
                      False, said)
    if status == "cancelled":
        text, can = "已取消", False
    elif status == "unfinished":
        text, can = "结案时未报送", False
    elif immediate:
        text, can = "立即", not closed
    elif due >= now and status == "open":
        text, can = f"剩余 {span(due - now)}", not closed
    else:
        text, can = f"已超时 {span(now - due)}", not closed
    return HopRow(r["report"], r["hop"], route, channel, status, text, due, None, immediate, can,
                  r.get("anchor_note") or "")


def report_chains(plan: Plan, state: IncidentState, now: datetime) -> list[ChainView]:
    """Every reporting chain of the incident, hops in plan order."""
    out = []
    for rid, rows in chains_of(state).items():
        first = rows[0]
        title = first.get("report_title") or first.get("ref", {}).get("report_title") \
            or plan.report_kinds.get(str(first.get("report_kind") or first.get("ref", {}).get("report_kind")),
                                     {}).get("title", "报告")
        out.append(ChainView(rid, str(title), tuple(_row(r, now, state.closed) for r in rows)))
    return out


def deferred_items(state: IncidentState, *, hops: bool = True) -> list[tuple[str, str]]:
    """Deadlines waiting for their anchor: (title, 「待…后起算」); a report due on each change:
    (title, 「…变化时报送」). ``hops=False`` leaves out the hops of chains (shown with their chain)."""
    return [(x["title"], f"待{x['waits_for']}后起算" if x["what"] != "on_change" else f"{x['waits_for']}报送")
            for x in state.deferred if hops or not x.get("report")]
