#!/usr/bin/env python3
"""Generate the synthetic Suzhou demo registry: content/facilities/*.csv (fixed seed).

    .venv/bin/python scripts/gen_facilities.py            # 640 facilities, 180 nursing rooms
    .venv/bin/python scripts/gen_facilities.py --facilities 3000 --out /tmp/x

Every record is invented and says so in its provenance (数据来源 = synthetic). Coordinates are
GCJ-02 and scattered around street centres near the real district centres (research/
search-anchors.md §4), with points in Taihu, Yangcheng, Jinji and Dushu lakes redrawn. Shares of
普惠/示范, care types, ages and fees are assumptions that follow the policy documents' shape,
not statistics. bench/search_bench.py imports generate_facilities() from here.
"""
import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.facilities.records import DISTRICTS, credit_code_check_char  # noqa: E402

SEED = 20261124
SOURCE = "synthetic"
SOURCE_NOTE = f"合成演示数据（scripts/gen_facilities.py，种子 {SEED}），非真实机构"

ADCODES = {"姑苏区": "320508", "虎丘区": "320505", "吴中区": "320506", "相城区": "320507",
           "吴江区": "320509", "苏州工业园区": "320571", "常熟市": "320581", "张家港市": "320582",
           "昆山市": "320583", "太仓市": "320585"}
STREETS = {
    "姑苏区": ["平江街道", "沧浪街道", "金阊街道", "双塔街道", "虎丘街道", "吴门桥街道", "苏锦街道", "白洋湾街道"],
    "虎丘区": ["狮山街道", "枫桥街道", "横塘街道", "浒墅关镇", "通安镇", "东渚街道"],
    "吴中区": ["长桥街道", "郭巷街道", "越溪街道", "木渎镇", "甪直镇", "胥口镇", "城南街道", "香山街道"],
    "相城区": ["元和街道", "黄桥街道", "渭塘镇", "黄埭镇", "望亭镇", "北河泾街道", "太平街道"],
    "吴江区": ["松陵街道", "同里镇", "盛泽镇", "震泽镇", "七都镇", "黎里镇", "平望镇", "江陵街道"],
    "苏州工业园区": ["娄葑街道", "斜塘街道", "唯亭街道", "胜浦街道", "金鸡湖街道"],
    "常熟市": ["虞山街道", "琴川街道", "梅李镇", "海虞镇", "沙家浜镇", "辛庄镇", "碧溪街道"],
    "张家港市": ["杨舍镇", "塘桥镇", "锦丰镇", "乐余镇", "凤凰镇", "金港街道"],
    "昆山市": ["玉山镇", "巴城镇", "周市镇", "陆家镇", "花桥镇", "千灯镇", "周庄镇", "张浦镇"],
    "太仓市": ["城厢镇", "沙溪镇", "浏河镇", "璜泾镇", "双凤镇", "娄东街道"],
}
# Local names parents use besides street names (莘塔 reads xin ta, see pinyin_phrases.yaml).
LANDMARKS = {"姑苏区": ["观前", "山塘", "石路", "桐泾"], "虎丘区": ["狮山", "何山", "科技城"],
             "吴中区": ["东山", "光福", "宝带桥"], "相城区": ["阳澄湖", "蠡口", "高铁新城"],
             "吴江区": ["莘塔", "北厍", "芦墟", "汾湖"], "苏州工业园区": ["金鸡湖", "独墅湖", "月亮湾"],
             "常熟市": ["尚湖", "方塔"], "张家港市": ["暨阳湖", "港城"], "昆山市": ["淀山湖", "锦溪"],
             "太仓市": ["金仓湖", "弇山"]}
# Roughly how many nurseries each district has relative to the others (assumption).
WEIGHTS = {"姑苏区": 10, "虎丘区": 9, "吴中区": 11, "相城区": 8, "吴江区": 10, "苏州工业园区": 13,
           "常熟市": 10, "张家港市": 9, "昆山市": 14, "太仓市": 6}
SPREAD = {"常熟市": 0.03, "张家港市": 0.03, "昆山市": 0.03, "吴江区": 0.03, "吴中区": 0.025}
BRANDS = ["红星", "金色摇篮", "小橡树", "贝乐", "蓝天", "向日葵", "小天使", "七彩", "童心", "爱儿", "小海豚",
          "悦宝", "启蒙", "禾苗", "彩虹", "小太阳", "青苗", "亲亲宝贝", "小星星", "快乐宝贝", "萌芽",
          "蒲公英", "小脚丫", "乐童", "贝贝佳", "金摇篮", "小树苗", "暖暖", "糖果", "星辰"]
