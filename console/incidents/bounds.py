"""Bounds on what a person gives an incident, checked before anything is written.

The limits themselves are in :mod:`console.plan.bounds` (facts are checked by the engine
against them). Here: the 接报 and event times, the position, the title and place, and the
data of every command. Each refusal is a :class:`~console.plan.engine.Rejected` (the
windows and services catch those) and one of the :mod:`console.errors` bounds classes,
with a Chinese reason naming the field and the limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from console.clock import CHINA_TZ
from console.errors import (
    OutsideJurisdiction,
    PositionOutOfBounds,
    ProjectionMismatch,
    TextTooLong,
    TimeOutOfBounds,
    ValueOutOfBounds,
)
from console.plan.bounds import CLOCK_SKEW, EARLIEST, LATEST, TEXT_MAX, number_text
from console.plan.engine import Rejected

# A jurisdiction's bounding box in GeoJSON order: (west, south, east, north), degrees.
Box = tuple[float, float, float, float]

# What the fields of a command's data are called (a refusal names the field).
DATA_LABELS: Mapping[str, str] = {
    "reason": "理由", "basis": "认定依据", "note": "备注", "summary": "会商摘要", "text": "记录内容",
    "event": "预案事件", "kind": "报告类型", "task": "任务", "request": "物资调用请求",
    "question": "会商议题", "outcome": "会商结论", "level": "级别", "area": "区域",
    "radius_m": "半径（米）", "lat": "纬度", "lon": "经度",
}
# The fields a person writes as free text: up to TEXT_MAX characters each. Any other text in a
# command's data (a hash, an id, a drill's pinned scenario text) up to DATA_TEXT_MAX.
FREE_TEXT = frozenset({"reason", "basis", "note", "summary", "text", "title", "dissent", "comment", "place"})
DATA_TEXT_MAX = 1024 * 1024  # the largest scenario file a drill pins in its start event
MAX_ITEMS = 10_000  # entries of one list in a command's data
MAX_DEPTH = 16  # how deeply a command's data may nest


class TimeRefused(Rejected, TimeOutOfBounds):
    """``backfill``: the time is allowed once the person confirms it is back-filled (补录)."""

    def __init__(self, field: str, reason: str, *, backfill: bool = False):
        self.field = field
        self.backfill = backfill
        super().__init__("time_bounds", reason)


class PositionRefused(Rejected, PositionOutOfBounds):
    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__("position_bounds", reason)


class OutsideRefused(Rejected, OutsideJurisdiction):
    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__("outside_jurisdiction", reason)


class TextRefused(Rejected, TextTooLong):
    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__("text_too_long", reason)


class ValueRefused(Rejected, ValueOutOfBounds):
    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__("value_bounds", reason)


class ProjectionRefused(Rejected, ProjectionMismatch):
    """The incident's projection row differed from its log; it has been rebuilt from the log."""

    def __init__(self, incident_id: str, after_version: int, differences: list[str]):
        self.incident_id = incident_id
        self.after_version = after_version
        self.differences = list(differences)
        shown = "；".join(differences[:4]) + ("……" if len(differences) > 4 else "")
        super().__init__("projection", f"事件投影与日志不符（第 {after_version} 号事件之后被改动）："
                                       f"已按日志重建，请核对后重试（{shown}）")


def _t(at: datetime) -> str:
    try:
        at = at.astimezone(CHINA_TZ)
    except OverflowError:  # the last day of year 9999 has no China time
        pass
    return at.strftime("%Y-%m-%d %H:%M:%S")


