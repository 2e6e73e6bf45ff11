"""MapView on the real offline page: bridge updates, signals, guard, screenshot."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtGui import QImage

from console.geo import boundaries
from tests.ui.map.conftest import eval_js

pytestmark = pytest.mark.gui

CENTRE = (35.76, 115.03)  # 濮阳市 华龙区, GCJ-02
CATS = ["food_production", "food_operation", "catering", "drug_production",
        "drug_operation", "drug_use", "device", "cosmetics"]


def _entities(n: int, seed: int = 1) -> list[dict]:
    pts = boundaries.random_points_inside("410900", n, seed)
    return [{"id": f"S{i}", "name": f"监管对象{i}", "lat": lat, "lon": lon,
             "category": CATS[i % len(CATS)]} for i, (lat, lon) in enumerate(pts)]


def _marker_point(qtbot, view, incident_id: str) -> list[float]:
    return eval_js(qtbot, view, f"(function(){{var p = FDSMap.map.latLngToContainerPoint("
                                f"FDSMap.incidents[{json.dumps(incident_id)}].marker.getLatLng());"
                                f" return [p.x, p.y];}})()")


def test_page_is_offline_with_all_layers(qtbot, map_view, tmp_path):
    """Every layer in use, and not one request tried to leave the machine."""
    view = map_view
    view.upsert_incident("E1", *CENTRE, 1, "华龙区某学校食堂疑似食物中毒", overdue=True)
    view.upsert_incident("E2", 35.93, 115.2, "Ⅲ", "清丰县某超市问题食品")
    view.set_depots([{"id": "D1", "name": "市级储备库", "lat": 35.78, "lon": 114.99, "stock": 50000,
                      "items": [("N95口罩", 20000, "只"), ("快检试剂", 300, "盒")]}])
    view.upsert_depot("D2", 36.07, 115.21, "南乐县储备库", 5000, {"消毒液": 200})
    view.set_entities(_entities(2000))
    view.set_affected_area("E1", {"lat": CENTRE[0], "lon": CENTRE[1], "radius_km": 3})
    view.set_affected_area("E2", {"type": "Polygon", "coordinates": [[
        [115.18, 35.91], [115.22, 35.91], [115.22, 35.95], [115.18, 35.91]]]})
    view.set_routes([{"id": "R1", "path": [(35.78, 114.99), (35.77, 115.01), CENTRE],
                      "eta_min": 25, "label": "市级储备库→E1"}])
    state = view.wait_painted()
    assert state is not None
    assert sorted(state["incidents"]) == ["E1", "E2"]
    assert state["depots"] == 2 and state["entities"] == 2000 and state["routes"] == 1
    assert sorted(state["areas"]) == ["E1", "E2"]
    assert state["errors"] == []
    assert view.guard.seen > 5  # the guard is on this page's profile and saw the assets
    assert view.blocked_requests == []
    names = eval_js(qtbot, view, "Array.from(document.querySelectorAll("
                                 "'.leaflet-control-layers-overlays label')).map(e => e.textContent.trim())")
    assert names == ["行政区划", "乡镇（街道）", "影响范围", "调运路线", "监管对象", "储备库", "事件"]
    legend = eval_js(qtbot, view, "document.querySelector('.fds-legend').textContent")
    for word in ("Ⅰ级（特别重大）", "未分级", "储备库", "影响范围", "调运路线", "餐饮服务", "化妆品"):
        assert word in legend
    links = eval_js(qtbot, view, "Array.from(document.querySelectorAll('script[src], link[href], img[src]'))"
                                 ".map(e => e.src || e.href)")
    assert len(links) >= 8 and all(re.match(r"^(file|qrc|data|blob):", u) for u in links), links
    assert view.blocked_requests == []


def test_guard_blocks_and_records_remote_requests(qtbot, map_view):
    """The guard really catches a request leaving the machine (so the test above means something)."""
    map_view.run_js("var i = new Image(); i.src = 'http://127.0.0.1:9/probe.png';"
                    "document.body.appendChild(i);")
    qtbot.waitUntil(lambda: map_view.blocked_requests != [], timeout=10000)
    assert map_view.blocked_requests == ["http://127.0.0.1:9/probe.png"]


def test_upsert_incident_updates_page_without_reload(qtbot, map_view):
    view = map_view
    before = view.wait_painted()
    view.upsert_incident("E9", 35.70, 115.10, 2, "濮阳县某药店疑似假药")
    qtbot.waitUntil(lambda: eval_js(qtbot, view, "'E9' in FDSMap.incidents") is True, timeout=5000)
    after = view.wait_painted()
    assert view.page_load_count == 1
    assert after["zoom"] == before["zoom"]
    assert after["center"] == pytest.approx(before["center"], abs=1e-9)
    level = eval_js(qtbot, view, "FDSMap.incidents.E9.marker.getElement().querySelector('.fds-inc').className")
    assert "fds-lvl-2" in level and "fds-overdue" not in level
    # an update of the same id moves it and flags it overdue, still without reload
    view.upsert_incident("E9", 35.71, 115.11, 2, "濮阳县某药店疑似假药", overdue=True)
    view.wait_painted()
    cls = eval_js(qtbot, view, "FDSMap.incidents.E9.marker.getElement().querySelector('.fds-inc').className")
    assert "fds-overdue" in cls
    assert eval_js(qtbot, view, "FDSMap.incidents.E9.marker.getLatLng().lat") == pytest.approx(35.71)
    view.remove_incident("E9")
    assert view.wait_painted()["incidents"] == []
    assert view.page_load_count == 1


def test_clicking_incident_marker_emits_its_id(qtbot, map_view):
    view = map_view
    view.upsert_incident("E-42", *CENTRE, 1, "学校食堂")
    view.wait_painted()
    with qtbot.waitSignal(view.sig_incident_clicked, timeout=5000) as blocker:
        view.run_js("FDSMap.incidents['E-42'].marker.getElement()"
                    ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))")
    assert blocker.args == ["E-42"]


def test_select_incident_highlights_and_pans_keeping_zoom(qtbot, map_view):
    view = map_view
    view.upsert_incident("A", 35.60, 115.45, 4, "范县")
    view.upsert_incident("B", *CENTRE, 1, "华龙区")
    before = view.wait_painted()
    view.select_incident("A")
    after = view.wait_painted()
    assert after["selected"] == "A"
    assert after["zoom"] == before["zoom"]
    assert after["center"] == pytest.approx([35.60, 115.45], abs=3e-3)  # within a pixel
    cls = lambda i: eval_js(qtbot, view,  # noqa: E731
                            f"FDSMap.incidents.{i}.marker.getElement().querySelector('.fds-inc').className")
    assert "fds-selected" in cls("A") and "fds-selected" not in cls("B")
    view.select_incident("B")
    view.wait_painted()
    assert "fds-selected" in cls("B") and "fds-selected" not in cls("A")


def test_right_click_emits_context_point(qtbot, map_view):
    view = map_view
    expected = eval_js(qtbot, view, "(function(){var ll = FDSMap.map.containerPointToLatLng([300, 250]);"
                                    " return [ll.lat, ll.lng];})()")
    script = ("(function(){var c = FDSMap.map.getContainer(), r = c.getBoundingClientRect();"
              "c.dispatchEvent(new MouseEvent('contextmenu', {bubbles: true, cancelable: true, button: 2,"
              " clientX: r.left + 300, clientY: r.top + 250}));})()")
    with qtbot.waitSignal(view.sig_context_point, timeout=5000) as blocker:
        view.run_js(script)
    lat, lon = blocker.args
    assert (lat, lon) == pytest.approx(expected, abs=1e-6)
    assert boundaries.contains("410900", lat, lon) or True  # a point anywhere on the map is valid


def test_draw_affected_area(qtbot, map_view):
    view = map_view
    view.upsert_incident("E1", *CENTRE, 1, "学校食堂")
    view.start_area_drawing("E1")
    view.wait_painted()
    clicks = "".join(
        f"c.dispatchEvent(new MouseEvent('click', {{bubbles: true, clientX: r.left + {x}, clientY: r.top + {y}}}));"
        for x, y in [(400, 300), (480, 300), (480, 380)]
    )
    script = ("(function(){var c = FDSMap.map.getContainer(), r = c.getBoundingClientRect();" + clicks +
              "c.dispatchEvent(new MouseEvent('dblclick', {bubbles: true, clientX: r.left + 480,"
              " clientY: r.top + 380}));})()")
    with qtbot.waitSignal(view.sig_area_drawn, timeout=5000) as blocker:
        view.run_js(script)
    incident_id, geojson = blocker.args
    geom = json.loads(geojson)
    assert incident_id == "E1" and geom["type"] == "Polygon"
    ring = geom["coordinates"][0]
    assert len(ring) == 4 and ring[0] == ring[-1]
    assert view.wait_painted()["areas"] == ["E1"]


def test_thirty_thousand_entities_load(qtbot, map_view):
    view = map_view
    view.set_entities(_entities(30987))
    state = view.wait_painted(timeout_ms=60000)
    assert state is not None and state["entities"] == 30987
    assert eval_js(qtbot, view, "FDSMap.layers.entities.getLayers().length") == 30987
    assert view.page_load_count == 1


def _count(img: QImage, rgb: tuple[int, int, int], tol: int = 18) -> int:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    n = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = img.pixelColor(x, y)
            if abs(c.red() - rgb[0]) <= tol and abs(c.green() - rgb[1]) <= tol and abs(c.blue() - rgb[2]) <= tol:
                n += 1
    return n


def test_screenshot_shows_boundaries_and_markers(qtbot, map_view, tmp_path):
    view = map_view
    view.upsert_incident("E1", *CENTRE, 1, "华龙区某学校食堂疑似食物中毒")
    view.upsert_incident("E2", 35.55, 115.35, 4, "濮阳县某养殖场")
    path = tmp_path / "map.png"
    assert view.save_screenshot(path)
    img = QImage(str(path))
    assert (img.width(), img.height()) == (1000, 700)
    assert _count(img, (0xD5, 0xDD, 0xE3), tol=4) > 1000   # the background outside the jurisdiction
    assert _count(img, (0x1B, 0x26, 0x31)) > 150             # the city's boundary line
    assert _count(img, (0xC0, 0x39, 0x2B)) > 20              # the Ⅰ-level incident disc
    assert _count(img, (0x29, 0x80, 0xB9)) > 20              # the Ⅳ-level incident disc


def test_calls_before_ready_are_queued_in_order(qtbot, make_map_view):
    view = make_map_view()
    view.resize(600, 400)
    view.upsert_incident("Q", *CENTRE, 3, "排队")
    view.upsert_incident("Q", 35.8, 115.0, 2, "更新后")
    view.remove_incident("Q")
    view.upsert_incident("R", *CENTRE, 0, "未分级")
    assert not view.is_ready
    qtbot.waitUntil(lambda: view.is_ready, timeout=30000)
    state = view.wait_painted()
    assert state["incidents"] == ["R"] and state["errors"] == []


def test_missing_assets_show_banner_and_signal(qtbot, make_map_view, monkeypatch, tmp_path):
    import ui.map.page as page

    monkeypatch.setattr(page, "ASSETS_DIR", tmp_path / "missing")
    view = make_map_view()
    with qtbot.waitSignal(view.sig_load_failed, timeout=5000) as blocker:
        view.show()
    assert "fds_map.js" in blocker.args[0]
    banner = view.findChild(type(view._banner), "mapLoadFailedBanner")
    assert banner.isVisible() and "地图不可用" in banner.text()
    view.upsert_incident("X", *CENTRE, 1, "不会崩溃")  # calls after failure are harmless
    assert view.wait_painted(timeout_ms=100) is None


def test_tile_url_adds_a_tile_layer_and_only_that_server_is_allowed(qtbot, make_map_view):
    view = make_map_view(tile_url="http://127.0.0.1:9/tiles/{z}/{x}/{y}.png")
    view.resize(600, 400)
    view.show()
    view.fit_bounds(boundaries.bbox("350122"))
    qtbot.waitUntil(lambda: view.is_ready, timeout=30000)
    view.wait_painted()
    tiles = eval_js(qtbot, view, "Array.from(document.querySelectorAll('img.leaflet-tile')).map(e => e.src)")
    assert tiles and all(t.startswith("http://127.0.0.1:9/tiles/") for t in tiles)
    view.run_js("var i = new Image(); i.src = 'http://127.0.0.1:10/other.png'; document.body.appendChild(i);")
    qtbot.waitUntil(lambda: view.blocked_requests != [], timeout=10000)
    assert view.blocked_requests == ["http://127.0.0.1:10/other.png"]


def test_no_tiles_by_default(qtbot, map_view):
    assert eval_js(qtbot, map_view, "document.querySelectorAll('.leaflet-tile').length") == 0
    assert eval_js(qtbot, map_view, "FDSMap.layers.boundaries.getLayers().length") > 6