SUFFIXES = ["托育中心", "托育园", "托育所", "婴幼儿照护中心", "早教托育中心", "宝宝屋"]
ROADS = ["人民路", "干将路", "十梓街", "东环路", "星湖街", "现代大道", "长江路", "塔园路", "东吴北路",
         "宝带西路", "苏州大道", "竹辉路", "新市路", "金山路", "太湖东路", "中山路", "前进路", "青年路",
         "学府路", "朝阳路", "花园路", "滨河路", "春晖路", "文昌路"]
EMPLOYERS = ["人民医院", "市立医院", "科技园", "软件园", "纺织集团", "电子厂", "物流园", "生物医药产业园"]
OPERATION_MIX = [("独立托育机构", 50), ("社区嵌入式", 18), ("幼儿园托班", 17), ("用人单位办托", 5),
                 ("家庭托育点", 10)]
CARE_SHARES = {"全日托": 0.85, "半日托": 0.40, "计时托": 0.35, "临时托": 0.20}
DEMO_SHARES = [("国家级", 0.005), ("省级", 0.02), ("市级", 0.04), ("区级", 0.015)]
FACILITY_HEADER = [
    "机构名称", "统一社会信用代码", "备案编号", "备案日期", "登记性质", "区县", "街道", "地址", "经度", "纬度",
    "坐标系", "举办形式", "服务类型", "收托月龄下限", "收托月龄上限", "托位数", "空余托位", "普惠", "普惠托位数",
    "示范等级", "月收费下限", "月收费上限", "供餐", "质量评估等级", "质量评估日期", "联系电话", "状态", "数据来源",
    "来源说明"]
ROOM_HEADER = ["名称", "编号", "场所名称", "场所类型", "楼层位置", "区县", "地址", "经度", "纬度", "坐标系", "面积",
               "尿布台", "婴儿床", "哺乳椅", "洗手台", "热水", "可上锁", "开放时间", "对外开放", "状态", "数据来源",
               "来源说明"]

# (min_lat, max_lat, min_lng, max_lng) of water to keep points out of (coarse boxes).
LAKES = [
    (30.90, 31.35, 119.90, 120.48),   # Taihu, east shore
    (30.90, 31.12, 120.40, 120.56),   # East Taihu bay (吴江)
    (31.38, 31.48, 120.72, 120.84),   # Yangcheng Lake
    (31.300, 31.330, 120.665, 120.705),  # Jinji Lake
    (31.255, 31.280, 120.710, 120.750),  # Dushu Lake
    (31.08, 31.18, 120.90, 121.00),   # Dianshan Lake
]


def in_lake(lat: float, lng: float) -> bool:
    return any(a <= lat <= b and c <= lng <= d for a, b, c, d in LAKES)


def _point(rng, lat, lng, sigma):
    while True:
        p = (rng.gauss(lat, sigma), rng.gauss(lng, sigma))
        if not in_lake(*p):
            return p


def street_centres(rng) -> dict:
    centres = {}
    for district, streets in STREETS.items():
        lat, lng = DISTRICTS[district]["centre"]
        for street in streets:
            centres[(district, street)] = _point(rng, lat, lng, SPREAD.get(district, 0.02))
    return centres


def credit_code(rng, form: str, adcode: str) -> str:
    prefix = {"事业单位": "12", "社会服务机构": "52", "营利性企业": "91"}[form]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + adcode + "".join(rng.choice(alphabet) for _ in range(9))
    return body + credit_code_check_char(body)


def _name(rng, district, street, operation, used) -> str:
    place = street.removesuffix("街道").removesuffix("镇")
    if rng.random() < 0.15:
        place = rng.choice(LANDMARKS[district])
    brand = rng.choice(BRANDS)
    if operation == "社区嵌入式":
        name = f"{place}{rng.choice(['新村', '花园', '家园', '苑'])}社区{rng.choice(['托育点', '嵌入式托育中心'])}"
    elif operation == "幼儿园托班":
        short = district.removesuffix("区").removesuffix("市")
        name = f"{short}{place}{rng.choice(['实验', '中心', '第二'])}幼儿园托班"
    elif operation == "用人单位办托":
        name = f"{place}{rng.choice(EMPLOYERS)}职工子女托育园"
    elif operation == "家庭托育点":
        name = f"{brand}家庭托育点"
    else:
        name = f"{brand}{place}{rng.choice(SUFFIXES)}" if rng.random() < 0.6 \
            else f"{brand}{rng.choice(SUFFIXES)}"
    base = name
    for _ in range(5):
        if name not in used:
            break
        name = f"{base}（{rng.choice(ROADS).removesuffix('路').removesuffix('街')}店）"
    else:
        name = f"{base}（{len(used) + 1}号店）"   # large benchmark sets exhaust the branch names
    used.add(name)
    return name


