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

from app.faqbot.text import ASKS, chinese_to_int

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
_PREVENTION = re.compile("预防|防止|避免|防范|怎么防|如何防|咋防|注意什么|注意事项|才不会|不会被|怎么放|放哪"
                         # 「给娃吃东西 哪些最容易卡嗓子」: which foods, asked
                         "|哪些.{0,4}容易|什么.{0,4}容易(?:卡|噎|呛)"
                         # a safety device asked about: 「怕急刹车撞到宝宝的头 安全座椅必须装吗」
                         "|安全座椅|儿童座椅|床围|护栏|防护栏|护角|防撞条")
_PREVENT_ASK = re.compile("(?:怎么|如何|怎样|咋)[^\\s]{0,4}?(?:防止|预防|避免|防范|才不会|才能不|不会被)")
_NOW = re.compile("了|刚才|刚刚|现在|这会儿?|正在|突然|一直|怎么办|怎么处理|(?<!紧)急(?!救|刹)|救命|快|还在")
# Leave, money and paperwork after the event: not an emergency now.
_ADMIN = re.compile("假|报销|津贴|工资|社保|医保|生育保险|补贴|证明|手续|请假|产检时间")
# What a sign is, how to tell two apart, when it starts, how to count: knowledge, not an event.
_KNOWLEDGE = re.compile("区别|区分|分辨|怎么分清|怎么判断|如何判断|有什么不同|是什么意思|是什么样|什么感觉|什么时候开始|多少周开始|几周开始"
                        "|怎么数|怎么算|一天多少次|一天几次|数几次|多少次正常|多久会生|多久生|以后多久|征兆|前兆|迹象|之前会有|前会有")

_DEGREE = "(?:特别|非常|很|好|太|超|巨|极|剧烈|厉害|受不了|要命|要裂|炸|凶|恼火)"
_SEE = "(?:看东西|看|视物|眼睛|眼前|视线|视力)"
# Severe headache or blurred vision: the headache needs a degree, a suddenness or a companion sign.
_HEADACHE = f"头(?:部)?{_DEGREE}?(?:疼|痛)(?:得|的)?(?:像|跟)?(?:要|快)?{_DEGREE}|头{_DEGREE}.{{0,2}}(?:疼|痛)|剧烈头(?:疼|痛)|突然头(?:疼|痛)|头(?:疼|痛)欲裂"
_VISION = (f"{_SEE}.{{0,4}}(?:模糊|模模糊糊|不清|不太清|花了|发花|重影|发黑|黑了|冒金星)|眼前(?:发黑|一黑|黑)"
           "|(?:看东西|眼睛|眼前).{0,2}花得"
           "|眼花|眼冒金星|看不清|视物模糊|视物不清|头晕眼花")
_HEAD_WITH = "头(?:疼|痛|晕).{0,10}(?:吐|呕|眼花|看不清|模糊|发黑)"
# Fetal movement reduced or absent: 胎动少了, 宝宝不怎么动, 一整天没怎么感觉到胎动, 没感觉到宝宝踢.
_FETUS = "(?:胎动|胎儿|宝宝|小家伙|孩子|娃|肚子里的?(?:宝宝|孩子|娃娃?|小家伙)?|他|她)"
_FEWER = ("(?:不大动|减少|变少|少了|少一半|少了一大半|比平时少|比以前少|不明显|没了|消失|没有了|停了|不动了?|不动弹"
          "|不太动|不怎么动|没怎么动|很少动|动得少|动得?少了|少动|没动静|没什么动静|不活跃|没感觉|感觉不到"
          "|(?:都|也|一直)没(?:有)?(?:了|感觉|动静|动)?(?=\\s|$|[，。,！!？?]))")
_MOVEMENT = (f"胎动.{{0,10}}{_FEWER}|{_FETUS}.{{0,10}}(?:不太动|不大动|不怎么动|没怎么动|很少动|动得?(?:很|特别)?少"
             "|少动|动得?(?:可|好|老|太)少|没(?:什么)?动静|不动了|好像不动|没动过|都不动|一直不动|一动(?:也|都)?不动|动都不动|一下(?:都|也)没动|一点(?:都|也)不动)"
             f"|{_FETUS}.{{0,8}}(?:疯狂|乱动|动得(?:特别|很|好|太)?(?:厉害|凶|猛))"
             "|(?:没怎么|不太|不怎么|好像没|没有?|感觉不到|没感觉到?|没摸到).{0,6}(?:胎动|踢|动静)"
             # 「胎动突然特别猛 一直踢个不停」: suddenly far more (F5: 突然异常频繁)
             "|胎动.{0,4}(?:特别|很|好|太|超)(?:猛|疯)|踢个不停"
             # 「今晚胎动突然特别疯 踢个不停 后来又一下子安静了」
             "|(?:一下子|突然|后来)(?:又)?(?:就)?(?:安静|不动|没动静|没了动静)(?:了|下来)"
             # 「下午开始没动了 到现在」
             "|(?:上午|下午|中午|晚上|早上|昨晚|昨天|夜里|半夜)(?:开始|起|以后|到现在)(?:就|都|也)?(?:没|没有|不)(?:怎么|再)?动"
             "|(?:小时|半天|(?:一|1)整天|(?:一|1)天|(?:一|1)上午|(?:一|1)下午|(?:一|1)晚上|早上到现在).{0,4}(?:都|也)?(?:没|没有)(?:怎么)?(?:个)?动"
             "|(?:才|只)动了?(?:\\d|一|两|几)(?:下|次)|(?:动|胎动).{0,12}比(?:平时|以前|往常)少|拍肚皮.{0,3}(?:没|没有)(?:反应|动静)"
             f"|(?:没|没有|不)(?:觉得|感觉|感到|察觉)(?:到)?.{{0,3}}{_FETUS}.{{0,6}}动"
             f"|(?:没怎么|不怎么|好像没|没有?|感觉不到|没感觉到?|没摸到)(?:感觉到?|摸到)?.{{0,2}}{_FETUS}(?:在)?动"
             "|胎动.{0,8}(?:频繁|剧烈|异常|乱动)|胎心.{0,3}(?:没|消失|停)"
             "|(?:一|1)(?:次|下)(?:都|也)没(?:有)?动过?"
             # 「数胎动 1个小时只有2次」: fewer than 3 in an hour (facts.md F5)
             "|(?:一|1)个?(?:小时|钟头).{0,4}(?:只有|只|才|就|不到)(?:动了?)?(?:[0-2]|一|两|二)(?:下|次)")
# Waters breaking or a leak: 破水, 下面一直流水, 裤子湿了一大片.
_WATERS = ("破水|破睡|破谁|羊水.{0,4}(?:破|流|漏)|胎膜破|阴道流液|流.{0,2}液体|(?:下面|下身|阴道).{0,6}(?:流|漏|淌|渗)|水.{0,8}往外渗|(?:下面|下身).{0,4}有水|护垫.{0,8}(?:湿透|满了|湿了)|滴滴答答|憋都憋不住|流了?(?:很多|好多|一些|一点|大量|一大股|一股)?水"
           "|水.{0,2}流(?:出|下)|(?:流|涌|冒)出.{0,3}水|(?:裤子|内裤|床单|下面).{0,4}湿|湿了?一(?:大)?片"
           "|止不住")
_BLEEDING = ("出血|流血|见红|(?:流|出|见)了?.{0,4}血|(?:内裤|裤子|裤衩|裤头|底裤|下面|护垫|卫生纸|纸上|床单|被子).{0,4}血"
             "|(?:一滩|一摊|一大滩|一大片)血|(?:内裤|裤子|护垫|床单|纸)(?:上)?.{0,6}(?:鲜红|红红的|一片红|红了一片)"
             "|血.{0,2}(?:止不住|不停)"
             # 「上厕所发现有血」「纸上看到一点血」
             "|(?:发现|看到|看见|见到)(?:了)?(?:有|一点|点|些|一些)?血(?![压糖型常检])")
_BELLY = "(?:肚子|肚皮).{0,6}(?:疼|痛)|(?:肚子|肚皮|下腹).{0,4}(?:像刀割|刀割|刀绞|绞痛|撕裂)|腹痛|下腹.{0,6}(?:疼|痛)|剧烈.{0,2}(?:疼|痛)|(?:疼|痛)得.{0,4}(?:直不起|打滚|受不了)"
# What is drawn (抽血, 抽奖, 抽烟 …), not a fit, after 抽.
_DRAWN = "(?!.{0,4}(?:血|奖|空|烟|签|号|查|样|水|脂|屉|纸|卡|个))"
_FITS = ("抽搐|抽风|惊厥|正在抽(?!筋)" + _DRAWN + "|抽起来|抽了起来|一抽一抽|浑身抽|全身抽|四肢抽|手脚.{0,4}抽|抽动不停|(?:发烧|高烧|发热|烧到|烧起来|一烧).{0,8}抽筋|牙(?:齿)?咬得(?:紧紧|很紧|死死|死紧)|牙关紧(?:闭|咬)"
         "|抽筋.{0,6}(?:发烧|高烧|发热)|抽(?:出)?了.{0,6}(?:分钟|秒|下|会儿|阵)|(?:全身|浑身|身体|身子|四肢)(?:都)?(?:发硬|僵硬|发僵|挺直|梆硬|邦硬|硬邦邦|直挺挺|硬挺挺)"
         "|牙关(?:紧|咬紧|咬得?(?:老|好|很|特别|死)?紧)|咬紧牙关|吐白沫|(?:烧|发烧|高烧|发热).{0,6}(?:就|又|突然)?抽(?:了|起来)"
         "|(?:宝宝|孩子|娃儿?|小孩|儿子|女儿|闺女|孙子|孙女|bb)(?:突然|又|刚才|刚刚|好似|好像|像是)?抽筋"
         "|(?:手脚|四肢|全身|浑身|胳膊|腿).{0,3}(?:一抖一抖|(?:一直|不停地?|停不下来地?)(?:在)?(?:抖|颤|哆嗦))"
         "|(?:眼仔|眼睛|眼珠子?)(?:往上)?反白"
         "|(?:一直|不停地?|还在)(?:在)?抽(?!.{0,4}(?:血|奖|空|烟|签|号|查|样|水|脂|屉|纸|卡|个|鼻))|翻白眼|(?:眼睛|眼珠子?)(?:往上|向上|上)?(?:翻|吊)(?:白|上去)?|两眼上翻|眼珠上翻|口吐白沫")

