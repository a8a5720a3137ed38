"""Colloquial, dialect and voice-input Chinese, read as the plain words the index knows (pure
Python, no Flask).

Parents ask 「国家补贴一年给好多钱」「娃喂点水得不得行」「产假还能往后延不」; the knowledge base says
多少钱, 宝宝, 可以吗, 延长. This layer maps whole classes of such words to their plain forms, once,
for the questions and for the entries' phrasings alike, before the slots and the synonyms
(content/faq/synonyms.yaml) see them. Red flags are read before it, from the parent's own words
(safety.py), so that no mapping here can make an emergency look like something else.

The data is content/faq/colloquial.yaml:
  homophones: wrong characters the pinyin repair (synonyms.yaml typo_terms) cannot reach, because
              they do not sound exactly like the term -> the term
  words:      plain form -> colloquial and dialect forms, replaced literally, longest first
              (娃/崽/伢/细路 -> 宝宝, 媳妇/婆娘 -> 妻子, 好多钱/几多钱 -> 多少钱, 啥子/么子 -> 什么)
  particles:  clause-final particles, dropped (噻, 撒, 哈 …)
  rewrites:   regular expressions for what is not one word: the yes/no asks (得不得行, 中不中,
              能喝不, V不V -> 吗), 「可以这样吗」 about an employer -> 合法吗; `require` (optional)
              must also match the question
Every mapping is idempotent: applying the layer twice gives what applying it once gives.
"""
import re
from dataclasses import dataclass

_CLAUSE_END = r"(?=\s|$)"
_SPACES = re.compile(r"\s+")


class ColloquialError(ValueError):
    def __init__(self, message: str, where: str, field: str | None = None):
        self.message, self.where, self.field = message, where, field
        super().__init__(f"{where}{' ' + field if field else ''}: {message}")


@dataclass(frozen=True)
class Rewrite:
    pattern: re.Pattern
    to: str
    require: re.Pattern | None = None

    def apply(self, text: str) -> str:
        if self.require is not None and not self.require.search(text):
            return text
        return self.pattern.sub(self.to, text)


class Colloquial:
    def __init__(self, data: dict | None = None):
        data = data or {}
        literal: dict[str, str] = {}
        for wrong, right in (data.get("homophones") or {}).items():
            literal[str(wrong)] = str(right)
        for plain, variants in (data.get("words") or {}).items():
            # The plain form maps to itself, so that 坐月子 is not rewritten through 月子.
            literal.setdefault(str(plain), str(plain))
            for variant in variants or []:
                literal[str(variant)] = str(plain)
        self._literal = literal
        phrases = sorted(literal, key=len, reverse=True)
        self._literal_re = re.compile("|".join(map(re.escape, phrases))) if phrases else None
        particles = sorted(map(str, data.get("particles") or []), key=len, reverse=True)
        self._particles_re = (re.compile(r"(?<=\S)(?:" + "|".join(map(re.escape, particles)) + r")+"
                                         + _CLAUSE_END) if particles else None)
        self.rewrites = [Rewrite(re.compile(r["match"]), str(r["to"]),
                                 re.compile(r["require"]) if r.get("require") else None)
                         for r in data.get("rewrites") or []]

    def words(self) -> set[str]:
        """Every colloquial form and plain form the layer knows (for reading pinyin)."""
        return {*self._literal, *self._literal.values()}

    def __bool__(self) -> bool:
        return bool(self._literal_re or self._particles_re or self.rewrites)

    def apply(self, text: str) -> str:
        """A normalised text (text.normalize) in plain words."""
        if self._literal_re:
            text = self._literal_re.sub(lambda m: self._literal[m.group(0)], text)
        if self._particles_re:
            text = self._particles_re.sub("", text)
        for rewrite in self.rewrites:
            text = rewrite.apply(text)
        return _SPACES.sub(" ", text).strip()


def validate(data, where: str = "colloquial.yaml") -> dict:
    """The file's data, checked; ColloquialError names the section and the item."""
    if not isinstance(data, dict):
        raise ColloquialError("文件内容应为映射（key: value）", where)
    unknown = set(data) - {"homophones", "words", "particles", "rewrites"}
    if unknown:
        raise ColloquialError("未知的部分：" + "、".join(sorted(map(str, unknown))), where)
    homophones = data.get("homophones") or {}
    if not isinstance(homophones, dict):
        raise ColloquialError("homophones 应为 {错字: 正字}", where, "homophones")
    owner: dict[str, str] = {}
    for wrong, right in homophones.items():
        if not str(wrong).strip() or not str(right or "").strip() or str(wrong) == str(right):
            raise ColloquialError("错字和正字都要写，且不能相同", str(wrong), "homophones")
        owner[str(wrong)] = str(right)
    words = data.get("words") or {}
    if not isinstance(words, dict):
        raise ColloquialError("words 应为 {普通说法: [口语说法...]}", where, "words")
    for plain, variants in words.items():
        if not isinstance(variants, list) or not variants:
            raise ColloquialError("口语说法应为非空列表", str(plain), "words")
        for variant in variants:
            variant = str(variant)
            if not variant.strip() or variant != variant.strip():
                raise ColloquialError("说法不能为空或带空格", str(plain), "words")
            if variant in owner and owner[variant] != str(plain):
                raise ColloquialError(f"{variant} 同时改写为 {owner[variant]} 和 {plain}",
                                      str(plain), "words")
            owner[variant] = str(plain)
    for plain in words:
        # A plain form that is itself some other form's variant would be rewritten again.
        if str(plain) in owner and owner[str(plain)] != str(plain):
            raise ColloquialError(f"普通说法 {plain} 又被改写为 {owner[str(plain)]}", str(plain),
                                  "words")
    particles = data.get("particles") or []
    if not isinstance(particles, list) or not all(str(p).strip() for p in particles):
        raise ColloquialError("particles 应为语气词的列表", where, "particles")
    for i, rewrite in enumerate(data.get("rewrites") or []):
        item = f"rewrites[{i}]"
        if not isinstance(rewrite, dict) or "match" not in rewrite or "to" not in rewrite:
            raise ColloquialError("改写需要 match 和 to", item)
        for key in ("match", "require"):
            if rewrite.get(key) is None:
                continue
            try:
                compiled = re.compile(str(rewrite[key]))
                if key == "match":
                    compiled.sub(str(rewrite["to"]), "")
            except (re.error, IndexError) as exc:
                raise ColloquialError(f"正则表达式有误：{exc}", item, key) from None
    layer = Colloquial(data)
    for text in [*owner, *map(str, words)]:
        once = layer.apply(text)
        if layer.apply(once) != once:
            raise ColloquialError(f"{text} 改写一次得到 {once}，再改写又变成 {layer.apply(once)}"
                                  "（每条改写应一次到位）", text)
    return data
