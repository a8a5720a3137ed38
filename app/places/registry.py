"""The division registry in memory: codes, names, aliases, and one resolver. Pure Python, no
Flask, so the content loader, the migration that converts old text and the app share it.

A district is resolved from its code, its name, an alias, its short form without 区/县/市
(虎丘区 → 虎丘), or any of those preceded by its city or province (苏州市虎丘区, 江苏苏州吴江).
"""
import re
import unicodedata
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

LEVELS = ("province", "city", "district", "street")
_CODE = re.compile(r"^\d{6}(\d{3})?$")
_SUFFIXES = {"province": ("省",), "city": ("市",), "district": ("区", "县", "市"),
             "street": ("街道", "镇", "乡")}


def normalize(value: str) -> str:
    """NFKC, no spaces, lower case: how names and aliases are compared."""
    return "".join(unicodedata.normalize("NFKC", value).split()).lower()


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent_code: str | None = None
    aliases: tuple = ()


class UnknownPlace(Exception):
    def __init__(self, value: str, suggestions: list[str]):
        super().__init__(value)
        self.value, self.suggestions = value, suggestions


class AmbiguousPlace(Exception):
    def __init__(self, value: str, candidates: list[str]):
        super().__init__(value)
        self.value, self.candidates = value, candidates


def short_forms(division: Division) -> list[str]:
    """The name without its level suffix when at least two characters remain (虎丘区 → 虎丘)."""
    forms = []
    for suffix in _SUFFIXES[division.level]:
        if division.name.endswith(suffix) and len(division.name) - len(suffix) >= 2:
            forms.append(division.name[:-len(suffix)])
    return forms


@dataclass
class Registry:
    divisions: dict = field(default_factory=dict)   # code -> Division

    def __post_init__(self):
        # key -> codes, per level; official names and explicit aliases outrank derived forms.
        self._exact: dict = {}
        self._derived: dict = {}
        self._pinyin: dict = {}   # code -> "hu qiu qu"
        for d in self.divisions.values():
            for key in (d.name, *d.aliases):
                self._exact.setdefault((d.level, normalize(key)), set()).add(d.code)
            for key in short_forms(d):
                self._derived.setdefault((d.level, normalize(key)), set()).add(d.code)

    @classmethod
    def of(cls, divisions) -> "Registry":
        return cls({d.code: d for d in divisions})

    def __len__(self) -> int:
        return len(self.divisions)

    def get(self, code: str | None) -> Division | None:
        return self.divisions.get(code) if code else None

    def name(self, code: str | None) -> str | None:
        d = self.get(code)
        return d.name if d else None

    def ancestor(self, code: str | None, level: str) -> str | None:
        d = self.get(code)
        while d is not None and d.level != level:
            d = self.get(d.parent_code)
        return d.code if d else None

    def children(self, code: str, level: str | None = None) -> list[Division]:
        return sorted((d for d in self.divisions.values() if d.parent_code == code
                       and (level is None or d.level == level)), key=lambda d: d.code)

    def within(self, code: str, ancestors: tuple) -> bool:
        return any(self._is_under(code, a) for a in ancestors)

    def _is_under(self, code: str, ancestor: str) -> bool:
        d = self.get(code)
        while d is not None:
            if d.code == ancestor:
                return True
            d = self.get(d.parent_code)
        return False

    # ---- resolving --------------------------------------------------------------------------
    def resolve(self, value: str, level: str = "district", prefer: tuple = ()) -> str:
        """The code for a code, name or alias at `level`. `prefer` (city codes) settles a name
        that several cities share. Raises UnknownPlace (with suggestions) or AmbiguousPlace."""
        key = normalize(value)
        if _CODE.match(key):
            if key in self.divisions and self.divisions[key].level == level:
                return key
            raise UnknownPlace(value, self.suggest(value, level, prefer))
        codes = self._candidates(key, level)
        if not codes:
            raise UnknownPlace(value, self.suggest(value, level, prefer))
        if len(codes) > 1 and prefer:
            preferred = {c for c in codes if self.within(c, prefer)}
            codes = preferred or codes
        if len(codes) > 1:
            raise AmbiguousPlace(value, sorted(self.full_name(c) for c in codes))
        return next(iter(codes))

    def _candidates(self, key: str, level: str) -> set:
        found = self._lookup(key, level)
        if found:
            return found
        # A name preceded by its parents: 苏州市虎丘区, 江苏苏州吴江, 江苏省苏州市.
        parent_levels = LEVELS[:LEVELS.index(level)]
        for parent_level in reversed(parent_levels):
            for cut in range(2, len(key) - 1):
                parents = self._lookup(key[:cut], parent_level)
                if not parents:
                    continue
                rest = key[cut:]
                inner = self._candidates(rest, level) if rest else set()
                inner = {c for c in inner if any(self._is_under(c, p) for p in parents)}
                if inner:
                    return inner
        return set()

    def _lookup(self, key: str, level: str) -> set:
        return set(self._exact.get((level, key), ())) or set(self._derived.get((level, key), ()))

    def full_name(self, code: str) -> str:
        """苏州市虎丘区: a district with its city (a city with its province)."""
        d = self.divisions[code]
        parent = self.get(d.parent_code)
        return (parent.name if parent else "") + d.name

    def suggest(self, value: str, level: str = "district", prefer: tuple = (),
                limit: int = 5) -> list[str]:
        """The nearest names by characters and by sound (pinyin), the preferred cities first."""
        pool = [d for d in self.divisions.values() if d.level == level]
        if prefer:
            pool = [d for d in pool if self.within(d.code, prefer)] or pool
        if not pool:
            return []
        choices = {}
        for d in pool:
            choices[d.code + ":n"] = normalize(d.name)
            for alias in d.aliases:
                choices[d.code + ":a" + alias] = normalize(alias)
            choices[d.code + ":p"] = self._sound(d)
        key = normalize(value)
        sound = " ".join(lazy_pinyin(key))
        scored: dict = {}
        for query in (key, sound):
            for _, score, choice in process.extract(query, choices, scorer=fuzz.WRatio,
                                                    limit=limit * 4):
                code = choice.split(":", 1)[0]
                scored[code] = max(scored.get(code, 0), score)
        best = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return [self.divisions[code].name for code, score in best[:limit] if score >= 40]

    def _sound(self, d: Division) -> str:
        if d.code not in self._pinyin:
            self._pinyin[d.code] = " ".join(lazy_pinyin(d.name))
        return self._pinyin[d.code]


