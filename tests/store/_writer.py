"""A writer process for the concurrency and crash tests (run with ``python -m``).

``bulk URL ACTOR N STREAM...``: append N events, one per call, cycling over the streams,
retrying stale appends on the fresh version; prints a JSON summary. ``steady`` is the same
without the random thinking time between reading the version and appending.
``crash URL SEED``: append forever, one event per call, and print each acknowledged event
as one JSON line, flushed, only after append() has returned (i.e. after COMMIT).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from console.store import EventLog, NewEvent, StaleAppend, open_database
from console.store.chain import to_us


def bulk(url: str, actor: str, n: int, streams: list[str], think: float = 0.003) -> None:
    log = EventLog(open_database(url))
    rng = random.Random(actor)
    retries = 0
    for i in range(n):
        stream = streams[i % len(streams)]
        event = NewEvent(
            "test.appended", datetime.now(UTC), actor, "tester", {"writer": actor, "i": i}
        )
        while True:
            try:
                version = log.stream_version(stream)
                if think:
                    time.sleep(rng.uniform(0, think))  # "thinking time", so writers really collide
                log.append(stream, version, [event])
                break
            except StaleAppend:
                retries += 1
    print(json.dumps({"actor": actor, "appended": n, "retries": retries}), flush=True)


def crash(url: str, seed: int) -> None:
    rng = random.Random(seed)
    log = EventLog(open_database(url))
    streams = ["incident-a", "incident-b", "incident-c"]
    versions = {s: log.stream_version(s) for s in streams}
    t = datetime(2024, 6, 1, tzinfo=UTC) + timedelta(seconds=seed)
    out = sys.stdout
    while True:
        stream = rng.choice(streams)
        size = rng.choice([0, 10, 100, 1000, 20_000])
        payload = {"seed": seed, "blob": "食" * size, "n": rng.random()}
        (e,) = log.append(
            stream, versions[stream], [NewEvent("crash.test", t, f"w{seed}", "tester", payload)]
        )
        versions[stream] = e.version
        record = {
            "seq": e.seq, "stream": e.stream, "version": e.version, "type": e.type,
            "occurred_us": to_us(e.occurred_at), "recorded_us": to_us(e.recorded_at),
            "actor": e.actor, "role": e.role, "mode": e.mode, "payload": e.payload,
            "prev_hash": e.prev_hash, "hash": e.hash,
        }  # fmt: skip
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    if sys.argv[1] == "bulk":
        bulk(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
    elif sys.argv[1] == "steady":  # no thinking time: as fast as the log takes them
        bulk(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:], think=0.0)
    else:
        crash(sys.argv[2], int(sys.argv[3]))
