"""Running the window's write commands off the GUI thread: one serial queue per console.

The shape follows Anki's ``CollectionOp`` (``qt/aqt/operations``): a command is a callable
that touches only the console (never a widget), run on a worker thread; its result — or the
exception it raised — comes back to the GUI thread, where ``success`` or ``failure`` applies it.
Meanwhile the event loop keeps running: typed text goes on landing in the field that has the
focus, timers fire, and a second command waits in the queue behind the first (never dropped,
never run beside it: the event log takes one writer at a time anyway).

Each thread uses its own database connection: SQLAlchemy's pool hands the worker a connection
of its own (SQLite opens them with ``check_same_thread=False``). A database in memory has one
connection for every thread (``StaticPool``), so its commands run inline, as do the commands
of a runner made with ``background=False`` (scripts and the tests that drive the panels call by
call).

A command still running after :data:`BUSY_AFTER_MS` shows the busy indicator (the cursor and
「正在…」 in the status bar, :class:`ui.widgets.busy.BusyIndicator`); a quicker one shows nothing.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from sqlalchemy.pool import StaticPool

from console.app import Console
from console.errors import Refused

BUSY_AFTER_MS = 200
"""A command that has not finished after this long shows the busy indicator."""

BACKGROUND = True
"""Whether new runners run commands on the worker thread (tests that drive the panels call by
call switch it off; the window started by ``main.py`` always uses the worker)."""

log = logging.getLogger(__name__)


@dataclass
class Command:
    """One queued command: ``op`` runs on the worker thread, the callbacks on the GUI thread."""

    label: str  # what it does, for the busy text: 「正在{label}…」
    op: Callable[[], Any]
    success: Callable[[Any], Any] | None = None
    failure: Callable[[Exception], Any] | None = None
    queued_at: float = field(default_factory=time.monotonic)


class CommandRunner(QObject):
    """The console's command queue. :meth:`run` queues a command; results come back in order."""

    sig_busy = Signal(str)
    """「正在…」 once a command has run longer than :data:`BUSY_AFTER_MS`; an empty text when idle."""
    sig_finished = Signal(object)
    """A command's result was applied (its :class:`Command`), on the GUI thread."""
    _delivered = Signal(object, object)  # (command, future): worker → GUI thread

    def __init__(self, console: Console | None = None, *, background: bool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        memory = console is not None and isinstance(console.db.engine.pool, StaticPool)
        self.background = (BACKGROUND if background is None else background) and not memory
        self._executor: ThreadPoolExecutor | None = None
        self._pending: deque[Command] = deque()  # submitted, result not yet applied (in order)
        self._busy_shown = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._delivered.connect(self._apply, Qt.ConnectionType.QueuedConnection)

    # -- queueing ----------------------------------------------------------------
    def run(self, label: str, op: Callable[[], Any], *, success: Callable[[Any], Any] | None = None,
            failure: Callable[[Exception], Any] | None = None) -> Command:
        """Queue ``op`` (touching no widget). ``success(result)`` or ``failure(exception)`` runs on
        the GUI thread once it is done; without ``failure`` an exception goes to the window's
        error hook (the outage banner for a database error)."""
        cmd = Command(label, op, success, failure)
        self._pending.append(cmd)
        if len(self._pending) == 1:
            self._busy_timer.start(BUSY_AFTER_MS)
        if not self.background:
            future: Future[Any] = Future()
            self._execute(cmd, future)
            self._apply(cmd, future)
            return cmd
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-command")
        future = self._executor.submit(self._worker, cmd)

        def deliver(f: Future[Any], c: Command = cmd) -> None:  # on the worker thread
            self._delivered.emit(c, f)

        future.add_done_callback(deliver)
        return cmd

    def _worker(self, cmd: Command) -> Any:
        box: Future[Any] = Future()
        self._execute(cmd, box)
        return box.result()  # re-raises the command's exception into the executor's future

    @staticmethod
    def _execute(cmd: Command, future: Future[Any]) -> None:
        try:
            future.set_result(cmd.op())
        except Exception as exc:  # noqa: BLE001 — handed to the GUI thread, shown there
            future.set_exception(exc)

    def _apply(self, cmd: Command, future: Future[Any]) -> None:
        """On the GUI thread: the command's result or its exception, in submission order."""
        if self._pending and self._pending[0] is cmd:
            self._pending.popleft()
        else:
            try:
                self._pending.remove(cmd)
            except ValueError:
                pass
        if not self._pending:
            self._busy_timer.stop()
            if self._busy_shown:
                self._busy_shown = False
                self.sig_busy.emit("")
        elif self._busy_shown:
            self.sig_busy.emit(self.busy_text())
        else:
            self._busy_timer.start(BUSY_AFTER_MS)
        try:
            exc = future.exception()
            if exc is None:
                if cmd.success is not None:
                    cmd.success(future.result())
            elif not isinstance(exc, Exception):
                raise exc
            elif cmd.failure is not None:
                if not isinstance(exc, Refused):  # a fault, not a refusal: into the error log too
                    log.error("后台命令失败：%s", cmd.label, exc_info=exc, extra={"where": f"后台命令：{cmd.label}"})
                cmd.failure(exc)
            else:
                raise exc
        finally:
            self.sig_finished.emit(cmd)

    # -- state -------------------------------------------------------------------
    @property
    def pending(self) -> int:
        """Commands queued or running whose result has not yet been applied."""
        return len(self._pending)

    def idle(self) -> bool:
        return not self._pending

    def busy_text(self) -> str:
        if not self._pending:
            return ""
        first = self._pending[0].label
        more = len(self._pending) - 1
        text = QCoreApplication.translate("MainWindow", "正在{what}…").format(what=first)
        if more:
            text += QCoreApplication.translate("MainWindow", "（另有 {n} 项排队）").format(n=more)
        return text

    def _show_busy(self) -> None:
        if self._pending:
            self._busy_shown = True
            self.sig_busy.emit(self.busy_text())

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Keep the event loop running until every queued command's result is applied (scripts and
        tests; the window itself never waits). False if ``timeout_ms`` passed first."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if self._pending:
                time.sleep(0.002)
        return not self._pending

    def shutdown(self) -> None:
        """Finish the queued commands (their results are not applied) and stop the worker."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None


_RUNNERS: weakref.WeakKeyDictionary[Console, CommandRunner] = weakref.WeakKeyDictionary()


def runner_for(console: Console) -> CommandRunner:
    """The console's command queue (made on first use; every panel of one console shares it)."""
    runner = _RUNNERS.get(console)
    if runner is None:
        runner = _RUNNERS[console] = CommandRunner(console)
    return runner
