"""The jurisdiction in the window title: 「食品药品安全应急指挥台 — 郑州市」."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def jurisdiction_name(code: str | None) -> str:
    """「郑州市」 for 410100; 「辖区未设置」 when there is none (the map then shows the country)."""
    from console.geo.divisions import NATIONAL, division

    d = division(code) if code and code != NATIONAL else None
    return d.name if d is not None else QCoreApplication.translate("SetupTitle", "辖区未设置")


def show_jurisdiction(win: Any) -> None:
    """Append the window's jurisdiction name to its title (once)."""
    name = jurisdiction_name(getattr(win, "jurisdiction", None))
    title = win.windowTitle()
    if not title.endswith(f" — {name}"):
        win.setWindowTitle(f"{title} — {name}")
