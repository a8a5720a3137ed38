"""Slot extraction from a normalised question: province (via a gazetteer), child order, age in
months, pregnancy weeks. Provinces are found by exact names only, never by fuzzy matching (fuzzy
matching confuses 上海 with 海南). Each extractor also returns the text with the slot words blanked
out, so that place names and child-order words do not steer retrieval."""
import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from app.faqbot.text import chinese_to_int

# Single-character short forms (苏, 川, 浙 …) are accepted only where they cannot be part of an
# ordinary word: at the start or after a preposition, and before a leave word, 省/地 or the end.
_SHORT_BEFORE = r"(?:^|(?<=[\s在是于来去的从]))"
_SHORT_AFTER = r"(?=$|\s|省|地|的|产|陪|护|育|哺|婚|生|呢|吗|那|这|区)"
_ADMIN_SUFFIX = re.compile(r"(?:县|区|市|旗|州|盟)$")


@dataclass(frozen=True)
class Place:
    name: str            # as written in the question
    province: str        # canonical province name (江苏, 河南 …)
    covered: bool        # whether the leave data holds this province


@dataclass
class Slots:
    province: Place | None = None
    child_order: int | None = None
    months: int | None = None
    weeks: int | None = None
    rest: str = ""                                  # the text with slot words blanked

    def as_dict(self) -> dict:
        return {"province": self.province.province if self.province else None,
                "child_order": self.child_order, "months": self.months, "weeks": self.weeks}


_ORIGIN_AFTER = re.compile("\\s*(?:过来|来的|人|籍|老家|户口|户籍)")
_ORIGIN_BEFORE = re.compile("(?:从|老家(?:是|在)?)$")
_DISTRICT_AFTER = re.compile("[\u4e00-\u9fff]{2}(?:区|县)|[\u4e00-\u9fff]{2}(?=这边|那边|这里|那里|那块|这块|一带|附近)")


class Gazetteer:
    """Place name -> province. `covered` lists the provinces whose leave figures we hold.
    `counties` (counties.yaml, generated) are read like the hand-kept names, except that a name
    written without its 县/区/市 is taken only where the words of the text begin and end with it
    (`cut`, the engine's jieba): 「这两天全身」 does not name 天全."""

    def __init__(self, provinces: dict[str, dict], covered: set[str],
                 counties: dict[str, list[str]] | None = None,
                 cut: Callable[[str], Iterable[str]] | None = None):
        self.covered = set(covered)
        names: dict[str, str] = {}
        short: dict[str, str] = {}
        for province, spec in provinces.items():
            names[province] = province
            for name in spec.get("names", []) or []:
                if len(name) == 1:
                    short[name] = province
                else:
                    names[name] = province
        self._bounded: set[str] = set()
        self._county_names: set[str] = set()
        for province, county_names in (counties or {}).items():
            for name in county_names:
                if name not in names:
                    self._county_names.add(name)
                names.setdefault(name, province)
                if cut is not None and not _ADMIN_SUFFIX.search(name):
                    self._bounded.add(name)
        self._cut = cut
        self._names = names
        self._short = short
        ordered = sorted(names, key=len, reverse=True)
        # 「黄岛区」「萧山区」「南京市」: the administrative suffix belongs to the name.
        self._long_re = (re.compile("(?:" + "|".join(map(re.escape, ordered)) + ")(?:市|区|县)?")
                         if ordered else None)
        self._short_re = (re.compile(_SHORT_BEFORE + "(" + "|".join(map(re.escape, short)) + ")"
                                     + _SHORT_AFTER) if short else None)

    def spoken_names(self) -> list[tuple[str, bool]]:
        """Each place name of a covered province as said, without its 市/区/县 (苏州, 朝阳), and
        whether it is hand-kept (gazetteer.yaml) rather than a generated county."""
        return [(_ADMIN_SUFFIX.sub("", name) if len(name) > 2 else name, name not in self._bounded
                 and name not in self._county_names)
                for name, province in self._names.items() if province in self.covered]

    def province_of(self, name: str | None) -> str | None:
        """The province a place name (a district, city or province, as a user profile holds it)
        belongs to, trying the whole name then its longest known part."""
        if not name:
            return None
        if name in self._names:
            return self._names[name]
        if self._long_re:
            match = self._long_re.search(name)
            if match:
                return self._matched(match.group(0))
        return self._short.get(name)

    def _matched(self, text: str) -> str:
        return self._names.get(text) or self._names[text[:-1]]

    def named(self, text: str) -> list[tuple[tuple[int, int], Place]]:
        """Every place named in text, with its span, in the order written."""
        places: list[tuple[tuple[int, int], Place]] = []
        if self._long_re:
            bounds = None
            for m in self._long_re.finditer(text):
                if m.group(0) in self._bounded:
                    bounds = bounds if bounds is not None else self._word_bounds(text)
                    if m.start() not in bounds or m.end() not in bounds:
                        continue
                province = self._matched(m.group(0))
                places.append((m.span(), Place(m.group(0), province, province in self.covered)))
        if self._short_re:
            spans = [span for span, _ in places]
            for m in self._short_re.finditer(text):
                if any(a <= m.start(1) < b for a, b in spans):
                    continue
                province = self._short[m.group(1)]
                places.append((m.span(1), Place(m.group(1), province, province in self.covered)))
        places.sort(key=lambda item: item[0])
        return places

    def _word_bounds(self, text: str) -> set[int]:
        bounds, at = {0}, 0
        for word in self._cut(text):
            at += len(word)
            bounds.add(at)
        return bounds

    def find(self, text: str) -> tuple[Place | None, str]:
        """The last place named in text (a correction such as 「不是江苏，是浙江」 names the
        intended one last) and the text with every place name blanked."""
        places = self.named(text)
        if not places:
            return None, text
        chars = list(text)
        for (a, b), _ in places:
            # 「南京鼓楼这边」「成都武侯区」: a district right after its city belongs to the place,
            # though a name such as 鼓楼 alone is too ambiguous to be listed.
            district = _DISTRICT_AFTER.match(text, b)
            if district:
                b = district.end()
            for i in range(a, b):
                chars[i] = " "
        # 「在苏州园区上班 … 我们是四川过来帮忙带娃的」: where the family comes from is not where
        # the mother works, and the workplace's rules apply.
        where = [place for (a, b), place in places
                 if not (_ORIGIN_AFTER.match(text, b) or _ORIGIN_BEFORE.search(text, max(0, a - 3), a))]
        return (where or [places[-1][1]])[-1] if len(places) > 1 else places[-1][1], "".join(chars)


