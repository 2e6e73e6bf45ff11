"""``forward_report`` (逐级报送 one hop) in words: the hop's own title, the channel only when it is not
the plan's, the 文号; never the internal ids (R3.unit), with or without the incident's records."""

from __future__ import annotations

from console.timeline.wording import describe

HOP = {"R3.unit": {"title": "初报 事发单位→县级市场监管部门（电话）", "channel": "phone"}}


def test_a_hop_is_named_by_its_title_and_its_id_never_shows() -> None:
    data = {"report": "R3", "hop": "unit", "channel": "phone"}
    assert describe(None, "forward_report", data, names=HOP) == "逐级报送：初报 事发单位→县级市场监管部门（电话）"
    data = {"report": "R3", "hop": "unit", "channel": "fax", "doc_no": "濮市监〔2026〕3号"}
    assert describe(None, "forward_report", data, names=HOP) == \
        "逐级报送：初报 事发单位→县级市场监管部门（电话）（传真，文号 濮市监〔2026〕3号）"
    for official in (False, True):
        text = describe(None, "forward_report", {"report": "R3", "hop": "unit"}, official=official)
        assert text == "逐级报送" and "R3" not in text