def parse(content: dict, aliases: dict | None, error) -> list[Division]:
    """Validate the parsed divisions.yaml (and aliases.yaml); `error(message, entry, field)`
    builds the exception raised for the first problem."""
    if not isinstance(content, dict) or not isinstance(content.get("divisions"), list):
        raise error("应包含 divisions 列表", None, "divisions")
    if not content.get("source"):
        raise error("应写明数据来源 source", None, "source")
    seen: dict = {}
    for number, entry in enumerate(content["divisions"], start=1):
        where = f"第 {number} 条"
        if not isinstance(entry, dict):
            raise error("应为映射（code、name、level）", where, None)
        code, name, level = (str(entry.get("code") or ""), str(entry.get("name") or "").strip(),
                             entry.get("level"))
        if not _CODE.match(code):
            raise error("代码应为 6 位（区县及以上）或 9 位（街道乡镇）数字", where, "code")
        if code in seen:
            raise error(f"代码 {code} 重复", where, "code")
        if not name:
            raise error("名称不能为空", where, "name")
        if level not in LEVELS:
            raise error("级别应为 " + "/".join(LEVELS), where, "level")
        if (len(code) == 9) != (level == "street"):
            raise error("街道乡镇用 9 位代码，其余用 6 位", where, "code")
        parent = entry.get("parent")
        parent = str(parent) if parent is not None else None
        if level == "province" and parent is not None:
            raise error("省级不应有上级", where, "parent")
        if level != "province":
            expected = LEVELS[LEVELS.index(level) - 1]
            if parent not in seen or seen[parent].level != expected:
                raise error(f"上级应为前面已列出的{expected}代码", where, "parent")
        seen[code] = Division(code, name, level, parent)
    for code, names in ((aliases or {}).get("aliases") or {}).items():
        code = str(code)
        if code not in seen:
            raise error(f"别名对应的代码 {code} 不在区划表中", code, "aliases")
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip()
                                                  for n in names):
            raise error("别名应为非空文字的列表", code, "aliases")
        d = seen[code]
        seen[code] = Division(d.code, d.name, d.level, d.parent_code,
                              tuple(n.strip() for n in names))
    return list(seen.values())
