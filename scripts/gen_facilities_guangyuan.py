#!/usr/bin/env python3
"""Generate the synthetic 广元市 (Sichuan) demo registry: content/facilities/
facilities_guangyuan_demo.csv and nursing_rooms_guangyuan_demo.csv (fixed seed), the second
city's nurseries and nursing rooms (母婴室).

    .venv/bin/python scripts/gen_facilities_guangyuan.py          # 100 facilities, 40 rooms

Every record is invented and says so (数据来源 = synthetic). Districts and towns are the
registry's (GB/T 2260 codes in content/places/divisions.yaml); each point is scattered around an
approximate county-seat position (GCJ-02), not a surveyed one. Shares and fees are assumptions.
"""
import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_facilities import (FACILITY_HEADER, ROOM_HEADER, SOURCE, VENUES, credit_code,  # noqa: E402
                            room_row, write)

SEED = 20261201
SOURCE_NOTE = f"合成演示数据（scripts/gen_facilities_guangyuan.py，种子 {SEED}），非真实机构"
# district: (code, approximate seat (lat, lng) in GCJ-02, towns from the registry, weight)
DISTRICTS = {
    "利州区": ("510802", (32.4262, 105.8440), ["东坝街道", "嘉陵街道", "河西街道", "雪峰街道",
                                               "南河街道", "上西街道", "万缘街道", "宝轮镇"], 30),
    "昭化区": ("510811", (32.3231, 105.9642), ["元坝镇", "卫子镇", "昭化镇"], 9),
    "朝天区": ("510812", (32.6441, 105.8893), ["朝天镇", "羊木镇", "中子镇"], 7),
    "旺苍县": ("510821", (32.2292, 106.2908), ["东河镇", "嘉川镇", "木门镇", "张华镇"], 14),
    "青川县": ("510822", (32.5862, 105.2391), ["乔庄镇", "青溪镇", "木鱼镇"], 8),
    "剑阁县": ("510823", (32.2861, 105.5232), ["下寺镇", "普安镇", "剑门关镇", "武连镇"], 14),
    "苍溪县": ("510824", (31.7331, 105.9352), ["陵江镇", "云峰镇", "东青镇", "歧坪镇"], 18),
}
BRANDS = ["嘉陵", "蜀道", "皇泽", "凤凰", "小橡树", "向日葵", "七彩", "童心", "禾苗", "彩虹",
          "小太阳", "亲亲宝贝", "萌芽", "蒲公英", "小脚丫", "暖暖", "星辰", "梨乡", "翠云", "米仓"]
SUFFIXES = ["托育中心", "托育园", "婴幼儿照护中心", "宝宝屋"]
ROADS = ["蜀门南路", "利州东路", "万缘大道", "南河路", "东坝大道", "嘉陵路", "滨河路", "文化路",
         "人民路", "新华街", "政府街", "北街"]
OPERATIONS = [("独立托育机构", 50), ("社区嵌入式", 20), ("幼儿园托班", 20), ("家庭托育点", 10)]


