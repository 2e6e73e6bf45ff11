"""The offline bundle (make dist) installs and runs with the network blocked.

Builds the Linux part of the bundle once, then installs it twice — with ``install.sh`` into a
fresh directory, and as a ``.deb`` into a clean dpkg root — and runs the installed console
headless (``--screenshot``) and ``plan check`` from each. Every process runs with no pip index,
no pip configuration and a socket guard (``sitecustomize``) that refuses any connection that is
not to this machine, so a dependency missing from the bundle fails the install instead of being
fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

GUARD = '''
import socket

_connect = socket.socket.connect


def _guarded(self, address):
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    host = address[0] if isinstance(address, tuple) else str(address)
    if host in ("127.0.0.1", "::1", "localhost"):
        return _connect(self, address)
    raise OSError(f"network blocked by the offline-install test: {address!r}")


socket.socket.connect = _guarded
'''


def offline_env(tmp: Path) -> dict[str, str]:
    guard = tmp / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD, "utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "FDS_CONSOLE"))}
    env.update({
        "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": str(guard), "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox", "HOME": str(tmp / "home"),
        "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_DATA_HOME": str(tmp / "data"),
        "FDS_CONSOLE_SETTINGS": str(tmp / "console.ini"),
        "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
    })
    (tmp / "home").mkdir(exist_ok=True)
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "dist.py"), "--out", str(out), "--platforms", "linux"],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    (b,) = out.glob("fds-console-*")
    return b


def base_python() -> str:
    """A system interpreter outside this test's virtual environment."""
    return getattr(sys, "_base_executable", None) or shutil.which("python3") or sys.executable


def run(cmd: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


def check_installed(bin_dir: Path, data: Path, env: dict[str, str], tmp: Path) -> None:
    plans = sorted((data / "plans").glob("*.yaml"))
    assert {p.name for p in plans} >= {"food-municipal.yaml", "food-county.yaml"}
    r = run([str(bin_dir / "fds-console-cli"), "plan", "check", *map(str, plans)], env)
    assert r.returncode == 0, r.stdout + r.stderr
    shot = tmp / "shot.png"  # kept in the test's tmp dir for a look
    r = run([str(bin_dir / "fds-console"), "--demo", "--screenshot", str(shot)], env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "network blocked" not in r.stderr
    from PIL import Image

    with Image.open(shot) as im:
        assert im.width >= 600 and im.height >= 500
        colours = im.convert("RGB").resize((64, 40)).getcolors(64 * 40)
        assert colours is not None and len(colours) > 20  # a drawn window, not a blank image


def test_bundle_contents(bundle: Path) -> None:
    wheels = sorted(p.name for p in (bundle / "wheels" / "linux_x86_64").glob("*.whl"))
    assert any(w.startswith("fds_emergency_console-") for w in wheels)
    for dep in ("pyside6", "sqlalchemy", "pyyaml", "folium", "networkx", "qasync", "pyqtgraph"):
        assert any(w.lower().startswith(dep) for w in wheels), dep
    assert not list(bundle.rglob("*.tar.gz")), "every dependency must be a wheel (no build offline)"
    sums = (bundle / "SHA256SUMS").read_text("utf-8")
    assert "install.sh" in sums and "wheels/linux_x86_64/" in sums


def test_install_script_offline(bundle: Path, tmp_path: Path) -> None:
    env = offline_env(tmp_path)
    env["PYTHON"] = base_python()
    prefix = tmp_path / "fds"
    r = run(["sh", str(bundle / "install.sh"), str(prefix)], env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "安装完成" in r.stdout
    check_installed(prefix / "bin", prefix / "venv" / "share" / "fds-console", env, tmp_path)


def test_install_script_refuses_an_old_python(bundle: Path, tmp_path: Path) -> None:
    fake = tmp_path / "python-old"
    fake.write_text("#!/bin/sh\nexit 1\n", "utf-8")
    fake.chmod(0o755)
    env = offline_env(tmp_path)
    env["PYTHON"] = str(fake)
    r = run(["sh", str(bundle / "install.sh"), str(tmp_path / "nowhere")], env)
    assert r.returncode == 2
    assert "需要 Python 3.11" in r.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg 未安装：无法测试 .deb")
def test_deb_in_a_clean_root(bundle: Path, tmp_path: Path) -> None:
    (deb,) = bundle.glob("fds-console_*_amd64.deb")
    root = tmp_path / "root"
    admin = root / "var" / "lib" / "dpkg"
    for d in ("info", "updates", "triggers"):
        (admin / d).mkdir(parents=True)
    (admin / "status").write_text("", "utf-8")
    env = offline_env(tmp_path)
    # postinst finds python3 on PATH: put the base interpreter first (the root holds no system).
    pybin = tmp_path / "pybin"
    pybin.mkdir()
    (pybin / "python3").symlink_to(base_python())
    env["PATH"] = f"{pybin}:{env['PATH']}"
    r = run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends", "--force-not-root",
             "--log=/dev/null", "-i", str(deb)], env)
    assert r.returncode == 0, r.stdout + r.stderr
    app = root / "opt" / "fds-console"
    assert (root / "usr" / "share" / "applications" / "fds-console.desktop").is_file()
    assert (root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "fds-console.png").is_file()
    desktop = (root / "usr" / "share" / "applications" / "fds-console.desktop").read_text("utf-8")
    assert "Exec=fds-console" in desktop and "Name=食品药品安全应急指挥台" in desktop
    wrapper = (root / "usr" / "bin" / "fds-console").read_text("utf-8")
    assert "/opt/fds-console/venv/bin/fds-console" in wrapper
    # The wrappers name /opt (the installed place); run the same programs inside the root.
    check_installed(app / "venv" / "bin", app / "venv" / "share" / "fds-console", env, tmp_path)
    r = run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--log=/dev/null",
             "-r", "fds-console"], env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not (app / "venv").exists()
