"""Answers for this parent's child (pure Python): the child's age in months, a line that says
what an age rule means for this child, and a registry of health-record answerers.

Another domain (the health record) registers an answerer for an intent:

    from app.faqbot.personal import register_answerer
    register_answerer("vaccines_due", fn)     # fn(user, child) -> PersonalAnswer | None

Without one, or when it returns None, the bot answers from its knowledge base for the child's age
and says that the child's record is not set up.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

INTENTS = ("vaccines_due", "next_checkup")
_NEXT_JAB = "下一针|下(?:一)?次(?:打|接种)"
_INTENT_RE = {
    "vaccines_due": re.compile(
        "(?:该|要|应该|需要|可以|能)(?:去)?打(?:什么|哪些|哪个|哪几)(?:针|疫苗)|" + _NEXT_JAB +
        "|(?:该|到)打(?:疫苗|针)了|还(?:有|差|缺)(?:哪些|什么)疫苗|疫苗.{0,4}(?:该|到时间|什么时候)打"),
    "next_checkup": re.compile(
        "下(?:一)?次(?:体检|儿保|健康检查)|(?:该|要)(?:去)?(?:做)?体检了|(?:该|要)(?:去)?做.{0,2}体检"
        "|体检.{0,3}(?:到|该)时间|什么时候(?:去)?(?:做)?(?:体检|儿保)"),
}
# 「那再下一针是几个月打」「之后还有哪些」: the jabs after the ones due now.
_LATER = re.compile("再下(?:一)?(?:针|次)|下下(?:一)?(?:针|次)|再往后|之后(?:还有|的)(?:哪些|什么)?(?:针|疫苗)")
_NEXT = re.compile(_NEXT_JAB)


def asks_for_later_jabs(text: str, this_months_told: bool) -> bool:
    """「那再下一针」 always; 「下一针呢」 once this month's jabs were the last answer."""
    return bool(_LATER.search(text)) or (this_months_told and bool(_NEXT.search(text)))


# 婴幼儿健康检查月龄 (facts.md C3, 国卫基层发〔2017〕13号): 3, 6, 8, 12, 18, 24, 30, 36 months.
CHECKUP_MONTHS = (3, 6, 8, 12, 18, 24, 30, 36)
# A conversation's child (an age told, no record): the same caveat without the record.
SCHEDULE_NOTE = "以上按孩子月龄和国家程序推算，具体以接种证、社区和接种门诊的通知为准。"
RECORD_NOT_SET_UP = ("您孩子的健康档案（接种和体检记录）还没有在平台建立，以上按孩子月龄和国家程序推算，"
                     "具体以接种证、社区和接种门诊的通知为准。")


@dataclass
class PersonalAnswer:
    text: str
    sources: list[dict] = field(default_factory=list)
    confidence: str = "confirmed-by-source"


Answerer = Callable[[object, object], PersonalAnswer | None]
_ANSWERERS: dict[str, Answerer] = {}


def register_answerer(intent: str, fn: Answerer) -> None:
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}; one of {', '.join(INTENTS)}")
    _ANSWERERS[intent] = fn


def unregister_answerer(intent: str) -> None:
    _ANSWERERS.pop(intent, None)


def answerer(intent: str) -> Answerer | None:
    return _ANSWERERS.get(intent)


def intent_of(text: str) -> str | None:
    for intent, pattern in _INTENT_RE.items():
        if pattern.search(text):
            return intent
    return None


def months_between(born: date, today: date) -> int:
    months = (today.year - born.year) * 12 + today.month - born.month
    if today.day < born.day:
        months -= 1
    return max(months, 0)


def child_context(child, today: date) -> dict:
    """{"months": completed months or None while expected, "pregnant": bool}; nothing else
    about the child (no name, no date) leaves this function."""
    if child is None:
        return {}
    if child.birth_date is None:
        return {"months": None, "pregnant": child.due_date is not None and child.due_date >= today}
    return {"months": months_between(child.birth_date, today), "pregnant": False}


def age_phrase(months: int) -> str:
    if months < 24:
        return f"{months}个月"
    years, rest = divmod(months, 12)
    return f"{years}岁" + (f"{rest}个月" if rest else "")


def age_line(months: int, from_months: int, what: str) -> str:
    """「宝宝几个月可以加辅食」 for a 4-month-old: what the rule (from `from_months`) means now."""
    if months < from_months:
        wait = from_months - months
        return (f"您的宝宝现在{age_phrase(months)}，还不到{age_phrase(from_months)}：满"
                f"{age_phrase(from_months)}（大约{wait}个月后）再{what}。")
    return f"您的宝宝现在{age_phrase(months)}，已经满{age_phrase(from_months)}，可以{what}了。"


def next_checkup_line(months: int) -> str | None:
    upcoming = next((m for m in CHECKUP_MONTHS if m >= months), None)
    if upcoming is None:
        return "您的孩子已满3岁，之后4—6岁每年做一次健康检查。"
    if upcoming == months:
        return f"您的宝宝现在{age_phrase(months)}，正是{age_phrase(upcoming)}体检的月龄。"
    return f"您的宝宝现在{age_phrase(months)}，下一次体检在{age_phrase(upcoming)}。"
