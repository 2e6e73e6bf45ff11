"""The hash chain's times (console/store/chain.py): a time without a real UTC offset is refused
with the Chinese message, never stored as if it were UTC (found by mutation testing)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest

from console.store.chain import EPOCH, to_us

MESSAGE = "时间必须带时区（timezone-aware），请使用 UTC 或带 tzinfo 的 datetime"


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset (``utcoffset`` is None): as good as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


@pytest.mark.parametrize("when", [datetime(2026, 12, 5, 8, 0), datetime(2026, 12, 5, 8, 0, tzinfo=NoOffset())],
                         ids=["naive", "tzinfo-without-offset"])
def test_a_time_without_an_offset_is_refused(when: datetime) -> None:
    with pytest.raises(ValueError) as exc:
        to_us(when)
    assert str(exc.value) == MESSAGE


def test_aware_times_are_exact_microseconds() -> None:
    assert to_us(EPOCH) == 0
    assert to_us(datetime(1970, 1, 1, 8, 0, 0, 1, tzinfo=timezone(timedelta(hours=8)))) == 1
    assert to_us(datetime(2026, 12, 5, 0, 0, tzinfo=UTC) + timedelta(microseconds=7)) % 1_000_000 == 7