_PREGNANCY_CONTEXT = re.compile("怀孕|孕|胎|大着肚子|大肚子|产前|临产|待产|临盆|羊水|预产期|肚子里|怀(?:了|上|着|起|娃|宝宝|孩子)|平时(?:踢|动)得"
                                # 「快生了」「马上要生了」: late pregnancy said without a week
                                "|(?:快|快要|马上|马上要|就要|要)生(?:了|啦)"
                                # 「34周了」: weeks of a pregnancy; a baby's age in weeks is said
                                # with 宝宝/出生/大, and rarely past 12.
                                "|(?<![\\d出生宝婴儿])(?:1[2-9]|[23]\\d|4[0-2])周(?!岁|大)")
# Signs that are about a pregnancy by themselves.
_PREGNANCY_OWN = re.compile(f"破水|羊水.{{0,4}}(?:破|流|漏)|胎膜破|胎动.{{0,10}}{_FEWER}|感觉不到胎动|没有胎动"
                            "|胎心.{0,3}(?:没|消失|停)|见红|肚子里.{0,5}(?:不动|没动静|不怎么动)")
_MOVEMENT_RE = re.compile(_MOVEMENT)
_PREGNANCY_SIGNS = re.compile("|".join((_MOVEMENT, _WATERS, _BLEEDING, _BELLY, _HEADACHE, _VISION,
                                        _HEAD_WITH, _FITS, "昏迷|头晕")))

_DANGER = re.compile(
    _FITS + "|呼吸.{0,4}停(?:了|止)|(?:脸色|面色|脸)(?:发灰|灰白|灰了)|推(?:他|她|宝宝|孩子|娃)?(?:都|也)?(?:没反应|没有反应|不醒)|不喘气|没(?:有)?(?:在)?喘气|没气了|(?:突然|一下子)(?:就)?(?:没反应|没有反应|没了反应)"
    "|(?:叫|喊|拍|摇|碰|逗|推)(?:他|她|宝宝|孩子|娃)?(?:一点|一丁点|半点|什么|啥)?反应(?:都|也)没有"
    "|(?:眼睛|两眼|眼珠子?|眼神)(?:直直的?|发直|直勾勾的?|定住了?)(?:不动|不转)?|呼吸困难|喘不上气|喘不过气|喘不过来|喘不上来|透不过气|喘不了气|上不来气|没有呼吸|没呼吸"
    "|不呼吸|不能呼吸|没法呼吸|无法呼吸|停止呼吸|呼吸停|(?:喘气|呼吸|出气).{0,10}(?:费劲|费力|困难|吃力|艰难|恼火)"
    "|吸(?:气|不进气).{0,12}(?:很|特别|好|非常)?(?:费劲|费力|吃力|困难)"
    "|(?:胸口|胸部|肋骨|肋间|锁骨|脖子).{0,8}(?:凹|陷)"
    "|(?:身子|身体|全身|浑身)(?:都)?瘫(?:着|了|软)|(?:抱起来|身子|身体).{0,4}(?:跟|像)面条"
    "|三凹|鼻翼.{0,4}扇|憋(?:得|的)?.{0,3}(?:发紫|紫|青|乌)|透不(?:到|过)气|呼吸.{0,3}(?:急促|好急|很急|特别急|特别快|好快)"
    "|(?:嘴唇|嘴皮子?|嘴巴|嘴|口唇|嘴周|嘴角|脸|脸色|面色|指甲|手指|全身|浑身).{0,4}(?:发紫|青紫|发青|紫了|青了|发乌|乌青|乌起|乌了)|气(?:都|也)?出不(?:匀|赢|来)"
    "|发绀|憋紫|(?:嘴唇|嘴巴|口唇|脸).{0,3}(?:紫|青)|(?:嘴唇|嘴巴|嘴周|口周|嘴巴周围|嘴唇周围).{0,4}(?:发黑|黑了)"
    "|昏迷|昏睡|叫不醒|喊不醒|摇不醒|拍不醒|整不醒|弄不醒|很难叫醒|怎么叫都不醒|叫不应|喊不应|(?:叫|喊)都(?:叫|喊)不(?:醒|行|应|起来)"
    "|(?:迷迷糊糊|迷糊|昏昏沉沉|昏沉).{0,12}(?:不理|没反应|叫不醒|喊不醒|勿应|不应)|叫.{0,2}(?:也|都)勿应"
    # 「娃抽了」: a child that 抽了 (not 抽了血, 抽了个奖)
    "|(?:宝宝|孩子|娃儿?|小孩|儿子|女儿|闺女|孙子|孙女)(?:突然|又|刚才|刚刚|在|一下)?抽(?:了|起来|搐)" + _DRAWN +
    "|(?:叫|喊|拍|摇|碰|逗)(?:他|她|宝宝|孩子|娃)?(?:都|也)?(?:没反应|没有反应|没什么反应|不理)"
    "|(?:没反应|没有反应)[^。？]{0,8}(?:身上|全身|浑身|身子)(?:也|都)?(?:软|发软)|(?:咋|怎么)(?:叫|喊|拍|摇)(?:他|她)?(?:都|也)(?:不吱声|不应|不理)|(?:掐|捏|拧)(?:他|她|宝宝|孩子|娃)?(?:都|也)(?:不哭|不醒|没反应|不动)|睡着睡着(?:就)?(?:没反应|叫不醒|没动静)|(?:拍|叫|喊|摇|嗌|推)(?:他|她|宝宝|孩子|娃)?(?:极)?(?:都|也)不醒|推不醒"
    "|(?:软绵绵|软塌塌|软趴趴|瘫软|发软|蔫蔫|蔫得很).{0,24}(?:没反应|没有反应|没什么反应|叫不醒|喊不醒|不理人|眼睛都不睁)|(?:软绵绵|瘫软).{0,12}(?:跟|像)面条"
    "|昏过去|晕过去|晕倒|意识不清|失去意识|休克|精神极差")
# 「喂苹果块 … 突然就不出声了 小手乱抓」: silent or breathless all at once while eating.
_SILENT_EATING = ("(?:吃|喂|嚼|含|咬)(?:着)?[^。？]{0,24}(?:突然|一下子)(?:就)?"
                  "(?:不出声|出不了声|没声|喘不上气|喘不过气|上不来气)")
_CHOKING = re.compile("咳不出声|噎住|噎着|噎到|噎得|呛住|呛着|咽住|(?:抓|捂|掐)着?(?:脖子|喉咙|嗓子)"
                      "|(?:花生|果冻|葡萄|糖|豆|瓜子|坚果|枣|硬币|珠子).{0,12}说不出话|吸进(?:气管|去)|呛进(?:气管|去)|卡住喉咙|卡喉咙|卡在喉咙|卡.{0,2}(?:喉咙|嗓子)|(?:喉咙|嗓子).{0,3}卡|气管异物|异物卡"
                      "|(?:卡到|卡住|噎到|呛到).{0,10}咳得脸(?:通红|发红|红)|卡住了|鱼刺卡|骨头卡|窒息|呛到气管|脸憋红|憋红了脸|憋得脸红|哭不出声|咳不出来"
                      "|发不出声"
                      f"|{_SILENT_EATING}")
# The words of a choking that is happening, whatever else the question says.
_CHOKING_STRONG = re.compile("噎得|咳不出声|吸进(?:气管|去)|呛进(?:气管|去)|卡.{0,2}(?:喉咙|嗓子)|哭不出声|咳不出来|发不出声|说不出话|憋得脸红|脸憋红"
                             f"|{_SILENT_EATING}")
_HEAT = ("(?:热|开|烫)(?:水|汤|粥|油|奶|茶|面)|(?:刚煮|刚烧|刚开|刚熬|熬好|刚炖|刚蒸|滚|煮开|烧开|刚出锅|刚冲|刚泡|刚盛|刚倒)(?:好)?的?.{0,2}(?:水|汤|粥|油|奶|茶|面)"
         "|暖水壶|暖壶|热水壶|水壶|热水瓶|开水瓶|蒸汽|暖气片|暖气|取暖器|电暖器|熨斗|热水袋|暖宝宝|锅|炉")
# Something hot poured or knocked over onto the child: a burn told as it happened, 了 or not.
_SPILLED = (f"(?:{_HEAT}).{{0,8}}(?:浇|泼|洒|溅|淋|倒在|打翻|弄翻|碰翻|扣在)"
            # 「刚才熬的粥放在茶几上 外孙女伸手一拽 整碗泼到胸口了」
            "|(?:熬|煮|炖|烧|蒸|冲|泡)(?:好)?的(?:粥|汤|开水|热水|面|奶|茶).{0,20}(?:泼|浇|洒|扣)(?:到|在|了)"
            f"|(?:{_HEAT}).{{0,12}}起了?.{{0,3}}泡"
            f"|(?:打翻|弄翻|碰翻|抓翻|踢翻|撞翻|碰倒|拽翻)了?.{{0,6}}(?:{_HEAT})"
            # 「奶奶端粥的时候娃撞上去了 胸口一片红」
            "|(?:端|盛)着?.{0,2}(?:粥|汤|开水|热水|面|奶|茶).{0,10}(?:撞|碰|洒|泼|打翻|弄翻).{0,12}(?:红|泡|哭)")
_SPILLED_RE = re.compile(_SPILLED)
_BURN = re.compile("烫伤|烧伤|烫到|烫着|被.{0,4}烫|开水烫|热水烫|烫了|烫红|烫破|烫白|烫肿|灼伤|烫起泡"
                   "|烫(?:出|起)?(?:了)?(?:一大片|一片|一块|一大块|好大一块)"
                   "|烫得.{0,2}(?:通红|红|起泡|脱皮|掉皮|破皮|肿)|烫(?:掉|脱)了?.{0,2}皮"
                   f"|{_SPILLED}|(?:碰|摸|贴|挨|靠)(?:到|了|着)?.{{0,4}}(?:{_HEAT}).{{0,8}}(?:起泡|水泡|水疱|红了|破皮)"
                   # 「刚出锅的粥 宝宝伸手抓了一把 手心全红了还起泡」
                   f"|(?:{_HEAT}).{{0,16}}(?:抓|摸|碰|伸手|按).{{0,14}}(?:起泡|起了?泡|水泡|水疱|红了|破皮|通红)")
