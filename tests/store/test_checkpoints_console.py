"""The console signs a checkpoint after every status change when someone is signed in, and the
hourly one while an incident is open; without a signer nothing is signed."""

from __future__ import annotations

from datetime import timedelta

from console.app import Console
from console.store.checkpoints import HOURLY_REASON
from console.store.signing import Signer, new_private_key
from console.store.verify import verify_chain
from tests.records_fixtures import (  # noqa: F401  (fixtures)
    clock,
    console,
    db,
    db_url,
    incidents,
    open_school_incident,
    pg_database,
)
from tests.store.test_checkpoints import _register


def _signed_in(console: Console) -> Signer:  # noqa: F811
    signer = Signer("zhang", new_private_key())
    _register(console.log, "zhang", signer.public_key)
    console.signer = signer
    return signer


def test_status_changes_are_signed(console, clock) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _signed_in(console)
    iid = open_school_incident(console.incidents, clock)  # open, dispatch, verified
    cps = console.checkpoints.list()
    assert [c.reason for c in cps] == ["事件接报", "事件状态变更", "事件状态变更"]
    assert (cps[-1].seq, cps[-1].hash) == console.log.head()
    console.duty.note("电话已回访", actor="值班员甲", incident_id=iid)
    assert len(console.checkpoints.list()) == 3  # a duty note is not a status change
    report = verify_chain(console.db)
    assert report.ok and "3 个签名检查点均与日志相符" in report.message, report.message


def test_without_a_signer_nothing_is_signed(console, clock) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    open_school_incident(console.incidents, clock)
    assert console.checkpoints.list() == []
    assert console.checkpoint_if_due() is None


def test_checkpoint_if_due_signs_hourly(console, clock) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _signed_in(console)
    iid = open_school_incident(console.incidents, clock)
    assert console.checkpoint_if_due() is None  # just signed after the last status change
    clock.advance(timedelta(minutes=61))
    assert console.checkpoint_if_due() is None  # nothing written since
    console.duty.note("现场续报已收到", actor="值班员甲", incident_id=iid)
    clock.advance(timedelta(minutes=1))
    cp = console.checkpoint_if_due()
    assert cp is not None and cp.reason == HOURLY_REASON and (cp.seq, cp.hash) == console.log.head()
    assert console.checkpoint_if_due() is None
