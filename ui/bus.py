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
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal

from console.app import Console
from console.changes import REMOTE, ChangeSet

_REMEMBERED = 4096  # local event positions kept to recognise them when the feed brings them back


class ChangeBus(QObject):
    sig_changed = Signal(object)
    """A :class:`ChangeSet` committed by this console or arriving from another one."""
    _local_change = Signal(object)

    def __init__(self, console: Console, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Delivered from the event loop, after the command's caller has finished: a view never
        # redraws in the middle of another widget's handler, and a command run on a worker
        # thread reaches the views on the GUI thread.
        self._local_change.connect(self.sig_changed, Qt.ConnectionType.QueuedConnection)
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

    def flush(self) -> None:
        """Deliver this console's changes now (a command's handler calls it once its own state is
        set, so the views are current when the click has been handled)."""
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

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
