"""The console's own errors, in a file the administrator can read.

Uncaught exceptions in the window, errors shown in the banner or the status bar and background
commands that failed are written, one JSON object a line, to ``errors.log`` in the console's
data directory (next to the embedded database), rotated at :data:`MAX_BYTES` with
:data:`BACKUPS` older files (``errors.log.1`` … ``.3``). ``$FDS_ERROR_LOG`` names another file.

Writing goes through :mod:`logging`: :func:`install` attaches one :class:`ErrorLogHandler` to
the root logger at WARNING, so any ``log.error(…, exc_info=…)`` in the console lands here with
its traceback. :func:`read_errors` reads the file back as typed :class:`ErrorRecord` values,
newest first; a line that is not a record (a file edited by hand, a torn last line) is skipped.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from console.store.db import APP_NAME

LOG_NAME = "errors.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
ENV = "FDS_ERROR_LOG"
MAX_TEXT = 20_000  # one record's message or traceback: enough for any traceback, bounded

LEVELS = ("WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class ErrorRecord:
    """One of the console's own errors: when, how bad, where it arose, what, and its traceback."""

    time: datetime
    level: str
    where: str
    message: str
    traceback: str = ""

    def line(self) -> str:
        return json.dumps({"time": self.time.isoformat(), "level": self.level, "where": self.where,
                           "message": self.message[:MAX_TEXT], "traceback": self.traceback[-MAX_TEXT:]},
                          ensure_ascii=False)

    @staticmethod
    def parse(line: str) -> ErrorRecord | None:
        try:
            d = json.loads(line)
            t = datetime.fromisoformat(d["time"])
            return ErrorRecord(t if t.tzinfo else t.replace(tzinfo=UTC), str(d["level"]), str(d["where"]),
                               str(d["message"]), str(d.get("traceback") or ""))
        except (ValueError, KeyError, TypeError):
            return None


def default_path() -> Path:
    """``$FDS_ERROR_LOG``, else ``errors.log`` beside the embedded database."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / LOG_NAME


def log_files(path: Path) -> list[Path]:
    """The log and its rotated predecessors, newest first (those that exist)."""
    return [p for p in [path, *(path.with_name(f"{path.name}.{i}") for i in range(1, BACKUPS + 1))] if p.exists()]


def read_errors(path: Path | str | None = None, limit: int = 500) -> list[ErrorRecord]:
    """The newest ``limit`` records of the log at ``path`` (default :func:`default_path`), newest first."""
    path = Path(path) if path is not None else default_path()
    out: list[ErrorRecord] = []
    for f in log_files(path):
        try:
            lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in reversed(lines):
            rec = ErrorRecord.parse(line) if line.strip() else None
            if rec is not None:
                out.append(rec)
                if len(out) >= limit:
                    return out
    return out


class ErrorLogHandler(logging.handlers.RotatingFileHandler):
    """A rotating file of :class:`ErrorRecord` lines (WARNING and above)."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        self.setLevel(logging.WARNING)
        self.path = path

    def format(self, record: logging.LogRecord) -> str:
        return to_error_record(record).line()


def to_error_record(record: logging.LogRecord) -> ErrorRecord:
    tb = ""
    if record.exc_info and record.exc_info[0] is not None:
        tb = "".join(traceback.format_exception(*record.exc_info))
    elif record.exc_text:
        tb = record.exc_text
    where = getattr(record, "where", None) or f"{record.name}:{record.funcName}"
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        message = str(record.msg)
    if record.exc_info and record.exc_info[1] is not None:
        exc = record.exc_info[1]
        message = f"{message}：{type(exc).__name__}: {exc}" if message else f"{type(exc).__name__}: {exc}"
    return ErrorRecord(datetime.fromtimestamp(record.created, UTC), record.levelname, str(where), message, tb)


def install(path: Path | str | None = None) -> ErrorLogHandler:
    """Write the console's warnings and errors (the root logger's) to the error log at ``path``.
    Installing twice for the same file keeps one handler. Returns the handler (``.path``)."""
    target = Path(path) if path is not None else default_path()
    root = logging.getLogger()
    for h in root.handlers:
        if isinstance(h, ErrorLogHandler) and h.path == target:
            return h
    handler = ErrorLogHandler(target)
    root.addHandler(handler)
    if root.getEffectiveLevel() > logging.WARNING:
        root.setLevel(logging.WARNING)
    return handler


def uninstall(handler: ErrorLogHandler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()


def record_error(where: str, message: str, *, level: str = "ERROR", exc: BaseException | None = None) -> None:
    """Log one error (to the installed error log, if any) naming where it arose."""
    logging.getLogger("fds.health").log(
        getattr(logging, level, logging.ERROR), "%s", message, extra={"where": where},
        exc_info=(type(exc), exc, exc.__traceback__) if exc is not None else None)


__all__ = ["BACKUPS", "ENV", "LOG_NAME", "MAX_BYTES", "ErrorLogHandler", "ErrorRecord", "default_path", "install",
           "log_files", "read_errors", "record_error", "uninstall"]
