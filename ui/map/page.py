"""Assemble the map page ONCE with folium, with every asset served from disk.

Why: the console runs on an isolated government network. folium's elements point
their ``default_js``/``default_css`` at CDNs; we rewrite each of them to a ``file://``
URL inside the installed XStatic packages (or our own ``assets/`` folder), drop what
is not packaged (Bootstrap, awesome-markers: we use neither), and refuse to produce a
page that still names a remote URL. After this the page is never regenerated: all
changes go through the QWebChannel bridge (see ``assets/fds_map.js``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium

__all__ = [
    "ASSETS_DIR",
    "LAYER_NAMES",
    "OfflineAssetError",
    "build_page_html",
    "cached_page_html",
    "local_asset_urls",
]

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"

#: Overlay names in the layer control (Chinese first; the keys are the JS ids).
LAYER_NAMES: dict[str, str] = {
    "boundaries": "行政区划",
    "places": "乡镇（街道）",
    "areas": "影响范围",
    "routes": "调运路线",
    "entities": "监管对象",
    "depots": "储备库",
    "incidents": "事件",
}

#: folium asset names we knowingly leave out (not packaged, not used by this map).
_DROPPED = frozenset({
    "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers",
    "awesome_markers_css", "awesome_rotate_css",
})

_REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)


class OfflineAssetError(RuntimeError):
    """folium asked for an asset we cannot serve locally (e.g. after a folium upgrade)."""


def _xstatic_dir(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(f"xstatic.pkg.{module}").BASE_DIR)


def local_asset_urls() -> dict[str, str]:
    """folium asset name → local file URL, from the installed XStatic packages."""
    leaflet = _xstatic_dir("leaflet")
    cluster = _xstatic_dir("leaflet_markercluster")
    jquery = _xstatic_dir("jquery")
    fa = _xstatic_dir("font_awesome")
    files = {
        "leaflet": leaflet / "leaflet.js",
        "leaflet_css": leaflet / "leaflet.css",
        "jquery": jquery / "jquery.min.js",
        "awesome_markers_font_css": fa / "css" / "all.min.css",
        "markerclusterjs": cluster / "leaflet.markercluster.js",
        "markerclustercss": cluster / "MarkerCluster.css",
        "markerclusterdefaultcss": cluster / "MarkerCluster.Default.css",
        "fds_map_js": ASSETS_DIR / "fds_map.js",
        "fds_map_css": ASSETS_DIR / "fds_map.css",
    }
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise OfflineAssetError(f"本地地图资源缺失: {', '.join(missing)}")
    urls = {name: path.as_uri() for name, path in files.items()}
    urls["qwebchannel"] = QWEBCHANNEL_JS
    return urls


def _localise(links: list[tuple[str, str]], urls: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        if name in _DROPPED:
            continue
        if name not in urls:
            raise OfflineAssetError(f"folium 资源 {name!r} ({url}) 没有本地副本")
        out.append((name, urls[name]))
    return out


_BRIDGE_CLASS: Any = None


def _bridge_class() -> Any:
    """The folium element that hands the map and layers to ``FDSMap.init`` (our JS), last
    in the page's script so every layer variable exists when it runs. Made on first use:
    importing folium costs ~1 s, which a start from the page cache skips entirely."""
    global _BRIDGE_CLASS
    if _BRIDGE_CLASS is not None:
        return _BRIDGE_CLASS
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from folium.template import Template

    class _Bridge(JSCSSMixin, MacroElement):
        _template = Template(
            """
            {% macro script(this, kwargs) %}
            FDSMap.init({{ this.config_json }}, {{ this._parent.get_name() }}, {
            {%- for key, layer in this.layers.items() %}
                {{ key|tojson }}: {{ layer.get_name() }},
            {%- endfor %}
            });
            {% endmacro %}
            """
        )

        def __init__(self, config: dict[str, Any], layers: dict[str, Any], urls: dict[str, str]):
            super().__init__()
            self._name = "FDSBridge"
            self.config_json = json.dumps(config, ensure_ascii=False)
            self.layers = layers
            self.default_js = [("qwebchannel", urls["qwebchannel"]), ("fds_map_js", urls["fds_map_js"])]
            self.default_css = [("fds_map_css", urls["fds_map_css"])]

    _BRIDGE_CLASS = _Bridge
    return _Bridge


def _cache_dir() -> Path:
    env = os.environ.get("FDS_MAP_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("fds-emergency-console")) / "map"


def _cache_key(urls: dict[str, str], tile_url: str | None, tile_attribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for dist in ("folium", "branca", "xstatic-leaflet", "xstatic-leaflet-markercluster"):
        try:
            h.update(f"{dist}={version(dist)};".encode())
        except PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    h.update(json.dumps([sorted(urls.items()), tile_url, tile_attribution], ensure_ascii=False).encode())
    h.update(Path(__file__).read_bytes())
    for name in ("fds_map.js", "fds_map.css"):  # the page names them; their content changes the key too
        h.update((ASSETS_DIR / name).read_bytes())
    return h.hexdigest()[:24]


def cached_page_html(*, tile_url: str | None = None, tile_attribution: str = "内部瓦片服务") -> str:
    """:func:`build_page_html`, kept on disk between runs.

    Why: the page is static (every change goes through the bridge), yet building it means
    importing folium and compiling its templates — about half of the console's cold start.
    The cache key covers the package versions, the asset paths and contents, this module
    and the tile settings, so any change rebuilds the page. Assets are still checked on
    every start (a removed asset fails as before)."""
    urls = local_asset_urls()
    path = _cache_dir() / f"page-{_cache_key(urls, tile_url, tile_attribution)}.html"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    html = build_page_html(tile_url=tile_url, tile_attribution=tile_attribution)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
    return html


def build_page_html(
    *,
    tile_url: str | None = None,
    tile_attribution: str = "内部瓦片服务",
    center: tuple[float, float] = (35.0, 110.0),
    zoom: int = 5,
    extra: Callable[[folium.Map], None] | None = None,
) -> str:
    """The complete offline HTML of the map page.

    ``tile_url`` is an optional XYZ template of an internal tile server
    (``http://tiles.local/{z}/{x}/{y}.png``); without it the basemap is the
    administrative boundaries alone. Tile requests are the only remote requests the
    page may make, and only to that server (the network guard is told about it).
    ``extra`` may add static folium content; only the benchmark uses it, to measure the
    regenerate-and-reload approach the bridge replaces.
    """
    import folium
    import folium.plugins
    from folium.elements import JSCSSMixin

    _Bridge = _bridge_class()
    urls = local_asset_urls()
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,
        zoom_snap=0.25,
        **{"maxZoom": 18, "minZoom": 3},
    )
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution, name="底图", overlay=False,
                         control=False).add_to(m)
    layers: dict[str, Any] = {}
    for key, label in LAYER_NAMES.items():
        if key == "entities":
            layer = folium.plugins.MarkerCluster(
                name=label,
                options={
                    "chunkedLoading": True,
                    "chunkInterval": 120,
                    "chunkDelay": 10,
                    "showCoverageOnHover": False,
                    "maxClusterRadius": 80,
                    "disableClusteringAtZoom": 17,
                },
            )
        else:
            layer = folium.FeatureGroup(name=label)
        layer.add_to(m)
        layers[key] = layer
    if extra is not None:
        extra(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    config = {"layerNames": LAYER_NAMES, "hasTiles": bool(tile_url)}
    _Bridge(config, layers, urls).add_to(m)
    for element in _walk(m.get_root()):
        if isinstance(element, JSCSSMixin) and not isinstance(element, _Bridge):
            element.default_js = _localise(list(element.default_js), urls)
            element.default_css = _localise(list(element.default_css), urls)
    html = m.get_root().render()
    if _REMOTE.search(html):
        raise OfflineAssetError("地图页面仍引用外部资源: " + _REMOTE.findall(html)[0])
    return html


def _walk(element: Any):
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)
