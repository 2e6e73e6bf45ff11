"""The console's settings file (an INI file read through QSettings), with safe fallbacks.

Why a wrapper: a duty officer must never be locked out by a damaged settings file. The
file is checked before QSettings reads it; a file that is not UTF-8 INI text, or that
QSettings reports as malformed, is moved aside (``*.corrupt``) and the console starts on
defaults with a notice saying so. A single bad value (an unknown language, a tile URL
that is not http(s) with {z}/{x}/{y}) falls back to its default, also with a notice.

The window layout (dock positions) lives in the same file under ``layout/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

__all__ = ["DEFAULTS", "LANGUAGES", "ConsoleSettings", "default_settings_path"]

#: language code → the name shown in the settings dialog (in that language)
LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}
DEFAULTS: dict[str, str] = {
    "language": "zh_CN",
    "tile_url": "",
    "user": "值班员",
    "role": "commander",
    "database": "",
    # 定时备份 (ui/admin/schedule.py): off | daily | hours
    "backup/mode": "off",
    "backup/at": "02:00",
    "backup/hours": "24",
    "backup/dir": "",
    "backup/keep": "7",
}
_LINE = re.compile(r"^\s*(?:$|[;#].*|\[[^\]]+\]\s*|[^=\[\]]+=.*)$")
_TILE = re.compile(r"^https?://[^\s/]+(?:/\S*)?$", re.IGNORECASE)
_ROLE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_DB = re.compile(r"^(?:sqlite:///\S+|postgresql(?:\+psycopg)?://\S+|[^:\s][^\s]*\.(?:sqlite3?|db))$")


def default_settings_path() -> Path:
    """``$FDS_CONSOLE_SETTINGS`` or ``<config dir>/fds-console/console.ini``."""
    env = os.environ.get("FDS_CONSOLE_SETTINGS")
    if env:
        return Path(env)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base or Path.home() / ".config") / "fds-console" / "console.ini"


class ConsoleSettings:
    """Typed access to the settings; ``notices`` lists what was reset and why (Chinese)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_settings_path()
        self.notices: list[str] = []
        self._check_file()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        if self.qs.status() != QSettings.Status.NoError:
            self.qs = None  # type: ignore[assignment]
            self._quarantine(QCoreApplication.translate("ConsoleSettings", "无法解析"))
            self.qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._check_values()

    # -- file checks --------------------------------------------------------
    def _check_file(self) -> None:
        if not self.path.exists():
            return
        try:
            text = self.path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            self._quarantine(QCoreApplication.translate("ConsoleSettings", "不是 UTF-8 文本"))
            return
        except OSError as exc:
            self.notices.append(QCoreApplication.translate(
                "ConsoleSettings", "无法读取设置文件 {path}（{reason}），已使用默认设置。").format(
                path=self.path, reason=exc.strerror or exc))
            return
        for n, line in enumerate(text.splitlines(), 1):
            if "\x00" in line or not _LINE.match(line):
                self._quarantine(QCoreApplication.translate("ConsoleSettings", "第 {n} 行格式错误：{line}").format(
                    n=n, line=line[:40]))
                return

    def _quarantine(self, reason: str) -> None:
        backup = self.path.with_name(self.path.name + ".corrupt")
        try:
            if backup.exists():
                backup.unlink()
            self.path.rename(backup)
            kept = QCoreApplication.translate("ConsoleSettings", "原文件已另存为 {backup}").format(backup=backup)
        except OSError:
            kept = QCoreApplication.translate("ConsoleSettings", "原文件无法另存")
        self.notices.append(QCoreApplication.translate(
            "ConsoleSettings", "设置文件 {path} 已损坏（{reason}），已恢复默认设置；{kept}。").format(
            path=self.path, reason=reason, kept=kept))

    def _check_values(self) -> None:
        checks = {
            "language": lambda v: v in LANGUAGES,
            "tile_url": lambda v: v == "" or (bool(_TILE.match(v)) and all(k in v for k in ("{z}", "{x}", "{y}"))),
            "user": lambda v: 0 < len(v.strip()) <= 40,
            "role": lambda v: bool(_ROLE.match(v)),
            "database": lambda v: self.valid_database(v),
            "backup/mode": lambda v: v in ("off", "daily", "hours"),
        }
        for key, ok in checks.items():
            raw = self.qs.value(key)
            if raw is None:
                continue
            if not isinstance(raw, str) or not ok(raw):
                self.qs.remove(key)
                self.notices.append(QCoreApplication.translate(
                    "ConsoleSettings", "设置项「{key}」的值无效（{value}），已恢复默认值「{default}」。").format(
                    key=key, value=str(raw)[:60], default=DEFAULTS[key]))
        self.qs.sync()

    # -- values -------------------------------------------------------------
    def get(self, key: str) -> str:
        value = self.qs.value(key, DEFAULTS[key])
        return value if isinstance(value, str) else DEFAULTS[key]

    def set(self, key: str, value: str) -> None:
        self.qs.setValue(key, value)
        self.qs.sync()

    @property
    def language(self) -> str:
        return self.get("language")

    @property
    def tile_url(self) -> str | None:
        return self.get("tile_url") or None

    @property
    def user(self) -> str:
        return self.get("user")

    @property
    def role(self) -> str:
        return self.get("role")

    @property
    def database(self) -> str | None:
        """The database URL to open when none is given on the command line (None: the embedded one)."""
        return self.get("database") or None

    @staticmethod
    def valid_database(value: str) -> bool:
        """Empty (the embedded SQLite file), a SQLite URL or file path, or a PostgreSQL URL."""
        v = value.strip()
        return v == "" or bool(_DB.match(v))

    def valid_tile_url(self, value: str) -> bool:
        """The check the settings dialog uses before saving."""
        return value == "" or (bool(_TILE.match(value)) and all(k in value for k in ("{z}", "{x}", "{y}")))

    # -- layout -------------------------------------------------------------
    def layout(self) -> tuple[Any, Any]:
        return self.qs.value("layout/state"), self.qs.value("layout/geometry")

    def save_layout(self, state: Any, geometry: Any) -> None:
        self.qs.setValue("layout/state", state)
        self.qs.setValue("layout/geometry", geometry)
        self.qs.sync()

    def clear_layout(self) -> None:
        self.qs.remove("layout")
        self.qs.sync()
