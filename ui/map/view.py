"""MapView: the command map widget (offline Leaflet page + QWebChannel bridge).

Why this shape: the page is built once (``page.py``) and loaded once; every change after
that is a small JSON command sent over QWebChannel, so an incident update costs a
millisecond instead of regenerating and reloading the whole page, and the operator's
zoom and position are never lost. Calls made before the page is ready are queued and
flushed in order when the JS side reports ready. A page that fails to load shows a
Chinese banner and emits ``sig_load_failed``; it never raises into the rest of the app.
"""

from __future__ import annotations

import ctypes
import json
import math
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.map.guard import NetworkGuard
from ui.map.page import cached_page_html

__all__ = ["ENTITY_CATEGORIES", "INCIDENT_LEVELS", "MapView"]

#: Incident levels: key → (label, colour). 0 is 未分级 (not yet graded).
INCIDENT_LEVELS: dict[int, tuple[str, str]] = {
    1: ("Ⅰ级（特别重大）", "#c0392b"),
    2: ("Ⅱ级（重大）", "#e67e22"),
    3: ("Ⅲ级（较大）", "#f1c40f"),
    4: ("Ⅳ级（一般）", "#2980b9"),
    0: ("未分级", "#7f8c8d"),
}

#: Regulated-entity categories: key → Chinese label (colours live in fds_map.js).
ENTITY_CATEGORIES: dict[str, str] = {
    "food_production": "食品生产",
    "food_operation": "食品经营",
    "catering": "餐饮服务",
    "drug_production": "药品生产",
    "drug_operation": "药品经营",
    "drug_use": "药品使用",
    "device": "医疗器械",
    "cosmetics": "化妆品",
    "other": "其他",
}
_CATEGORY_KEYS = list(ENTITY_CATEGORIES)
_CATEGORY_BY_LABEL = {label: key for key, label in ENTITY_CATEGORIES.items()}
#: category key or Chinese label → index into _CATEGORY_KEYS
_CATEGORY_INDEX = {**{k: i for i, k in enumerate(_CATEGORY_KEYS)},
                   **{label: _CATEGORY_KEYS.index(key) for label, key in _CATEGORY_BY_LABEL.items()}}

_LEVEL_WORDS = {
    "1": 1, "i": 1, "Ⅰ": 1, "一": 1, "一级": 1, "特别重大": 1,
    "2": 2, "ii": 2, "Ⅱ": 2, "二": 2, "二级": 2, "重大": 2,
    "3": 3, "iii": 3, "Ⅲ": 3, "三": 3, "三级": 3, "较大": 3,
    "4": 4, "iv": 4, "Ⅳ": 4, "四": 4, "四级": 4, "一般": 4,
}


def incident_level(level: object) -> int:
    """Normalise 1 / 'Ⅱ' / 'III级' / '较大' to 1-4; anything else is 0 (未分级)."""
    if isinstance(level, int) and not isinstance(level, bool):
        return level if 1 <= level <= 4 else 0
    text = str(level or "").strip().removesuffix("级").strip()
    return _LEVEL_WORDS.get(text.lower(), _LEVEL_WORDS.get(text, 0))