_ORDER_PATTERNS = [
    (re.compile(r"第?1(?:孩|胎|个孩子|个宝宝|宝)|头胎|大宝|老大|头一个|第1个(?!月|星期|小时)"), 1),
    (re.compile(r"第?2(?:孩|胎|个孩子|个宝宝|宝)|老2|老二|第2个(?!月|星期|小时)|2娃|二娃"), 2),
    (re.compile(r"第?3(?:孩|胎|个孩子|个宝宝|宝)|老3|老三|第3个(?!月|星期|小时)|3娃|三娃"), 3),
]
# (「老婆34周」: a woman's weeks are her pregnancy's)
_WEEKS_RE = re.compile(r"(?:孕|怀孕)\s*(\d{1,2})\s*(?:周|星期)|(\d{1,2})\s*(?:周|星期)(?=.*(?:孕|胎|产检))"
                       r"|(?:妻子|老婆|媳妇|爱人|她|我)(?:现在|已经)?\s*(\d{1,2})\s*周(?!大|的宝宝|的孩子|的娃)")
_MONTHS_RE = re.compile(r"(\d{1,2})月龄")
_YEARS_RE = re.compile(r"(\d)\s*(?:岁|周岁)(半)?")
# 「宝宝六周大」「11周的宝宝」: a baby's age in weeks (a pregnancy's weeks are said with 孕/怀孕).
_WEEKS_OLD_RE = re.compile(r"(?:宝宝|婴儿|孩子|娃|bb)(?:才|刚)?(?:满)?(\d{1,2})(?:周|个?星期|个?礼拜)(?:大|了)"
                           r"|(?<![孕\d])(\d{1,2})(?:周|个?星期|个?礼拜)(?:大)?的(?:宝宝|婴儿|孩子|娃|bb)")