_OBJECTS = ("药|电池|纽扣|磁|珠|硬币|玩具|零件|钉|别针|针|洗衣|洗洁精|洗洁|清洁剂|洗手液|沐浴露|洗发水|花露水|风油精|漂白|凝珠|消毒|干燥剂|化妆品|樟脑|老鼠药|杀虫|农药"
            "|酒精|洁厕|84|烟头|香烟|螺丝|弹珠|笔帽|小球|电子烟|发卡|耳环")
_PILLS = "药|铁剂|钙片|维生素|鱼肝油|保健品|胶囊|叶酸"
# A household poison smelt on the child's mouth is a swallowing by itself.
_SMELL_IN_MOUTH = "(?:嘴|嘴边|嘴里|嘴巴|嘴角).{0,8}(?:消毒|84|洗衣|农药|酒精|洁厕|汽油|煤油).{0,3}(?:味|气味)"
# 「吃进去了」 tells something swallowed; 「能吃进去就中」「饭都吃不下去」 a meal.
_EATEN_IN = "(?<![能肯多少都要就才])(?:吃下去|吃进去|吃进肚)"
_GENERAL = re.compile(
    "误吞|误食|误服|误吃|误喝|吞了|吞下|咽下去|咽进去|吞进去|" + _EATEN_IN +
    f"|(?:吃|喝|舔|啃|嚼|含|咬)了.{{0,8}}(?:{_OBJECTS})|偷吃|偷喝|(?:舔|啃|咬|嚼)(?:破|开|烂)?(?:了)?.{{0,5}}(?:洗衣|凝珠|消毒|洁厕|农药|杀虫|电池)"
    "|(?:降压|安眠|避孕|止痛|降糖|心脏|精神)药.{0,12}(?:吃|吞|喝)(?:了|下|进)"
    # 「月嫂把我吃的布洛芬混悬液当成维生素D 给宝宝喂了满满一管」: the wrong medicine given
    f"|(?:{_OBJECTS}|布洛芬|对乙酰氨基酚|美林|泰诺林|阿司匹林|混悬液).{{0,16}}当(?:成|作|做)了?.{{0,12}}(?:喂|吃|喝)"
    # 「纽扣电池找不到了 大宝嘴里好像在嚼什么东西」
    "|(?:电池|纽扣|磁珠|珠子|硬币|药片|药)[^。？！?!]{0,8}(?:找不到了?|不见了)[^。？！?!]{0,20}(?:嘴里|嚼|含着|吞)"
    # 「84消毒液泡奶瓶没冲干净 宝宝喝完就吐」
    "|(?:消毒|84|洗洁精|洗洁|漂白)[^。？！?!]{0,16}(?:没冲干净|没洗干净|残留)[^。？！?!]{0,16}(?:吐|哭|咳|不舒服)"
    "|(?:药瓶|药盒|药板|药).{0,8}少了(?:好几|几|\\d|一|两)?(?:粒|片|颗)"
    # 「抓了我的铁剂吃了好几粒」: a grown-up's pills, grabbed or by the handful
    f"|抓(?:了|起|到|着)?.{{0,8}}(?:{_PILLS}).{{0,6}}(?:吃|吞|塞|咽)"
    f"|(?:{_PILLS}).{{0,8}}(?:吃|吞)了(?:好几(?:粒|片|颗|瓶|板)|一把|一整(?:瓶|板|盒)|大?半(?:瓶|板|盒))"
    "|(?:农药|消毒|洗衣|洁厕|84|酒精|杀虫|老鼠药|药瓶|药片).{0,40}?(?:喝|吃|吞|舔)了(?:一|几|\\d|半|好几|点|些|两|俩)"
    "(?!.{0,3}(?:奶|母乳|水(?!了)|粥|饭|米糊|辅食))"
    f"|(?:{_OBJECTS}).{{0,10}}往嘴里(?:塞|放|送|倒)|往嘴里(?:塞|放|送|倒).{{0,6}}(?:{_OBJECTS})"
    f"|{_SMELL_IN_MOUTH}"
    f"|把.{{0,12}}(?:{_OBJECTS}).{{0,8}}(?:吃|喝|吞|咽|舔|嚼|咬)(?:破|开|烂|光|完)?(?:了|下|进|掉)"
    # 「降压药被孙子当糖吃了好几片」
    f"|(?:{_OBJECTS}).{{0,6}}被.{{0,8}}(?:吃|喝|吞|咽|舔|嚼|咬)(?:破|开|烂)?(?:了|下|进|掉)"
    "|喝了.{0,3}(?:消毒|洗衣|酒精|农药|洁厕|84)|中毒|溺水|呛水|触电|大出血|出血不止|血流不止"
    "|被(?:狗|猫|蛇)(?:咬|抓)|坠落|坠楼"
    "|(?:头|脑袋|脑瓜子?|额头|脑门|后脑勺?).{0,3}(?:着地|磕|撞|碰|摔)|(?:磕|撞|碰|摔)(?:到|了|在|着|伤)?.{0,4}(?:头|脑袋|脑瓜|额头|脑门|后脑)"
    "|栽(?:到|在|下)(?:了)?.{0,3}(?:地|床|沙发|楼梯)"
    "|头上.{0,4}(?:包|肿|流血)|(?:从|掉下).{0,5}(?:床|炕|沙发|楼梯|椅子|桌子|窗|餐椅|推车|尿布台|护理台)")
# A red flag on its own: these words are not used in the catalogue's ordinary questions.
_GENERAL_STRONG = re.compile(f"(?:{_OBJECTS}).{{0,10}}往嘴里(?:塞|放|送|倒)|误吞|误食|误服|误吃|误喝|中毒|溺水|触电|大出血|出血不止|血流不止|坠楼"
                             "|头着地|头先着地|后脑着地|摔到头|摔了头|(?:磕|撞|摔|碰)到.{0,3}(?:头|后脑|脑袋)|偷吃|偷喝"
                             "|咽下去|吞进去|" + _EATEN_IN + "|" + _SMELL_IN_MOUTH)
# Honey already eaten by a baby, then the signs facts.md F4 names (便秘, 吃奶差, 无力, 全身发软):
# 立即就医. Not a sign asked about (「吃了蜂蜜会不会便秘」) nor honey given as a habit (「都喂蜂蜜水」).
_HONEY_EATEN = re.compile("(?:吃|喝|喂|舔|尝)(?:了|过)(?:点|一点|些|一些|几口|一口)?.{0,4}蜂蜜"
                          "|蜂蜜.{0,6}(?:吃|喝|喂|舔|尝)(?:了|过)")
_BOTULISM_SIGN = re.compile("(?<![会怕心易能])(?:便秘|不(?:爱|肯|怎么)?吃奶|吃奶(?:差|少|不好)"
                            "|没(?:有|啥|什么)?力气|无力|软(?:软|绵绵|塌塌)?的|发软|没精神|精神差|蔫)")
# 「孩子得了手足口病怎么办」: a sick child is a doctor's matter, not a catalogue entry's.
_SICK = re.compile("(?:得了|患了|感染了|生病了|病了|确诊).{0,8}(?:怎么办|怎么治|吃什么药|用什么药|怎么护理)")
_FEVER = re.compile("发烧|发热|高烧|高热|烧到|fever|fashao|发shao|发sao|发骚|没退烧|不退烧|烧(?:不|没|还没)退|还在烧|一直烧"
                    "|(?:体温|温度)(?:高|\\s*\\d)|低烧|摸着.{0,2}烫|摸起来.{0,2}烫|额头.{0,2}烫")
_TEMP = re.compile(r"(3[5-9]|4[0-2])(?:\.(\d))?\s*(?:度|°|c\b|摄氏)(\d(?!\d))?")
# A reading without its unit after the words that introduce one: 「体温38.5」「量了38.4」.
_TEMP_READ = re.compile(r"(?:体温|温度|fever|腋下|腋温|耳温|额温|肛温|量了?|测了?|量出来|测出来|烧到|烧了?|探热针?|度了|度出来?)(?:的|得)?(?:一下)?(?:是|有|到|为)?\s*(3[5-9]|4[0-2])(?:\.(\d))?(?!\d)")
# 「11周的宝宝38.1」: a reading with its decimal needs no unit (not a head's 38.5 cm).
_TEMP_DECIMAL = re.compile(r"(?<![\d.围长高重])(3[5-9]|4[0-2])\.(\d)(?![\d周天个月岁]|\s*(?:cm|厘米|公分|kg|斤|公斤))")
_CN_TEMP = re.compile("三十([五六七八九])(?:度|点)([一二三四五六七八九])?"
                      # 「烧三十九」: a reading after 烧/到/温 needs no 度
                      "|(?<=[烧温到])三十([五六七八九])(?![\\d个岁周天月号])")
_NEWBORN = re.compile("(?:坐月子|月子里|月子期间|还在月子)(?=.{0,12}(?:宝宝|孩子|娃|bb|婴儿|新生儿))|新生儿|刚出生|刚出世|满月|(?:宝宝|孩子|娃|bb)(?:才|刚)?(?:满)?半个月|(?:出生|出世|生下来)(?:后|才|刚|第|满|不到|还不到|没|还没|了)*(?:\\d{1,2}|几|十|二十)?(?:几|来|多)?(?:天|日|周|半个月|个?星期|个?礼拜)|半个月大"
                      "|\\d+天(?:大)?的(?:宝宝|婴儿|孩子)|(?:十|二十)?几天大?的?(?:宝宝|婴儿|孩子|娃|bb)")
_DAYS_OLD = re.compile("(?:宝宝|婴儿|孩子|娃|bb|儿子|女儿|孙子|孙女|才|刚|出生)(?:现在|已经)?(?:才|刚)?(?:满|第)?(\\d{1,3})(?:来|多)?天"
                       "|(\\d{1,3})(?:来|多)?天(?:大)?的?(?:宝宝|婴儿|孩子|娃|bb)"
                       # 「45天，38度整」: an age told first, on its own
                       "|^(\\d{1,3})(?:来|多)?天(?=[，,\\s])")
# An age in weeks (「6周大的宝宝」) or in months said without 个 (「刚满俩月」), not a pregnancy's.
# 「才五十来天」: a numeral the normalisation leaves in words when 来/多 follows it.
_DAYS_OLD_WORDS = re.compile("(?:宝宝|婴儿|孩子|娃|儿子|女儿|孙子|孙女|才|刚|出生)(?:现在|已经)?(?:才|刚)?(?:满)?"
                             "([一二两三四五六七八九十]{1,3})(?:来|多)天")
