"""The call that an incident was received from (接报信息): when it happened, who called, from
which unit and number, and how the report came in.

These facts are logged with the incident's ``open`` event (``data["call"]``), checked before
anything is written like every other input (:func:`check_call`), and read back from the log
(:meth:`~console.incidents.service.IncidentService.call_facts`). The 初报 takes its 发生时间,
报告人 and 联系电话 from them, so nothing said on the phone is typed twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.clock import CHINA_TZ
from console.incidents.bounds import TextRefused, TimeRefused, ValueRefused, check_text
from console.plan.bounds import CLOCK_SKEW, EARLIEST

#: How a report reached the centre (接报方式): stored id → Chinese name.
CHANNELS: Mapping[str, str] = {
    "phone": "电话",
    "hotline": "12345/12315 转办",
    "hospital": "医院报告",
    "school": "学校报告",
    "cdc": "疾控机构报告",
    "superior": "上级交办",
    "media": "媒体",
    "other": "其他",
}
CALLER_MAX = 50  # 报告人 (the 初报's 报告人 field holds 50)
UNIT_MAX = 100  # 报告单位
PHONE_MAX = 30  # 来电号码 (the 初报's 联系电话 field holds 30)
SYMPTOMS_MAX = 200  # 主要症状, as the caller describes them
_PHONE = re.compile(r"^[0-9+\-() 转]{3,30}$")


@dataclass(frozen=True)
class CallFacts:
    """What the caller said, as logged with the open event. Every field may be empty."""

    occurred_at: datetime | None = None  # 发生时间 (when it started or was discovered), aware
    caller: str | None = None  # 报告人
    caller_unit: str | None = None  # 报告单位
    phone: str | None = None  # 来电号码
    channel: str | None = None  # 接报方式: a key of CHANNELS
    symptoms: str | None = None  # 主要症状

    @property
    def channel_name(self) -> str | None:
        return CHANNELS.get(self.channel) if self.channel else None

    def is_empty(self) -> bool:
        return all(v in (None, "") for v in (self.occurred_at, self.caller, self.caller_unit, self.phone,
                                              self.channel, self.symptoms))

    def to_data(self) -> dict[str, Any]:
        """The event data (JSON): the time as ISO text with its offset; empty fields left out."""
        out: dict[str, Any] = {}
        if self.occurred_at is not None:
            out["occurred_at"] = self.occurred_at.isoformat(timespec="seconds")
        for key in ("caller", "caller_unit", "phone", "channel", "symptoms"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> CallFacts:
        """Read what :meth:`to_data` wrote (an open event without call facts: all empty)."""
        if not data:
            return cls()
        at = data.get("occurred_at")
        return cls(occurred_at=datetime.fromisoformat(at) if isinstance(at, str) else None,
                   caller=data.get("caller"), caller_unit=data.get("caller_unit"), phone=data.get("phone"),
                   channel=data.get("channel"), symptoms=data.get("symptoms"))


def _clean(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return value  # type: ignore[return-value]  # check_text names the field
    return value.strip() or None


def check_call(call: CallFacts | Mapping[str, Any] | None, received_at: datetime) -> CallFacts:
    """The call facts cleaned (texts stripped) and checked, or a refusal naming the field:
    发生时间 with a time zone, not before 2000 and not after the 接报 time (plus the clock
    skew); 报告人, 报告单位 and 主要症状 within their lengths; 来电号码 digits (and + - ( ) 转);
    接报方式 one of :data:`CHANNELS`."""
    if call is None:
        return CallFacts()
    if isinstance(call, Mapping):
        unknown = set(call) - {"occurred_at", "caller", "caller_unit", "phone", "channel", "symptoms"}
        if unknown:
            raise ValueRefused("接报信息", f"「接报信息」中没有「{'、'.join(sorted(unknown))}」")
        at = call.get("occurred_at")
        if isinstance(at, str):
            try:
                at = datetime.fromisoformat(at)
            except ValueError:
                raise TimeRefused("发生时间", f"「发生时间」不是有效时间（填写的是「{at}」）") from None
        call = CallFacts(occurred_at=at, caller=call.get("caller"), caller_unit=call.get("caller_unit"),
                         phone=call.get("phone"), channel=call.get("channel"), symptoms=call.get("symptoms"))
    caller, unit = _clean(call.caller), _clean(call.caller_unit)
    phone, channel, symptoms = _clean(call.phone), _clean(call.channel), _clean(call.symptoms)
    check_text("报告人", caller, CALLER_MAX)
    check_text("报告单位", unit, UNIT_MAX)
    check_text("主要症状", symptoms, SYMPTOMS_MAX)
    check_text("来电号码", phone, PHONE_MAX)
    if phone is not None and not _PHONE.match(phone):
        raise TextRefused("来电号码", f"「来电号码」只能包含数字、空格和 + - ( ) 转（填写的是「{phone}」）")
    if channel is not None and channel not in CHANNELS:
        names = "、".join(CHANNELS.values())
        raise ValueRefused("接报方式", f"「接报方式」无效（填写的是「{channel}」，可选：{names}）")
    at = call.occurred_at
    if at is not None:
        if not isinstance(at, datetime) or at.tzinfo is None:
            raise TimeRefused("发生时间", "「发生时间」必须是带时区的时间")
        if at < EARLIEST:
            raise TimeRefused("发生时间", f"「发生时间」{_t(at)} 早于 {_t(EARLIEST)}：不能早于 2000 年")
        if at > received_at + CLOCK_SKEW:
            raise TimeRefused("发生时间", f"「发生时间」{_t(at)} 晚于接报时间（{_t(received_at)}）："
                                        "事件须在接报之前发生")
    return CallFacts(at, caller, unit, phone, channel, symptoms)


def _t(at: datetime) -> str:
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


# A setting already said by the place's own words (「某小学」 is a 学校): not said again.
_SAID: Mapping[str, tuple[str, ...]] = {
    "学校": ("学校", "小学", "中学", "大学", "学院", "职校"),
    "幼儿园": ("幼儿园", "托儿所", "托育"),
    "单位食堂": ("食堂",),
    "家庭": ("家宴", "家庭"),
}


def _short_setting(label: str) -> str:
    """「幼儿园（托幼机构）」 → 「幼儿园」: the plain word for a title."""
    return re.split(r"[（(]", label, maxsplit=1)[0].strip()


def propose_title(place: str | None, setting: str | None = None, cases: int | None = None,
                  symptoms: str | None = None) -> str:
    """An incident title from what the form already holds, so nothing is typed twice:
    place + setting + the number of people + the symptoms, e.g. 「清丰县城关镇幼儿园8人呕吐」.
    Empty when there is no place."""
    place = (place or "").strip()
    if not place:
        return ""
    title = place
    if setting:
        word = _short_setting(setting)
        said = _SAID.get(word, (word,))
        if word and word not in ("其他", "餐饮服务单位", "重大活动期间") and not any(w in place for w in said):
            title += word
    symptom = (symptoms or "").strip()
    symptom = re.split(r"[，,、；;。\s]", symptom, maxsplit=1)[0] if symptom else ""
    if cases:
        title += f"{cases}人" + (symptom or "发病")
    elif symptom:
        title += symptom
    else:
        title += "事件"
    return title[:60]


__all__ = ["CHANNELS", "CallFacts", "check_call", "propose_title"]
