"""The reporting chain in the reports panel (报告链，逐级报送), offscreen on a real database: each hop
由谁→报谁、渠道 and its countdown, 「立即」 or 「待…后起算」; pressing 报送 on a hop records it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from console.plan.chain_engine import chains_of
from console.timeline.model import build_timeline
from tests.records_fixtures import *  # noqa: F401,F403  (shared real-database fixtures)
from ui.incidents.panels import DeadlineList
from ui.reports import ReportsPanel

CHAINS = Path(__file__).resolve().parents[1] / "plan" / "fixtures" / "food-chains.yaml"


def _open(incidents, clock) -> str:  # noqa: ANN001
    r = incidents.open(CHAINS, title="幼儿园午餐后多名幼儿腹痛", actor="值班员甲", role="duty_officer",
                       facts={"cases": 8, "discovered_at": "2026-11-22T08:30:00+08:00"}, place="清丰县")
    clock.advance(timedelta(minutes=10))
    return r.incident_id


def test_pressing_report_on_a_hop_records_it(qtbot, console, incidents, clock) -> None:  # noqa: ANN001
    iid = _open(incidents, clock)
    p = ReportsPanel(console, actor="值班员甲", role="duty_officer")
    qtbot.addWidget(p)
    p.set_incident(iid)
    view = p.chain_view
    assert not view.isHidden() and not p.chain_title.isHidden()
    chain = view.tree.topLevelItem(0)
    assert chain.text(0) == "初报" and chain.childCount() == 4
    first, second = chain.child(0), chain.child(1)
    assert (first.text(0), first.text(1)) == ("事发单位→县级市场监管部门", "电话")
    assert first.text(2) == "剩余 1小时20分钟"  # 发现时间 08:30 + 2 小时, now 09:10
    assert second.text(2) == "待「事发单位→县级市场监管部门」报送后起算"
    assert set(view.buttons) == {("R1", "unit")}  # only the hop whose time runs can be reported

    view.ask_doc_no = lambda route: ""  # type: ignore[method-assign]  # a phone call: no 文号
    with qtbot.waitSignal(p.sig_changed):
        view.buttons[("R1", "unit")].click()
    state = incidents.state(iid)
    assert state.deadlines["R1.unit"]["status"] == "met"
    assert state.deadlines["R1.unit"]["forwarded_by"] == "值班员甲"
    chain = view.tree.topLevelItem(0)
    assert chain.child(0).text(2) == "已报送 11-22 09:10"
    assert chain.child(1).text(2) == "剩余 2小时" and ("R1", "county") in view.buttons
    assert view.message.text() == "已报送：事发单位→县级市场监管部门"

    view.ask_doc_no = lambda route: "清市监〔2026〕3号"  # type: ignore[method-assign]
    clock.advance(timedelta(minutes=5))
    view.buttons[("R1", "county")].click()
    chain = view.tree.topLevelItem(0)
    assert chain.child(2).text(2) == "立即" and chain.child(3).text(2).startswith("剩余 2小时")
    assert incidents.state(iid).deadlines["R1.county"]["doc_no"] == "清市监〔2026〕3号"
    assert chain.child(1).text(2) == "已报送 11-22 09:15，文号 清市监〔2026〕3号"  # the 文号 shown with the hop
    assert [h["hop"] for h in chains_of(incidents.state(iid))["R1"]] == ["unit", "county", "city_phone",
                                                                           "city_written"]
    # the timeline names the hop in words, never by its id
    tl = build_timeline(incidents.plan_for(iid), incidents.timeline(iid), incident_id=iid)
    hops = [i for i in tl.items if i.type == "forward_report"]
    assert [(i.lane, i.title) for i in hops] == [
        ("reports", "逐级报送：初报 事发单位→县级市场监管部门（电话）"),
        ("reports", "逐级报送：初报 县级市场监管部门→市市场监管局（文号 清市监〔2026〕3号）")]


def test_a_cancelled_press_records_nothing_and_a_refusal_is_shown(qtbot, console, incidents, clock) -> None:  # noqa: ANN001
    iid = _open(incidents, clock)
    p = ReportsPanel(console, actor="观察员", role="observer")
    qtbot.addWidget(p)
    p.set_incident(iid)
    view = p.chain_view
    version = incidents.summary(iid).version
    view.ask_doc_no = lambda route: None  # type: ignore[method-assign]
    assert not view.forward("R1", "unit")
    assert incidents.summary(iid).version == version
    view.ask_doc_no = lambda route: ""  # type: ignore[method-assign]
    assert not view.forward("R1", "unit")  # an observer may not report
    assert view.message.text().startswith("已拒绝")
    assert incidents.summary(iid).version == version


def test_incident_deadlines_show_immediate_first_and_deferred_items(qtbot, console, incidents, clock) -> None:  # noqa: ANN001
    iid = _open(incidents, clock)
    w = DeadlineList()
    qtbot.addWidget(w)
    w.fill(incidents.state(iid), clock.now())
    first = w.topLevelItem(0)
    assert first.text(0) == "立即" and "立即报告带班领导" in first.text(1)
    texts = [w.topLevelItem(i).text(1) for i in range(w.topLevelItemCount())]
    assert "初报 县级市场监管部门→市市场监管局（待「事发单位→县级市场监管部门」报送后起算）" in texts


FORMAT1 = Path(__file__).resolve().parents[1] / "plan" / "fixtures" / "released-2026.1" / "food-municipal-format1.yaml"


def test_a_plan_without_chains_shows_no_chain_view(qtbot, console, incidents) -> None:  # noqa: ANN001
    """A format-1 plan (the municipal plan as released in 2026.1) has no reporting chain to show."""
    r = incidents.open(FORMAT1, title="单位食堂午餐后腹泻", actor="值班员甲", role="duty_officer", facts={"cases": 8})
    p = ReportsPanel(console, actor="值班员甲", role="duty_officer")
    qtbot.addWidget(p)
    p.set_incident(r.incident_id)
    assert p.chain_view.isHidden() and p.chain_title.isHidden()