_WEEKS_OLD = re.compile("(?:宝宝|婴儿|孩子|娃|bb|儿子|女儿|孙子|孙女|外孙|外孙女|才|刚|出生)(?:才|刚)?(?:满)?(\\d{1,2})(?:周|个?星期|个?礼拜)(?!岁)"
                        "|(\\d{1,2})(?:周|个?星期|个?礼拜)大(?!肚)"
                        "|(\\d{1,2})(?:周|个?星期|个?礼拜)(?:大)?的?(?:宝宝|婴儿|孩子|娃|bb)")
# 「不到三个月」: under that many months.
_UNDER_MONTHS = re.compile("(?:不到|不满|未满|没满|还没满|还不到|没到)\\s*(俩|两|\\d{1,2})\\s*(?:个?月|月龄)")
_MONTHS_SAID = re.compile("(?:满|才|刚满?)\\s*(俩|两|\\d{1,2})\\s*个?月(?!龄)|(俩|两|\\d{1,2})\\s*个?月大")

_SYMPTOMS = re.compile("发烧|发热|咳嗽|腹泻|拉肚子|呕吐|吐奶|便秘|湿疹|皮疹|出疹|感冒|流鼻涕|鼻塞|鼻子(?:堵|不通)|哭闹不止"
                       "|不吃奶|肺炎|过敏|黄疸|生病|病了|不舒服|疼|痛|打嗝|胀气|红屁股|尿布疹")


# -- what a question says that is not an event now (blanked or checked before the families) -----
# Dialect negation and degree, read as their plain forms: 「没咋感觉到娃动」 = 没怎么感觉到.
_DIALECT = (("唔识喊", "哭不出声"), ("唔识咳", "咳不出来"), ("企唔直", "直不起"), ("企不直", "直不起"),
            ("寻晚", "昨晚"), ("琴晚", "昨晚"), ("而家", "现在"), ("一直冇", "一直没有"), ("好返", "好了"),
            ("医生讲", "医生说"), ("讲系", "说是"), ("呒没", "没有"), ("一日", "一天"), ("上趟", "上次"),
            ("没咋个", "没怎么"), ("没得", "没有"), ("没咋", "没怎么"), ("不咋", "不怎么"), ("没啥", "没什么"), ("莫得", "没有"),
            ("咋个办", "怎么办"), ("咋办", "怎么办"), ("脑壳", "头"),
            ("食咗", "吃了"), ("饮咗", "喝了"), ("有咗", "怀了"), ("哽亲", "噎住了"), ("哽住", "噎住"),
            ("唔识出声", "发不出声"), ("点算", "怎么办"), ("好少郁", "很少动"), ("少咗郁", "少了动"),
            ("唔郁", "不动"), ("冇郁", "没动"), ("冇乜", "没什么"), ("成日", "整天"), ("bb", "宝宝"), ("咗", "了"),
            ("吃脱", "吃掉"), ("得来", "得很"), ("勿", "不"),
            ("骾亲", "噎住了"), ("号头", "月"), ("发寒热", "发烧"), ("睇", "看"), ("电视话", "电视说"), ("骾住", "噎住"), ("昨儿个", "昨天"), ("今儿个", "今天"), ("昨儿", "昨天"), ("医生话", "医生说"), ("冇事", "没事"),
            ("前日", "前天"), ("唔", "不"), ("今日", "今天"), ("即刻", "马上"),
            ("今朝", "今天"), ("一记", "一下"), ("小囡", "宝宝"), ("吓煞", "吓死"),
            ("木有", "没有"), ("今儿", "今天"), ("觉着", "觉得"), ("孩儿", "孩子"),
            ("冇觉", "没觉得"), ("郁过", "动过"), ("郁都唔郁", "一动不动"), ("郁都不郁", "一动不动"),
            ("佢", "他"), ("伊", "她"), ("冇", "没有"), ("呒", "没"))
# Typed by sound: 「嘴唇发子」 is 发紫.
_TYPOS = ((re.compile("(嘴唇|嘴巴|嘴|脸色?|指甲|手指)(.{0,2})发子"), r"\1\2发紫"),
          (re.compile("喘不(上|过)起"), r"喘不\1气"), (re.compile("困南"), "困难"),
          (re.compile("胎东"), "胎动"), (re.compile("(没|没有|无|不)反映"), r"\1反应"),
          (re.compile("[阳杨洋]水(?=.{0,4}(?:破|流|漏))|[阳杨洋]水"), "羊水"), (re.compile("汤伤"), "烫伤"),
          # voice input: 抽疯 (抽风), 「老婆抽出了」 (抽搐了, not 抽出了时间), 传不上气, 发绍
          (re.compile("抽疯"), "抽风"), (re.compile("抽出了(?=\\s|$)"), "抽搐了"),
          (re.compile("[传串穿]不(上|过|出)气"), r"喘不\1气"), (re.compile("发绍"), "发烧"),
          (re.compile("惊撅"), "惊厥"), (re.compile("新生二"), "新生儿"), (re.compile("(降压|安眠|退烧|感冒|消炎|避孕|降糖)要"), r"\1药"),
          # voice input: 出写 (出血), 台动/胎洞 (胎动), 教不醒 (叫不醒), 药吨了 (吞了)
          (re.compile("出写"), "出血"), (re.compile("台动|胎洞"), "胎动"), (re.compile("教不醒"), "叫不醒"),
          (re.compile("(药|片|电池|东西|珠子|硬币)吨(?=了|下|进)"), r"\1吞"),
          # typed with one hand: English and pinyin (「water broke」「34w」「yun 30zhou」「bu dong le」)
          (re.compile("(?:my\\s*)?waters?\\s*(?:broke|break|breaking|broken)"), "破水了"),
          (re.compile("bleeding|bleed"), "出血"), (re.compile("yun\\s*(?=\\d)"), "孕"),
          (re.compile("(?<=\\d)\\s*(?:w|zhou)(?![a-z])"), "周"),
          (re.compile("bu\\s*dong\\s*le"), "不动了"), (re.compile("mei\\s*dong"), "没动"),
          # voice input: 耶住 (噎住), 抽根 (抽筋, not 抽根烟), 肚子通到 (痛到)
          (re.compile("耶(?=住|着|到)"), "噎"), (re.compile("(?<=[\\d一二三四五六七八九十两])州(?=大|的宝宝|的孩子|的娃)"), "周"),
          (re.compile("[一二三四五六七八九十两]{1,3}(?=周大|周的宝宝|周的孩子|周的娃)"),
           lambda m: str(chinese_to_int(m.group(0)) or m.group(0))), (re.compile("(?<![月\\d])1日(?![期子])"), "1天"), (re.compile("抽根(?!烟|香烟|签)"), "抽筋"),
          (re.compile("(肚子|肚皮|下腹|头)通(?=到|得|的|死|\\s|$|，|,)"), r"\1痛"))
# Hiccups that jerk (「打嗝一抽一抽的」), a sign said not to be there (「没有流水」), and 「现在一切都好」
# are not events.
# 「现在想问…」: 现在 before what is asked.
_NOW_ASKING = re.compile("现在(?:是)?(?=想问|想了解|想知道|想请教)")
_NOT_EVENTS = re.compile(
    # 「电视剧里孕妇抽搐那场戏 演员叫什么」: a scene, not an event
    "(?:电视剧|电影|剧)[^。？]{0,12}?里[^。？]{0,16}(?:那场戏|那段|那集|那一幕|剧情|第几集|哪一集)|"
    "打嗝.{0,4}一抽一抽|一抽一抽.{0,4}(?:打嗝|嗝)|(?:没有|没)(?:流水|破水|出血|见红|流血)"
                         "|(?<!到)现在(?:\\d+周了?)?(?:一切)?(?:都)?(?:挺好|很好|正常|没事|好好的|好)(?!了)"
                         "|现在(?:娃娃?|孩子|宝宝|他|她)(?:一切)?(?:都)?(?:挺好|很好|正常|没事|好好的)(?![了烫])"
                         # 「婆婆老在旁边翻白眼，说我不会带孩子」: an adult's contempt
                         "|(?:婆婆|公公|老公|丈夫|婆家人?|老人家)(?:老|总|又|还|就)?(?:在)?(?:旁边|一边|边上)?(?:冲我|对我|朝我)?翻白眼"
                         # 「早上怎么都叫不醒 去幼儿园天天迟到」: sleep, not a sign
                         "|(?:每天|天天|每次|老是|总是)(?:早上)?[^\\s，。]{0,4}叫不醒|叫不醒.{0,12}(?:迟到|赖床|起床气)"
                         # 「18周了还没感觉到胎动」: movements not yet begun
                         "|(?<!\\d)(?:1\\d|20)周(?:了)?.{0,4}还没(?:有)?(?:感觉到|感到|感受到)?(?:胎动|动静)"
                         "|现在(?:还)?(?:没|没有)(?:什么|啥)?(?:情况|事|问题|症状|不舒服)(?!了)|现在还没有(?=\\s|$)|(?:现在)?(?:什么|啥)都没有"
                         # 「奶粉冲得太烫了会怎么样」: the milk is hot, the child is not burnt
                         "|(?:冲|泡|煮|热|烧)得(?:太|有点|很|特别)?烫了?"
                         # 「宝宝会爬了 家里怎么防烫伤」: a milestone's 了 tells no event
                         "|会(?:爬|走路?|站|坐|翻身|跑)了"
                         # 「哪些东西娃吃了容易噎着」: which foods, asked
                         "|(?:哪些|什么)[^\\s]{0,8}容易(?:让|使)?(?:宝宝|孩子|娃|小孩)?(?:卡|噎|呛)(?:着|住|到)?"
                         # 「现在没烫着 就问问」: nothing has happened
                         "|现在(?:还)?(?:没|没有)(?:人|谁)?(?:烫|噎|摔|磕|吞|吃|呛|烧)(?:着|到|伤)"
                         # 「前年烫过 现在疤都淡了」: a scar fading
                         "|(?:现在)?(?:疤|伤口|印子)(?:都|也)?(?:淡了|好了|没了|看不出来了?)"
                         # 「小腿一抽一抽的疼」: a leg cramp, not a fit
                         "|(?<![手和])(?:腿|小腿|大腿|脚|脚趾|脚底|腿肚子?)(?:又|老|总|经常)?(?:抽筋|一抽一抽|抽着疼)"
                         # 「医生以前交代胎动少了就去医院」: an instruction remembered, not an event
                         "|(?:医生|大夫|护士)(?:以前|之前|早就)?(?:交代|嘱咐|叮嘱|说|讲|告诉)(?:过)?(?:我)?[^。？！\\s]{0,12}(?:就|要|得|马上)(?:去|上|到)?(?:医院|急诊|就医|就诊)"
                         # 「我这算抽搐吗」: whether what was told counts (the rest is read as told)
                         "|(?:这|这个|这样|那)(?:也)?(?:算|是|属于)(?:不算)?(?:抽搐|惊厥|抽风)(?:吗|么|嘛)?"
                         # 「破水那天半夜送去医院的」: the day of the birth, told
                         "|(?:破水|见红|羊水破了?)(?:的)?那(?:天|晚|会儿?)"
                         # 「吃完蓝莓嘴唇紫紫的」: a food's colour
                         "|(?:蓝莓|桑葚|火龙果|紫薯|紫甘蓝|黑米|巧克力|彩笔|颜料|蜡笔|墨水|葡萄)[^\\s]{0,6}(?:嘴唇|嘴巴|嘴|舌头|手)?[^\\s]{0,3}(?:紫紫的|发紫|紫了|青了|黑了|黑黑的)"
                         # 「吃了紫薯饼 有个孩子嘴唇一圈紫紫的 活蹦乱跳的 应该就是紫薯染的吧」
                         "|(?:蓝莓|桑葚|火龙果|紫薯|紫甘蓝|黑米|巧克力|彩笔|颜料|蜡笔|墨水)[^。？！?!]{0,16}?(?:紫紫的|发紫|紫了|青了|黑了|黑黑的)"
                         "(?=[^。？！?!]{0,16}(?:染|颜色|活蹦乱跳|没事|正常|好好的))"
                         # 「故意翻白眼逗我们笑」: a face pulled
                         "|(?:故意|学着?|装|假装|做鬼脸).{0,4}翻白眼|翻白眼.{0,6}(?:逗|搞怪|做鬼脸|玩)"
                         # 「哭闹时憋气 脸憋红了几秒 马上缓过来了」: breath-holding in a tantrum, over
                         "|(?:哭|哭闹|生气|发脾气)(?:的时候|时)?.{0,2}(?:憋气|闭气|背过气)[^。？！?!]{0,20}?缓过来了?"
                         # 「页面一直卡住了」: a page, not a throat
                         "|(?:页面|网页|手机|系统|小程序|app|程序|网络|屏幕|电脑|视频|界面|预约)(?:一直|又|老是|总是)?卡(?:住|死|顿|着)?了?"
                         # 「带两个娃累得喘不过气」「老公睡得跟死猪一样 … 他都叫不醒」: an adult's day
                         "|(?:累|忙|压|烦|气)得.{0,3}(?:喘不过气|喘不上气|透不过气)"
                         "|(?:老公|丈夫|爸爸|他爸|我爸|公公|婆婆|老人家?)[^，。\\s]{0,4}睡得.{0,20}(?:叫不醒|喊不醒|拍不醒|摇不醒)")
