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
# Each red flag is a family of patterns built from its parts (who, the sign, how it is said:
# colloquial verbs, negation 没怎么/不太/好像没, degree 特别/很/好厉害, spans 一整天/半天), so that
# a parent's own words reach it, not only the words of a leaflet.
_PREVENTION = re.compile("预防|防止|避免|防范|怎么防|如何防|注意什么|注意事项|才不会|不会被|怎么放|放哪")
_NOW = re.compile("了|刚才|刚刚|现在|正在|突然|一直|怎么办|怎么处理|(?<!紧)急(?!救)|救命|快|还在")
# Leave, money and paperwork after the event: not an emergency now.
_ADMIN = re.compile("假|报销|津贴|工资|社保|医保|生育保险|补贴|证明|手续|请假|单位|产检时间")
# What a sign is, how to tell two apart, when it starts, how to count: knowledge, not an event.
_KNOWLEDGE = re.compile("区别|有什么不同|是什么意思|是什么样|什么感觉|什么时候开始|多少周开始|几周开始"
                        "|怎么数|怎么算|一天多少次|一天几次|数几次|多少次正常")

_DEGREE = "(?:特别|非常|很|好|太|超|巨|极|剧烈|厉害|受不了|要命|要裂|炸)"
_SEE = "(?:看东西|看|视物|眼睛|眼前|视线|视力)"
# Severe headache or blurred vision: the headache needs a degree, a suddenness or a companion sign.
_HEADACHE = f"头(?:部)?{_DEGREE}?(?:疼|痛)(?:得|的)?(?:要|快)?{_DEGREE}|头{_DEGREE}.{{0,2}}(?:疼|痛)|剧烈头(?:疼|痛)|突然头(?:疼|痛)|头(?:疼|痛)欲裂"
_VISION = (f"{_SEE}.{{0,4}}(?:模糊|模模糊糊|不清|不太清|花了|发花|重影|发黑|黑了|冒金星)|眼前(?:发黑|一黑|黑)"
           "|眼花|眼冒金星|看不清|视物模糊|视物不清|头晕眼花")
_HEAD_WITH = "头(?:疼|痛|晕).{0,10}(?:吐|呕|眼花|看不清|模糊|发黑)"
# Fetal movement reduced or absent: 胎动少了, 宝宝不怎么动, 一整天没怎么感觉到胎动, 没感觉到宝宝踢.
_FETUS = "(?:胎动|胎儿|宝宝|小家伙|孩子|娃|肚子里的?(?:宝宝|孩子)?|他|她)"
_FEWER = ("(?:减少|变少|少了|少一半|少了一大半|比平时少|比以前少|不明显|没了|消失|没有了|停了|不动了?"
          "|不太动|不怎么动|没怎么动|很少动|动得少|动得?少了|少动|没动静|没什么动静|不活跃|没感觉|感觉不到)")
_MOVEMENT = (f"胎动.{{0,10}}{_FEWER}|{_FETUS}.{{0,10}}(?:不太动|不怎么动|没怎么动|很少动|动得?(?:很|特别)?少"
             "|少动|没(?:什么)?动静|不动了|好像不动|没动过|都不动|一直不动)"
             "|(?:没怎么|不太|不怎么|好像没|没有?|感觉不到|没感觉到?|没摸到).{0,6}(?:胎动|踢|动静)"
             f"|(?:没怎么|不怎么|好像没|没有?|感觉不到|没感觉到?|没摸到)(?:感觉到?|摸到)?.{{0,2}}{_FETUS}(?:在)?动"
             "|胎动.{0,8}(?:频繁|剧烈|异常|乱动)|胎心.{0,3}(?:没|消失|停)")
# Waters breaking or a leak: 破水, 下面一直流水, 裤子湿了一大片.
_WATERS = ("破水|羊水(?:破|流|漏)|胎膜破|阴道流液|流了?(?:很多|好多|一些|一点|大量|一大股|一股)?水"
           "|水.{0,2}流(?:出|下)|(?:流|涌|冒)出.{0,3}水|(?:裤子|内裤|床单|下面).{0,4}湿|湿了?一(?:大)?片"
           "|止不住")
