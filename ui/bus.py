"""The window's one change bus: local commands and other consoles' events, as change sets.

Each console (:class:`console.app.Console`) has one bus (:func:`bus_for`). It listens to the
console's :class:`~console.changes.ChangeHub` for this console's own commands, and live sync
hands it the events other consoles appended (:meth:`ChangeBus.remote`). Either way every
subscriber receives a :class:`~console.changes.ChangeSet` on the GUI thread through
:attr:`ChangeBus.sig_changed` — from the event loop, just after the command returns — and
decides for itself what to redraw.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from console.app import Console
from console.changes import REMOTE, ChangeSet

_REMEMBERED = 4096  # local event positions kept to recognise them when the feed brings them back


class _Views:
    """The views following the bus: ``connect(slot)`` like a Qt signal. A slot whose widget has
    since been deleted is skipped and dropped, as Qt disconnects a destroyed receiver."""

    def __init__(self) -> None:
        self._slots: list[Callable[[ChangeSet], Any]] = []

    def connect(self, slot: Callable[[ChangeSet], Any]) -> None:
        self._slots.append(slot)
        owner = getattr(slot, "__self__", None)
        if isinstance(owner, QObject):  # dropped when its widget is destroyed (nothing kept alive)
            owner.destroyed.connect(lambda *_a, s=slot: self.disconnect(s))

    def disconnect(self, slot: Callable[[ChangeSet], Any]) -> None:
        self._slots = [s for s in self._slots if s != slot]

    def live(self) -> list[Callable[[ChangeSet], Any]]:
        self._slots = [s for s in self._slots if alive(s)]
        return list(self._slots)

    def emit(self, changes: ChangeSet) -> None:
        for slot in self.live():
            if alive(slot):  # (an earlier view's redraw may have closed this one)
                slot(changes)


def alive(slot: Callable[..., Any]) -> bool:
    """False once the QObject a bound slot belongs to has been deleted."""
    owner = getattr(slot, "__self__", None)
    return not (isinstance(owner, QObject) and not shiboken6.isValid(owner))


class ChangeBus(QObject):
    _local_change = Signal(object)

    def __init__(self, console: Console, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sig_changed = _Views()
        """A :class:`ChangeSet` committed by this console or arriving from another one:
        ``bus.sig_changed.connect(view.on_changes)``."""
        # Delivered from the event loop, after the command's caller has finished: a view never
        # redraws in the middle of another widget's handler, and a command run on a worker
        # thread reaches the views on the GUI thread.
        self._local_change.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # With commands on the worker thread (ui.widgets.runner), each view redraws in its own
        # turn of the event loop: input and timers get in between, and the GUI thread is never
        # held for every view's redraw at once. ``flush()`` still delivers everything at once.
        self.one_view_per_turn = False
        self._queue: deque[tuple[Callable[[ChangeSet], Any], ChangeSet]] = deque()
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._deliver_one)
        self._lock = threading.Lock()
        self._local: set[int] = set()
        self._order: deque[int] = deque()
        self._unsubscribe = console.changes.subscribe(self._published)

    def _published(self, changes: ChangeSet) -> None:
        """This console's own command (any thread): remember its events, announce it."""
        with self._lock:
            for seq in changes.seqs:
                self._local.add(seq)
                self._order.append(seq)
            while len(self._order) > _REMEMBERED:
                self._local.discard(self._order.popleft())
        try:
            self._local_change.emit(changes)
        except RuntimeError:  # the bus's window was destroyed while its console lives on: stop listening
            self._unsubscribe()

    def _deliver(self, changes: ChangeSet) -> None:
        if not self.one_view_per_turn:
            self.sig_changed.emit(changes)
            return
        self._queue.extend((slot, changes) for slot in self.sig_changed.live())
        if not self._next.isActive():
            self._next.start()

    def _deliver_one(self) -> None:
        if self._queue:
            slot, changes = self._queue.popleft()
            if self._queue:
                self._next.start()
            if alive(slot):
                slot(changes)

    def flush(self) -> None:
        """Deliver this console's changes now (a command's handler calls it once its own state is
        set, so the views are current when the click has been handled)."""
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self._next.stop()
        while self._queue:
            self._deliver_one()
        self._next.stop()

    @property
    def pending(self) -> int:
        """View redraws still waiting for their turn of the event loop."""
        return len(self._queue)

    def remote(self, events: Iterable[Any]) -> ChangeSet:
        """Events read from the log by live sync: announce those this console did not write."""
        with self._lock:
            fresh = [e for e in events if e.seq not in self._local]
        changes = ChangeSet.from_events(fresh, origin=REMOTE)
        if changes:
            self.sig_changed.emit(changes)
        return changes

    def close(self) -> None:
        self._unsubscribe()


_BUSES: weakref.WeakKeyDictionary[Console, ChangeBus] = weakref.WeakKeyDictionary()


def bus_for(console: Console) -> ChangeBus:
    """The console's bus (made on first use; every panel of one console shares it)."""
    bus = _BUSES.get(console)
    if bus is None:
        bus = _BUSES[console] = ChangeBus(console)
    return bus
