"""A database server that can fail: a private primary with a synchronous streaming standby.

Two consoles write on the multi-host URL (``…h1:p1,h2:p2/db?target_session_attrs=read-write``);
the primary is killed mid-stream (``pg_ctl stop -m immediate``) and the standby promoted. Every
acknowledged write is on the new primary exactly once, nothing is written twice, the chain
verifies, the consoles carry on by themselves, and a follower's feed re-subscribes on the new
server and reports the switch with the number of events it caught up.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.app import Console
from console.errors import Refused
from console.store import EventLog, open_database
from console.store.backup import backup
from console.store.db import server_addresses
from console.sync.feed import ChangeFeed, Switchover
from tests.records_fixtures import MUNICIPAL
from tests.store._private_pg import ReplicatedPair, replicated_pair_or_skip


@pytest.fixture
def pair() -> Iterator[ReplicatedPair]:
    yield from replicated_pair_or_skip()


class Writer(threading.Thread):
    """One console writing duty notes (the centre's shared ``duty`` stream) as fast as it can."""

    def __init__(self, url: str, name: str, incident: str | None = None) -> None:
        super().__init__(daemon=True)
        self.console = Console(open_database(url))
        self.name_ = name
        self.incident = incident  # also send 事实更新 commands on this incident (its version guards it)
        self.acked: list[str] = []
        self.refused: list[tuple[str, str]] = []
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            text = f"{self.name_} 第{i}条"
            try:
                if self.incident is not None and i % 2 == 0:
                    text = f"cases={i}"
                    version = self.console.incidents.summary(self.incident).version
                    self.console.incidents.command(self.incident, "facts", {"facts": {"cases": i}},
                                                   actor=self.name_, role="duty_officer",
                                                   expected_version=version)
                else:
                    self.console.duty.note(text, actor=self.name_)
            except Refused as exc:  # no server yet, or the commit could not be settled: said in Chinese
                self.refused.append((text, exc.reason))
                time.sleep(0.05)
                continue
            except BaseException as exc:  # noqa: BLE001 — a traceback would be a bug: the test names it
                self.errors.append(exc)
                return
            self.acked.append(text)

    def wait_acked(self, n: int, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while len(self.acked) < n and time.monotonic() < end and not self.errors:
            time.sleep(0.02)
        assert not self.errors, self.errors
        assert len(self.acked) >= n, (len(self.acked), self.refused[-3:])


class Follower:
    def __init__(self, url: str, after: int) -> None:
        self.switches: list[Switchover] = []
        self.got: list = []  # type: ignore[type-arg]
        self.feed = ChangeFeed(open_database(url), after_seq=after, heartbeat=0.3, reconnect_max=0.3,
                               on_switch=self.switches.append)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=lambda: self.loop.run_until_complete(self.feed.run(self.got.extend)),
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.feed.stop)
        self.thread.join(timeout=15)


@pytest.mark.postgres
def test_primary_killed_mid_stream_standby_promoted_nothing_lost_nothing_twice(pair: ReplicatedPair) -> None:
    primary, standby = pair.primary.address, pair.standby.address
    assert server_addresses(pair.url) == [primary, standby]
    first = open_database(pair.url)  # creates the schema on the primary (replicated)
    assert first.server() == primary
    incident = Console(first).incidents.open(MUNICIPAL, title="某超市冷冻水饺疑似致病", actor="值班员甲",
                                             role="duty_officer", facts={"cases": 3}, place="华龙区").incident_id
    follower = Follower(pair.url, after=EventLog(first).head()[0])
    writers = [Writer(pair.url, "甲席"), Writer(pair.url, "乙席", incident=incident)]
    try:
        for w in writers:
            w.start()
        for w in writers:
            w.wait_acked(15)
        before = {w.name_: len(w.acked) for w in writers}
        pair.fail_over()  # mid-stream: both consoles are writing
        for w in writers:
            w.wait_acked(before[w.name_] + 15)  # they carry on by themselves on the promoted standby
        for w in writers:
            w.stop.set()
        for w in writers:
            w.join(timeout=60)
            assert not w.errors, w.errors
        db = open_database(pair.url)
        assert db.server() == standby
        log = EventLog(db)
        texts = Counter(e.payload["text"] for e in log.read("duty"))
        texts.update(f"cases={e.payload['data']['facts']['cases']}" for e in log.read(incident)
                     if e.type == "facts")
        for w in writers:
            for text in w.acked:
                assert texts[text] == 1, f"acknowledged {text!r} is there {texts[text]} times"
            for text, reason in w.refused:
                assert texts[text] <= 1, f"refused {text!r} was written {texts[text]} times"
                assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), reason  # a Chinese message
        assert max(texts.values()) == 1
        assert log.verify().ok
        assert Console(db).duty.verify() == []  # every duty row has its event and no other
        rebuilt, projected = Console(db).incidents.replay(incident)  # the projection is the log's
        assert rebuilt.to_json() == projected.to_json()
        assert any(t.startswith("cases=") for t in writers[1].acked)
        # the follower re-subscribed on the new primary, said so, and delivered everything once
        head = log.head()[0]
        end = time.monotonic() + 30
        while (not follower.got or follower.got[-1].seq < head) and time.monotonic() < end:
            time.sleep(0.05)
        seqs = [e.seq for e in follower.got]
        assert seqs == list(range(seqs[0], head + 1)), "the feed missed, repeated or reordered an event"
        assert [s.new for s in follower.switches] == [standby]
        switch = follower.switches[0]
        assert switch.old == primary
        assert switch.line() == f"数据库已切换到备用服务器 {standby}，已补齐 {switch.caught_up} 条事件"
        assert 0 <= switch.caught_up <= head - switch.after_seq
    finally:
        for w in writers:
            w.stop.set()
        follower.stop()


