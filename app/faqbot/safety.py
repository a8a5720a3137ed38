"""Red flags, caught before retrieval and aware of age (pure Python).

classify(text, months, pregnant) looks at a normalised question, the child's age in months (from
the question, else from the logged-in parent's child) and whether a pregnancy is in play, and
returns the kind of red flag or None; triage() turns the kind into the Alert a parent reads, in
the words of content/faq/safety.yaml (Texts). The matching stays here; the wording is content.

- level "emergency": go now (120, 产科急诊, 医院急诊), with the first-aid steps facts.md supports
  (section F5/F6), each marked with its confidence. Never a catalogue entry instead.
- level "advice": a symptom that needs a doctor but is not in itself an emergency (a 2-year-old
  at 39 ℃): the bot still answers from here, naming the signs that would make it one.

Questions about preventing these things (「怎么预防宝宝窒息」), about leave or insurance after them
(「流产假多少天」) and normal-development look-alikes (「胎动什么时候开始」「叫名字没反应」) are
not emergencies and go on to retrieval. The bot never names a cause or a drug dose.
"""
import re
from dataclasses import dataclass, field

# Which red flags send the parent to 120 / 急诊 now ("emergency") and which to a doctor
# ("advice"): a safety decision, so it stays in code. The words the parent reads, their sources
# and confidence are content (content/faq/safety.yaml), checked by validate_safety.
LEVELS = {"general": "emergency", "danger_signs": "emergency", "pregnancy": "emergency",
          "infant_fever": "emergency", "choking": "emergency", "burn": "emergency",
          "fever": "advice", "sick": "advice"}
_CHOKING_PARTS = ("infant", "child", "training")


@dataclass(frozen=True)
class Alert:
    kind: str                 # pregnancy | infant_fever | danger_signs | choking | burn | general …
    level: str                # emergency | advice
    text: str                 # first paragraph (≤ 120 characters), then details after a blank line
    confidence: str
    sources: list[dict] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.level == "emergency"


def validate_safety(data, path) -> dict:
    """safety.yaml -> {"alerts": {kind: {...}}, "symptom_note": str}; KBError names the kind and
    the field. Every kind the matching rules can return must have its text."""
    from app.faqbot.kb import MAX_FIRST_PARAGRAPH, KBError, check_confidence, check_sources

    if not isinstance(data, dict) or not isinstance(data.get("alerts"), dict):
        raise KBError(path, "需要 alerts: {类别: {first, details, confidence, sources}}",
                      field="alerts")
    alerts = data["alerts"]
    missing = [kind for kind in LEVELS if kind not in alerts]
    if missing:
        raise KBError(path, "缺少以下类别的说法：" + "、".join(missing), field="alerts")
    out = {}
    for kind, raw in alerts.items():
        if kind not in LEVELS:
            raise KBError(path, "未知类别，应为：" + "、".join(LEVELS), kind)
        if not isinstance(raw, dict):
            raise KBError(path, "应为映射（first, details, confidence, sources）", kind)
        allowed = {"first", "details", "confidence", "sources",
                   *(_CHOKING_PARTS if kind == "choking" else ())}
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise KBError(path, "不支持的字段", kind, unknown[0])
        item = {}
        for name in ("first", *(_CHOKING_PARTS if kind == "choking" else ())):
            value = str(raw.get(name) or "").strip()
            if not value:
                raise KBError(path, "必填", kind, name)
            item[name] = value
        if len(item["first"]) > MAX_FIRST_PARAGRAPH or "\n" in item["first"]:
            raise KBError(path, f"第一段应为一段、不超过 {MAX_FIRST_PARAGRAPH} 个字（现为 "
                          f"{len(item['first'])}）", kind, "first")
        item["details"] = str(raw.get("details") or "").strip()
        item["confidence"] = check_confidence(raw.get("confidence"), path, kind)
        item["sources"] = check_sources(raw.get("sources"), path, kind)
        out[kind] = item
    note = str(data.get("symptom_note") or "").strip()
    if not note:
        raise KBError(path, "必填", field="symptom_note")
    return {"alerts": out, "symptom_note": note}