_BLEEDING = ("出血|流血|见红|(?:流|出|见)了?.{0,4}血|(?:内裤|裤子|下面|护垫|卫生纸|纸上).{0,4}血"
             "|血.{0,2}(?:止不住|不停)")
_BELLY = f"肚子.{{0,6}}(?:疼|痛)|腹痛|下腹.{{0,6}}(?:疼|痛)|剧烈.{{0,2}}(?:疼|痛)|疼得.{{0,4}}(?:直不起|打滚|受不了)"
_FITS = ("抽搐|抽风|惊厥|抽起来|抽了起来|一抽一抽|浑身抽|全身抽|四肢抽|手脚.{0,4}抽|抽动不停|(?:发烧|高烧|发热|烧到).{0,8}抽筋"
         "|抽筋.{0,6}(?:发烧|高烧|发热)|翻白眼|眼睛(?:往上|向上|上)翻|两眼上翻|眼珠上翻|口吐白沫")

_PREGNANCY_CONTEXT = re.compile("怀孕|孕|胎|产前|临产|待产|临盆|羊水|预产期|肚子里"
                                # 「快生了」「马上要生了」: late pregnancy said without a week
                                "|(?:快|快要|马上|马上要|就要|要)生(?:了|啦)"
                                # 「34周了」: weeks of a pregnancy; a baby's age in weeks is said
                                # with 宝宝/出生/大, and rarely past 12.
                                "|(?<![\\d出生宝婴儿])(?:1[2-9]|[23]\\d|4[0-2])周(?!岁|大)")
# Signs that are about a pregnancy by themselves.
_PREGNANCY_OWN = re.compile(f"破水|羊水(?:破|流|漏)|胎膜破|胎动.{{0,10}}{_FEWER}|感觉不到胎动|没有胎动"
                            "|胎心.{0,3}(?:没|消失|停)|见红|肚子里.{0,5}(?:不动|没动静|不怎么动)")
_MOVEMENT_RE = re.compile(_MOVEMENT)
_PREGNANCY_SIGNS = re.compile("|".join((_MOVEMENT, _WATERS, _BLEEDING, _BELLY, _HEADACHE, _VISION,
                                        _HEAD_WITH, _FITS, "发烧|发热|高烧|高热|昏迷|头晕")))

_DANGER = re.compile(
    _FITS + "|呼吸困难|喘不上气|喘不过气|喘不过来|喘不上来|透不过气|喘不了气|上不来气|没有呼吸|没呼吸"
    "|不呼吸|停止呼吸|呼吸停|(?:喘气|呼吸|出气).{0,4}(?:费劲|费力|困难|吃力|艰难)|胸口.{0,3}(?:凹|陷)"
    "|三凹|鼻翼扇动|憋得.{0,3}(?:发紫|紫|青)"
    "|(?:嘴唇|嘴巴|嘴|口唇|嘴周|嘴角|脸|脸色|面色|指甲|手指|全身|浑身).{0,4}(?:发紫|青紫|发青|紫了|青了|发乌|乌青)"
    "|发绀|憋紫|(?:嘴唇|嘴巴|口唇|脸).{0,3}(?:紫|青)"
    "|昏迷|昏睡|叫不醒|喊不醒|摇不醒|拍不醒|很难叫醒|怎么叫都不醒|叫不应|喊不应"
    "|(?:叫|喊|拍|摇|碰)(?:他|她|宝宝|孩子|娃)?(?:都|也)?(?:没反应|没有反应|没什么反应|不理)"
    "|昏过去|晕过去|晕倒|意识不清|失去意识|休克|精神极差")
_CHOKING = re.compile("噎住|噎着|噎到|噎得|卡住喉咙|卡喉咙|卡在喉咙|卡.{0,2}喉咙|喉咙.{0,3}卡|气管异物|异物卡"
                      "|卡住了|鱼刺卡|骨头卡|窒息|呛到气管|脸憋红|憋红了脸|憋得脸红|哭不出声|咳不出来"
                      "|发不出声")
