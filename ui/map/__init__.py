"""The command map: an offline Leaflet page (built once with folium) in a QtWebEngine
view, changed only through a QWebChannel bridge. See docs/map.md."""

from __future__ import annotations

from ui.map.view import ENTITY_CATEGORIES, INCIDENT_LEVELS, MapView

__all__ = ["ENTITY_CATEGORIES", "INCIDENT_LEVELS", "MapView"]