class Texts:
    """The alerts a parent reads, built once per engine from the validated safety content."""

    def __init__(self, data: dict):
        self.symptom_note = data["symptom_note"]
        self._items = data["alerts"]
        self._alerts = {kind: self._build(kind, item["details"])
                        for kind, item in self._items.items() if kind != "choking"}
        choking = self._items["choking"]
        self._choking = {
            "infant": self._build("choking", choking["infant"] + "\n" + choking["training"]),
            "child": self._build("choking", choking["child"] + "\n" + choking["training"]),
            None: self._build("choking", "\n".join((choking["infant"], choking["child"],
                                                     choking["training"]))),
        }

    def _build(self, kind: str, details: str) -> Alert:
        item = self._items[kind]
        text = item["first"] + ("\n\n" + details if details else "")
        return Alert(kind, LEVELS[kind], text, item["confidence"],
                     [dict(s) for s in item["sources"]])

    def alert(self, kind: str, months: int | None = None) -> Alert:
        if kind == "choking":
            return self._choking[None if months is None else "infant" if months < 12 else "child"]
        return self._alerts[kind]

    def all(self) -> list[Alert]:
        return [*self._alerts.values(), *self._choking.values()]


# -- what the question says ---------------------------------------------------------------------
_PREVENTION = re.compile("预防|防止|避免|防范|怎么防|如何防|注意什么|注意事项")
_NOW = re.compile("了|刚才|刚刚|现在|正在|突然|一直|怎么办|怎么处理|(?<!紧)急(?!救)|救命|快|还在")
# Leave, money and paperwork after the event: not an emergency now.
_ADMIN = re.compile("假|报销|津贴|工资|社保|医保|生育保险|补贴|证明|手续|请假|单位|产检时间")

_DANGER = re.compile(
    "抽搐|抽风|惊厥|(?:发烧|高烧|发热|烧到).{0,8}抽筋|抽筋.{0,6}(?:发烧|高烧|发热)|翻白眼|口吐白沫"
    "|呼吸困难|喘不上气|喘不过气|透不过气|喘不了气|上不来气|没有呼吸|没呼吸|不呼吸|停止呼吸|呼吸停"
    "|嘴唇发紫|口唇发紫|嘴唇青紫|嘴唇发青|嘴唇青|嘴唇紫|脸色发紫|脸发紫|脸色青紫|面色青紫|面色发紫"
    "|全身发紫|发绀|憋紫|憋得发紫|脸色发青|脸发青|面色发青"
    "|昏迷|叫不醒|很难叫醒|怎么叫都不醒|昏过去|晕过去|晕倒|意识不清|失去意识|休克|精神极差")
_CHOKING = re.compile("噎住|噎着|噎到|卡住喉咙|卡喉咙|卡在喉咙|喉咙.{0,3}卡|气管异物|异物卡|卡住了"
                      "|窒息|呛到气管|脸憋红|憋红了脸|憋得脸红")
_BURN = re.compile("烫伤|烧伤|烫到|烫着|被.{0,4}烫|开水烫|热水烫|烫了|灼伤|烫起泡")
_GENERAL = re.compile(
    "误吞|误食|误服|误吃|误喝|吞了|吞下|吃了.{0,4}(?:药|电池|纽扣|磁|洗衣|消毒|干燥剂|硬币)"
    "|喝了.{0,3}(?:消毒|洗衣|酒精|农药|洁厕|84)|中毒|溺水|呛水|触电|大出血|出血不止|血流不止"
    "|被(?:狗|猫|蛇)(?:咬|抓)|摔到头|摔了头|磕到头|撞到头|头着地|头先着地|(?:从|掉下).{0,5}(?:床|沙发|"
    "楼梯|椅子|桌子|窗)|坠落|坠楼")
# A red flag on its own: these words are not used in the catalogue's ordinary questions.
_GENERAL_STRONG = re.compile("误吞|误食|误服|误吃|误喝|中毒|溺水|触电|大出血|出血不止|血流不止|坠楼"
                             "|头着地|头先着地|摔到头|摔了头")

_PREGNANCY_CONTEXT = re.compile("怀孕|孕|胎|产前|临产|羊水|预产期|肚子里")
# Signs that are about a pregnancy by themselves.
_PREGNANCY_OWN = re.compile("破水|羊水(?:破|流|漏)|胎膜破|胎动.{0,4}(?:减少|变少|少了|消失|没了|不动"
                            "|停了|没有了|异常|频繁|剧烈|感觉不到)|感觉不到胎动|没有胎动|胎心.{0,3}"
                            "(?:没|消失|停)|见红|肚子里.{0,5}(?:不动|没动静|不怎么动)")
_PREGNANCY_SIGNS = re.compile("出血|流血|见红|阴道流液|流了?(?:很多|好多|一些|一点|大量|一大股|一股)?水|肚子.{0,6}(?:疼|痛)|腹痛|下腹.{0,6}(?:疼|痛)"
                              "|剧烈.{0,2}(?:疼|痛)|头痛|头疼|头晕眼花|眼花|视物模糊|视物不清|看东西"
                              "模糊|看不清东西|看东西不清|发烧|发热|高烧|高热|抽搐|昏迷")
