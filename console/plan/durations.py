"""ISO-8601 durations as plans write them (``PT30M``, ``PT2H``, ``P10D``, ``P1W``).

Only exact units are accepted: years and months have no fixed length, and a
deadline must mean the same thing on every replay.
"""

from __future__ import annotations

import re
from datetime import timedelta

from console.errors import Refused

_RE = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)


class DurationError(Refused, ValueError):
    """Not a valid ISO-8601 duration; the message says what to write instead."""


def parse_duration(text: str) -> timedelta:
    if not isinstance(text, str):
        raise DurationError(f"时长必须是 ISO-8601 字符串（如 PT30M），而不是 {text!r}")
    m = _RE.match(text)
    if not m or text in ("P", "PT") or text.endswith("T"):
        raise DurationError(
            f"无效的时长 {text!r}：应为 ISO-8601 格式，如 PT30M、PT2H、P1D、P10D（不支持年、月）"
        )
    parts = {k: int(v) if v else 0 for k, v in m.groupdict().items()}
    td = timedelta(
        weeks=parts["w"], days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"]
    )
    if td <= timedelta(0):
        raise DurationError(f"时长 {text!r} 必须大于零")
    return td


def format_duration(td: timedelta) -> str:
    """Short Chinese rendering for checklists and countdowns: 30分钟, 2小时, 10天."""
    secs = int(td.total_seconds())
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    mins, s = divmod(rem, 60)
    out = ""
    if days:
        out += f"{days}天"
    if hours:
        out += f"{hours}小时"
    if mins:
        out += f"{mins}分钟"
    if s:
        out += f"{s}秒"
    return out or "0分钟"
