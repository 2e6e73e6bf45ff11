"""Map benchmarks: bulk entity paint, and a live incident update through the bridge
against regenerating the folium page and reloading it.

Run: ``python -m bench.bench_map``. ``run()`` returns rows for bench/__main__.py.
"Visible" is measured by a JS round trip that confirms the marker exists in the page.
Headless (offscreen, software rendering); a desktop with a GPU paints faster.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")  # as main.py runs the console
if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses root without it
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

N_ENTITIES = 30_987
CATS = ["food_production", "food_operation", "catering", "drug_production",
        "drug_operation", "drug_use", "device", "cosmetics"]


def _row(name: str, value: float, unit: str, target: str, met: bool | None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def _js_until_true(page: Any, script: str, timeout_s: float = 30.0) -> None:
    """Re-run ``script`` until it returns true: the page-side 'it is there' check."""
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        loop = QEventLoop()
        box: list[Any] = []
        page.runJavaScript(script, 0, lambda v, box=box, loop=loop: (box.append(v), loop.quit()))
        if not box:
            loop.exec()
        if box and box[0] is True:
            return
    raise TimeoutError(script)


def _wait_load(page: Any, timeout_s: float = 30.0) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    ok: list[bool] = []
    page.loadFinished.connect(lambda v: (ok.append(v), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    return bool(ok and ok[0])


def run() -> list[dict[str, Any]]:
    """Measure and return one row per figure."""
    import folium
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    from console.geo import boundaries
    from ui.map import MapView
    from ui.map.guard import NetworkGuard
    from ui.map.page import build_page_html

    app = QApplication.instance() or QApplication([])
    rows: list[dict[str, Any]] = []
    fc = boundaries.jurisdiction("410900")
    bbox = boundaries.bbox("410900")

    view = MapView()
    view.resize(1200, 800)
    view.show()
    view.set_boundaries(fc)
    view.fit_bounds(bbox)
    if view.wait_painted(60000) is None:
        raise RuntimeError(f"map page did not start: {view.load_failed_reason}")

    # 1. 30,987 regulated entities: Python → bridge → chunked clustering → painted.
    pts = boundaries.random_points_inside("410900", N_ENTITIES, seed=2024)
    entities = [{"id": f"S{i}", "name": f"监管对象{i}", "lat": la, "lon": lo, "category": CATS[i % 8]}
                for i, (la, lo) in enumerate(pts)]
    paint = []
    for _ in range(3):
        t0 = time.perf_counter()
        view.set_entities(entities)
        state = view.wait_painted(60000)
        paint.append(time.perf_counter() - t0)
        assert state and state["entities"] == N_ENTITIES
    rows.append(_row(f"paint {N_ENTITIES:,} entities (median of 3)", statistics.median(paint),
                     "s", "≤ 3 s", statistics.median(paint) <= 3.0))

    # 2. One incident update through the bridge, until the page confirms the marker.
    page = view.web_view.page()
    bridge = []
    for i in range(30):
        t0 = time.perf_counter()
        view.upsert_incident(f"B{i}", 35.70 + i * 0.003, 115.05, 1 + i % 4, f"事件{i}")
        _js_until_true(page, f"!!(FDSMap.incidents['B{i}'] && FDSMap.incidents['B{i}'].marker.getElement())")
        bridge.append(time.perf_counter() - t0)
    bridge_ms = statistics.median(bridge) * 1000
    rows.append(_row("incident update visible via bridge (median of 30)", bridge_ms, "ms",
                     "≤ 100 ms", bridge_ms <= 100))
    rows.append(_row("incident update via bridge, p95", sorted(bridge)[int(len(bridge) * 0.95) - 1] * 1000,
                     "ms", "", None))
    assert view.page_load_count == 1

    # 3. The same update by regenerating the folium page (boundaries + incident) and reloading.
    profile = QWebEngineProfile()
    guard = NetworkGuard(parent=profile)
    profile.setUrlRequestInterceptor(guard)
    plain = QWebEngineView()
    plain_page = QWebEnginePage(profile, plain)
    plain.setPage(plain_page)
    plain.resize(1200, 800)
    plain.show()
    reload_s = []
    with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp:
        for i in range(5):
            t0 = time.perf_counter()

            def extra(m: folium.Map, i: int = i) -> None:
                folium.GeoJson(fc, name="行政区划").add_to(m)
                folium.Marker([35.70, 115.05], icon=folium.DivIcon(
                    html=f'<div id="inc-R{i}" class="fds-inc" style="background:#c0392b">Ⅰ</div>')).add_to(m)
                m.fit_bounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]])

            html = build_page_html(extra=extra)
            path = Path(tmp) / f"map-{i}.html"
            path.write_text(html, encoding="utf-8")
            plain_page.load(QUrl.fromLocalFile(str(path)))
            if not _wait_load(plain_page):
                raise RuntimeError("regenerated page failed to load")
            _js_until_true(plain_page, f"!!document.getElementById('inc-R{i}')")
            reload_s.append(time.perf_counter() - t0)
    reload_ms = statistics.median(reload_s) * 1000
    rows.append(_row("same update by regenerating folium HTML + reload (median of 5)", reload_ms,
                     "ms", "", None))
    ratio = reload_ms / max(bridge_ms, 1e-6)
    rows.append(_row("bridge speed-up over regenerate+reload", ratio, "×", "≥ 20×", ratio >= 20))
    rows.append(_row("requests blocked by the network guard (both pages)",
                     len(view.blocked_requests) + len(guard.blocked), "", "0",
                     not view.blocked_requests and not guard.blocked))

    plain.close()
    plain.deleteLater()
    view.close()
    view.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    profile.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del app
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        met = {True: "yes", False: "NO", None: "—"}[r["met"]]
        print(f"{r['name']:<{width}}  {r['value']:>12,.3f}  {r['unit']:<4} {r['target']:<9} {met}")


if __name__ == "__main__":
    print_table(run())
