"""``main.py --screenshot`` on a database with accounts logs in: refused (exit 2, a Chinese
message) without ``--user`` and the password on stdin, or with a wrong password; with them, the
administrator's window is rendered with its 管理 menu. Run as a person would, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.admin.conftest import ADMIN_PW, centre_console

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def _main(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--settings", str(tmp_path / "s.ini"),
                           "--screenshot", str(tmp_path / "shot.png"), *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=240)


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    centre_console(url).close()
    return url


def test_a_screenshot_without_credentials_is_refused(tmp_path: Path, url: str) -> None:
    r = _main(tmp_path, "", "--db", url)
    assert r.returncode == 2 and "此数据库有账号：--screenshot 也须登录" in r.stderr and "--password-stdin" in r.stderr
    assert not (tmp_path / "shot.png").exists() and "Traceback" not in r.stderr
    r = _main(tmp_path, ADMIN_PW + "\n", "--db", url, "--user", "admin")  # a name but no password
    assert r.returncode == 2 and "--password-stdin" in r.stderr
    r = _main(tmp_path, "not-the-password\n", "--db", url, "--user", "admin", "--password-stdin")
    assert r.returncode == 2 and "无法登录：登录名或密码不正确" in r.stderr
    assert not (tmp_path / "shot.png").exists() and "Traceback" not in r.stderr


def test_a_screenshot_with_the_administrators_credentials(tmp_path: Path, url: str) -> None:
    r = _main(tmp_path, ADMIN_PW + "\n", "--db", url, "--user", "admin", "--password-stdin")
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    assert (tmp_path / "shot.png").stat().st_size > 10_000
    menus = next(line for line in r.stdout.splitlines() if line.startswith("菜单："))
    assert "actAdminAccounts" in menus.split("：", 1)[1].split(",")