# The words of a choking that is happening, whatever else the question says.
_CHOKING_STRONG = re.compile("噎得|卡.{0,2}喉咙|哭不出声|咳不出来|发不出声|憋得脸红|脸憋红")
_HEAT = "(?:热|开|烫)(?:水|汤|粥|油|奶|茶|面)|火|蒸汽|暖气片|暖气|取暖器|电暖器|熨斗|热水袋|暖宝宝|锅|炉"
_BURN = re.compile("烫伤|烧伤|烫到|烫着|被.{0,4}烫|开水烫|热水烫|烫了|烫红|烫破|灼伤|烫起泡"
                   f"|(?:{_HEAT}).{{0,8}}(?:浇|泼|洒|溅|淋|倒在)|(?:碰|摸|贴|挨|靠)(?:到|了|着)?.{{0,4}}(?:{_HEAT}).{{0,8}}(?:起泡|水泡|水疱|红了|破皮)")
_OBJECTS = ("药|电池|纽扣|磁|珠|硬币|玩具|零件|钉|别针|针|洗衣|凝珠|消毒|干燥剂|化妆品|樟脑|老鼠药|杀虫|农药"
            "|酒精|洁厕|84|烟头|香烟|螺丝|弹珠|笔帽|小球|电子烟|发卡|耳环")
_GENERAL = re.compile(
    "误吞|误食|误服|误吃|误喝|吞了|吞下|咽下去|咽进去|吞进去|吃下去|吃进去|吃进肚"
    f"|(?:吃|喝|舔|啃|嚼|含|咬)了.{{0,8}}(?:{_OBJECTS})|偷吃|偷喝|(?:舔|啃|咬)(?:了)?.{{0,3}}(?:洗衣|凝珠|消毒|洁厕|农药|杀虫|电池)"
    f"|把.{{0,8}}(?:{_OBJECTS}).{{0,4}}(?:吃|喝|吞|咽|舔|嚼)(?:了|下|进|掉)"
    "|喝了.{0,3}(?:消毒|洗衣|酒精|农药|洁厕|84)|中毒|溺水|呛水|触电|大出血|出血不止|血流不止"
    "|被(?:狗|猫|蛇)(?:咬|抓)|坠落|坠楼"
    "|(?:头|脑袋|额头|脑门|后脑勺?).{0,3}(?:着地|磕|撞|碰|摔)|(?:磕|撞|碰|摔)(?:到|了|在|着|伤)?.{0,4}(?:头|脑袋|额头|脑门|后脑)"
    "|头上.{0,4}(?:包|肿|流血)|(?:从|掉下).{0,5}(?:床|沙发|楼梯|椅子|桌子|窗|餐椅|推车|尿布台|护理台)")
# A red flag on its own: these words are not used in the catalogue's ordinary questions.
_GENERAL_STRONG = re.compile("误吞|误食|误服|误吃|误喝|中毒|溺水|触电|大出血|出血不止|血流不止|坠楼"
                             "|头着地|头先着地|后脑着地|摔到头|摔了头|磕到.{0,3}(?:头|后脑)|偷吃|偷喝"
                             "|咽下去|吞进去|吃下去")
# Honey already eaten by a baby, then the signs facts.md F4 names (便秘, 吃奶差, 无力, 全身发软):
# 立即就医. Not a sign asked about (「吃了蜂蜜会不会便秘」) nor honey given as a habit (「都喂蜂蜜水」).
_HONEY_EATEN = re.compile("(?:吃|喝|喂|舔|尝)(?:了|过)(?:点|一点|些|一些|几口|一口)?.{0,4}蜂蜜"
                          "|蜂蜜.{0,6}(?:吃|喝|喂|舔|尝)(?:了|过)")
_BOTULISM_SIGN = re.compile("(?<![会怕心易能])(?:便秘|不(?:爱|肯|怎么)?吃奶|吃奶(?:差|少|不好)"
                            "|没(?:有|啥|什么)?力气|无力|软(?:软|绵绵|塌塌)?的|发软|没精神|精神差|蔫)")
