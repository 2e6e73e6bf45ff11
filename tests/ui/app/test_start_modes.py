"""Every way of starting the console assembles the same full console (issue: a start on a real
database used to lose half its panels). Each start runs ``main.py`` as a person would, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.conftest import fresh_pg_schema, pg_reachable, pg_url

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[3]
FULL = {"incidents", "incident", "timeline", "reports", "consultations", "reserves", "duty", "experts", "room"}
MENUS = {"startDrill", "reviewIncident", "actNew", "actSettings"}


def _start(tmp_path: Path, *args: str, stdin: str | None = None) -> tuple[set[str], set[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    out = tmp_path / "shot.png"
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--settings", str(tmp_path / "s.ini"),
                        "--screenshot", str(out), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=240, input=stdin)
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-3000:]
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert out.stat().st_size > 10_000
    lines = dict(line.split("：", 1) for line in r.stdout.splitlines() if line.startswith(("面板：", "菜单：")))
    return set(lines["面板"].split(",")), set(lines["菜单"].split(","))


@pytest.mark.parametrize("mode", ["demo", "embedded-default", "sqlite-file", "sqlite-file-with-accounts"])
def test_every_sqlite_start_assembles_the_full_console(tmp_path: Path, mode: str) -> None:
    args: list[str] = []
    stdin = None
    if mode == "demo":
        args = ["--demo", "--db", f"sqlite:///{tmp_path / 'demo.sqlite3'}"]
    elif mode.startswith("sqlite-file"):
        url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
        args = ["--db", url]
        if mode.endswith("accounts"):
            r = subprocess.run([sys.executable, "-m", "console", "--db", url, "user", "add", "admin",
                                "--role", "admin", "--name", "管理员", "--password-stdin"],
                               input="Passw0rd!x\nPassw0rd!x\n", cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert r.returncode == 0, r.stderr
            args += ["--user", "admin", "--password-stdin"]  # a screenshot logs in like a person
            stdin = "Passw0rd!x\n"
    docks, menus = _start(tmp_path, *args, stdin=stdin)
    assert FULL <= docks and MENUS <= menus


@pytest.mark.postgres
def test_a_postgresql_start_assembles_the_full_console(tmp_path: Path, pg_database: str) -> None:  # noqa: F811
    if not pg_reachable():
        pytest.skip("PostgreSQL 不可用")
    url = pg_url(pg_database, fresh_pg_schema(pg_database))
    docks, menus = _start(tmp_path, "--db", url)
    assert FULL <= docks and MENUS <= menus