# A bump from a mosquito or an insect is not a fall: 「头上起了个小包 是蚊子咬的」.
_BITE = re.compile("(?:蚊子|蚊虫|虫子?|蜜蜂|小虫)(?:咬|叮|蛰)")
_BUMP = re.compile("头上.{0,4}(?:包|肿)")
_KNOCK = re.compile("磕|撞|碰|摔|掉|跌|砸|打")
# A negated sign: 「没发烧」「也没有发热」 (not 「会不会发烧」「是不是发烧了」, not 「没退烧」).
_NEGATED_FEVER = re.compile("(?<![会是])(?:没有|没|不|未)(?:有)?(?:发烧|发热|高烧|低烧|烧(?!到))")
# A sign said not to be there: 「没有出血也没肚子疼」「没有头疼没有眼花」「胎动也正常」「已经不流血了」
# 「没吞下去」 (never 「没有胎动」, which is the sign itself).
_SIGN_WORDS = ("流水|破水|出血|见红|流血|腹痛|肚子(?:疼|痛)|下腹(?:疼|痛)|头(?:疼|痛|晕)|眼花|视物模糊"
               "|看东西模糊|抽搐|抽筋|抽风|抽|发紫|发青|异常")
_DENIED_SIGN = re.compile(f"(?<![会是要怕])(?:也|都|并|还)?(?:没有|没|无)(?:有)?(?:什么|啥)?(?:{_SIGN_WORDS})"
                          "|(?:肚子|肚皮|下腹|头)(?:也|都|还)?(?:不|没)(?:疼|痛)了?"
                          "|(?:已经|都|也)?不(?:流血|出血|流水)了"
                          "|胎动(?:也|都|还|一直)?(?:正常|挺好|很好|挺多|很多|挺频繁|挺有劲)(?![吗吧么嘛])"
                          "|(?:没有?|并没有?)(?:吞|吃|喝|咽|误食|误吞)(?:下去|进去|进嘴|到嘴里|下)")
# Getting a child to take its own medicine: 「怎么让宝宝把药吃了」 is not a poisoning (「给娃把药吃了」 is).
_GIVING = re.compile("(?:让|哄|劝)(?:宝宝|孩子|小孩|娃)?把")
# Strong movements every night (「每天都把我踢醒」) are not the sudden change facts.md F5 means.
_STRONG_MOVES = re.compile(f"胎动.{{0,8}}(?:频繁|剧烈|乱动)|胎动.{{0,4}}(?:特别|很|好|太|超)(?:猛|疯)|踢个不停|{_FETUS}.{{0,8}}(?:疯狂|乱动|动得(?:特别|很|好|太)?(?:厉害|凶|猛|频繁))")
_HABITUAL = re.compile("每天|每晚|天天|经常|总是|老是|每次|一到晚上")
_SUDDEN = re.compile("突然|一下子|今天|比平时|跟平时|和平时|不一样")
# A question about a risk: 「听说会中毒」「会不会中毒」, while nothing has been swallowed and no
# sign is told (「吃了…会不会中毒」「吐了是不是中毒」「是不是中毒了」 stay red flags).
_ASKED_RISK = re.compile("(?:听说|听人说|据说|会不会|是不是|会|怕|担心|容易|可能)(?:会)?.{0,4}中毒(?!了)")
_SWALLOWED = re.compile("(?:吃|喝|吞|咽|舔|啃|嚼|误)(?:了|下|进|过)|吃着|喝着")
_SIGNS_TOLD = re.compile("吐|拉|泻|晕|抽|昏|没精神|精神差|精神不好|不精神|蔫|哭闹|(?<!退)烧|疹|肿|软|便秘|无力|不吃奶|出血|流血")
# A past event a doctor has checked: 「上周从沙发上摔下来过 去医院查了没事」; not when something is
# happening again or still (今天/又/还在/一直, a sign told).
# (Numerals are digits by now: 「前两天」 reads 「前2天」.)
_PAST = re.compile("\\d+岁(?:半|多)?的?时候|上周|上个?(?:星期|礼拜|月)|前(?:几|\\d+)?天|(?:几|\\d+)(?:天|周|个?星期|个?月)(?:以)?前|昨天|昨晚|昨儿|之前"
                   "|以前|上次|上回|上午|早上|中午|前段时间|前阵子|去年|那天|那次|那会儿?|那时候?|当时|后来|生(?:孩子|宝宝|娃)?的时候"
                   "|(?:叫|打|喊)过\\s*(?:120|救护车)|怀孕的时候|怀孕时|怀(?:他|她|宝宝|孩子|老大|老二)的时候|住过(?:一次)?院|\\d+月龄(?:以)?前|半个月(?:以)?前")
_CHECKED = re.compile("(?:查|检查|看|拍片|拍了片|ct|复查|b超)(?:了|过)?.{0,6}(?:没事|没问题|没有问题|没什么问题"
                      "|没什么事|没大碍|正常)|(?:医生|护士|大夫)(?:看|瞅|瞧|查)?(?:过|了)?(?:以后|之后)?说.{0,12}(?:没事|没问题|正常|没大碍|没什么事)"
                      "|(?:去)?医院(?:处理|包扎|看|查|缝)(?:过|了)+")
# When the doctor saw it (「昨晚嘴唇有点紫 今天医院看了说没事」): the check is today, not the sign.
_CHECKED_WHEN = re.compile("(?:今天|今早|今儿|刚才|刚刚|上午|下午)(?:去|带(?:他|她|宝宝|孩子|娃)?去)?"
                           "(?=(?:医院|医生|大夫|诊所|社区|儿保)?.{0,2}(?:查|检查|看|拍片|复查))")
# Over at the time: 「当时就没事了」.
_RESOLVED = re.compile("(?:以前|之前|曾经)(?:有|得|发|抽)过|(?:当时|后来|马上|很快)(?:就)?(?:没事|好了)|(?:当时|后来)[^\\s]{0,4}就(?:没事|好了)|(?<=过)\\s*(?:都|也)?没(?:什么)?事(?![吧吗])|早(?:就)?好了|一直(?:都)?(?:没事|挺好|正常|活蹦乱跳|好好的|能吃能睡|能吃能玩)|(?<=[了\\s])结(?:痂|疤)了"
                       "|(?:已经|早就|早|现在)+(?:都)?(?:好了|没事了|恢复了|结痂了|结疤了|愈合了|长好了)|一会儿?(?:就)?(?:好了|没事了)"
                       "|到现在(?:都|也)?(?:好好的|没事|挺好|正常|没什么(?:事|反应))"
                       # 「现在留了疤」 tells a burn long healed; 「已经拉出来了」 a swallowed thing passed
                       "|(?:现在)?留(?:了|下)?(?:了)?(?:个|块|道|一块|一道|点|一点)?(?:疤|印子|印儿|痕迹)"
                       "|(?:已经|早就)(?:都)?(?:拉|排|拿|取|吐|咳)出(?:来)?了|(?:已经|现在)(?:都|也)?(?:不红了|不疼了|消了)"
                       # 「大出血 抢救过来了 现在母子平安出院在家」: over, and the mother home
                       "|(?:现在\\s?)?(?:已经|都)?(?:抢救过来了?|母子平安|母女平安|出院(?:在家|回家)了?|出院了"
                       "|出院(?:都)?(?:\\d+|几|半)(?:个)?(?:多)?(?:月龄|月|周|星期|礼拜|天)了)"
                       # 「已经在医院看好了 现在活蹦乱跳」「当时拍出来了 现在没事」
                       "|(?:医院|医生|大夫)?(?:看|治|处理)好了|现在(?:又)?(?:活蹦乱跳|欢蹦乱跳|生龙活虎|能吃能睡|能吃能玩)"
                       "|(?:吐|咳|拍|抠)出来(?:了)?(?:以后|之后|后)?(?:就)?(?:好好的|没事了?|好了)"
                       # 「上个月热性惊厥过一次 现在好好的」
                       "|(?:惊厥|抽搐|抽筋|抽)过(?:\\d|一|两|几)?次?"
                       # 「上个月出血保胎过 而家稳定咗」
                       "|(?:现在|已经|目前)(?:都|已经)?(?:稳定|稳住|保住)(?:了|下来了?)?|(?:医生|大夫)(?:说|讲)(?:已经|都)?(?:稳了|稳住了|保住了)"
                       "|(?:当时|后来|马上|很快)(?:就)?(?:被)?(?:拍|咳|吐|抠|弄|拿)出来了|(?<=[，,。\\s])现在(?:都|也)?没事(?![吧吗了])")
