"""Every allocated route is drawn on the real offline map page, from depot to site, labelled with the
request number, the depot, each item with quantity and unit, and the ETA (read from the page's data)."""

from __future__ import annotations

import pytest

from tests.ui.map.conftest import eval_js, make_map_view, map_view  # noqa: F401  (the real map page)
from tests.ui.reserves.test_panel import setup  # noqa: F401  (濮阳 demo reserves, an incident responding)
from ui.reserves import ReservesPanel

pytestmark = pytest.mark.gui


def test_every_allocated_route_is_drawn_and_labelled(qtbot, setup, map_view) -> None:  # noqa: F811
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    console, iid = setup
    reqs = console.requests
    mine = reqs.create([("XS-002", 6), ("FH-001", 150), ("KJ-006", 2)], title="现场追加物资", actor="现场指挥",
                       incident_id=iid)
    panel = ReservesPanel(console)
    qtbot.addWidget(panel)
    panel.confirm = lambda title, text: True
    panel.routes_changed.connect(map_view.set_routes)
    panel.set_incident(iid)
    for rid in [r.id for r in reqs.list(incident_id=iid)]:
        reqs.approve(rid, actor="值班员张三", role="duty_officer")
    console_routes = reqs.routes(incident_id=iid)
    panel.set_incident(iid)  # what the window does when the incident is selected
    qtbot.waitUntil(lambda: eval_js(qtbot, map_view, "FDSMap.routes.length") == len(console_routes), timeout=10000)
    drawn = eval_js(qtbot, map_view, "FDSMap.routes.map(function (r) { return [r.id, r.text, r.path.length]; })")
    assert len({d for r in console_routes for d in [r["request"]]}) == 2  # the plan's request and mine
    by_id = {i: (text, n) for i, text, n in drawn}
    for r in console_routes:
        text, n = by_id[r["id"]]
        assert n >= 2
        assert text.startswith(f"{r['request']} {r['depot']} → 范县城关镇 · 预计 ")
        for it in r["items"]:
            assert f"{it['name']} {it['qty']} {it['unit']}" in text
        assert "预计" in text and "分钟" in text
    mine_routes = [r for r in console_routes if r["request"] == mine.id]
    assert mine_routes and sum(it["qty"] for r in mine_routes for it in r["items"]) == 158
    assert eval_js(qtbot, map_view, "FDSMap.state().errors") == []
