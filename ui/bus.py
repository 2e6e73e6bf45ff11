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
    """The views following the bus: ``connect(slot)`` like a Qt signal; a slot of a widget that
    has since been deleted is skipped and dropped (as Qt would disconnect it)."""

    def __init__(self) -> None:
        self._slots: list[Callable[[], Callable[[ChangeSet], Any] | None]] = []

    def connect(self, slot: Callable[[ChangeSet], Any]) -> None:
        try:
            ref: Callable[[], Callable[[ChangeSet], Any] | None] = weakref.WeakMethod(slot)  # type: ignore[arg-type]
        except TypeError:  # a function, a lambda, a builtin's method (list.append): kept as given
            def ref(_s: Callable[[ChangeSet], Any] = slot) -> Callable[[ChangeSet], Any]:
                return _s
        self._slots.append(ref)

    def disconnect(self, slot: Callable[[ChangeSet], Any]) -> None:
        self._slots = [r for r in self._slots if r() != slot]

    def live(self) -> list[Callable[[ChangeSet], Any]]:
        out = []
        for ref in list(self._slots):
            slot = ref()
            owner = getattr(slot, "__self__", None)
            if slot is None or (isinstance(owner, QObject) and not shiboken6.isValid(owner)):
                self._slots.remove(ref)
                continue
            out.append(slot)
        return out

    def emit(self, changes: ChangeSet) -> None:
        for slot in self.live():
            slot(changes)


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
        self._local_change.emit(changes)

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
            owner = getattr(slot, "__self__", None)
            if not (isinstance(owner, QObject) and not shiboken6.isValid(owner)):
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
