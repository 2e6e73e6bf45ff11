"""``make dist``: everything a machine on an isolated network needs to install the console.

    python tools/dist.py [--out DIR] [--platforms linux,windows] [--no-deb]

Builds ``DIR/fds-console-VERSION/`` (default ``dist/``):

    wheels/linux_x86_64/   the console's wheel and a wheel of every dependency (CPython 3.11, x86_64)
    wheels/win_amd64/      the same for Windows, fetched with ``pip download --platform win_amd64``
    MISSING-win_amd64.txt  the dependencies with no Windows wheel, said plainly (「无」 when none)
    install.sh, install.ps1, README.txt, plans/, scenarios/ (to read; the wheel carries them too)
    fds-console_VERSION_amd64.deb   for Debian-based desktops (麒麟、统信 …), when dpkg-deb exists
    SHA256SUMS

The wheel carries the shipped plans, scenarios, demo data, reference lists and the offline map
assets (pyproject.toml: package data and data files). Only the package index is read, while
building; installing reads nothing but the bundle (docs/install.md).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
PACKAGE = "fds-emergency-console"
PYTHON_VERSION = "3.11"


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise SystemExit("pyproject.toml 中没有 version")
    return m.group(1)


def pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pip", *args], cwd=cwd, text=True, capture_output=True)


def build_wheel(dest: Path) -> Path:
    """The console's own wheel, built from a copy of the tree (the checkout stays clean)."""
    with tempfile.TemporaryDirectory(prefix="fds-dist-src-") as tmp:
        src = Path(tmp) / "src"
        ignore = shutil.ignore_patterns(".venv", ".git", "dist", "build", "out", "__pycache__", "*.egg-info",
                                        ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "mutants",
                                        "tests", "bench", "docs")
        shutil.copytree(ROOT, src, ignore=ignore)
        shutil.copy2(ROOT / "README.md", src / "README.md")
        r = pip("wheel", "--no-deps", "--quiet", "-w", str(dest), str(src))
        if r.returncode != 0:
            raise SystemExit(f"构建指挥台安装包失败：\n{r.stderr}")
    wheels = sorted(dest.glob("fds_emergency_console-*.whl"))
    if not wheels:
        raise SystemExit("构建指挥台安装包失败：没有生成 wheel")
    return wheels[-1]


def download_linux(wheel: Path, dest: Path) -> None:
    r = pip("download", "--quiet", "--only-binary=:all:", "-d", str(dest), str(wheel))
    if r.returncode != 0:
        raise SystemExit(f"下载 Linux 依赖失败：\n{r.stderr}")


def download_windows(wheel: Path, linux: Path, dest: Path) -> list[str]:
    """Windows wheels where they exist; returns the requirements that have none."""
    common = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", PYTHON_VERSION,
              "--implementation", "cp", "-d", str(dest)]
    r = pip("download", "--quiet", *common, str(wheel))
    if r.returncode == 0:
        return []
    # One by one, at the versions resolved for Linux, to say exactly which ones are missing.
    missing = []
    shutil.copy2(wheel, dest / wheel.name)
    for w in sorted(linux.glob("*.whl")):
        if w.name == wheel.name:
            continue
        name, ver = w.name.split("-")[:2]
        r = pip("download", "--quiet", "--no-deps", *common, f"{name}=={ver}")
        if r.returncode != 0:
            missing.append(f"{name}=={ver}")
    return missing