# 「孩子得了手足口病怎么办」: a sick child is a doctor's matter, not a catalogue entry's.
_SICK = re.compile("(?:得了|患了|感染了|生病了|病了|确诊).{0,8}(?:怎么办|怎么治|吃什么药|用什么药|怎么护理)")
_FEVER = re.compile("发烧|发热|高烧|高热|烧到|没退烧|不退烧|烧(?:不|没|还没)退|还在烧|一直烧"
                    "|体温(?:高|\\s*\\d)|低烧|摸着.{0,2}烫|摸起来.{0,2}烫|额头.{0,2}烫")
_TEMP = re.compile(r"(3[5-9]|4[0-2])(?:\.(\d))?\s*(?:度|°|c\b|摄氏)(\d(?!\d))?")
# A reading without its unit after the words that introduce one: 「体温38.5」「量了38.4」.
_TEMP_READ = re.compile(r"(?:体温|量了?|测了?|烧到|烧了?)\s*(3[5-9]|4[0-2])(?:\.(\d))?(?!\d)")
_CN_TEMP = re.compile("三十([五六七八九])(?:度|点)([一二三四五六七八九])?")
_NEWBORN = re.compile("新生儿|刚出生|满月|出生.{0,3}(?:天|周)|\\d+天(?:大)?的(?:宝宝|婴儿|孩子)")
_DAYS_OLD = re.compile("(?:宝宝|婴儿|孩子|娃|儿子|女儿|才|刚|出生)(?:才|刚)?(?:满)?(\\d{1,3})天"
                       "|(\\d{1,3})天(?:大)?的?(?:宝宝|婴儿|孩子|娃)")

_SYMPTOMS = re.compile("发烧|发热|咳嗽|腹泻|拉肚子|呕吐|吐奶|便秘|湿疹|皮疹|出疹|感冒|流鼻涕|鼻塞|哭闹不止"
                       "|不吃奶|肺炎|过敏|黄疸|生病|病了|不舒服|疼|痛")


# -- what a question says that is not an event now (blanked or checked before the families) -----
# Dialect negation and degree, read as their plain forms: 「没咋感觉到娃动」 = 没怎么感觉到.
_DIALECT = (("没咋", "没怎么"), ("不咋", "不怎么"), ("没啥", "没什么"), ("莫得", "没有"),
            ("咋个办", "怎么办"), ("咋办", "怎么办"))
# A negated sign: 「没发烧」「也没有发热」 (not 「会不会发烧」「是不是发烧了」, not 「没退烧」).
_NEGATED_FEVER = re.compile("(?<![会是])(?:没有|没|不|未)(?:有)?(?:发烧|发热|高烧|低烧|烧(?!到))")
# Getting a child to take its own medicine: 「怎么让宝宝把药吃了」 is not a poisoning (「给娃把药吃了」 is).
_GIVING = re.compile("(?:让|哄|劝)(?:宝宝|孩子|小孩|娃)?把")
# A question about a risk: 「听说会中毒」「会不会中毒」, while nothing has been swallowed and no
# sign is told (「吃了…会不会中毒」「吐了是不是中毒」「是不是中毒了」 stay red flags).
_ASKED_RISK = re.compile("(?:听说|听人说|据说|会不会|是不是|会|怕|担心|容易|可能)(?:会)?.{0,4}中毒(?!了)")
_SWALLOWED = re.compile("(?:吃|喝|吞|咽|舔|啃|嚼|误)(?:了|下|进|过)|吃着|喝着")
_SIGNS_TOLD = re.compile("吐|拉|泻|晕|抽|昏|没精神|精神差|蔫|哭闹|烧|疹|肿|软|便秘|无力|不吃奶|出血|流血")
# A past event a doctor has checked: 「上周从沙发上摔下来过 去医院查了没事」; not when something is
# happening again or still (今天/又/还在/一直, a sign told).
# (Numerals are digits by now: 「前两天」 reads 「前2天」.)
_PAST = re.compile("上周|上个?(?:星期|礼拜|月)|前(?:几|\\d+)?天|(?:几|\\d+)(?:天|周|个?星期|个?月)(?:以)?前|昨天|之前"
                   "|以前|上次|前段时间|前阵子|去年|那天")
_CHECKED = re.compile("(?:查|检查|看|拍片|拍了片|ct|复查|b超)(?:了|过)?.{0,6}(?:没事|没问题|没有问题|没什么问题"
                      "|没什么事|没大碍|正常)|医生说.{0,4}(?:没事|没问题|正常|没大碍)")
