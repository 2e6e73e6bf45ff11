"""``plan diff`` for reporting chains and event-driven reports: each hop by its id —
「［事件处置］初报 市市场监管局→市人民政府（公文） 时限 2小时 → 1小时」, hops added or removed,
a hop's recipient, reporter, channel, anchor, basis and miss alert; ``on_change`` in words."""

from __future__ import annotations

from typing import Any, Protocol

from console.plan.chains import CHANNELS, Hop, describe_on_change, hop_title, limit_text
from console.plan.model import Effect, Plan


class Differ(Protocol):
    """What this module asks of console.plan.diff's comparison."""

    old: Plan
    new: Plan

    def add(self, area: str, key: str, kind: str, title: str, old_text: str | None = None,
            new_text: str | None = None, old_path: list[Any] | None = None,
            new_path: list[Any] | None = None) -> None: ...

    def changed(self, area: str, key: str, what: str, old: Any, new: Any, path_o: list[Any],
                path_n: list[Any] | None = None) -> None: ...


def within_text(plan: Plan, h: Hop) -> str:
    return limit_text(plan, h.within, "entry")


def diff_report(d: Differ, key: str, place: str, e: Effect, f: Effect, po: list[Any], pn: list[Any]) -> None:
    """Compare the ``chain`` and ``on_change`` of two report effects (the keys they handle)."""
    o, n = d.old, d.new
    title_o = e.params.get("title") or o.report_kinds[e.params["kind"]]["title"]
    title_n = f.params.get("title") or n.report_kinds[f.params["kind"]]["title"]
    oh = {h.id: h for h in e.chain}
    nh = {h.id: h for h in f.chain}
    for hid, h in oh.items():
        hpo = po + ["chain", h.index]
        if hid not in nh:
            t = hop_title(title_o, h)
            d.add("reports", f"{key}:hop:{hid}", "removed", f"{place}删去报送环节 {t}", t, None, hpo)
            continue
        g = nh[hid]
        hpn = pn + ["chain", g.index]
        name = f"{place}{hop_title(title_n, g)} "
        ow, nw = within_text(o, h), within_text(n, g)
        if ow.removesuffix("内") != nw.removesuffix("内"):
            d.add("deadlines", f"{key}:hop:{hid}:within", "changed",
                  f"{name}时限 {ow.removesuffix('内')} → {nw.removesuffix('内')}", ow, nw, hpo + ["within"],
                  hpn + ["within"])
        oa, na = limit_text(o, h.within, h.anchor, e.chain), limit_text(n, g.within, g.anchor, f.chain)
        if h.anchor != g.anchor:
            d.add("deadlines", f"{key}:hop:{hid}:from", "changed", f"{name}时限起算 {oa} → {na}", oa, na, hpo, hpn)
        d.changed("reports", f"{key}:hop:{hid}:to", f"{name}报送对象", h.to, g.to, hpo, hpn)
        d.changed("reports", f"{key}:hop:{hid}:by", f"{name}报送单位", h.by, g.by, hpo, hpn)
        d.changed("reports", f"{key}:hop:{hid}:channel", f"{name}渠道",
                  CHANNELS.get(h.channel or "", None), CHANNELS.get(g.channel or "", None), hpo, hpn)
        d.changed("reports", f"{key}:hop:{hid}:basis", f"{name}依据", h.basis, g.basis, hpo, hpn)
        d.changed("deadlines", f"{key}:hop:{hid}:on_miss", f"{name}逾期提醒",
                  h.on_miss.alert if h.on_miss else None, g.on_miss.alert if g.on_miss else None, hpo, hpn)
        if h.index != g.index:
            d.changed("reports", f"{key}:hop:{hid}:order", f"{name}次序", f"第{h.index + 1}环", f"第{g.index + 1}环",
                      hpo, hpn)
    for hid, g in nh.items():
        if hid not in oh:
            t = hop_title(title_n, g)
            text = f"{t}（{limit_text(n, g.within, g.anchor, f.chain)}）"
            d.add("reports", f"{key}:hop:{hid}", "added", f"{place}增加报送环节 {text}", None, text, None,
                  pn + ["chain", g.index])
    oc = describe_on_change(o, e.on_change) if e.on_change is not None else None
    nc = describe_on_change(n, f.on_change) if f.on_change is not None else None
    d.changed("deadlines", f"{key}:on_change", f"{place}{title_n} 变化时报送", oc, nc, po, pn)