def facility_row(rng, seq: int, district: str, town: str, used: set) -> dict:
    code, (lat, lng), _, _ = DISTRICTS[district]
    operation = rng.choices(*zip(*OPERATIONS))[0]
    form = "事业单位" if operation == "幼儿园托班" and rng.random() < 0.6 else \
        rng.choices(["营利性企业", "社会服务机构", "事业单位"], weights=[55, 35, 10])[0]
    place = town.removesuffix("街道").removesuffix("镇")
    short = district.removesuffix("区").removesuffix("县")
    if operation == "社区嵌入式":
        name = f"{place}{rng.choice(['社区', '家园'])}嵌入式托育点"
    elif operation == "幼儿园托班":
        name = f"{short}{place}{rng.choice(['实验', '中心', '第二'])}幼儿园托班"
    elif operation == "家庭托育点":
        name = f"{rng.choice(BRANDS)}家庭托育点"
    else:
        name = f"{rng.choice(BRANDS)}{place}{rng.choice(SUFFIXES)}"
    base = name
    while name in used:
        name = f"{base}（{rng.choice(ROADS).removesuffix('路').removesuffix('街')}店）"
    used.add(name)
    care = [c for c, share in {"全日托": 0.85, "半日托": 0.4, "计时托": 0.3,
                                "临时托": 0.15}.items() if rng.random() < share] or ["全日托"]
    places = rng.randint(4, 5) if operation == "家庭托育点" else rng.randint(20, 100)
    inclusive = rng.random() < 0.5 or form == "事业单位"
    fee_low = (rng.randint(10, 18) if inclusive else rng.randint(16, 32)) * 100
    age_min = 24 if operation == "幼儿园托班" else rng.choice([6, 12, 12, 18])
    filed = date(2021, 1, 1) + timedelta(days=rng.randint(0, 4 * 365))
    spread = 0.02 if district == "利州区" else 0.012
    return {
        "机构名称": name, "统一社会信用代码": credit_code(rng, form, code),
        "备案编号": f"川{code}托备{filed.year}{seq:05d}", "备案日期": filed.isoformat(),
        "登记性质": form, "区县": district, "街道": town,
        "地址": f"广元市{district}{town}{rng.choice(ROADS)}{rng.randint(1, 399)}号",
        "经度": f"{rng.gauss(lng, spread):.6f}", "纬度": f"{rng.gauss(lat, spread):.6f}",
        "坐标系": "GCJ-02", "举办形式": operation, "服务类型": "、".join(care),
        "收托月龄下限": age_min, "收托月龄上限": 36, "托位数": places,
        "空余托位": 0 if rng.random() < 0.2 else rng.randint(0, max(1, places * 3 // 10)),
        "普惠": "是" if inclusive else "否",
        "普惠托位数": places * rng.randint(5, 10) // 10 if inclusive else "",
        "示范等级": "市级" if rng.random() < 0.05 else "",
        "月收费下限": fee_low, "月收费上限": fee_low + rng.randint(2, 10) * 100,
        "供餐": "否" if care == ["计时托"] else "是",
        "质量评估等级": rng.choice(["A", "B", "B", "C", ""]),
        "质量评估日期": (filed + timedelta(days=rng.randint(180, 600))).isoformat(),
        "联系电话": f"0839-0{rng.randint(100000, 999999)}",   # 0839-0… numbers do not exist
        "状态": "正常", "数据来源": SOURCE, "来源说明": SOURCE_NOTE,
    }


def generate(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    used: set = set()
    rows = []
    for district, (_, _, towns, _) in DISTRICTS.items():   # every district has at least one
        rows.append(facility_row(rng, len(rows) + 1, district, towns[0], used))
    names, weights = list(DISTRICTS), [d[3] for d in DISTRICTS.values()]
    while len(rows) < count:
        district = rng.choices(names, weights)[0]
        rows.append(facility_row(rng, len(rows) + 1, district,
                                 rng.choice(DISTRICTS[district][2]), used))
    return rows


def generate_rooms(count: int, seed: int = SEED) -> list[dict]:
    """Nursing rooms in the county seats' malls, stations, hospitals, parks and service centres,
    weighted like the nurseries."""
    rng = random.Random(seed + 1)
    names, weights = list(DISTRICTS), [d[3] for d in DISTRICTS.values()]
    rows, used = [], set()
    while len(rows) < count:
        district = rng.choices(names, weights)[0]
        code, (lat, lng), towns, _ = DISTRICTS[district]
        town = rng.choice(towns)
        venue_type = rng.choice(list(VENUES))
        venue = f"{town.removesuffix('街道').removesuffix('镇')}{rng.choice(VENUES[venue_type])}"
        if venue in used:
            continue
        used.add(venue)
        point = (rng.gauss(lat, 0.01), rng.gauss(lng, 0.01))
        rows.append(room_row(rng, len(rows) + 1, district, code, town, venue_type, venue, point,
                             f"广元市{district}{town}", ROADS, SOURCE_NOTE))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facilities", type=int, default=100)
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--out", type=Path, default=ROOT / "content" / "facilities")
    args = parser.parse_args()
    write(args.out / "facilities_guangyuan_demo.csv", FACILITY_HEADER, generate(args.facilities))
    write(args.out / "nursing_rooms_guangyuan_demo.csv", ROOM_HEADER, generate_rooms(args.rooms))
    print(f"wrote {args.facilities} facilities and {args.rooms} nursing rooms to {args.out}")


if __name__ == "__main__":
    main()
