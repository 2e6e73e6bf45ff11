"""A report draft is shared news (SQLite file and PostgreSQL, two consoles): starting and saving
one writes a ``room.report_draft`` event with the row, so another seat sees 「王五正在起草续报
（09:32 保存）」; once the draft moves on to 审核 it is no longer "being drafted"."""

from __future__ import annotations

from datetime import timedelta

from console.changes import Topic
from console.reports.service import DRAFT_EVENT
from console.room.stream import STREAM


def test_a_draft_started_and_saved_at_one_seat_is_seen_at_the_other(console, other, incident, clock) -> None:  # noqa: ANN001
    seen = []
    console.changes.subscribe(seen.append)
    rec = console.reports.draft(incident, "progress", actor="王五", role="duty_officer")
    got = other.reports.drafting(incident)
    assert [(d.report_id, d.actor, d.title, d.action) for d in got] == [(rec.id, "王五", "续报", "started")]
    assert got[0].line() == "王五正在起草续报（09:30 开始）"
    clock.advance(timedelta(minutes=2))
    console.reports.save(rec.id, {"cases": 50}, actor="王五", role="duty_officer")
    got = other.reports.drafting(incident)
    assert got[0].line("王五") == "王五正在起草续报（09:32 保存）"
    evs = [e for e in console.log.read(STREAM) if e.type == DRAFT_EVENT]
    assert [(e.actor, e.payload["report"], e.payload["action"]) for e in evs] == [
        ("王五", rec.id, "started"), ("王五", rec.id, "saved")]
    assert all(e.stream != STREAM for e in console.log.read(incident))  # the incident's version did not move
    assert seen and all(Topic.REPORTS in c.topics and Topic.ROOM in c.topics for c in seen)
    assert other.reports.drafting("no-such-incident") == []
    assert console.log.verify().ok