_STILL = re.compile("现在(?!(?:已经|都)?\\d+(?:周|个月|月龄|岁)|想问|想了解|想知道|想请教"
                    "|(?:跟|和|给|向)(?:家长|老师|园长|领导|家里|家人|单位)|(?:园里|单位|公司|厂里|领导)|还(?:排|让|要上)"
                    "|(?:要|该|应该)?(?:怎么|如何|咋)(?:预防|防)|回(?:去|单位)?上班|复工|(?:在)?坐月子)|今天|今早|今晚|刚才|刚刚|又|还在|还是(?=很|有|在|不|没|会|一直|老|那样|这样|烧|吐|疼|痛)|一直|突然|这会|越来越|这(?:几|\\d+)天|老是|总是")
_BORN_NOW = re.compile("已经(?:顺利)?生了|顺利生(?:了|下)|(?:现在|如今)(?:宝宝|孩子|娃)(?:都|已经)?(?:快)?(?:满月|\\d+(?:个?月|天|周|岁))了?|(?:宝宝|孩子)(?:已经)?(?:顺利)?(?:出生|生下来|生)了")
_CHECKED_KINDS = ("general", "pregnancy", "choking", "burn", "danger_signs")
# 「现在还要注意什么」 asks what to watch from now on; it does not tell of something now.
_WATCH_NOW = re.compile("(?:现在|今天|以后|今后|之后|平时|平常|这(?:几|\\d+)天)(?:在家|在家里|回家)?(?:还|又)?(?:要|需要|应该|得|用)?"
                        "(?:注意(?:观察)?(?:些)?(?:什么|啥|哪些)|(?:去)?复查|观察(?:什么|啥|多久))"
                        # 「以后还会抽吗」: whether it comes back is asked, not told
                        "|(?:以后|今后|之后|将来)?(?:还会|会不会|会再)再?(?:抽|烧|发烧|吐|犯|复发)"
                        # 「以后再发烧该怎么退烧」: the next time, asked
                        "|(?:以后|今后|之后|下次|将来)(?:再|要是|如果|万一)(?:发烧|发热|烧|抽)[^\\s]{0,10}"
                        # 「今天可以照常冲凉吗」
                        "|(?:今天|现在|这几天)(?:还)?(?:可以|能|能不能|可不可以)(?:照常|正常)?(?:碰水|沾水)?(?:洗澡|冲凉|出门|上学|去幼儿园|上托|打疫苗|玩)")
# A medicine given to treat (「吃了退烧药已经退了」) is not a poisoning, unless it was too much.
_TREATMENT = re.compile("(?:吃|喝|用|服)(?:了|过)?(?:点|些)?(?:退烧|退热|感冒|止咳|消炎|止泻|保胎)(?:药|糖浆|冲剂|颗粒)"
                        "|(?:医生|大夫).{0,12}(?:吃|服|用)(?:了|过)?(?:点|些)?药"
                        # 「吃了药以后吐了 要不要补喂」: a dose, asked about
                        "|(?:吃|喝|喂)(?:了|过)?(?:点|些)?药(?=.{0,12}(?:补喂|再喂|补服|补吃|重新喂|还要喂|要不要喂))")
_TOO_MUCH = re.compile("好几|一整|一瓶|一板|一把|多吃|吃多|多喝|过量|太多|大人|偷|误")
# A fall that did not touch the head, and no sign after it: 「没磕着头 没吐 玩得好好的」.
_HEAD_SPARED = re.compile("(?:没|没有)(?:磕|撞|碰|摔|伤)(?:着|到|了)?(?:头|脑袋|脑门|后脑勺?)|头(?:没|没有)(?:磕|撞|碰|事)")
_NEGATED_SIGN = re.compile("(?:没|没有|也没|不)(?:吐|呕吐|哭|流血|出血|肿|起包)")
_BRIEF_CRY = re.compile("哭了?(?:\\d|一|两|几)?(?:声|下|会儿?)")     # 「哭了两声」 is not a sign
_PLAYED_ON = re.compile("(?:就|又)+去玩了?|吃饭(?:也|都)?正常|(?:吃喝玩|吃喝|玩)?(?:都)?(?:跟|和)(?:平常|平时|往常)一样|(?:就|又)?接着玩|能吃能(?:玩|睡)|吃喝(?:都)?正常|一会(?:儿)?就(?:自己)?玩|(?:就|又)自己玩|玩得好好的|玩得(?:正|很|挺)?(?:开心|欢)|跟没事(?:人)?一样|照常(?:玩|吃)|一会儿就不哭了")
_FALL_THEN_SIGN = re.compile("(?:从|掉下|滚下|摔下).{0,16}(?:以后|之后|后|完)?.{0,8}"
                             "(?:吐|没精神|精神差|精神不好|不精神|蔫|嗜睡|昏|晕)")
_SWALLOWED_SOMETHING = re.compile("吞|咽|误食|误服|误吃|误喝|往嘴里塞")
_FALL_FROM = re.compile("(?:从|掉下).{0,5}(?:床|炕|沙发|楼梯|椅子|桌子|窗|餐椅|推车|尿布台|护理台)|摔(?:了|倒|下来)|滑(?:下来|倒)")
# Long ago, told before what is asked now: 「去年生孩子大出血 今年想要二胎 产假能休多久」,
# 「我小时候从楼梯上摔下来过 … 现在我怀孕了」. The account is read up to what happens now.
_LONG_AGO_SPAN = re.compile("(?:(?:月嫂|保姆|育儿嫂|阿姨|护士|医生)(?:说|讲)(?:她|他)?(?:以前|之前|原来)|小时候|小的时候|年轻时|去年|前年|几年前|\\d+年前|那年|当年|上一胎|上1胎|生老大的?时候|生我的时候"
                            "|第1胎|头胎|前1胎|上次怀孕|(?:上次|上回)生|怀老大的?时候|(?:我家)?老大以前|(?:我们|俺们|咱们|她们|他们)那(?:会儿?|时候|年代)|以前我家老大|以前老大|老大.{0,6}时(?:候)?)"
                            ".*?(?=现在|今天|今年|这次|这回|这1胎|这胎|最近|这几天|这两天|刚才|如今|$)")
# Told from TV, the news or a video (「看新闻说有婴儿趴睡窒息了，宝宝睡觉应该仰睡还是趴睡」) up to
# where the parent turns to their own family or question.
_RETOLD_SPAN = re.compile("(?:(?:电视剧|电视|电影|新闻|纪录片|短视频|视频|综艺|动画片|动画|动漫)(?:里|上)(?:演|说|讲|播|报道?)?"
                          "|(?:电视剧|电视|新闻|视频)(?:说|报道|演|讲)|看新闻|网上看到|刷到"
                          # 「追剧看到…」「看宫斗剧」「梦见…」「抖音上说」「朋友圈看到一个妈妈说」
                          "|追剧|看(?:了)?(?:个|部)?[^\\s]{0,3}剧|梦见|梦到|做梦|做了个梦|小说(?:里|上|中)?(?:写|讲|说)?"
                          "|(?:抖音|快手|小红书|微博|朋友圈|公众号|直播间?)(?:里|上)?(?:看到|刷到|说|讲|有人|有个)"
                          # 「听别人讲过」「家长群里说有孩子喝了洗衣液」「孕妇学校学过：胎动少了要马上去医院」
                          "|听说|听人(?:说|讲)|听别人(?:说|讲)|(?:家长|妈妈|宝妈|业主)?群里(?:都在|都|在)?(?:有人|有个?(?:宝妈|妈妈|家长|人))?(?:说|讲|发)"
                          "|孕妇学校(?:的)?(?:课)?(?:里|上)?(?:学|讲|教|说)(?:过|了)?|课(?:上|里)?(?:学|讲|教|说)(?:过|了)?)"
                          # (「电视剧里孕妇突然破水」: 突然 inside the story; after a pause it may be ours)
                          "[^。？！?!]*?(?=我|俺|想问|问问|请问|现在|现实|刚才|刚刚|(?<=\\s)突然|正在|今天|今晚|今早|这会|一直|又|[。？！?!]|$)")
# 「我们班有个孩子抽搐过」: another child's past.
_ANOTHER_CHILDS_PAST = re.compile("(?:班上|班里|我们班|幼儿园里?|小区里?|托育(?:班|机构)?里?)(?:有个|有一个|的)(?:孩子|小朋友|宝宝|娃)[^。？！?!\\s，,]{0,12}过")
# 「刚看了个婴儿窒息的视频」: what a clip showed.
_SEEN_CLIP = re.compile("(?:看|刷)(?:了|到)(?:个|一个|条|一条|篇|一篇)?[^。？！?!\\s，,]{0,14}(?:视频|新闻|报道|帖子)")
# Another family's child (「朋友家宝宝误吃了奶奶的药去洗了胃，我越想越怕」), read up to where the
# parent speaks of themselves; with no turn to the parent it may be the emergency asked about.
_OTHERS_SPAN = re.compile("(?:(?:我)?(?:姐姐?|妹妹?|嫂子|闺蜜|表姐|表妹|堂姐|堂妹)(?:以前|之前|当年|那时候?|去年|怀孕|生孩子|生娃|生的时候)|(?:邻居|朋友|同事|亲戚|同学)(?:说|讲)(?:她|他)(?:家)?的?(?:老婆|媳妇|女儿|儿媳|孩子|宝宝|孙子|孙女)|(?:朋友|邻居|同事|亲戚|别人|同学)家的?|(?:同事|朋友|邻居|亲戚|闺蜜|同学)的?(?:老婆|媳妇|爱人|妻子|老公)|(?:朋友|邻居|同事|亲戚|别人|同学|隔壁|对门|楼下|楼上|姐姐|妹妹|哥哥|弟弟|表姐|表妹|堂姐|堂妹|闺蜜|嫂子)(?:那家|那户)?(?:家的?|的)?(?:孩子|宝宝|娃儿?|小孩))[^。？！?!]*?(?=我|俺|刚才|刚刚|突然|正在|现在|想问|想知道|想了解|请问|家里|咱家|自己家)")
# Another family's story told after the parent's own question (「宝宝出生时打什么疫苗 我表姐说她家的
# 打完发烧了」): read from the relative to the end.
_OTHERS_AFTER = re.compile("(?<=\\s)(?:我)?(?:姐姐?|妹妹?|嫂子|闺蜜|表姐|表妹|堂姐|堂妹|朋友|同事|邻居|亲戚)"
                           "(?:说|讲)(?:她|他)(?:们)?家的?[^。？！?!]*$")
