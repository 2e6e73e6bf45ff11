#!/usr/bin/env bash
# Installs the Debian packages the console and its tests need, when they are missing:
# CJK fonts (the UI and reports are Chinese; WenQuanYi is a TrueType CJK font the PDF exports
# can embed), Qt's runtime libraries, poppler with its CJK maps (PDF to
# PNG in tests) and LibreOffice Writer (checks that exported DOCX files open and render).
# Runs apt-get only as root; otherwise prints what is missing.
set -eu
need=(fonts-noto-cjk fonts-wqy-microhei poppler-utils poppler-data libreoffice-writer-nogui libreoffice-draw-nogui
      libegl1 libnss3 libxkbcommon0
      libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcomposite1 libxdamage1 libxrandr2
      libxtst6 libxkbfile1 libasound2 libgl1)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages (install them with your package manager): ${missing[*]}" >&2
fi