def build_deb(version_: str, linux_wheels: Path, out: Path) -> Path | None:
    if shutil.which("dpkg-deb") is None:
        return None
    deb = out / f"fds-console_{version_}_amd64.deb"
    with tempfile.TemporaryDirectory(prefix="fds-deb-") as tmp:
        root = Path(tmp) / "root"
        opt = root / "opt" / "fds-console"
        shutil.copytree(linux_wheels, opt / "wheels")
        (root / "DEBIAN").mkdir(parents=True)
        size_kb = sum(f.stat().st_size for f in opt.rglob("*") if f.is_file()) // 1024
        (root / "DEBIAN" / "control").write_text(
            f"Package: fds-console\nVersion: {version_}\nArchitecture: amd64\n"
            "Maintainer: 食品药品安全应急指挥台 <fds-console@localhost>\n"
            "Depends: python3 (>= 3.11), python3-venv\n"
            f"Installed-Size: {size_kb}\nSection: misc\nPriority: optional\n"
            "Description: 食品药品安全应急指挥台 (command console for food and drug safety emergencies)\n"
            " 接报、核实、分级、响应、终止的应急预案状态机，地图、应急物资、专家会商与信息报告。\n"
            " Installs offline from the wheels it carries.\n", "utf-8")
        for script in ("postinst", "prerm"):
            path = root / "DEBIAN" / script
            shutil.copy2(PACKAGING / f"deb-{script}", path)
            path.chmod(0o755)
        bin_dir = root / "usr" / "bin"
        bin_dir.mkdir(parents=True)
        for cmd in ("fds-console", "fds-console-cli"):
            path = bin_dir / cmd
            path.write_text(f'#!/bin/sh\nexec /opt/fds-console/venv/bin/{cmd} "$@"\n', "utf-8")
            path.chmod(0o755)
        apps = root / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        shutil.copy2(PACKAGING / "fds-console.desktop", apps / "fds-console.desktop")
        icons = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
        icons.mkdir(parents=True)
        shutil.copy2(PACKAGING / "fds-console.png", icons / "fds-console.png")
        docs = root / "usr" / "share" / "doc" / "fds-console"
        docs.mkdir(parents=True)
        shutil.copy2(ROOT / "docs" / "install.md", docs / "install.md")
        r = subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build", str(root), str(deb)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"构建 .deb 失败：\n{r.stderr}")
    return deb


def sha256sums(out: Path) -> None:
    lines = []
    for f in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        h = hashlib.sha256(f.read_bytes()).hexdigest()
        lines.append(f"{h}  {f.relative_to(out).as_posix()}")
    (out / "SHA256SUMS").write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="构建离线安装包（make dist）")
    p.add_argument("--out", default=str(ROOT / "dist"), help="输出目录（默认 dist/）")
    p.add_argument("--platforms", default="linux,windows", help="linux、windows，逗号分隔")
    p.add_argument("--no-deb", action="store_true", help="不构建 .deb")
    args = p.parse_args(argv)
    platforms = {x.strip() for x in args.platforms.split(",") if x.strip()}
    if not platforms <= {"linux", "windows"} or not platforms:
        p.error("--platforms 只能是 linux、windows")
    started = time.monotonic()
    ver = version()
    out = Path(args.out) / f"fds-console-{ver}"
    if out.exists():
        shutil.rmtree(out)
    linux = out / "wheels" / "linux_x86_64"
    linux.mkdir(parents=True)
    wheel = build_wheel(linux)
    print(f"指挥台安装包：{wheel.name}")
    download_linux(wheel, linux)
    print(f"Linux 依赖：{len(list(linux.glob('*.whl')))} 个安装包")
    if "windows" in platforms:
        win = out / "wheels" / "win_amd64"
        win.mkdir(parents=True)
        missing = download_windows(wheel, linux, win)
        (out / "MISSING-win_amd64.txt").write_text(
            ("\n".join(missing) + "\n") if missing else "无（所有依赖都有 Windows 安装包）\n", "utf-8")
        print(f"Windows 依赖：{len(list(win.glob('*.whl')))} 个安装包；缺少：{'、'.join(missing) or '无'}")
    for script in ("install.sh", "install.ps1"):
        shutil.copy2(PACKAGING / script, out / script)
    (out / "install.sh").chmod(0o755)
    shutil.copy2(PACKAGING / "README-install.txt", out / "README.txt")
    shutil.copytree(ROOT / "plans", out / "plans")
    shutil.copytree(ROOT / "scenarios", out / "scenarios")
    if "linux" in platforms and not args.no_deb:
        deb = build_deb(ver, linux, out)
        print(f".deb：{deb.name}" if deb else ".deb：未构建（本机没有 dpkg-deb）")
    sha256sums(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
    print(f"完成：{out}（{size:.0f} MB，用时 {time.monotonic() - started:.0f} 秒）")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    raise SystemExit(main())