def _skew_minutes() -> int:
    return int(CLOCK_SKEW.total_seconds() // 60)


# -- texts -------------------------------------------------------------------------------
def check_text(label: str, value: object, limit: int) -> None:
    """A text (or None) of at most ``limit`` characters."""
    if value is None:
        return
    if not isinstance(value, str):
        raise TextRefused(label, f"「{label}」必须是文本")
    if len(value) > limit:
        raise TextRefused(label, f"「{label}」过长（{len(value):,} 字，上限 {limit:,} 字）")


# Numbers inside a command's data (not facts, which have the plan's limits): exact in JSON and
# every reader (2^53 − 1), which also holds the microsecond times some records carry.
DATA_NUMBER_MAX = 2**53 - 1


def check_data(data: Mapping[str, Any]) -> None:
    """A command's data: free text (a note, a reason …) at most TEXT_MAX characters, other texts at
    most DATA_TEXT_MAX, every number finite and within ±DATA_NUMBER_MAX, nested at most MAX_DEPTH
    deep. Facts are the engine's to check (by their labels and the plan's limits)."""
    for key, value in data.items():
        if key == "facts":
            continue
        limit = TEXT_MAX if key in FREE_TEXT else DATA_TEXT_MAX
        _check_value(DATA_LABELS.get(str(key), str(key)), value, 1, limit)


def _check_value(label: str, value: object, depth: int, limit: int = DATA_TEXT_MAX) -> None:
    if depth > MAX_DEPTH:
        raise ValueRefused(label, f"「{label}」嵌套过深（上限 {MAX_DEPTH} 层）")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        check_text(label, value, limit)
    elif isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueRefused(label, f"「{label}」必须是有限的数值，而不是 {value!r}")
        if abs(value) > DATA_NUMBER_MAX:
            raise ValueRefused(label, f"「{label}」不能超过 ±{number_text(DATA_NUMBER_MAX)}"
                                      f"（填写的是 {number_text(value)}）")
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_value(DATA_LABELS.get(str(k), f"{label}.{k}"), v, depth + 1,
                         TEXT_MAX if k in FREE_TEXT else DATA_TEXT_MAX)
    elif isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise ValueRefused(label, f"「{label}」的条目过多（{len(value):,} 条，上限 {MAX_ITEMS:,} 条）")
        for v in value:
            _check_value(label, v, depth + 1, limit)
    else:
        raise ValueRefused(label, f"「{label}」的值无法记录（{type(value).__name__}）")


# -- positions ---------------------------------------------------------------------------
def check_position(lat: object, lon: object, box: Box | None, *, outside_ok: bool) -> None:
    """Both coordinates or neither; finite; lat in [-90, 90], lon in [-180, 180]; inside the
    jurisdiction's box unless ``outside_ok`` (the person confirmed a place outside it)."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise PositionRefused("位置", "「位置」须同时填写纬度和经度（或都不填）")
    for label, v, limit in (("纬度", lat, 90), ("经度", lon, 180)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise PositionRefused(label, f"「{label}」必须是有限的数值，而不是 {v!r}")
        if not -limit <= v <= limit:
            raise PositionRefused(label, f"「{label}」须在 -{limit} 到 {limit} 之间（填写的是 {v}）")
    assert isinstance(lat, (int, float)) and isinstance(lon, (int, float))
    if box is None or outside_ok:
        return
    west, south, east, north = box
    if not (south <= lat <= north and west <= lon <= east):
        raise OutsideRefused("位置", f"「位置」（纬度 {lat:.5f}，经度 {lon:.5f}）在辖区范围之外"
                                     f"（纬度 {south:.3f}–{north:.3f}，经度 {west:.3f}–{east:.3f}）："
                                     "确需在辖区外接报，请确认后重试")


# -- times -------------------------------------------------------------------------------
def _aware(label: str, at: object) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise TimeRefused(label, f"「{label}」必须是带时区的时间")
    return at


def check_received_at(at: object, now: datetime) -> datetime:
    """The 接报 time: not before EARLIEST, not after now plus the clock skew."""
    when = _aware("接报时间", at)
    if when < EARLIEST:
        raise TimeRefused("接报时间", f"「接报时间」{_t(when)} 早于 {_t(EARLIEST)}：不能早于 2000 年")
    if when > now + CLOCK_SKEW or when > LATEST:
        raise TimeRefused("接报时间", f"「接报时间」{_t(when)} 晚于现在（{_t(now)}）"
                                    f"超过 {_skew_minutes()} 分钟：不能接报将来的事件")
    return when


def check_clock(now: datetime) -> None:
    """The console's own clock, when it is the event time: within EARLIEST and LATEST."""
    if not EARLIEST <= now <= LATEST:
        raise TimeRefused("发生时间", f"「发生时间」{_t(now)} 不在 {_t(EARLIEST)} 至 {_t(LATEST)} 之间："
                                    "请检查本机时钟")


def is_backfill(at: datetime, now: datetime) -> bool:
    """Is ``at`` earlier than now by more than the clock skew (a back-filled record)?"""
    return at < now - CLOCK_SKEW


def check_event_time(at: object, last: datetime, now: datetime, *, backfilled: bool) -> datetime:
    """A command's time: not before the incident's last event, not after now plus the skew;
    earlier than now minus the skew only when the person said it is back-filled (补录)."""
    when = _aware("发生时间", at)
    if when < EARLIEST:
        raise TimeRefused("发生时间", f"「发生时间」{_t(when)} 早于 {_t(EARLIEST)}：不能早于 2000 年")
    if when > now + CLOCK_SKEW or when > LATEST:
        raise TimeRefused("发生时间", f"「发生时间」{_t(when)} 晚于现在（{_t(now)}）"
                                    f"超过 {_skew_minutes()} 分钟：不能记录将来的事")
    if when < last:
        raise TimeRefused("发生时间", f"「发生时间」{_t(when)} 早于该事件的上一条记录（{_t(last)}）："
                                    "时间不能倒流，补录也不能早于已记录的事件")
    if is_backfill(when, now) and not backfilled:
        raise TimeRefused("发生时间", f"「发生时间」{_t(when)} 早于现在 {_skew_minutes()} 分钟以上："
                                    "这是补录，须明确确认为补录后重试", backfill=True)
    return when
