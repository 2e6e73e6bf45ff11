"""Hostile import files built in the tests: a zip bomb named .xlsx, an oversized file."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CHUNK = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 20_000  # ~1 MB of repeated bytes


def zip_bomb(path: Path, megabytes: int, level: int = 1) -> Path:
    """An "xlsx" whose one sheet unpacks to ``megabytes`` MB of repeated bytes, streamed (never in
    memory): at level 1, 300 MB packs to about 1.6 MB; at level 9, about 700 times smaller."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            written = 0
            while written < megabytes * 1024 * 1024:
                fh.write(_CHUNK)
                written += len(_CHUNK)
    return path


def oversized(path: Path, megabytes: int) -> Path:
    """A file of ``megabytes`` MB (sparse: written in no time, refused by its size alone)."""
    with path.open("wb") as fh:
        fh.truncate(megabytes * 1024 * 1024)
    return path
