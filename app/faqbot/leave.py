"""Leave figures per province and the answer for the province in play (pure Python).

leave.yaml holds the figures as data:
  kinds:      kind -> Chinese name (maternity: 产假 …)
  ask_locally: who to ask when we do not hold a figure
  national:   kind -> item (the baseline; `unknown_province` is said for a province we do not hold)
  provinces:  province -> {regulation, kind -> item}
An item: text (the answer, ≤ 150 characters, the figures written out), days (when a single
figure; must appear in text), sources, confidence, effective (optional), and for maternity in
some provinces `by_child_order: {1: item, 2: item, 3: item}` (浙江 一孩 158 / 二孩三孩 188).
"""
from dataclasses import dataclass, field
from pathlib import Path

from app.faqbot.kb import MAX_ANSWER, KBError, check_confidence, check_sources

# Mainland leave rules (国务院令第619号, the provinces' 条例) do not govern these places.
OUTSIDE_MAINLAND = ("香港", "澳门", "台湾")
# The topics of leave: mainland rules that do not govern 香港/澳门/台湾.
LEAVE_TOPICS = {"maternity_leave", "paternity_leave", "parental_leave", "nursing_time", "marriage_leave"}
OUTSIDE_TEXT = ("{province}不适用内地的《女职工劳动保护特别规定》和各省的人口与计划生育条例，产假、"
                "陪产假等假期按{province}本地的劳动法规执行。我这里没有{province}的规定，请向{province}"
                "的劳工事务主管部门咨询。")
NOTES = {
    "single-source": "（单一来源信息，具体以当地经办部门答复为准。）",
    "unconfirmed": "（注意：此项各方说法不一、尚未确认，仅供参考，请以当地经办部门答复为准。）",
}


@dataclass
class LeaveAnswer:
    text: str
    sources: list[dict]
    confidence: str
    province: str | None
    held: bool                       # whether we hold this province's own figure
    notes: list[str] = field(default_factory=list)


def _check_item(item, path: Path, where: str, kind: str, inherit=False) -> dict:
    """One item; `inherit`: a child-order variant that takes sources and confidence from its
    parent unless it gives its own."""
    if not isinstance(item, dict):
        raise KBError(path, "应为映射（text, sources, confidence …）", where, kind)
    text = str(item.get("text") or "").strip()
    if not text:
        raise KBError(path, "必填", where, f"{kind}.text")
    if len(text) > MAX_ANSWER:
        raise KBError(path, f"不能超过 {MAX_ANSWER} 个字（现为 {len(text)}）", where, f"{kind}.text")
    days = item.get("days")
    if days is not None and str(days) not in text:
        raise KBError(path, f"text 中没有写出 days 的数值 {days}", where, f"{kind}.days")
    out = dict(item)
    out["text"] = text
    if "sources" in item or not inherit:
        out["sources"] = check_sources(item.get("sources"), path, where, f"{kind}.sources")
    if "confidence" in item or not inherit:
        out["confidence"] = check_confidence(item.get("confidence"), path, where,
                                             f"{kind}.confidence")
    orders = item.get("by_child_order")
    if orders is not None:
        if not isinstance(orders, dict) or not set(orders) <= {1, 2, 3}:
            raise KBError(path, "by_child_order 的键应为 1、2、3", where, f"{kind}.by_child_order")
        out["by_child_order"] = {int(k): _check_item(v, path, where, f"{kind}.by_child_order.{k}",
                                                     inherit=True)
                                 for k, v in orders.items()}
    return out


def validate_leave(data: dict, path: Path) -> dict:
    kinds = data.get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        raise KBError(path, "需要 kinds: {类别: 中文名}", field="kinds")
    national = data.get("national")
    if not isinstance(national, dict):
        raise KBError(path, "需要 national", field="national")
    for kind in kinds:
        if kind not in national:
            raise KBError(path, "每个类别都需要国家层面的说明", "national", kind)
    provinces = data.get("provinces")
    if not isinstance(provinces, dict) or not provinces:
        raise KBError(path, "需要 provinces", field="provinces")
    out = {"kinds": dict(kinds), "ask_locally": str(data.get("ask_locally") or ""),
           "national": {}, "provinces": {}}
    for kind, item in national.items():
        if kind not in kinds:
            raise KBError(path, "未在 kinds 中定义的类别", "national", kind)
        out["national"][kind] = _check_item(item, path, "national", kind)
        if "unknown_province" not in item:
            raise KBError(path, "需要 unknown_province（未收录省份时的说明，含 {province}）",
                          "national", kind)
    for province, items in provinces.items():
        if not isinstance(items, dict):
            raise KBError(path, "应为映射", province)
        out["provinces"][province] = {}
        for kind, item in items.items():
            if kind == "regulation":
                out["provinces"][province][kind] = str(item)
                continue
            if kind not in kinds:
                raise KBError(path, "未在 kinds 中定义的类别", province, kind)
            out["provinces"][province][kind] = _check_item(item, path, province, kind)
    return out


def outside_mainland(province: str) -> LeaveAnswer:
    """香港/澳门/台湾: mainland leave rules do not govern them, whatever the kind asked about."""
    return LeaveAnswer(text=OUTSIDE_TEXT.format(province=province), sources=[], confidence=None,
                       province=province, held=False)


def _note(confidence: str, text: str) -> str:
    return NOTES.get(confidence, "") if confidence in NOTES and "尚未确认" not in text else ""


def render(data: dict, kind: str, province: str | None, child_order: int | None = None,
           assumed: bool = False) -> LeaveAnswer:
    """The answer to a `kind` question for `province` (None: only the national rule is known).
    `assumed`: the province was not named by the parent but taken from a default."""
    ask = data["ask_locally"]
    national = data["national"][kind]
    if province in OUTSIDE_MAINLAND and not national.get("national_only"):
        return outside_mainland(province)
    items = data["provinces"].get(province or "", {})
    item = items.get(kind)
    if national.get("national_only"):
        item, province = None, None
    more = ""
    if province and item:
        chosen = item
        orders = item.get("by_child_order") or {}
        if child_order in orders:
            chosen = {**item, **orders[child_order]}
        elif child_order is not None and kind == "maternity" and "by_order" in items:
            # 「南京三胎产假」: the parent asked about a child order; say that it does not matter.
            more = items["by_order"]["text"]
        text = chosen["text"]
        confidence = chosen["confidence"]
        held = True
    elif province and province in data["provinces"]:
        # A province we hold, without a figure for this kind.
        text = national["text"]
        more = f"我这里没有{province}关于{data['kinds'][kind]}的专门规定，请咨询{ask}。"
        chosen, confidence, held = national, national["confidence"], False
    elif province:
        text = national["text"]
        more = national["unknown_province"].format(province=province, ask=ask)
        chosen, confidence, held = national, national["confidence"], False
    else:
        text = national["text"]
        more = national.get("no_province", "")
        chosen, confidence, held = national, national["confidence"], False
    if assumed and province and held:
        text = f"按{province}的规定：{text}"
        more = f"如果您不在{province}，告诉我所在省份或城市即可。"
    more += _note(confidence, text + more)
    # The answer first (it fits a phone screen), then who to ask and how sure it is.
    if more:
        text = f"{text}\n\n{more}"
    return LeaveAnswer(text=text, sources=chosen["sources"], confidence=confidence,
                       province=province, held=held)