_STILL = re.compile("现在|今天|今早|今晚|刚才|刚刚|又|还在|还是|一直|突然|这会|越来越|这(?:几|\\d+)天|老是|总是")
_CHECKED_KINDS = ("general", "pregnancy", "choking", "burn")


def _read(text: str) -> str:
    """The question with its dialect in plain words and the look-alike spans blanked."""
    for word, plain in _DIALECT:
        text = text.replace(word, plain)
    text = _NEGATED_FEVER.sub(" ", text)
    text = _GIVING.sub(" ", text)
    if not _SWALLOWED.search(text) and not _SIGNS_TOLD.search(text):
        text = _ASKED_RISK.sub(" ", text)
    return text


def _checked_past_event(text: str) -> bool:
    return bool(_PAST.search(text) and _CHECKED.search(text) and not _STILL.search(text)
                and not _SIGNS_TOLD.search(_CHECKED.sub(" ", text)))


def _happening(text: str) -> bool:
    return not (_PREVENTION.search(text) and not _NOW.search(text))


def temperature(text: str) -> float | None:
    match = _TEMP.search(text)
    if match:
        return float(match.group(1) + "." + (match.group(2) or match.group(3) or "0"))
    match = _TEMP_READ.search(text)
    if match:
        return float(match.group(1) + "." + (match.group(2) or "0"))
    match = _CN_TEMP.search(text)
    if match:
        digits = "一二三四五六七八九"
        tenth = digits.index(match.group(2)) + 1 if match.group(2) else 0
        return 30 + digits.index(match.group(1)) + 1 + tenth / 10
    return None


def _pregnancy_sign(text: str, pregnant: bool) -> bool:
    """A warning sign of pregnancy (facts.md F5). A question about what a sign is or how to count
    (「怎么数胎动」「见红和破水有什么区别」) is not one unless something is happening."""
    if _KNOWLEDGE.search(text) and not _NOW.search(text):
        return False
    if _PREGNANCY_OWN.search(text):
        return True
    if not (pregnant or _PREGNANCY_CONTEXT.search(text)):
        return False
    if _MOVEMENT_RE.search(text):
        return True
    # 「宝宝」 in a pregnant mother's question about her own body is usually a born child's matter.
    return "宝宝" not in text.replace("肚子里的宝宝", "") and bool(_PREGNANCY_SIGNS.search(text))


def classify(text: str, months: int | None = None, pregnant: bool = False) -> str | None:
    """The kind of red flag in a normalised question (a key of LEVELS), or None. `months`: the
    child's age, when known; `pregnant`: the parent's child is not born yet (the question may
    still say so itself)."""
    text = _read(text)
    kind = _kind(text, months, pregnant)
    if kind in _CHECKED_KINDS and _checked_past_event(text):
        return None
    return kind


def _kind(text: str, months: int | None, pregnant: bool) -> str | None:
    if _NEWBORN.search(text):
        months = 0
    days = _DAYS_OLD.search(text)
    if days and not _PREGNANCY_CONTEXT.search(text):
        months = int(days.group(1) or days.group(2)) // 30
    preventing = _PREVENTION.search(text) and not _NOW.search(text)
    if _pregnancy_sign(text, pregnant):
        if not preventing and not _ADMIN.search(text):
            return "pregnancy"
    if _DANGER.search(text):
        return None if preventing else "danger_signs"
    if _CHOKING.search(text) and (_NOW.search(text) or _CHOKING_STRONG.search(text)) \
            and not preventing:
        return "choking"
    if _BURN.search(text) and _NOW.search(text) and not preventing:
        return "burn"
    if _GENERAL.search(text) and not preventing and (_NOW.search(text)
                                                   or _GENERAL_STRONG.search(text)):
        return "general"
    if (_HONEY_EATEN.search(text) and _BOTULISM_SIGN.search(text) and not preventing
            and (months is None or months < 12)):
        return "general"
    degrees = temperature(text)
    if (_FEVER.search(text) or (degrees or 0) >= 37.3) and not preventing \
            and not _ADMIN.search(text):
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