# 「孩子得了手足口病怎么办」: a sick child is a doctor's matter, not a catalogue entry's.
_SICK = re.compile("(?:得了|患了|感染了|生病了|病了|确诊).{0,8}(?:怎么办|怎么治|吃什么药|用什么药|怎么护理)")
_FEVER = re.compile("发烧|发热|高烧|高热|烧到|体温(?:高|\\s*\\d)|低烧")
_TEMP = re.compile(r"(3[5-9]|4[0-2])(?:\.(\d))?\s*(?:度|°|c\b|摄氏)")
_NEWBORN = re.compile("新生儿|刚出生|满月|出生.{0,3}(?:天|周)|\\d+天(?:大)?的(?:宝宝|婴儿|孩子)")

_SYMPTOMS = re.compile("发烧|发热|咳嗽|腹泻|拉肚子|呕吐|吐奶|便秘|湿疹|皮疹|出疹|感冒|流鼻涕|鼻塞|哭闹不止"
                       "|不吃奶|肺炎|过敏|黄疸|生病|病了|不舒服|疼|痛")


def _happening(text: str) -> bool:
    return not (_PREVENTION.search(text) and not _NOW.search(text))


def temperature(text: str) -> float | None:
    match = _TEMP.search(text)
    if not match:
        return None
    return float(match.group(1) + "." + (match.group(2) or "0"))


def classify(text: str, months: int | None = None, pregnant: bool = False) -> str | None:
    """The kind of red flag in a normalised question (a key of LEVELS), or None. `months`: the
    child's age, when known; `pregnant`: the parent's child is not born yet (the question may
    still say so itself)."""
    if _NEWBORN.search(text):
        months = 0
    preventing = _PREVENTION.search(text) and not _NOW.search(text)
    about_pregnancy = pregnant or bool(_PREGNANCY_CONTEXT.search(text))
    if _PREGNANCY_OWN.search(text) or (about_pregnancy and _PREGNANCY_SIGNS.search(text)
                                       and "宝宝" not in text.replace("肚子里的宝宝", "")):
        if not preventing and not _ADMIN.search(text):
            return "pregnancy"
    if _DANGER.search(text):
        return None if preventing else "danger_signs"
    if _CHOKING.search(text) and _NOW.search(text) and not preventing:
        return "choking"
    if _BURN.search(text) and _NOW.search(text) and not preventing:
        return "burn"
    if _GENERAL.search(text) and not preventing and (_NOW.search(text)
                                                   or _GENERAL_STRONG.search(text)):
        return "general"
    if _FEVER.search(text) and not preventing and not _ADMIN.search(text):
        degrees = temperature(text)
        if months is not None and months < 3 and (degrees is None or degrees >= 38):
            return "infant_fever"
        if degrees is not None and degrees < 37.3:
            return None
        return "fever"
    if _SICK.search(text) and not preventing:
        return "sick"
    return None


def triage(text: str, texts: Texts, months: int | None = None,
           pregnant: bool = False) -> Alert | None:
    """The alert for a normalised question, in the words of the safety content, or None."""
    kind = classify(text, months, pregnant)
    if kind is None:
        return None
    return texts.alert(kind, 0 if _NEWBORN.search(text) else months)


def first_aid_for_prevention(text: str, title: str) -> bool:
    """A prevention question (「怎么预防宝宝烫伤」) that retrieval matched to a first-aid entry: the
    steps after an accident do not answer it."""
    return bool(_PREVENTION.search(text)) and bool(re.search("急救|怎么处理|处理", title))


def is_emergency(text: str, months: int | None = None) -> bool:
    return LEVELS.get(classify(text, months)) == "emergency"


def mentions_symptom(text: str) -> bool:
    return bool(_SYMPTOMS.search(text))


_WHAT_TO_DO = re.compile("怎么办|怎么处理|怎么治|怎么护理|怎么缓解|吃什么药|用什么药|要不要吃药")


def asks_what_to_do_about_a_symptom(text: str, entry_title: str) -> bool:
    """「宝宝便秘怎么办」: what to do about a symptom is a doctor's matter, unless the entry is
    about that very symptom (its title names one)."""
    return bool(_SYMPTOMS.search(text) and _WHAT_TO_DO.search(text)
                and not _SYMPTOMS.search(entry_title))


def without_symptoms(text: str) -> str:
    """The text with its symptom words blanked: the signs an answer warns of (「之后出现便秘…要
    立即就医」 in the honey entry) are not what it answers."""
    return _SYMPTOMS.sub(" ", text)
