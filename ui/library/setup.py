"""Adding a plan file for the first-run assistant: one call, one line of Chinese back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from console.app import Console
from console.errors import Refused
from console.library.divisions import division_name
from console.library.library import AlreadyInLibrary, PlanRefused


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanLibrarySetup", text)


def add_plan_file(console: Console, path: Path, actor: str, role: str) -> str:
    """Add ``path`` to the console's plan library; a one-line summary of what happened (the
    plan added, already there, or why it was refused — the first located error and how many)."""
    try:
        e = console.library.add_file(path, actor=actor, role=role)
    except PlanRefused as exc:
        first = exc.errors[0] if exc.errors else exc.diagnostics[0]
        return _tr("未加入：{file} 第 {line} 行第 {col} 列：{message}（共 {n} 处错误）").format(
            file=Path(path).name, line=first.line, col=first.col, message=first.message, n=len(exc.errors))
    except AlreadyInLibrary as exc:
        return _tr("已在预案库：{title} v{version}（{status}）").format(
            title=exc.entry.title, version=exc.entry.version, status=exc.entry.status_title)
    except Refused as exc:
        return _tr("未加入：{reason}").format(reason=str(exc))
    return _tr("已加入预案库：{title} v{version}（{place}，{domain}）").format(
        title=e.title, version=e.version, place=division_name(e.jurisdiction), domain=e.domain_title)