# Bleeding that is not from the womb: 「刷牙的时候牙龈出血」.
_OTHER_BLEEDING = re.compile("(?:牙龈|牙齿|牙|鼻子|鼻孔|鼻|嘴唇|口腔|痔疮|肛门|大便|手指|伤口)(?:上)?(?:老|总|总是|经常|常|一直)?(?:有点|有些)?(?:出血|流血|带血|有血)")
# 「想提前了解一下 见红了要马上去医院吗」: a question asked ahead, not an event.
_AHEAD = re.compile("提前了解|想了解|想先了解|先了解|了解一下|提前问|先问问|科普|万一|万1|假如|如果|以后要是|要是.{0,10}(?:怎么办|要不要|需要|什么意思)|到时候"
                    "|先学|想学|学学|学一下|学习一下|备着|以备不时之需|提前防"
                    # 「上了个急救课讲烫伤，回家想复习一下」: what a class taught
                    "|急救课|急救培训|课上|上课讲|老师讲|老师教|复习|安全课|讲课|备课|演练|培训|给家长讲"
                    "|红十字会|学了.{0,6}(?:处理|急救)|现实中|现实里"
                    "|给(?:我们家的?|家里的?)?(?:新来的)?(?:保姆|老人|阿姨|月嫂|育儿嫂|奶奶|爷爷|外婆|外公|家人)讲讲")
# 「烫伤了到底能不能抹牙膏」: a remedy asked about, answered by the first-aid entry.
_REMEDIES = "(?:牙膏|酱油|香油|麻油|醋|獾油|烫伤膏|芦荟|蛋清|冰块|冰|白糖|面粉)"
_REMEDY_ASKED = re.compile(f"(?:能不能|可不可以|能否|可以|要不要|该不该)(?:抹|涂|擦|敷|用|放)(?:点|些)?{_REMEDIES}"
                           # 「老人说…就抹点牙膏 这个说法对不对」
                           f"|(?:抹|涂|擦|敷)(?:点|些)?{_REMEDIES}.{{0,12}}(?:对不对|对吗|行吗|可以吗|科学吗|有用吗|管用吗|说法)"
                           f"|(?:说法|老人说|老一辈|听说|都说).{{0,24}}(?:抹|涂|擦|敷)(?:点|些)?{_REMEDIES}")
_BURN_COOLED = re.compile("(?:冲|泡)(?:了|过)(?:冷水|凉水|水)?.{0,12}(?:现在|已经)(?:都|也)?(?:不红了|不疼了|不痛了|没事了|好了)")
# A burn that shows (「烫伤了 起水泡 要不要抹点牙膏」) is one, whatever remedy is asked about.
_BURN_SHOWS = re.compile("起(?:了)?(?:个|些|好多|满|晒)?(?:水)?泡|红肿|破皮")
# 「明天打疫苗 医生说打完可能会发烧 烧到多少度就得去医院」: a fever that may come, asked about.
_FEVER_AHEAD = re.compile("(?:可能|也许|或许|会不会|容易|怕|担心)(?:打完)?(?:会)?(?:有点)?(?:发烧|发热)"
                          "|烧到(?:多少|几)度(?:就|才|要|得|需要|该)")
# 「见红了，出血比月经还多，另外想问下陪产假」: a sign this strong is no paperwork question.
_SEVERE = re.compile("(?:见红|破水|流水)了|没(?:有)?胎动|感觉不到胎动|比月经(?:还|都)?多|好多血|很多血|大量|止不住|流个不停|不停地?流"
                     "|剧痛|剧烈(?:的)?(?:疼|痛)|(?:疼|痛)得(?:受不了|直不起|打滚|要命)")
_NOW_EVENT = re.compile("刚才|刚刚|正在|突然|一直|还在|今天|今早|今晚|已经|这会|撕心裂肺|哇哇(?:大)?哭|哭得(?:好惨|很惨|厉害|停不下来)|现在(?!我?(?:才|已经|都)?(?:孕|怀孕|怀了|\\d|好了|没事|好好的|是?想|问))")


def _read(text: str) -> str:
    """The question with its dialect in plain words and the look-alike spans blanked."""
    for word, plain in _DIALECT:
        text = text.replace(word, plain)
    for typo, plain in _TYPOS:
        text = typo.sub(plain, text)
    text = _NEGATED_FEVER.sub(" ", text)
    text = _DENIED_SIGN.sub(" ", text)
    text = _GIVING.sub(" ", text)
    if not _SWALLOWED.search(text) and not _SIGNS_TOLD.search(text):
        text = _ASKED_RISK.sub(" ", text)
    if not _TOO_MUCH.search(text):
        text = _TREATMENT.sub(" ", text)
    if _BITE.search(text) or not _KNOCK.search(text):
        text = _BUMP.sub(" ", text)     # a bump with no knock or fall told (「头上长了个包」)
    text = _NOT_EVENTS.sub(" ", text)
    text = _NOW_ASKING.sub(" ", text)
    if _HABITUAL.search(text) and not _SUDDEN.search(text):
        text = _STRONG_MOVES.sub(" ", text)
    text = _LONG_AGO_SPAN.sub(" ", text)
    text = _RETOLD_SPAN.sub(" ", _SEEN_CLIP.sub(" ", _ANOTHER_CHILDS_PAST.sub(" ", text)))
    text = _OTHERS_SPAN.sub(" ", text)
    told = _OTHERS_AFTER.search(text)
    if told and ASKS.search(text[:told.start()]):
        text = text[:told.start()]
    return text


def _checked_past_event(text: str) -> bool:
    """A past event a doctor checked or that was over at the time, and no sign told after that
    (「上个月高烧抽过一次 医生检查过 已经好了 以后要注意什么」; not 「…查了没事 这两天老吐」)."""
    text = _WATCH_NOW.sub(" ", text)
    over = [m.end() for m in (*_CHECKED.finditer(text), *_RESOLVED.finditer(text))]
    quiet = _CHECKED_WHEN.sub(" ", _RESOLVED.sub(" ", text))
    return bool(_PAST.search(text) and over and not _STILL.search(quiet)
                and not _SIGNS_TOLD.search(text[max(over):]))


def _harmless_fall(text: str) -> bool:
    """A fall the question says spared the head, or a knock after which the child played on
    (「哭了两声就接着玩了 没吐也没起包」), with no sign told."""
    if not ((_FALL_FROM.search(text) and _HEAD_SPARED.search(text)) or _PLAYED_ON.search(text)):
        return False
    if _SWALLOWED_SOMETHING.search(text):
        return False        # 「我怀疑他吞下去了 可他看着跟没事一样」
    rest = _NEGATED_SIGN.sub(" ", _HEAD_SPARED.sub(" ", _PLAYED_ON.sub(" ", text)))
    rest = _BRIEF_CRY.sub(" ", rest)
    return not _SIGNS_TOLD.search(rest) and not _GENERAL_STRONG.search(rest)


def temperature(text: str) -> float | None:
    """The highest reading the question gives (「量了37.9 过了一会儿又量是38.3」 is 38.3)."""
    digits = "一二三四五六七八九"
    readings = [float(m.group(1) + "." + (m.group(2) or m.group(3) or "0"))
                for m in _TEMP.finditer(text)]
    readings += [float(m.group(1) + "." + (m.group(2) or "0")) for m in _TEMP_READ.finditer(text)]
    readings += [float(m.group(1) + "." + m.group(2)) for m in _TEMP_DECIMAL.finditer(text)]
    readings += [30 + digits.index(m.group(1) or m.group(3)) + 1
                 + (digits.index(m.group(2)) + 1 if m.group(2) else 0) / 10
                 for m in _CN_TEMP.finditer(text)]
    return max(readings, default=None)


# Where the pregnancy is (「快到预产期了」「34周了」): its 了 and 快 tell no event.
_STAGE = re.compile("现在(?:才|已经|都)?(?:孕)?\\d+周了?|快(?:要)?到预产期了?|快(?:要)?生了|\\d+周了|\\d+月龄了|\\d+个?多?月了")


_NOT_PREGNANT = re.compile("怀孕前|还没怀|还没有怀|没怀孕|没有怀孕|备孕|准备怀孕|打算怀孕|计划怀孕")
_UNBORN = re.compile("肚子里的宝宝|怀(?:了|上|着|起)?(?:宝宝|孩子|娃)")


def _pregnancy_sign(text: str, pregnant: bool) -> bool:
    """A warning sign of pregnancy (facts.md F5). A question about what a sign is or how to count
    (「怎么数胎动」「见红和破水有什么区别」) is not one unless something is happening."""
    if _KNOWLEDGE.search(text) and not _NOW.search(_STAGE.sub(" ", text)):
        return False
    if _HABITUAL.search(text) and not (_SUDDEN.search(text) or _NOW_EVENT.search(text)):
        text = text.replace("头晕", " ")     # 「怀孕以后总是头晕 是不是缺铁」
    if _AHEAD.search(text) and not _NOW_EVENT.search(text):
        return False
    if _NOT_PREGNANT.search(text):
        return False        # 「婆婆说孕妇见红要去医院 我还没怀 想问叶酸」
    text = _OTHER_BLEEDING.sub(" ", text)
    if _PREGNANCY_OWN.search(text):
        return True
    if not (pregnant or _PREGNANCY_CONTEXT.search(text)):
        return False
    if _MOVEMENT_RE.search(text):
        return True
    # 「宝宝」 in a pregnant mother's question about her own body is usually a born child's matter.
    return ("宝宝" not in _UNBORN.sub("", text)) and bool(_PREGNANCY_SIGNS.search(text))


