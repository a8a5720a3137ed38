"""Two children told with their ages in one message (「二宝满2个月了 老大刚好3周岁 俩娃这次分别该
打啥疫苗」): each child's age, read from the normalised text, so the schedule is answered for both."""
import re

_WHO = "老大|老二|老三|大宝|小宝|[23]宝|小的|大的|哥哥|姐姐|弟弟|妹妹|大女儿|小女儿|大儿子|小儿子"
_TOLD = re.compile(rf"({_WHO})[^\s\d]{{0,4}}?(?:(\d{{1,2}})月龄|(\d{{1,2}})(?:周)?岁(半)?|(满月)|(刚出生|刚生|出生))")
_VACCINES = re.compile("疫苗|打(?:什么|啥|哪些|哪几|哪)?针|(?:打|接种)(?:什么|啥|哪些|哪几)"
                       "|(?:打|接种)的?.{0,8}(?:脊灰|百白破|麻腮风|乙肝|流脑|乙脑|甲肝|卡介苗)")
_SHOWN = str.maketrans({"2": "二", "3": "三"})


def asks_vaccines(norm: str) -> bool:
    return bool(_VACCINES.search(norm))


def two_ages(norm: str) -> list[tuple[str, int]] | None:
    """[(who, months), (who, months)] for exactly two children of different ages, else None."""
    told: dict[str, int] = {}
    for m in _TOLD.finditer(norm):
        if m.group(2):
            months = int(m.group(2))
        elif m.group(3):
            months = int(m.group(3)) * 12 + (6 if m.group(4) else 0)
        else:
            months = 1 if m.group(5) else 0
        told.setdefault(m.group(1).translate(_SHOWN), months)
    if len(told) != 2 or len(set(told.values())) != 2:
        return None
    return list(told.items())


def age_of_named(norm: str, children: list | None) -> int | None:
    """「小的刚量了体温38.5」 after 「大的3岁 小的刚满月」: the age of the child this message names."""
    if not children:
        return None
    said = norm.translate(_SHOWN)
    named = [months for who, months in children if who in said]
    if not named:
        ages = sorted(months for _, months in children)
        if re.search("小的|小宝|弟弟|妹妹|小儿子|小女儿|老二|二宝", said):
            named = ages[:1]
        elif re.search("大的|大宝|哥哥|姐姐|大儿子|大女儿|老大", said):
            named = ages[-1:]
    return named[0] if len(named) == 1 else None