def _quantity_text(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _eta_text(route: Mapping[str, Any]) -> str:
    if route.get("eta"):
        return str(route["eta"])
    minutes = route.get("eta_min")
    if minutes is None:
        return "未知"
    minutes = max(0, int(round(float(minutes))))
    if minutes < 60:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时 {minutes % 60} 分钟" if minutes % 60 else f"{minutes // 60} 小时"


def _items(items: object) -> list[dict[str, Any]]:
    """Depot key items as [{name, qty, unit}], from a list of dicts/tuples or {name: qty}."""
    if not items:
        return []
    if isinstance(items, Mapping):
        items = [{"name": k, "qty": v} for k, v in items.items()]
    out = []
    for it in items:  # type: ignore[union-attr]
        if isinstance(it, Mapping):
            name, qty, unit = it.get("name", ""), it.get("qty", it.get("quantity", "")), it.get("unit", "")
        else:
            name, qty, unit = (list(it) + ["", "", ""])[:3]
        qty_text = _quantity_text(qty) if isinstance(qty, (int, float)) else str(qty)
        out.append({"name": str(name), "qty": qty_text, "unit": str(unit or "")})
    return out


_steals_true: bool | None = None


def _emit(signal: Any, *args: Any) -> None:
    """Emit a signal from Python.

    Why: PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without a new
    reference, so every emit from Python steals one reference to ``True`` until the
    interpreter aborts (``bool_dealloc``). We probe once whether this build has the bug
    and, if so, give the reference back; on a fixed build this does nothing.
    """
    global _steals_true
    if _steals_true is None:
        _steals_true = _probe_emit_steals_true()
    result = signal.emit(*args)
    if _steals_true and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    del result


def _probe_emit_steals_true() -> bool:
    class _Probe(QObject):
        sig = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.sig.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost > 0


def _dumps(value: Any) -> str:
    """JSON for the bridge; orjson when installed (the 30,987-entity batch in ~15 ms)."""
    try:
        import orjson
    except ImportError:  # pragma: no cover — orjson is a dependency; stay correct without it
        return json.dumps(value, ensure_ascii=False)
    return orjson.dumps(value).decode("utf-8")


def _origin(url: str | None) -> str:
    match = re.match(r"^([a-z][a-z0-9+.-]*://[^/]+)", url or "", re.IGNORECASE)
    return match.group(1) if match else ""


class _Bridge(QObject):
    """The object the page sees as ``fdsBridge``: one signal out, slots in."""

    command = Signal(str)
    ready = Signal()
    incident_clicked = Signal(str)
    context_point = Signal(float, float)
    area_drawn = Signal(str, str)
    point_picked = Signal(float, float)
    pick_cancelled = Signal()
    painted = Signal(int, str)
    js_error = Signal(str)

    @Slot()
    def jsReady(self) -> None:  # noqa: N802 (JS-facing name)
        _emit(self.ready)

    @Slot(str)
    def jsIncidentClicked(self, incident_id: str) -> None:  # noqa: N802
        _emit(self.incident_clicked, incident_id)

    @Slot(float, float)
    def jsContextPoint(self, lat: float, lon: float) -> None:  # noqa: N802
        _emit(self.context_point, lat, lon)

    @Slot(str, str)
    def jsAreaDrawn(self, incident_id: str, geojson: str) -> None:  # noqa: N802
        _emit(self.area_drawn, incident_id, geojson)

    @Slot(float, float)
    def jsPointPicked(self, lat: float, lon: float) -> None:  # noqa: N802
        _emit(self.point_picked, lat, lon)

    @Slot()
    def jsPickCancelled(self) -> None:  # noqa: N802
        _emit(self.pick_cancelled)

    @Slot(int, str)
    def jsPainted(self, token: int, summary: str) -> None:  # noqa: N802
        _emit(self.painted, token, summary)

    @Slot(str)
    def jsError(self, text: str) -> None:  # noqa: N802
        _emit(self.js_error, text)


class MapView(QWidget):
    """The offline command map. Coordinates are GCJ-02 (lat, lon); bboxes are
    (west, south, east, north), as :mod:`console.geo.boundaries` returns them."""

    sig_ready = Signal()
    """The page is loaded and the bridge is up; queued calls have been applied."""
    sig_incident_clicked = Signal(str)
    """An incident marker was clicked (incident id) — open its detail panel."""
    sig_context_point = Signal(float, float)
    """Right-click on the map at (lat, lon) — offer 'new incident here'."""
    sig_area_drawn = Signal(str, str)
    """The operator finished drawing an affected area: (incident id, GeoJSON Polygon)."""
    sig_point_picked = Signal(float, float)
    """The point clicked on the map after :meth:`start_pick` (lat, lon) — 接报's 在地图上选点."""
    sig_pick_cancelled = Signal()
    """Esc on the map while picking a point."""
    sig_load_failed = Signal(str)
    """The page could not load or start (reason, Chinese). The banner is shown."""
    sig_js_error = Signal(str)
    """A bridge command failed inside the page (op and message) — log it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        tile_url: str | None = None,
        tile_attribution: str = "内部瓦片服务",
        ready_timeout_ms: int = 20000,
    ) -> None:
        super().__init__(parent)
        self._ready = False
        self._failed: str | None = None
        self._queue: list[dict[str, Any]] = []
        self._load_count = 0
        self._paint_token = 0
        self._painted: dict[int, str] = {}
        self._paint_loop: QEventLoop | None = None
        self._tmpdir = tempfile.TemporaryDirectory(prefix="fds-map-")

        # Order matters for teardown: the view (and its page) are children created
        # before the profile, so Qt deletes them first, as QtWebEngine requires.
        self._view = QWebEngineView(self)
        self._profile = QWebEngineProfile(self)  # off the record: no disk cache, no cookies
        self.guard = NetworkGuard(allowed_origins=(_origin(tile_url),), parent=self._profile)
        self._profile.setUrlRequestInterceptor(self.guard)
        page = QWebEnginePage(self._profile, self._view)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        # Remote loads are let through Chromium's own file:// policy on purpose, so that
        # every attempt reaches the guard, which blocks it AND records it (a silent block
        # would hide a regression from the offline test).
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
        self._view.setPage(page)
        self._view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        self._bridge = _Bridge(self)
        self._channel = QWebChannel(page)
        self._channel.registerObject("fdsBridge", self._bridge)
        page.setWebChannel(self._channel)
        self._bridge.ready.connect(self._on_js_ready)
        self._bridge.incident_clicked.connect(self.sig_incident_clicked)
        self._bridge.context_point.connect(self.sig_context_point)
        self._bridge.area_drawn.connect(self.sig_area_drawn)
        self._bridge.point_picked.connect(self.sig_point_picked)
        self._bridge.pick_cancelled.connect(self.sig_pick_cancelled)
        self._bridge.js_error.connect(self.sig_js_error)
        self._bridge.painted.connect(self._on_painted)
        page.loadFinished.connect(self._on_load_finished)
        page.renderProcessTerminated.connect(self._on_render_terminated)

        self._banner = QLabel(self)
        self._banner.setObjectName("mapLoadFailedBanner")
        self._banner.setWordWrap(True)
        self._banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._banner.setStyleSheet(
            "QLabel { background: #c0392b; color: white; font-size: 14px; font-weight: bold;"
            " padding: 10px; }"
        )
        self._banner.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)

        self._ready_timer = QTimer(self)
        self._ready_timer.setSingleShot(True)
        self._ready_timer.setInterval(ready_timeout_ms)
        self._ready_timer.timeout.connect(
            lambda: self._fail("地图脚本未能启动（桥接未就绪），请检查本地地图资源")
        )

        try:
            html = cached_page_html(tile_url=tile_url, tile_attribution=tile_attribution)
            path = Path(self._tmpdir.name) / "map.html"
            path.write_text(html, encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 — a broken install must not crash the console
            reason = f"无法生成地图页面：{exc}"
            QTimer.singleShot(0, lambda: self._fail(reason))
            return
        self._load(QUrl.fromLocalFile(str(path)))

    # ------------------------------------------------------------------ state
    @property
    def is_ready(self) -> bool:
        """True once the page is loaded and the bridge answered."""
        return self._ready

    @property
    def load_failed_reason(self) -> str | None:
        """Why the page failed, or None."""
        return self._failed

    @property
    def page_load_count(self) -> int:
        """Page loads so far: stays 1 for the widget's life (updates never reload)."""
        return self._load_count

    @property
    def blocked_requests(self) -> list[str]:
        """Requests the network guard blocked (should always be empty)."""
        return self.guard.blocked

    @property
    def web_view(self) -> QWebEngineView:
        """The inner view (for grabbing, focus, tests)."""
        return self._view

    # ------------------------------------------------------------------ API
    def set_boundaries(self, feature_collection: Mapping[str, Any]) -> None:
        """Draw the jurisdiction (FeatureCollection with {code, name[, level, label]})."""
        self._send("set_boundaries", {"feature_collection": feature_collection})

    def fit_bounds(self, bbox: Sequence[float]) -> None:
        """Zoom to (west, south, east, north)."""
        w, s, e, n = (float(v) for v in bbox)
        self._send("fit_bounds", {"bbox": [w, s, e, n]})

    def upsert_incident(
        self, id: str, lat: float, lon: float, level: object, title: str, overdue: bool = False
    ) -> None:
        """Add or update an incident marker; never moves the view."""
        self._send("upsert_incident", {
            "id": str(id), "lat": float(lat), "lon": float(lon),
            "level": incident_level(level), "title": str(title), "overdue": bool(overdue),
        })

    def remove_incident(self, id: str) -> None:
        """Remove an incident marker (and its affected area)."""
        self._send("remove_incident", {"id": str(id)})

    def select_incident(self, id: str | None) -> None:
        """Highlight one incident and pan to it, keeping the zoom; None clears."""
        self._send("select_incident", {"id": None if id is None else str(id)})

    def set_depots(self, depots: Iterable[Mapping[str, Any]]) -> None:
        """Replace all reserve depots: dicts {id, name, lat, lon, stock, items}."""
        self._send("set_depots", {"depots": [self._depot(d) for d in depots]})

    def upsert_depot(
        self, id: str, lat: float, lon: float, name: str, stock: float,
        items: object = None,
    ) -> None:
        """Add or update one depot; ``items`` is [{name, qty, unit}] or {name: qty}."""
        self._send("upsert_depot", self._depot(
            {"id": id, "lat": lat, "lon": lon, "name": name, "stock": stock, "items": items}))

    def remove_depot(self, id: str) -> None:
        """Remove one depot."""
        self._send("remove_depot", {"id": str(id)})

    def set_entities(self, entities: Iterable[Mapping[str, Any]]) -> None:
        """Replace all regulated entities (bulk, clustered): dicts {id, name, lat, lon,
        category}; category is a key of ENTITY_CATEGORIES or its Chinese label."""
        # one comprehension, no per-row normalising calls: 30,987 rows in ~50 ms, not ~400
        index = _CATEGORY_INDEX
        other = index["other"]
        rows = [[str(e.get("id", "")), str(e.get("name", "")), float(e["lat"]), float(e["lon"]),
                 index.get(e.get("category", "other"), other)] for e in entities]
        self._send("set_entities", {"categories": _CATEGORY_KEYS, "rows": rows})

    def set_affected_area(self, incident_id: str, geojson_or_circle: object) -> None:
        """Show an incident's affected area: a GeoJSON geometry/Feature (dict or str),
        or a circle {lat, lon, radius_m | radius_km}. None removes it."""
        area: Any = geojson_or_circle
        if isinstance(area, str):
            area = json.loads(area)
        if isinstance(area, Mapping) and ("radius_m" in area or "radius_km" in area):
            radius = float(area["radius_m"]) if "radius_m" in area else float(area["radius_km"]) * 1000
            area = {"lat": float(area["lat"]), "lon": float(area["lon"]), "radius_m": radius}
        self._send("set_affected_area", {"incident_id": str(incident_id), "geojson": area})

    def set_routes(self, routes: Iterable[Mapping[str, Any]]) -> None:
        """Replace dispatch routes: dicts {id, path: [(lat, lon), ...], eta_min | eta,
        label, detail?}; each is drawn with its label and ETA, the detail (what it carries) on a
        second, wrapped line."""
        out = []
        for r in routes:
            path = [[float(lat), float(lon)] for lat, lon in r["path"]]
            if len(path) < 2:
                continue
            out.append({"id": str(r.get("id", len(out))), "path": path,
                        "label": str(r.get("label", "")), "detail": str(r.get("detail", "")),
                        "eta_text": _eta_text(r)})
        self._send("set_routes", {"routes": out})

    def clear_routes(self) -> None:
        """Remove all routes."""
        self._send("clear_routes", {})

    def set_places(self, places: Iterable[Mapping[str, Any]]) -> None:
        """Replace the township (乡镇/街道) points: dicts {name, lat, lon}; named from zoom 11."""
        self._send("set_places", {"places": [[str(p["name"]), float(p["lat"]), float(p["lon"])] for p in places]})

    def set_still(self, still: bool = True) -> None:
        """For still pictures (screenshots): overdue markers show a steady red ring instead
        of blinking, so the picture does not depend on the blink's phase."""
        self._send("set_still", {"still": bool(still)})

    def blink(self, off: bool) -> None:
        """One beat of the overdue markers' blink (the halo dimmed when ``off``); the window's
        one-second clock calls it while an incident is overdue."""
        self._send("blink", {"off": bool(off)})

    def set_labels(self, labels: Mapping[str, str]) -> None:
        """Show the page's own words (legend, layer names, tooltip words) translated:
        {Chinese source: shown text}; an empty mapping restores Chinese. Data (region,
        incident and depot names) is never translated."""
        self._send("set_labels", {"labels": {str(k): str(v) for k, v in labels.items() if v and v != k}})

    def start_area_drawing(self, incident_id: str) -> None:
        """Let the operator draw an affected area: click vertices, double-click to
        finish (Esc cancels); ends with ``sig_area_drawn``."""
        self._send("start_drawing", {"incident_id": str(incident_id)})

    def cancel_area_drawing(self) -> None:
        """Leave draw mode without a result."""
        self._send("cancel_drawing", {})

    def start_pick(self) -> None:
        """The next left click on the map gives one point (``sig_point_picked``); Esc cancels
        (``sig_pick_cancelled``). Used by 接报's 在地图上选点."""
        self._send("start_pick", {})

    def cancel_pick(self) -> None:
        """Stop waiting for the point without a result."""
        self._send("cancel_pick", {})

    # ------------------------------------------------------------------ painting
    def wait_painted(self, timeout_ms: int = 15000) -> dict[str, Any] | None:
        """Block (running the event loop) until the page has applied every command so
        far and painted it — boundaries, markers and all entity chunks. Returns the
        page's state summary, or None on timeout/failure."""
        if self._failed:
            return None
        self._paint_token += 1
        token = self._paint_token
        loop = QEventLoop()
        self._paint_loop = loop
        QTimer.singleShot(timeout_ms, loop.quit)
        self._send("request_paint", {"token": token})
        if token not in self._painted:
            loop.exec()
        self._paint_loop = None
        summary = self._painted.pop(token, None)
        self._painted.clear()
        result = json.loads(summary) if summary else None
        if not result:
            return None
        # the JS frame is painted; give the compositor a moment to hand it to the widget
        settle = QEventLoop()
        QTimer.singleShot(150, settle.quit)
        settle.exec()
        return result

    def save_screenshot(self, path: str | Path, timeout_ms: int = 15000) -> bool:
        """Wait until painted, then grab the widget into a PNG. False if it never
        painted (the banner, if any, is still captured)."""
        painted = self.wait_painted(timeout_ms) is not None
        ok = self.grab().save(str(path), "PNG")
        return painted and ok

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run a script in the page (for tests and diagnostics, not for updates)."""
        if callback is None:
            self._view.page().runJavaScript(script, 0)
        else:
            self._view.page().runJavaScript(script, 0, callback)

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _depot(d: Mapping[str, Any]) -> dict[str, Any]:
        stock = float(d.get("stock", 0) or 0)
        if not math.isfinite(stock):
            stock = 0.0
        return {"id": str(d["id"]), "name": str(d.get("name", "")),
                "lat": float(d["lat"]), "lon": float(d["lon"]), "stock": stock,
                "stock_text": _quantity_text(stock), "items": _items(d.get("items"))}

    def _send(self, op: str, args: dict[str, Any]) -> None:
        msg = {"op": op, "args": args}
        if self._ready:
            _emit(self._bridge.command, _dumps([msg]))
        else:
            self._queue.append(msg)

    def _load(self, url: QUrl) -> None:
        self._ready = False
        self._ready_timer.start()
        self._view.page().load(url)

    @Slot(bool)
    def _on_load_finished(self, ok: bool) -> None:
        self._load_count += 1
        if not ok:
            self._fail("地图页面加载失败（本地文件无法读取）")

    @Slot(int, str)
    def _on_painted(self, token: int, summary: str) -> None:
        self._painted[token] = summary
        if token == self._paint_token and self._paint_loop is not None:
            self._paint_loop.quit()

    @Slot()
    def _on_js_ready(self) -> None:
        if self._failed:
            return
        self._ready_timer.stop()
        self._ready = True
        queued, self._queue = self._queue, []
        if queued:
            _emit(self._bridge.command, _dumps(queued))
        _emit(self.sig_ready)

    def _on_render_terminated(self, status: object, code: int) -> None:
        self._ready = False
        self._fail(f"地图渲染进程意外退出（代码 {code}）")

    def _fail(self, reason: str) -> None:
        if self._failed:
            return
        self._ready_timer.stop()
        self._failed = reason
        self._banner.setText(f"⚠ 地图不可用：{reason}")
        self._place_banner()
        self._banner.show()
        self._banner.raise_()
        _emit(self.sig_load_failed, reason)
        if self._paint_loop is not None:
            self._paint_loop.quit()

    def _place_banner(self) -> None:
        height = max(48, self._banner.heightForWidth(self.width()))
        self._banner.setGeometry(0, 0, self.width(), height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self._banner.isVisible():
            self._place_banner()
