"""The facility and nursing-room record: codes, Chinese labels, Suzhou districts and the rules
every write path shares (CSV import, admin API, demo data). Pure Python, no Flask."""
import math

from app.common.geo import in_china
from app.textsearch.normal import normalize
from app.textsearch.segment import peel

CARE_TYPES = {"full_day": "全日托", "half_day": "半日托", "hourly": "计时托", "temporary": "临时托"}
DEMONSTRATION_LEVELS = {"national": "国家级", "province": "省级", "city": "市级", "district": "区级"}
REGISTRATION_FORMS = {"public_institution": "事业单位", "social_organization": "社会服务机构",
                      "enterprise": "营利性企业"}
OPERATION_FORMS = {"standalone": "独立托育机构", "community_embedded": "社区嵌入式",
                   "kindergarten_class": "幼儿园托班", "employer": "用人单位办托",
                   "family": "家庭托育点", "comprehensive_center": "托育综合服务中心"}
STATUSES = {"active": "正常", "suspended": "暂停", "deregistered": "注销"}
VENUE_TYPES = {"mall": "商场", "transport_hub": "交通枢纽", "hospital": "医院", "scenic_area": "景区",
               "park": "公园", "government_center": "政务中心", "community": "社区",
               "employer": "用人单位"}
EQUIPMENT = {"changing_table": "尿布台", "crib": "婴儿床", "nursing_chair": "哺乳椅",
             "sink": "洗手台", "hot_water": "热水", "lockable": "可上锁"}
ROOM_STATUSES = {"active": "开放", "closed": "关闭"}

# What people type for each code (labels plus common short forms).
CARE_TYPE_WORDS = {**{v: k for k, v in CARE_TYPES.items()},
                   "全托": "full_day", "日托": "full_day", "全天托": "full_day",
                   "半托": "half_day", "半天托": "half_day", "小时托": "hourly",
                   "临托": "temporary"}
DEMONSTRATION_WORDS = {**{v: k for k, v in DEMONSTRATION_LEVELS.items()},
                       "国家": "national", "省": "province", "市": "city", "区": "district"}
STATUS_WORDS = {**{v: k for k, v in STATUSES.items()}, "在营": "active", "正常运营": "active",
                "已注销": "deregistered", "暂停运营": "suspended"}

# Suzhou: 5 districts, 4 county-level cities and the industrial park 卫健 lists separately.
# Centres are GCJ-02 (research/search-anchors.md §4), used for demo data and jieba's words; what a
# district is, its code and aliases, is the places registry's (content/places/).
DISTRICTS = {
    "姑苏区": {"aliases": ["姑苏", "古城", "平江", "沧浪", "金阊"], "centre": (31.335650, 120.617369)},
    "虎丘区": {"aliases": ["虎丘", "高新区", "苏州高新区", "新区"], "centre": (31.297, 120.565)},
    "吴中区": {"aliases": ["吴中"], "centre": (31.263183, 120.632308)},
    "相城区": {"aliases": ["相城"], "centre": (31.369089, 120.642626)},
    "吴江区": {"aliases": ["吴江", "松陵"], "centre": (31.138677, 120.645157)},
    "苏州工业园区": {"aliases": ["园区", "工业园区", "SIP", "苏州园区"],
                 "centre": (31.315980, 120.716339)},
    "常熟市": {"aliases": ["常熟"], "centre": (31.654375, 120.752481)},
    "张家港市": {"aliases": ["张家港"], "centre": (31.875571, 120.555982)},
    "昆山市": {"aliases": ["昆山"], "centre": (31.385597, 120.980736)},
    "太仓市": {"aliases": ["太仓"], "centre": (31.457735, 121.130550)},
}

MAX_AGE_MONTHS = 36

# Whole words in a search box that are really filters ("园区 普惠 全日托").
_INCLUSIVE_WORDS = {"普惠", "普惠性", "普惠托育", "普惠园"}
_DEMONSTRATION_WORDS = {"示范", "示范性", "示范园"}




def is_district_code(value) -> bool:
    """Every write path resolves a district to its code (app.places) before these rules run;
    text left over from before the registry is not a code and must be fixed."""
    return isinstance(value, str) and len(value) == 6 and value.isdigit()


# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet, the last a weighted check.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is invalid (Chinese), or None when it is valid."""
    if len(code) != 18:
        return "统一社会信用代码应为 18 位"
    bad = [c for c in code if c not in _CREDIT_ALPHABET]
    if bad:
        return f"统一社会信用代码含有无效字符“{bad[0]}”"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None


def class_types_for_ages(age_min: int, age_max: int) -> list[str]:
    """乳儿班 6–12 m, 托小班 12–24 m, 托大班 24–36 m: the classes an age range implies."""
    bands = {"infant": (0, 12), "toddler": (12, 24), "preschool": (24, 36)}
    return [code for code, (low, high) in bands.items() if age_min < high and age_max > low]