def _ages(rng, operation):
    if operation == "幼儿园托班":
        return 24, 36
    low = rng.choices([6, 12, 18, 24], weights=[15, 45, 20, 20])[0]
    return low, rng.choices([36, 30, 24], weights=[85, 10, 5])[0] if low < 24 else 36


def facility_row(rng, seq, district, street, centre, operation, used) -> dict:
    lat, lng = _point(rng, *centre, 0.008)
    form = "事业单位" if operation == "幼儿园托班" and rng.random() < 0.6 else \
        rng.choices(["营利性企业", "社会服务机构", "事业单位"], weights=[60, 32, 8])[0]
    care = [c for c, share in CARE_SHARES.items() if rng.random() < share] or ["全日托"]
    age_min, age_max = _ages(rng, operation)
    places = rng.randint(4, 5) if operation == "家庭托育点" else rng.randint(20, 150)
    open_places = 0 if rng.random() < 0.2 else rng.randint(0, max(1, places * 3 // 10))
    inclusive = rng.random() < 0.4 or form == "事业单位"
    premium = 1.3 if district in ("苏州工业园区", "姑苏区", "昆山市") else 1.0
    fee_low = int(rng.randint(15, 28) * 100 if inclusive else rng.randint(25, 50) * 100 * premium)
    fee_low = fee_low // 100 * 100
    demo = ""
    roll = rng.random()
    for level, share in DEMO_SHARES:
        if roll < share:
            demo = level
            break
        roll -= share
    filed = date(2020, 1, 1) + timedelta(days=rng.randint(0, 5 * 365))
    adcode = ADCODES[district]
    return {
        "机构名称": _name(rng, district, street, operation, used),
        "统一社会信用代码": credit_code(rng, form, adcode),
        "备案编号": f"苏{adcode}托备{filed.year}{seq:05d}",
        "备案日期": filed.isoformat(), "登记性质": form, "区县": district, "街道": street,
        "地址": f"苏州市{district}{street}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
        "经度": f"{lng:.6f}", "纬度": f"{lat:.6f}", "坐标系": "GCJ-02", "举办形式": operation,
        "服务类型": "、".join(care), "收托月龄下限": age_min, "收托月龄上限": age_max,
        "托位数": places, "空余托位": open_places, "普惠": "是" if inclusive else "否",
        "普惠托位数": places * rng.randint(5, 10) // 10 if inclusive else "",
        "示范等级": demo, "月收费下限": fee_low, "月收费上限": fee_low + rng.randint(3, 15) * 100,
        "供餐": "否" if care == ["计时托"] or rng.random() < 0.15 else "是",
        "质量评估等级": rng.choice(["A", "A", "B", "B", "B", "C", ""]),
        "质量评估日期": (filed + timedelta(days=rng.randint(180, 700))).isoformat(),
        "联系电话": f"0512-0{rng.randint(1000000, 9999999)}",   # 0512-0xxx… numbers do not exist
        "状态": rng.choices(["正常", "暂停", "注销"], weights=[97, 2, 1])[0],
        "数据来源": SOURCE, "来源说明": SOURCE_NOTE,
    }


def centre_row(rng, seq, district, street, centre) -> dict:
    """One public 托育综合服务中心 per district: 普惠, 示范 (市级), open to all ages."""
    row = facility_row(rng, seq, district, street, centre, "独立托育机构", set())
    short = district.removesuffix("区").removesuffix("市")
    row.update({"机构名称": f"{short}托育综合服务中心", "举办形式": "托育综合服务中心",
                "统一社会信用代码": credit_code(rng, "事业单位", ADCODES[district]),
                "登记性质": "事业单位", "服务类型": "全日托、半日托、计时托、临时托", "收托月龄下限": 6,
                "收托月龄上限": 36, "普惠": "是", "普惠托位数": row["托位数"], "示范等级": "市级",
                "月收费下限": 1800, "月收费上限": 2600, "状态": "正常"})
    return row


def generate_facilities(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    centres = street_centres(rng)
    used: set = set()
    rows = []
    for district, streets in STREETS.items():
        rows.append(centre_row(rng, len(rows) + 1, district, streets[0],
                               centres[(district, streets[0])]))
        used.add(rows[-1]["机构名称"])
    districts, weights = zip(*WEIGHTS.items())
    operations, op_weights = zip(*OPERATION_MIX)
    while len(rows) < count:
        district = rng.choices(districts, weights)[0]
        street = rng.choice(STREETS[district])
        operation = rng.choices(operations, op_weights)[0]
        rows.append(facility_row(rng, len(rows) + 1, district, street,
                                 centres[(district, street)], operation, used))
    return rows


VENUES = {
    "商场": ["苏州中心", "印象城", "龙湖天街", "万达广场", "吾悦广场", "大悦城", "万象汇", "永旺梦乐城"],
    "交通枢纽": ["高铁站", "汽车客运站", "地铁换乘站", "火车站"],
    "医院": ["妇幼保健院", "人民医院", "中医医院", "儿童医院分院"],
    "景区": ["古镇景区", "湿地公园景区", "名园景区"],
    "公园": ["中央公园", "滨河公园", "体育公园"],
    "政务中心": ["政务服务中心", "市民中心"],
    "社区": ["社区党群服务中心", "邻里中心"],
    "用人单位": ["科技园职工之家", "产业园服务中心"],
}
ROOM_EQUIPMENT = {"商场": 0.9, "交通枢纽": 0.85, "医院": 0.85, "景区": 0.7, "公园": 0.6,
                  "政务中心": 0.8, "社区": 0.6, "用人单位": 0.7}


def generate_rooms(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed + 1)
    centres = street_centres(random.Random(seed))
    rows, used = [], set()
    keys = list(centres)
    while len(rows) < count:
        district, street = rng.choice(keys)
        venue_type = rng.choice(list(VENUES))
        place = street.removesuffix("街道").removesuffix("镇")
        venue = f"{place}{rng.choice(VENUES[venue_type])}"
        if venue in used:
            continue
        used.add(venue)
        lat, lng = _point(rng, *centres[(district, street)], 0.006)
        rows.append(room_row(rng, len(rows) + 1, district, ADCODES[district], street, venue_type,
                             venue, (lat, lng), f"苏州市{district}{street}", ROADS, SOURCE_NOTE))
    return rows


def room_row(rng, number: int, district: str, adcode: str, street: str, venue_type: str,
             venue: str, point: tuple, address_prefix: str, roads: list, note: str) -> dict:
    """One synthetic nursing room (both cities' generators)."""
    lat, lng = point
    p = ROOM_EQUIPMENT[venue_type]
    yes = lambda share: "是" if rng.random() < share else "否"  # noqa: E731
    return {
        "名称": f"{venue}母婴室", "编号": f"MYS-{adcode}-{number:04d}",
        "场所名称": venue, "场所类型": venue_type,
        "楼层位置": rng.choice(["一楼服务台旁", "二楼东侧", "B1 卫生间旁", "候车大厅北侧", "门诊二楼"]),
        "区县": district, "地址": f"{address_prefix}{rng.choice(roads)}{rng.randint(1, 999)}号",
        "经度": f"{lng:.6f}", "纬度": f"{lat:.6f}", "坐标系": "GCJ-02",
        "面积": rng.choice([6, 8, 10, 12, 15, 20]), "尿布台": yes(0.95), "婴儿床": yes(p - 0.3),
        "哺乳椅": yes(p), "洗手台": yes(p), "热水": yes(p - 0.1), "可上锁": yes(p - 0.1),
        "开放时间": "全天" if venue_type == "交通枢纽" else rng.choice(["09:00-21:00", "10:00-22:00",
                                                                      "08:30-17:00"]),
        "对外开放": "否" if venue_type == "用人单位" else "是", "状态": "开放",
        "数据来源": SOURCE, "来源说明": note,
    }


def write(path: Path, header: list, rows: list) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facilities", type=int, default=640)
    parser.add_argument("--rooms", type=int, default=180)
    parser.add_argument("--out", type=Path, default=ROOT / "content" / "facilities")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "facilities_suzhou_demo.csv", FACILITY_HEADER,
          generate_facilities(args.facilities))
    write(args.out / "nursing_rooms_suzhou_demo.csv", ROOM_HEADER, generate_rooms(args.rooms))
    print(f"wrote {args.facilities} facilities and {args.rooms} nursing rooms to {args.out}")


if __name__ == "__main__":
    main()
