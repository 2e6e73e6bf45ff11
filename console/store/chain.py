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
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

GENESIS_HASH = "0" * 64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_ONE_US = timedelta(microseconds=1)
_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def to_us(when: datetime) -> int:
    """Exact integer microseconds since the epoch (no float rounding)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("时间必须带时区（timezone-aware），请使用 UTC 或带 tzinfo 的 datetime")
    return (when - EPOCH) // _ONE_US


@lru_cache(maxsize=4096)
def from_us(us: int) -> datetime:
    """The UTC datetime for stored microseconds."""
    return EPOCH + timedelta(microseconds=us)


@lru_cache(maxsize=4096)
def iso_us(us: int) -> str:
    """The ISO form used inside hashes: fixed width, UTC, six fractional digits."""
    return (_EPOCH_NAIVE + timedelta(microseconds=us)).isoformat(timespec="microseconds") + "Z"


def canonical_json(value: Any) -> str:
    """The one JSON spelling of a value: sorted keys, no spaces, no NaN."""
    return _ENCODER.encode(value)


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
    # Spelled out for speed; equal to canonical_json() of the list (tested).
    text = (
        f"[{int(seq)},{encode_basestring(stream)},{int(version)},{encode_basestring(type)},"
        f'"{iso_us(occurred_us)}","{iso_us(recorded_us)}",{encode_basestring(actor)},'
        f"{encode_basestring(role)},{encode_basestring(mode)},{payload_json},{encode_basestring(prev_hash)}]"
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
