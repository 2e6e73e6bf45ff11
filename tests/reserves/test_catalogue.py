from __future__ import annotations

import re
from pathlib import Path

import pytest

from console.reserves.catalogue import (
    CATEGORY_CODES,
    CatalogueError,
    default_catalogue_path,
    load_catalogue,
    parse_catalogue,
)


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_loads_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    c = load_catalogue()
    assert 40 <= len(c) <= 70
    assert default_catalogue_path().is_file()


def test_all_ten_categories_present(cat):
    assert tuple(cat.categories) == CATEGORY_CODES
    for code in CATEGORY_CODES:
        assert cat.in_category(code), f"category {code} has no items"


def test_codes_unique_seven_digits_and_consistent(cat):
    codes = [i.code for i in cat]
    ids = [i.id for i in cat]
    assert len(set(codes)) == len(codes)
    assert len(set(ids)) == len(ids)
    for item in cat:
        c = cat.categories[item.category]
        assert re.fullmatch(r"[1-3]\d{6}", item.code)
        assert item.code.startswith(c.level1 + c.middle)
        assert c.subclass_name(item.subclass) is not None
        assert item.id.startswith(item.category + "-")
        assert item.min_stock >= 0
        assert item.unit


def test_middle_codes_distinct(cat):
    middles = [c.level1 + c.middle for c in cat.categories.values()]
    assert len(set(middles)) == len(middles)


def test_domain_items_present(cat):
    names = {i.name for i in cat}
    for must in ("农药残留速测卡", "无菌采样袋", "冷藏采样箱", "一次性防护服", "含氯消毒剂", "封条", "卫星电话"):
        assert must in names
    antidotes = [i for i in cat.in_category("YP") if i.uncertain]
    assert antidotes, "antidotes must be marked uncertain ([U] in the domain notes)"


def test_resolve_by_short_id_and_code(cat):
    bag = cat.resolve("CY-001")
    assert bag is not None and bag.name == "无菌采样袋"
    assert cat.resolve(bag.code) is bag
    assert cat.resolve(" cy-001 ") is bag
    assert cat.resolve("9999999") is None
    assert cat.resolve("XX-001") is None
    assert "CY-001" in cat and "nope" not in cat


def test_unknown_code_is_a_clear_error(cat):
    with pytest.raises(CatalogueError, match="物资目录中没有"):
        cat.get("2999999")
    with pytest.raises(CatalogueError, match="7 位编码"):
        cat.by_code("123")


def test_shelf_life_parsed(cat):
    card = cat.get("KJ-004")
    assert card.shelf_life is not None and card.shelf_life.days == 365
    assert cat.get("TX-001").shelf_life is None


GOOD = """
categories:
  - code: KJ
    name: 快检
    level1: "2"
    middle: "61"
    subclasses: {"01": 仪器}
    items:
      - {id: KJ-001, code: "2610101", name: 速测仪, unit: 台, shelf_life: null, min_stock: 1}
"""


def test_minimal_catalogue_parses():
    assert len(parse_catalogue(GOOD)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('code: "2610101"', 'code: "2620101"'), "不一致"),
        (('code: "2610101"', "code: 2610101"), "带引号的 7 位数字"),
        (('code: "2610101"', 'code: "2610901"'), "小类"),
        (("id: KJ-001", "id: CY-001"), "前缀"),
        (("shelf_life: null", "shelf_life: 1 year"), "保质期"),
        (("min_stock: 1", "min_stock: -1"), "min_stock"),
        (("unit: 台", "unit: 台, unit: 个"), "重复的键"),
    ],
)
def test_bad_catalogue_rejected(change, message):
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(GOOD.replace(*change))


def test_duplicate_item_code_rejected():
    extra = '      - {id: KJ-002, code: "2610101", name: 另一个, unit: 台}\n'
    with pytest.raises(CatalogueError, match="同时用于"):
        parse_catalogue(GOOD + extra)


def test_missing_file(tmp_path: Path):
    with pytest.raises(CatalogueError, match="找不到"):
        load_catalogue(tmp_path / "none.yaml")


def test_search_the_item_picker_filters_by_name_short_id_code_and_category(cat) -> None:  # noqa: ANN001
    assert [i.id for i in cat.search("口罩")] == ["FH-003", "FH-004"]
    assert [i.id for i in cat.search("fh-00")] == [f"FH-00{n}" for n in range(1, 10)]  # any case
    assert [i.id for i in cat.search("个人防护")] == [i.id for i in cat.in_category("FH")]  # the category's name
    assert [i.id for i in cat.search("甲醇 试剂")] == ["KJ-006"]  # every word must match
    assert cat.search(cat.get("KJ-006").code) == [cat.get("KJ-006")]  # the 7-digit code
    assert cat.search("防护")[0].id == "FH-008"  # 防护面屏: the name starts with the text, so it comes first
    assert len(cat.search("")) == len(cat) and len(cat.search("", limit=5)) == 5
    assert cat.search("没有这种物资") == []