def facility_problems(data: dict) -> list[tuple[str, str]]:
    """Cross-field rules for a facility (a full record, after type parsing): [(field, reason)]."""
    problems = []
    if not (data.get("name") or "").strip():
        problems.append(("name", "机构名称不能为空"))
    if data.get("credit_code"):
        reason = credit_code_problem(data["credit_code"])
        if reason:
            problems.append(("credit_code", reason))
    if not data.get("credit_code") and not data.get("filing_no"):
        problems.append(("credit_code", "统一社会信用代码和备案编号至少填写一项"))
    if not data.get("district"):
        problems.append(("district", "区县不能为空"))
    elif not is_district_code(data["district"]):
        problems.append(("district", "区县不在本市范围内"))
    problems += _age_problems(data.get("age_min_months"), data.get("age_max_months"))
    places, open_places = data.get("places"), data.get("open_places")
    if places is not None and open_places is not None and open_places > places:
        problems.append(("open_places", f"空余托位（{open_places}）不能多于托位数（{places}）"))
    inclusive_places = data.get("inclusive_places")
    if places is not None and inclusive_places is not None and inclusive_places > places:
        problems.append(("inclusive_places", "普惠托位数不能多于托位数"))
    fee_min, fee_max = data.get("fee_min"), data.get("fee_max")
    if fee_min is not None and fee_max is not None and fee_min > fee_max:
        problems.append(("fee_max", "月收费上限不能低于下限"))
    problems += coordinate_problems(data.get("lat"), data.get("lng"))
    if data.get("status", "active") not in STATUSES:
        problems.append(("status", "状态应为：" + "、".join(STATUSES.values())))
    return problems


def _age_problems(age_min, age_max) -> list[tuple[str, str]]:
    problems = []
    for field, value in (("age_min_months", age_min), ("age_max_months", age_max)):
        if value is not None and not 0 <= value <= MAX_AGE_MONTHS:
            problems.append((field, f"收托月龄应在 0 到 {MAX_AGE_MONTHS} 之间"))
    if age_min is not None and age_max is not None and age_min > age_max and not problems:
        problems.append(("age_max_months", "收托月龄上限不能小于下限"))
    return problems


def coordinate_problems(lat, lng) -> list[tuple[str, str]]:
    if lat is None and lng is None:
        return []
    if lat is None or lng is None:
        return [("lat" if lat is None else "lng", "经度和纬度需同时填写")]
    if not (math.isfinite(lat) and math.isfinite(lng)) or not in_china(lat, lng):
        return [("lat", "坐标不在中国境内（请检查经纬度是否填反）")]
    return []


def nursing_room_problems(data: dict) -> list[tuple[str, str]]:
    problems = []
    if not (data.get("name") or "").strip():
        problems.append(("name", "母婴室名称不能为空"))
    if data.get("venue_type") is not None and data["venue_type"] not in VENUE_TYPES:
        problems.append(("venue_type", "场所类型应为：" + "、".join(VENUE_TYPES.values())))
    if data.get("district") is not None and not is_district_code(data["district"]):
        problems.append(("district", "区县不在本市范围内"))
    if data.get("area_m2") is not None and not 0 < data["area_m2"] <= 1000:
        problems.append(("area_m2", "面积应在 0 到 1000 平方米之间"))
    problems += coordinate_problems(data.get("lat"), data.get("lng"))
    if data.get("status", "active") not in ROOM_STATUSES:
        problems.append(("status", "状态应为：" + "、".join(ROOM_STATUSES.values())))
    return problems


_FILTER_WORDS = set(CARE_TYPE_WORDS) | _INCLUSIVE_WORDS | _DEMONSTRATION_WORDS


def understand(text: str) -> tuple[str, dict]:
    """Split filter words out of a query, with or without spaces: ('园区 普惠 全日托' or
    '园区普惠全日托') -> ('园区', {inclusive, care_type})."""
    rest, found = [], {}
    for term in normalize(text).split():
        for piece in _filter_pieces(term):
            if piece in CARE_TYPE_WORDS:
                found.setdefault("care_type", []).append(CARE_TYPE_WORDS[piece])
            elif piece in _INCLUSIVE_WORDS:
                found["inclusive"] = True
            elif piece in _DEMONSTRATION_WORDS:
                found["demonstration_level"] = "any"
            else:
                rest.append(piece)
    return " ".join(rest), found


def _filter_pieces(term: str) -> list[str]:
    """The term itself, or, when filter words were typed into it, its filter words and the
    runs between them; only when every run keeps two or more characters (阳光普惠园 is a name)."""
    if term in _FILTER_WORDS:
        return [term]
    pieces = peel(term, _FILTER_WORDS)
    if not any(known for _, known in pieces) or \
            any(len(piece) < 2 for piece, known in pieces if not known):
        return [term]
    return [piece for piece, _ in pieces]