def child_order(text: str) -> tuple[int | None, str]:
    found = None
    for pattern, order in _ORDER_PATTERNS:
        match = pattern.search(text)
        if match:
            found = order
            text = pattern.sub(" ", text)
    return found, text


_PREGNANT_BEFORE = re.compile(r"(?:怀孕|怀了|孕|肚子|怀)\s*(?:已经|快|才|都)?\s*$")
_NEWBORN_RE = re.compile(r"新生儿|刚出生|出生时|刚生下来|刚生的")
# 「感冒耽误了一个多月没打疫苗」: how long a jab was put off, not the child's age.
_DELAYED_BEFORE = re.compile(r"(?:耽误|耽搁|推迟|延迟|延后|拖|晚打?)(?:了)?\s*$")


_YEARS_AND_MONTHS_RE = re.compile(r"(?<!\d)(\d)\s*(?:岁|周岁)\s*(?:零|又)?(\d{1,2})\s*月龄")


def age_months(text: str) -> int | None:
    if _NEWBORN_RE.search(text):
        return 0
    # 「1岁3个月」: years and months together.
    both = _YEARS_AND_MONTHS_RE.search(text)
    if both:
        return int(both.group(1)) * 12 + int(both.group(2))
    for match in _MONTHS_RE.finditer(text):
        # 「怀孕7月龄」「肚子7个多月」 count a pregnancy, not the child's age.
        before = (max(0, match.start() - 4), match.start())
        if not (_PREGNANT_BEFORE.search(text, *before) or _DELAYED_BEFORE.search(text, *before)):
            return int(match.group(1))
    match = _YEARS_RE.search(text)
    if match:
        return int(match.group(1)) * 12 + (6 if match.group(2) else 0)
    match = _WEEKS_OLD_RE.search(text)
    if match:
        return int(match.group(1) or match.group(2)) * 7 // 30
    return None


# 「宝宝9月20号出生的」「上个月15号生的」「10月份出生」: a birth date, the age counted from today.
_BORN_ON = re.compile(r"(?:(\d{4})年)?(上个?月|这个?月|本月|\d{1,2}月)(?:份)?"
                      r"(?:(\d{1,2}|[一二三四五六七八九十]{1,3})(?:号|日))?(?:的时候)?"
                      r"(?:出生|生的|生下|出世|落地)")


# 「生日是这个月3号」: the birthday said, the youngest age it allows.
_BIRTHDAY = re.compile(r"生日(?:是|在)?(?:(\d{4})年)?(上个?月|这个?月|本月|\d{1,2}月)(?:份)?"
                       r"(?:(\d{1,2}|[一二三四五六七八九十]{1,3})(?:号|日))")


def months_since_birth(text: str, today: date) -> int | None:
    """Whole months from a birth date the question gives to `today`. Without a year, the date is
    the last one before today; without a day, the month's last (the youngest the child can be:
    under 3 months is what safety asks). None without a birth date, or with one still ahead."""
    match = _BORN_ON.search(text) or _BIRTHDAY.search(text)
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    if month_text.startswith("上"):
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    elif month_text[0] in "这本":
        year, month = today.year, today.month
    else:
        year, month = today.year, int(month_text[:-1])
    if not 1 <= month <= 12:
        return None
    if year_text:
        year = int(year_text)
    day = (int(day_text) if day_text and day_text.isdigit()
           else chinese_to_int(day_text) if day_text else calendar.monthrange(year, month)[1])
    if not day or day > calendar.monthrange(year, month)[1]:
        return None
    born = date(year, month, day)
    if born > today and not year_text and month_text[-1] == "月" and month_text[0].isdigit():
        born = born.replace(year=year - 1)
    if born > today:
        return None
    return (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)


def pregnancy_weeks(text: str) -> int | None:
    match = _WEEKS_RE.search(text)
    if not match:
        return None
    value = int(match.group(1) or match.group(2) or match.group(3))
    return value if 1 <= value <= 42 else None


def extract(text: str, gazetteer: Gazetteer) -> Slots:
    """All slots of a normalised question; `rest` is the text with place and child-order words
    blanked (ages and weeks stay: they are part of what is asked)."""
    place, rest = gazetteer.find(text)
    order, rest = child_order(rest)
    return Slots(province=place, child_order=order, months=age_months(text),
                 weeks=pregnancy_weeks(text), rest=" ".join(rest.split()))