@pytest.mark.postgres
def test_commit_with_no_server_to_answer_is_refused_in_chinese_and_written_once_later(
        pair: ReplicatedPair, tmp_path: Path) -> None:
    """The primary dies and nobody promotes the standby within the wait: the write is refused with
    a message saying to look before sending again, never silently lost or doubled."""
    console = Console(open_database(pair.url))
    console.log.reconnect_wait = 1.0
    console.duty.note("故障前一条", actor="甲席")
    pair.primary.kill()
    with pytest.raises(Refused) as refused:
        console.duty.note("无人接管时的一条", actor="甲席")
    assert "数据库" in refused.value.reason
    pair.standby.promote()
    end = time.monotonic() + 30
    while True:
        try:
            console.duty.note("切换后的一条", actor="甲席")
            break
        except Refused:
            assert time.monotonic() < end
            time.sleep(0.1)
    texts = Counter(e.payload["text"] for e in console.log.read("duty"))
    assert texts["故障前一条"] == 1 and texts["切换后的一条"] == 1
    assert texts["无人接管时的一条"] <= 1
    assert console.log.verify().ok
    # pg_dump takes the same list of hosts and backs up the promoted standby
    record = backup(console.db, tmp_path / "after.dump", actor="admin", role="admin", clock=console.clock,
                    log=console.log)
    assert record.kind == "pg_dump" and record.head_seq == console.log.head()[0] - 1


@pytest.mark.postgres
def test_commit_whose_answer_is_lost_is_found_and_not_written_again(pg_database: str) -> None:
    """The server committed but the acknowledgement never arrived: the append finds its own event
    (seq and hash) on the server and returns it — once, not appended a second time."""
    from tests.store._cutting_proxy import CuttingProxy
    from tests.store.conftest import PG_HOST, PG_PORT

    proxy = CuttingProxy(PG_HOST, PG_PORT)
    try:
        console = Console(open_database(f"postgresql://root@127.0.0.1:{proxy.port}/{pg_database}"))
        console.duty.note("应答丢失前一条", actor="甲席")
        proxy.armed.set()
        entry = console.duty.note("应答丢失的一条", actor="甲席")
        assert proxy.cuts == 1
        assert entry.text == "应答丢失的一条"
        assert console.log.in_doubt == {"committed": 1, "not_committed": 0}
        texts = Counter(e.payload["text"] for e in console.log.read("duty"))
        assert texts["应答丢失的一条"] == 1
        assert console.log.verify().ok
        assert console.duty.verify() == []
    finally:
        proxy.close()


def test_multi_host_url_is_read_and_written_back_for_libpq() -> None:
    from console.store.db import Database, DatabaseError, libpq_conninfo, libpq_uri, normalise_url

    url = "postgresql://fds:secret@10.0.1.11:5432,10.0.1.12:5433/centre?target_session_attrs=read-write"
    assert normalise_url(url) == ("postgresql+psycopg://fds:secret@/centre?host=10.0.1.11:5432&host=10.0.1.12:5433"
                                  "&target_session_attrs=read-write")
    assert server_addresses(url) == ["10.0.1.11:5432", "10.0.1.12:5433"]
    assert libpq_uri(url) == url
    assert libpq_uri(url, password=False) == url.replace(":secret", "")  # for pg_dump: PGPASSWORD instead
    db = Database(url)
    assert "secret" not in str(db) and "10.0.1.11:5432,10.0.1.12:5433" in str(db)
    conninfo = libpq_conninfo(db)
    assert "host=10.0.1.11,10.0.1.12" in conninfo and "port=5432,5433" in conninfo
    assert "target_session_attrs=read-write" in conninfo
    assert server_addresses("postgresql://u@db.local/centre") == ["db.local:5432"]
    with pytest.raises(DatabaseError) as e:
        normalise_url("postgresql://u@h1:5432,,h2:5432/centre")
    assert "服务器列表有空项" in e.value.reason
