"""Medical red flags, caught before retrieval (pure Python).

A question that describes an emergency (高烧抽搐, 呼吸困难, 嘴唇发紫, 误吞, 昏迷 …) gets one fixed
reply: go to hospital now / call 120. The bot never names a cause or a treatment. Questions about
preventing these things (「怎么预防宝宝窒息」) are not emergencies and go on to retrieval.
"""
import re

# Always an emergency, unless the question is about prevention.
_STRONG = re.compile(
    "抽搐|抽风|惊厥|呼吸困难|喘不上气|喘不过气|透不过气|没有呼吸|没呼吸|不呼吸|停止呼吸|呼吸停"
    "|嘴唇发紫|口唇发紫|嘴唇青紫|嘴唇发青|脸色发紫|脸发紫|脸色青紫|面色青紫|全身发紫|发绀"
    "|昏迷|叫不醒|昏过去|晕过去|晕倒|意识不清|失去意识|休克|误吞|误食|误服|溺水|呛水|触电"
    "|大出血|出血不止|血流不止|噎住|卡住喉咙|卡喉咙|卡在喉咙|气管异物|中毒|喘不了气|上不来气"
    "|憋紫|憋得发紫|翻白眼|口吐白沫|脸色发青|脸发青|面色发青|嘴唇发青|嘴唇青|误吃|(?:发烧|高烧|发热|烧到).{0,8}抽筋|抽筋.{0,6}(?:发烧|高烧|发热)")
# An emergency only when it is happening now (了, 刚才, 怎么办 …).
_WEAK = re.compile("窒息|高烧|高热|烧到(?:39|4[0-2])|(?:39|4[0-2])(?:度|°)|卡住了|被(?:狗|猫|蛇)(?:咬|抓)|"
                   "吃了.{0,4}(?:药|电池|纽扣|磁|洗衣|消毒|干燥剂)|被.{0,3}烫|烫到|烫伤|烧伤|摔到头|摔了头|头着地|从床上摔|坠落|吞了|吃了药"
                   "|吞下|喝了(?:消毒|洗衣|酒精|农药)")
_NOW = re.compile("了|刚才|刚刚|现在|正在|突然|一直|怎么办|怎么处理|急|救命|快")
_PREVENTION = re.compile("预防|防止|避免|防范|怎么防|如何防")

EMERGENCY_TEXT = ("这可能是紧急情况，请立即拨打120，或马上到最近的医院急诊就医，不要等待。"
                  "拨打120时说清孩子的年龄、现在的表现和所在地址。我不能远程判断病情，请以医生诊治为准。")

_SYMPTOMS = re.compile("发烧|发热|咳嗽|腹泻|拉肚子|呕吐|吐奶|便秘|湿疹|皮疹|出疹|感冒|流鼻涕|鼻塞|哭闹不止"
                       "|不吃奶|肺炎|过敏|黄疸|生病|病了|不舒服|疼|痛")
SYMPTOM_NOTE = "孩子身体不适时，请及时到医院儿科或社区儿保门诊就诊，我不能替代医生诊断。"


def is_emergency(text: str) -> bool:
    if _STRONG.search(text):
        return not (_PREVENTION.search(text) and not _NOW.search(text))
    if _WEAK.search(text):
        return bool(_NOW.search(text)) and not _PREVENTION.search(text)
    return False


def mentions_symptom(text: str) -> bool:
    return bool(_SYMPTOMS.search(text))
