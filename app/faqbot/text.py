"""Text normalisation for parents' questions (pure Python, no Flask).

normalize() turns what a parent typed into one canonical form that the knowledge base is indexed in:
full-width to half-width (NFKC), traditional to simplified (OpenCC t2s), lower case, Chinese numerals
before a unit or a child-order word to digits (九十八天 -> 98天, 二胎 -> 2胎, 第一个 -> 第1个), ages in
months to one spelling (8个月大 -> 8月龄) and punctuation to single spaces.
"""
import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# A clause that asks something (the others of a long question are its context, and a symptom told
# with none of these is told, not asked). Dialect yes/no asks (「能喝蜂蜜水不」「得不得行」) reach it
# as 吗 through colloquial.yaml.
ASKS = re.compile(r"吗|呢|么|多少|几|什么|啥|怎么|怎样|如何|哪|能不能|可不可以|是否|有没有|要不要|"
                  r"行不行|会不会|算不算|该不该|可以|合法|多久|多长|(?<![一第])谁")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "零〇一二两三四五六七八九十百千"
# A numeral is converted only when a unit or a counting word follows it (or 第 precedes it), so
# that words such as 一般, 统一, 一起 stay intact.
_COUNTED = ("个月|个星期|个小时|个孩子|个宝宝|个娃|周岁|月龄|小时|星期|天|日|周|月|岁|年|孩|胎|宝|次|剂|"
            "个|元|倍|人|班|种|餐|克|毫升")
# 老二/老三 name a child, so 「老二两个月」 is the second child at 2 months, not 22.
_NUMERAL_RE = re.compile(rf"(第)?(?<!老)([{_NUMERAL}]+)(?=(?:{_COUNTED}))|(第)([{_NUMERAL}]+)")
_MONTHS_RE = re.compile(r"(\d+)\s*(?:个多月|个半月|个月|月龄)(?:大|的|龄)?")
_HALF_YEAR_RE = re.compile(r"半岁")
# 「俩月了」: two months (俩 elsewhere, as in 我俩, is not a count).
_LIANG_RE = re.compile(r"俩(个)?(?=(月)|岁|周|星期|礼拜)")
_PUNCT_RE = re.compile(r"[^\w%+:.]+", re.UNICODE)
_SPACES_RE = re.compile(r"\s+")
_RATIO_RE = re.compile(r"(\d)\s*[:：∶比]\s*(\d)")
_LONE_COLON = re.compile(r"(?<!\d):|:(?!\d)")     # 「先做做功课：新生儿…」 (not 1:5)


def chinese_to_int(numeral: str) -> int | None:
    """一百五十八 -> 158, 十五 -> 15, 两 -> 2; None when it is not a well-formed numeral."""
    if not numeral:
        return None
    if all(ch in _DIGITS for ch in numeral):
        if len(numeral) == 1:
            return _DIGITS[numeral]
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total, current = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _replace_numeral(match: re.Match) -> str:
    prefix = match.group(1) or match.group(3) or ""
    numeral = match.group(2) or match.group(4)
    value = chinese_to_int(numeral)
    return prefix + (str(value) if value is not None else numeral)


def to_simplified(text: str) -> str:
    return _T2S.convert(text)


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = to_simplified(text).lower()
    text = _LIANG_RE.sub(lambda m: "2个" if m.group(1) or m.group(2) else "2", text)
    text = _NUMERAL_RE.sub(_replace_numeral, text)
    text = _HALF_YEAR_RE.sub("6月龄", text)
    text = _MONTHS_RE.sub(lambda m: f"{m.group(1)}月龄", text)
    text = _RATIO_RE.sub(r"\1:\2", text)
    text = _LONE_COLON.sub(" ", _PUNCT_RE.sub(" ", text))
    return _SPACES_RE.sub(" ", text).strip()