_CHILDS_FEVER = re.compile("(?:宝宝|孩子|娃|大宝|老大|儿子|小孩|婴儿|新生儿|bb)[^，。,\\s]{0,6}(?:发烧|发热|高烧|高热|烧到|低烧)"
                           "|月子|产后|坐月子|生完")


def _own_fever_in_pregnancy(text: str, pregnant: bool) -> bool:
    """A fever told in a pregnancy, not of a born child (「大宝发烧」) nor after the birth."""
    return ((pregnant or bool(_PREGNANCY_CONTEXT.search(text))) and not _NOT_PREGNANT.search(text)
            and not _CHILDS_FEVER.search(_UNBORN.sub(" ", text)))


_AGE_MONTHS = re.compile("(\\d{1,2})月龄(?!(?:以)?前)")
_AGE_YEARS = re.compile("(\\d{1,2})岁(半)?")
_AGE_YEARS_MONTHS = re.compile("(?<!\\d)(\\d)\\s*(?:岁|周岁)\\s*(?:零|又)?(\\d{1,2})\\s*月龄")


def _number(match: re.Match) -> int:
    """The one group of an age pattern's alternatives that matched."""
    return int(next(g for g in match.groups() if g))


def _ages(text: str) -> list[tuple[int, int]]:
    """Each age the question tells, in months, with where it is told."""
    ages = [(m.start(), 0) for m in _NEWBORN.finditer(text)]
    ages += [(m.start(), _number(m) // 30) for m in _DAYS_OLD.finditer(text)]
    ages += [(m.start(), _number(m) * 7 // 30) for m in _WEEKS_OLD.finditer(text)]
    # 「1岁3月龄」 is one age, 15 months, not 12 and 3.
    both = [(m.start(), m.end(), int(m.group(1)) * 12 + int(m.group(2)))
            for m in _AGE_YEARS_MONTHS.finditer(text)]
    ages += [(start, months) for start, _, months in both]

    def alone(m: re.Match) -> bool:
        return not any(a <= m.start() < b for a, b, _ in both)
    ages += [(m.start(), int(m.group(1))) for m in _AGE_MONTHS.finditer(text) if alone(m)]
    ages += [(m.start(), int(m.group(1)) * 12 + (6 if m.group(2) else 0))
             for m in _AGE_YEARS.finditer(text) if alone(m)]
    return sorted(ages)


def _age_told_before_fever(text: str, months: int | None) -> int | None:
    """Two children in one message (「老大6岁 发烧38度 … 老二刚满月 没发烧」): the fever is the
    child's whose age was told last before it."""
    ages = _ages(text)
    fever = _FEVER.search(text) or _TEMP.search(text) or _TEMP_READ.search(text)
    if len({m for _, m in ages}) < 2 or fever is None:
        return months
    before = [m for at, m in ages if at < fever.start()]
    return before[-1] if before else months


def classify(text: str, months: int | None = None, pregnant: bool = False) -> str | None:
    """The kind of red flag in a normalised question (a key of LEVELS), or None. `months`: the
    child's age, when known; `pregnant`: the parent's child is not born yet (the question may
    still say so itself)."""
    text = _read(text)
    kind = _kind(text, months, pregnant)
    if kind in _CHECKED_KINDS and _checked_past_event(text):
        return None
    # 「上个月孩子发烧没打成疫苗 晚了一个多月」: a fever told as past, with no reading and nothing
    # of it now, while something else is asked.
    if (kind == "fever" and _PAST.search(text) and not _STILL.search(text)
            and temperature(text) is None and not _WATCH_NOW.search(text)):
        return None
    # 「手被热水烫了一下 冲了冷水 现在不红了」: a scald cooled and gone (not one still red or blistered).
    if kind == "burn" and _BURN_COOLED.search(text) and not _BURN_SHOWS.search(text):
        return None
    # 「生的时候羊水早破 … 现在宝宝快满月了」: a pregnancy sign told of a birth that is over.
    if kind == "pregnancy" and _PAST.search(text) and _BORN_NOW.search(text):
        return None
    # A fever long over, and something else asked (「上个月高烧住院 早就好了 现在该打啥疫苗」);
    # what to watch for after it (「以后还会抽吗」) keeps the fever advice.
    if kind in ("fever", "infant_fever") and not _WATCH_NOW.search(text) \
            and _checked_past_event(text):
        return None
    return kind


def _burn_signs_told(text: str) -> bool:
    """After a burn's first-aid answer, 「现在整只手起满泡」: its signs told as happening."""
    return bool(_BURN_SHOWS.search(text) and _NOW.search(text) and not _AHEAD.search(text))


def _prevention_asked_first(text: str) -> bool:
    """「家里刚有了小宝宝 怎么防止他以后被开水烫到」: every sign is inside the prevention asked,
    nothing before it tells of an event (not 「被开水烫了 怎么防止起泡」)."""
    asked = _PREVENT_ASK.search(text)
    return asked is not None and _kind(text[:asked.start()], None, False) is None


def _kind(text: str, months: int | None, pregnant: bool) -> str | None:
    if _NEWBORN.search(text):
        months = 0
    if not _PREGNANCY_CONTEXT.search(text):
        days, weeks, said = (_DAYS_OLD.search(text), _WEEKS_OLD.search(text),
                             _MONTHS_SAID.search(text))
        in_words = _DAYS_OLD_WORDS.search(text)
        under = _UNDER_MONTHS.search(text)
        if under:
            months = max(0, (2 if under.group(1) in "俩两" else int(under.group(1))) - 1)
        elif days:
            months = _number(days) // 30
        elif in_words and chinese_to_int(in_words.group(1)) is not None:
            months = chinese_to_int(in_words.group(1)) // 30
        elif weeks:
            months = _number(weeks) * 7 // 30
        elif said and months is None:
            number = said.group(1) or said.group(2)
            months = 2 if number in "俩两" else int(number)
    preventing = (_PREVENTION.search(text) and not _NOW.search(text)) \
        or (_AHEAD.search(text) and not _NOW_EVENT.search(text)) or _prevention_asked_first(text)
    # Leave and paperwork questions hide a sign, unless it is told as happening now
    # (「想问下产检假怎么请 … 另外今天早上内裤上有好多血」).
    # A temperature read out is happening (「月嫂说宝宝腋下量是38度 我要不要请假回家」).
    paperwork = (_ADMIN.search(text) and not _NOW_EVENT.search(text)
                 and not _SEVERE.search(text) and temperature(text) is None)
    if _pregnancy_sign(text, pregnant):
        if not preventing and not paperwork:
            return "pregnancy"
    # Choking first: its reply calls 120 too, and adds the back blows a blue face needs.
    if _CHOKING.search(text) and (_NOW.search(text) or _CHOKING_STRONG.search(text)) \
            and not preventing:
        return "choking"
    if _DANGER.search(text):
        # 「惊厥和抽筋有什么区别」: what a sign is, asked with nothing happening
        knowledge = _KNOWLEDGE.search(text) and not _NOW.search(text)
        return None if preventing or knowledge else "danger_signs"
    if _BURN.search(text) and (_NOW.search(text) or _SPILLED_RE.search(text)) and not preventing \
            and not (_REMEDY_ASKED.search(text) and not _NOW_EVENT.search(text)
                     and not _BURN_SHOWS.search(text)):
        return "burn"
    # 「从楼梯上滚下来五六级 哭完以后精神不好」: a sign told after it is the event happening.
    if _GENERAL.search(text) and not preventing and (_NOW.search(text)
                                                   or _GENERAL_STRONG.search(text)
                                                   or _FALL_THEN_SIGN.search(text)) \
            and not _harmless_fall(text):
        return "general"
    if (_HONEY_EATEN.search(text) and _BOTULISM_SIGN.search(text) and not preventing
            and (months is None or months < 12)):
        return "general"
    degrees = temperature(text)
    if (_FEVER.search(text) or (degrees or 0) >= 37.3) and not preventing and not paperwork:
        # 「孕36周 烧到39度多」: a pregnant woman's own fever is a pregnancy warning sign (高热, F5);
        # 「孕28周 大宝发烧」 is the born child's.
        if _own_fever_in_pregnancy(text, pregnant):
            return "pregnancy"
        months = _age_told_before_fever(text, months)
        if months is not None and months < 3 and (degrees is None or degrees >= 38):
            if degrees is None and _FEVER_AHEAD.search(text) and not _NOW_EVENT.search(text):
                return "fever"      # what to watch for, asked before: the advice, not 120
            return "infant_fever"
        if degrees is not None and degrees < 37.3:
            return None
        return "fever"
    if _SICK.search(text) and not preventing:
        return "sick"
    return None


def triage(text: str, texts: Texts, months: int | None = None,
           pregnant: bool = False, after: str = "") -> Alert | None:
    """The alert for a normalised question, in the words of the safety content, or None.
    `after`: the title of the entry the conversation last answered."""
    kind = classify(text, months, pregnant)
    if kind is None and after and _BURN.search(after) and _burn_signs_told(_read(text)):
        kind = "burn"
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


_WHAT_TO_DO = re.compile("怎么办|怎么处理|怎么治|怎么护理|怎么缓解|吃什么药|用什么药|要不要吃药"
                         "|(?:涂|擦|抹|搽|用)(?:什么|啥|哪种|哪个)(?:药|药膏|膏|霜)"
                         "|要紧吗|要不要紧|严重吗|严不严重|有没有事|有事吗|要不要看医生|要不要去医院")


def asks_what_to_do_about_a_symptom(text: str, entry_title: str) -> bool:
    """「宝宝便秘怎么办」: what to do about a symptom is a doctor's matter, unless the entry is
    about that very symptom (its title names one). A symptom told with nothing asked (「宝宝鼻子堵
    睡觉呼噜呼噜响 不过吃奶正常」) asks it too."""
    return bool(_SYMPTOMS.search(text) and (_WHAT_TO_DO.search(text) or not ASKS.search(text))
                and not _SYMPTOMS.search(entry_title))


def without_symptoms(text: str) -> str:
    """The text with its symptom words blanked: the signs an answer warns of (「之后出现便秘…要
    立即就医」 in the honey entry) are not what it answers."""
    return _SYMPTOMS.sub(" ", text)
