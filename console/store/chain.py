"""The hash-chain definition, kept in one small module so it can be re-implemented.

Every event's hash is ``sha256`` over the UTF-8 bytes of the canonical JSON of::

    [seq, stream, version, type, occurred_at, recorded_at, actor, role, mode, payload, prev_hash]

Canonical JSON is Python's ``json.dumps(..., sort_keys=True, ensure_ascii=False,
separators=(",", ":"), allow_nan=False)``; times are UTC ISO strings with exactly six
fractional digits and a ``Z`` (``2024-05-01T08:30:00.000000Z``), derived from the
stored integer microseconds. The first event's ``prev_hash`` is :data:`GENESIS_HASH`.
docs/storage.md states the same thing for reviewers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

GENESIS_HASH = "0" * 64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)


def to_us(when: datetime) -> int:
    """Exact integer microseconds since the epoch (no float rounding)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("时间必须带时区（timezone-aware），请使用 UTC 或带 tzinfo 的 datetime")
    return (when - EPOCH) // _ONE_US


def from_us(us: int) -> datetime:
    """The UTC datetime for stored microseconds."""
    return EPOCH + timedelta(microseconds=us)


def iso_us(us: int) -> str:
    """The ISO form used inside hashes: fixed width, UTC, six fractional digits."""
    return from_us(us).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value: Any) -> str:
    """The one JSON spelling of a value: sorted keys, no spaces, no NaN."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def event_hash(
    *,
    seq: int,
    stream: str,
    version: int,
    type: str,
    occurred_us: int,
    recorded_us: int,
    actor: str,
    role: str,
    mode: str,
    payload_json: str,
    prev_hash: str,
) -> str:
    """Hash of one event. ``payload_json`` must be the canonical JSON of the payload.

    Splicing the stored canonical payload text into the list is byte-identical to
    ``canonical_json([... , payload, ...])`` (compact separators make JSON arrays
    compose), and it lets verification skip re-parsing every payload.
    """
    head = canonical_json([seq, stream, version, type, iso_us(occurred_us), iso_us(recorded_us), actor, role, mode])
    text = head[:-1] + "," + payload_json + "," + canonical_json(prev_hash) + "]"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
