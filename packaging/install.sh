#!/bin/sh
# 食品药品安全应急指挥台 — offline installation on Linux (x86_64, Python 3.11+).
#   sh install.sh [PREFIX]        default PREFIX: /opt/fds-console (root) or ~/.local/share/fds-console
# Installs from the wheels next to this script only: no network is used (pip --no-index).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = "0" ]; then DEFAULT=/opt/fds-console; else DEFAULT="$HOME/.local/share/fds-console"; fi
PREFIX=${1:-$DEFAULT}
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "需要 Python 3.11 或更高版本（当前：$("$PY" --version 2>&1 || echo 未找到 "$PY")）。可用 PYTHON=/usr/bin/python3.11 sh install.sh 指定。" >&2
    exit 2
fi
WHEELS="$HERE/wheels/linux_x86_64"
if [ ! -d "$WHEELS" ]; then echo "找不到安装包目录 $WHEELS（安装介质不完整）" >&2; exit 2; fi
echo "安装到 $PREFIX ……"
"$PY" -m venv "$PREFIX/venv"
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$PREFIX/venv/bin/python" -m pip install --quiet --no-index --find-links "$WHEELS" fds-emergency-console
mkdir -p "$PREFIX/bin"
ln -sf ../venv/bin/fds-console "$PREFIX/bin/fds-console"
ln -sf ../venv/bin/fds-console-cli "$PREFIX/bin/fds-console-cli"
"$PREFIX/bin/fds-console-cli" plan check "$PREFIX/venv/share/fds-console/plans/"*.yaml >/dev/null
echo "安装完成。启动：$PREFIX/bin/fds-console    演示：$PREFIX/bin/fds-console --demo"
