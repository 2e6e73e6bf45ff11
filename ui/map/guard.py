"""Network guard: the map page may only read local resources.

Why: the console runs on an isolated network, and a page that silently tries a CDN
would hang or leak that it exists. Installed on the map's own profile, this blocks and
records every request whose scheme is not local (file, qrc, data, blob), except tiles
from the one internal tile server the operator configured.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

__all__ = ["LOCAL_SCHEMES", "NetworkGuard"]

LOCAL_SCHEMES = frozenset({"file", "qrc", "data", "blob"})


class NetworkGuard(QWebEngineUrlRequestInterceptor):
    """Blocks requests that would leave the machine and keeps a list of them."""

    def __init__(self, allowed_origins: tuple[str, ...] = (), parent=None) -> None:
        super().__init__(parent)
        self._allowed_origins = tuple(o.rstrip("/") for o in allowed_origins if o)
        self._lock = threading.Lock()
        self._blocked: list[str] = []
        self._seen = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt name)
        try:
            url = info.requestUrl()
            with self._lock:
                self._seen += 1
            if url.scheme() in LOCAL_SCHEMES or self._is_allowed_tile(url):
                return
            text = url.toString()
        except Exception as exc:  # noqa: BLE001 — fail closed: an error here must block
            text = f"<guard error: {exc}>"
        info.block(True)
        with self._lock:
            self._blocked.append(text)

    def _is_allowed_tile(self, url: QUrl) -> bool:
        if not self._allowed_origins:
            return False
        port = f":{url.port()}" if url.port() != -1 else ""
        origin = f"{url.scheme()}://{url.host()}{port}"
        return origin in self._allowed_origins

    @property
    def blocked(self) -> list[str]:
        """URLs blocked so far (each one a bug or an attack: nothing should try)."""
        with self._lock:
            return list(self._blocked)

    @property
    def seen(self) -> int:
        """How many requests passed through the guard (proves it is installed)."""
        with self._lock:
            return self._seen
