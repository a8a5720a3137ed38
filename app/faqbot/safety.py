"""Red flags, caught before retrieval and aware of age (pure Python).

triage(text, months, pregnant) looks at a normalised question, the child's age in months (from
the question, else from the logged-in parent's child) and whether a pregnancy is in play, and
returns an Alert or None:

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

# -- official documents behind the wording (facts.md F5, F6) -----------------------------------
_SRC_MATERNAL = {"title": "《母婴健康素养——基本知识与技能（试行）》", "issuer": "卫生部办公厅",
                 "number": "卫办妇社函〔2012〕31号", "article": "第（十二）条",
                 "date": "2012-01-12", "url": None}
_SRC_WCH = {"title": "《妇幼全生命周期健康教育基本信息（女性篇）》",
            "issuer": "中国疾病预防控制中心妇幼保健中心", "number": None, "article": "第四十五条",
            "date": None,
            "url": "https://www.chinawch.org.cn/cbw2021/women/files/basic-html/page86.html"}
_SRC_LITERACY = {"title": "《中国公民健康素养——基本知识与技能（2024年版）》",
                 "issuer": "国家卫生健康委员会", "number": None, "article": "第62条",
                 "date": "2024-05", "url": None}
_SRC_FLU = {"title": "《流行性感冒诊疗方案（2018年版修订版）》", "issuer": "国家卫生健康委员会",
            "number": None, "article": None, "date": "2018-10", "url": None}
_SRC_NHS_FEVER = {"title": "Fever (high temperature) in children", "issuer": "英国国家医疗服务体系（NHS）",
                  "number": None, "article": None, "date": None,
                  "url": "https://frimley-healthiertogether.nhs.uk/parentscarers/"
                         "worried-your-child-unwell/fever-high-temperature/"
                         "fever-high-temperature-children-over-3-months-age"}

_CALL = "拨打120时说清孩子的年龄、现在的表现和所在地址。我不能远程判断病情，请以医生诊治为准。"
_NO_CN_TEXT = "（此条为单一来源：中国官方文本中没有找到对应条文，与英国国家医疗服务体系的官方指引一致。）"


@dataclass(frozen=True)
class Alert:
    kind: str                 # pregnancy | infant_fever | danger_signs | choking | burn | general
    level: str                # emergency | advice
    text: str                 # first paragraph (≤ 120 characters), then details after a blank line
    confidence: str
    sources: list[dict] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.level == "emergency"


def _alert(kind, level, first, details, confidence, *sources) -> Alert:
    return Alert(kind, level, first + ("\n\n" + details if details else ""), confidence,
                 [dict(s) for s in sources])


GENERAL = _alert("general", "emergency",
                 "这可能是紧急情况，请立即拨打120，或马上到最近的医院急诊就医，不要等待。",
                 _CALL, "confirmed-by-source", _SRC_LITERACY)
DANGER_SIGNS = _alert(
    "danger_signs", "emergency",
    "孩子出现抽搐（惊厥）、呼吸困难、嘴唇或面色发紫、很难叫醒或精神极差，请立即拨打120，不要等待。",
    _CALL + "\n" + _NO_CN_TEXT, "single-source", _SRC_NHS_FEVER)
PREGNANCY = _alert(
    "pregnancy", "emergency",
    "怀孕期间出现阴道出血、腹痛、破水（阴道流液）、胎动明显减少或消失、高热、剧烈头痛或看东西"
    "模糊，请立即去医院，最好去产科急诊。出现抽搐、昏迷或大量出血，立即拨打120。",
    "孕早期有阴道出血、腹痛的，还要警惕流产和宫外孕。以上症状清单来自卫生部文件和中国疾控中心妇幼"
    "保健中心的材料（已由多个来源确认）；“抽搐、昏迷、大量出血打120”为单一来源。",
    "confirmed-by-source", _SRC_MATERNAL, _SRC_WCH)
INFANT_FEVER = _alert(
    "infant_fever", "emergency",
    "3个月以下的宝宝体温达到或超过38℃，要尽快去医院急诊，不要在家观察等待。出现抽搐、呼吸困难、"
    "嘴唇发紫或很难叫醒，立即拨打120。",
    "儿童不要用阿司匹林或含阿司匹林、其他水杨酸类成分的药退热；用什么药、用多少，问医生或药师。\n"
    + _NO_CN_TEXT.replace("此条", "“3个月以下38℃就医”"),
    "single-source", _SRC_NHS_FEVER, _SRC_FLU)
FEVER = _alert(
    "fever", "advice",
    "孩子发烧请带到医院儿科就诊。3个月以下的宝宝体温达到或超过38℃要尽快去急诊；任何年龄出现抽搐、"
    "呼吸困难、嘴唇发紫或很难叫醒，立即拨打120。",
    "儿童不要用阿司匹林或含阿司匹林、其他水杨酸类成分的药退热；退热药选哪种、用多少，问医生或"
    "药师。我不能远程判断病情。\n" + _NO_CN_TEXT.replace("此条", "“3个月以下38℃就医”和“拨打120”两条"),
    "single-source", _SRC_NHS_FEVER, _SRC_FLU)
SICK = _alert(
    "sick", "advice",
    "孩子生病请及时到医院儿科就诊，我不能替代医生诊断和用药。出现抽搐、呼吸困难、嘴唇发紫或很难叫醒，"
    "立即拨打120。", _NO_CN_TEXT.replace("此条", "“拨打120”一条"), "single-source", _SRC_NHS_FEVER)
_CHOKING_FIRST = ("立即拨打120，或让身边的人打。孩子还能哭、能咳嗽的，鼓励他自己咳出来，不要拍打，"
                  "也不要用手指去抠。")
_CHOKING_INFANT = ("1岁以下婴儿哭不出声、不能呼吸时：让婴儿脸朝下趴在您前臂上、头低于身体，用掌根在两"
                   "肩胛骨之间快速拍背5次；异物没出来就翻成脸朝上，用两根手指在两乳头连线中点稍下方"
                   "快速按压胸骨5次；两者交替，直到异物排出；婴儿失去反应时立即开始心肺复苏。只有看得见"
                   "的异物才用手取出。（拍背加压胸为单一来源：来自急救培训材料，未读到中国官方文本。）")
_CHOKING_CHILD = "1岁以上的孩子用腹部冲击法（海姆立克法）。"
_CHOKING_TRAINING = "建议家长参加红十字会等机构的急救培训。"


def choking(months: int | None) -> Alert:
    if months is not None and months < 12:
        details = _CHOKING_INFANT
    elif months is not None:
        details = _CHOKING_CHILD
    else:
        details = _CHOKING_INFANT + "\n" + _CHOKING_CHILD
    return _alert("choking", "emergency", _CHOKING_FIRST, details + "\n" + _CHOKING_TRAINING,
                  "confirmed-by-source", _SRC_LITERACY)


BURN = _alert(
    "burn", "emergency",
    "立即用清洁的流动冷水持续冲洗或浸泡伤处至少10—20分钟，直到疼痛减轻；同时剪开或脱下伤处衣物，"
    "粘住皮肤的不要硬撕。",
    "水疱不要刺破；不要涂牙膏、酱油、油脂或药膏；用干净的纱布或布盖住伤处。婴幼儿烫伤，冲、泡、盖"
    "之后尽快送医院；严重烧烫伤尽快送到有救治能力的医院或拨打120。",
    "confirmed-by-source", _SRC_LITERACY)

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
_PREGNANCY_SIGNS = re.compile("出血|流血|见红|阴道流液|流水|肚子.{0,3}(?:疼|痛)|腹痛|下腹.{0,3}(?:疼|痛)"
                              "|剧烈.{0,2}(?:疼|痛)|头痛|头疼|头晕眼花|眼花|视物模糊|视物不清|看东西"
                              "模糊|看不清东西|看东西不清|发烧|发热|高烧|高热|抽搐|昏迷")
# 「孩子得了手足口病怎么办」: a sick child is a doctor's matter, not a catalogue entry's.
_SICK = re.compile("(?:得了|患了|感染了|生病了|病了|确诊).{0,8}(?:怎么办|怎么治|吃什么药|用什么药|怎么护理)")
_FEVER = re.compile("发烧|发热|高烧|高热|烧到|体温(?:高|\\s*\\d)|低烧")
_TEMP = re.compile(r"(3[5-9]|4[0-2])(?:\.(\d))?\s*(?:度|°|c\b|摄氏)")
_NEWBORN = re.compile("新生儿|刚出生|满月|出生.{0,3}(?:天|周)|\\d+天(?:大)?的(?:宝宝|婴儿|孩子)")

_SYMPTOMS = re.compile("发烧|发热|咳嗽|腹泻|拉肚子|呕吐|吐奶|便秘|湿疹|皮疹|出疹|感冒|流鼻涕|鼻塞|哭闹不止"
                       "|不吃奶|肺炎|过敏|黄疸|生病|病了|不舒服|疼|痛")
SYMPTOM_NOTE = "孩子身体不适时，请及时到医院儿科就诊，我不能替代医生诊断。"


def _happening(text: str) -> bool:
    return not (_PREVENTION.search(text) and not _NOW.search(text))


def temperature(text: str) -> float | None:
    match = _TEMP.search(text)
    if not match:
        return None
    return float(match.group(1) + "." + (match.group(2) or "0"))


def triage(text: str, months: int | None = None, pregnant: bool = False) -> Alert | None:
    """The alert for a normalised question, or None. `months`: the child's age, when known;
    `pregnant`: the parent's child is not born yet (the question may still say so itself)."""
    if _NEWBORN.search(text):
        months = 0
    preventing = _PREVENTION.search(text) and not _NOW.search(text)
    about_pregnancy = pregnant or bool(_PREGNANCY_CONTEXT.search(text))
    if _PREGNANCY_OWN.search(text) or (about_pregnancy and _PREGNANCY_SIGNS.search(text)
                                       and "宝宝" not in text.replace("肚子里的宝宝", "")):
        if not preventing and not _ADMIN.search(text):
            return PREGNANCY
    if _DANGER.search(text):
        return None if preventing else DANGER_SIGNS
    if _CHOKING.search(text) and _NOW.search(text) and not preventing:
        return choking(months)
    if _BURN.search(text) and _NOW.search(text) and not preventing:
        return BURN
    if _GENERAL.search(text) and not preventing and (_NOW.search(text)
                                                   or _GENERAL_STRONG.search(text)):
        return GENERAL
    if _FEVER.search(text) and not preventing and not _ADMIN.search(text):
        degrees = temperature(text)
        if months is not None and months < 3 and (degrees is None or degrees >= 38):
            return INFANT_FEVER
        if degrees is not None and degrees < 37.3:
            return None
        return FEVER
    if _SICK.search(text) and not preventing:
        return SICK
    return None


def first_aid_for_prevention(text: str, title: str) -> bool:
    """A prevention question (「怎么预防宝宝烫伤」) that retrieval matched to a first-aid entry: the
    steps after an accident do not answer it."""
    return bool(_PREVENTION.search(text)) and bool(re.search("急救|怎么处理|处理", title))


def is_emergency(text: str, months: int | None = None) -> bool:
    alert = triage(text, months)
    return alert is not None and alert.urgent


def mentions_symptom(text: str) -> bool:
    return bool(_SYMPTOMS.search(text))
