"""Place search for 接报: offline, over townships, villages, received addresses and entities."""

from __future__ import annotations

from console.geo.places import build_index, search

COUNTIES = {"410922": "清丰县", "410923": "南乐县"}
TOWNS = [{"name": "城关镇", "county": "410922", "lat": 35.90, "lon": 115.10},
         {"name": "城关镇", "county": "410923", "lat": 36.07, "lon": 115.20},
         {"name": "马庄桥镇", "county": "410922", "lat": 35.95, "lon": 115.05}]
VILLAGES = [{"name": "东关村", "township": "城关镇", "county": "410922", "lat": 35.91, "lon": 115.11}]
ADDRESSES = [{"place": "清丰县城关镇阳光幼儿园", "lat": 35.905, "lon": 115.08}, {"place": "", "lat": None}]
ENTITIES = [{"name": "城关镇永安超市", "township": "城关镇", "county": "410922", "category": "food_operation",
             "lat": 35.9, "lon": 115.1},
            {"name": "德信快餐店", "township": "马庄桥镇", "county": "410922", "category": "catering",
             "lat": 35.95, "lon": 115.06}]


def _index():
    return build_index(townships=TOWNS, villages=VILLAGES, addresses=ADDRESSES, entities=ENTITIES,
                       county_name=COUNTIES.__getitem__)


def test_the_index_names_places_with_their_county_and_township():
    idx = _index()
    assert [p.text for p in idx.places] == [
        "清丰县城关镇", "南乐县城关镇", "清丰县马庄桥镇", "清丰县城关镇东关村", "清丰县城关镇阳光幼儿园",
        "清丰县城关镇永安超市", "清丰县马庄桥镇德信快餐店"]
    shop = idx.places[-1]
    assert (shop.kind, shop.note, shop.lat, shop.county, shop.township) == ("entity", "餐饮服务", 35.95, "410922",
                                                                           "马庄桥镇")
    assert shop.label == "清丰县马庄桥镇德信快餐店　监管对象，餐饮服务"


def test_characters_in_order_find_a_place_townships_first():
    idx = _index()
    hits = search(idx, "清丰城关")  # not a substring of 清丰县城关镇, but its characters in order
    assert hits[0].text == "清丰县城关镇" and hits[0].kind == "township"
    assert [p.kind for p in hits] == ["township", "village", "address", "entity"]
    assert [p.text for p in search(idx, "城关")][:2] == ["清丰县城关镇", "南乐县城关镇"]  # whole words, shorter first


def test_several_words_must_all_match_and_entities_and_addresses_are_found():
    idx = _index()
    assert [p.text for p in search(idx, "城关 幼儿")] == ["清丰县城关镇阳光幼儿园"]
    assert [p.text for p in search(idx, "德信")] == ["清丰县马庄桥镇德信快餐店"]
    assert [p.text for p in search(idx, "东关")] == ["清丰县城关镇东关村"]
    assert search(idx, "") == [] and search(idx, "   ") == [] and search(idx, "上海") == []
    assert len(search(idx, "城", limit=2)) == 2


def test_an_unknown_county_code_is_left_out_and_duplicates_are_dropped():
    idx = build_index(townships=TOWNS + TOWNS[:1] + [{"name": "某镇", "county": "999999", "lat": 1, "lon": 2}],
                      county_name=COUNTIES.__getitem__)
    assert [p.text for p in idx.places] == ["清丰县城关镇", "南乐县城关镇", "清丰县马庄桥镇", "某镇"]


def test_the_demo_data_is_searchable():
    from console.demo import entities, townships
    from console.geo.boundaries import region

    idx = build_index(townships=townships(), entities=entities(), county_name=lambda c: region(c).name)
    assert search(idx, "清丰城关")[0].text == "清丰县城关镇"
    hit = search(idx, "德信快餐")[0]
    assert hit.kind == "entity" and hit.text.endswith("德信快餐店") and hit.lat is not None
