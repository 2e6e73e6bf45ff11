"""The window after a fail-over: the status bar says which server the console now uses and how
many events it caught up, and the other consoles' events keep arriving."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QLabel

from console.store import EventLog, NewEvent, open_database
from tests.store._private_pg import ReplicatedPair, replicated_pair_or_skip
from ui.sync.live import start_live_sync


@pytest.fixture
def pair() -> Iterator[ReplicatedPair]:
    yield from replicated_pair_or_skip()


def _note(log: EventLog, text: str) -> None:
    log.append("duty-x", log.stream_version("duty-x"),
               [NewEvent("note", datetime.now(UTC), "乙席", "duty_officer", {"data": {"text": text}})])


@pytest.mark.postgres
def test_status_bar_names_the_standby_and_the_events_caught_up(qtbot, make_window, pair) -> None:  # type: ignore[no-untyped-def]
    db = open_database(pair.url)
    win = make_window(db)
    sync = start_live_sync(win, db)
    got: list = []  # type: ignore[type-arg]
    sync.events_arrived.connect(got.extend)
    other = EventLog(open_database(pair.url))  # another console
    try:
        qtbot.waitUntil(lambda: sync.feed.server == pair.primary.address, timeout=20000)
        _note(other, "切换前")
        qtbot.waitUntil(lambda: len(got) == 1, timeout=20000)
        pair.primary.kill()
        pair.standby.promote()
        for i in range(3):  # written on the promoted standby while this console is still reconnecting
            _note(other, f"切换后 {i}")
        qtbot.waitUntil(lambda: bool(sync.feed.switches), timeout=30000)
        switch = sync.feed.switches[0]
        expected = f"数据库已切换到备用服务器 {pair.standby.address}，已补齐 {switch.caught_up} 条事件"
        qtbot.waitUntil(lambda: win.statusBar().currentMessage() == expected, timeout=10000)
        qtbot.waitUntil(lambda: len(got) == 4, timeout=20000)
        assert [e.payload["data"]["text"] for e in got] == ["切换前", "切换后 0", "切换后 1", "切换后 2"]
        assert 0 <= switch.caught_up <= 3
        labels = [w for w in win.statusBar().findChildren(QLabel, "syncStatus") if w.toolTip() == expected]
        assert labels and labels[-1].text() == "同步：正常"
    finally:
        sync.stop()
