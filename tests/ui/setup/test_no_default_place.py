"""No start outside ``--demo`` uses 濮阳市 (410900) unless the database says so: the jurisdiction
comes from the database (console/site); ``--jurisdiction`` overrides one run and changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from console.site import SiteSettings
from console.store.db import open_database

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[3]


def _jurisdiction_of_start(tmp_path: Path, *args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), FDS_CONSOLE_SETTINGS=str(tmp_path / "s.ini"))
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(tmp_path / "shot.png"), *args],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-3000:]
    found = re.search(r"^辖区：(\d{6})$", r.stdout, re.MULTILINE)
    assert found, r.stdout
    return found.group(1)


def test_a_start_takes_the_jurisdiction_from_the_database_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    # a database that names none: not 濮阳 (the map shows the country until one is set)
    assert _jurisdiction_of_start(tmp_path, "--db", url) == "100000"
    db = open_database(url)
    try:
        SiteSettings(db).set_jurisdiction("410100", actor="张三", role="admin")
    finally:
        db.close()
    assert _jurisdiction_of_start(tmp_path, "--db", url) == "410100"
    # --jurisdiction: this run only; the database keeps its own
    assert _jurisdiction_of_start(tmp_path, "--db", url, "--jurisdiction", "410105") == "410105"
    db = open_database(url)
    try:
        assert SiteSettings(db).jurisdiction == "410100"
    finally:
        db.close()
    # the demo is unchanged
    demo = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert _jurisdiction_of_start(tmp_path, "--demo", "--db", demo) == "410900"


def test_no_puyang_default_in_the_start_code() -> None:
    for rel in ("main.py", "ui/wiring.py", "ui/main_window.py", "ui/setup/start.py", "ui/setup/wizard.py",
                "console/app.py", "console/cli.py"):
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert "410900" not in text, f"{rel} names 410900"
