"""Scoring short documents (course titles, summaries, tags) against what a parent typed.

A query becomes groups of alternatives: each word jieba finds (stop words dropped) and each
synonym variant found inside the query, with the canonical words it stands for. A document
scores a group's best alternative: in the title, in the rest, a homophone typo (same fuzzy
syllables, at least half the characters literally the same, as facility search does), or one
wrong character in a word of three or more. Latin terms match the title's pinyin or initials.
The catalogue is small (hundreds of courses), so documents are scanned, not indexed.
"""
import re
from dataclasses import dataclass

from app.textsearch import pinyin, segment
from app.textsearch.normal import has_han, is_latin_term, normalize
from app.textsearch.synonyms import Synonyms

STOP_WORDS = frozenset(
    "的 了 和 与 及 是 在 吗 呢 吧 啊 怎么 怎样 如何 什么 为什么 哪些 有 要 给 让 把 被 我 你 他 她 "
    "宝宝 宝宝们 孩子 小孩 一下 可以 需要 应该 课程 课 老是 总是 不 不会 不肯 不爱 学 想 怎么办 "
    "怎么样 怎么回事 什么时候 时候 办法 还是 还 就 都 会 能 好 多 请问 一直 经常".split())
_WORD = re.compile(r"\w", re.UNICODE)

TITLE, BODY, TYPO = 3.0, 1.5, 1.0
SYNONYM_FACTOR = 2 / 3   # a canonical word the parent did not type counts a little less


@dataclass(frozen=True)
class Group:
    typed: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[Group, ...]
    latin: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.groups or self.latin)


def parse(q: str, synonyms: Synonyms, limit: int = 8) -> ParsedQuery:
    text = normalize(q).lower()
    latin = tuple(t.replace("'", "") for t in text.split() if is_latin_term(t))
    chinese = " ".join(t for t in text.split() if not is_latin_term(t))
    typed: list[str] = []
    if synonyms.words:
        for piece, known in segment.peel(chinese.replace(" ", ""), synonyms.words):
            if known:
                typed.append(piece)
    for word in segment.cut(chinese):
        if len(word) > 1 and word not in STOP_WORDS and _WORD.search(word):
            typed.append(word)
    if not typed and not latin:   # only single characters: keep them (爬, 哭)
        typed = [w for w in segment.cut(chinese) if w not in STOP_WORDS and _WORD.search(w)]
    groups = [Group(w, synonyms.expand(w)) for w in dict.fromkeys(typed)]
    return ParsedQuery(tuple(groups[:limit]), latin[:4])


@dataclass
class Doc:
    """A document prepared once (cache it by id and version)."""

    id: int
    title: str
    body: str
    chars: str          # title and body without spaces, aligned with `sound`
    sound: str          # " shui mian ... ": one fuzzy syllable per character of `chars`
    title_pinyin: tuple[str, ...]    # "bao'bao'shui'mian'zhi'dao" variants
    title_initials: tuple[str, ...]


def prepare(doc_id: int, title: str, *rest: str) -> Doc:
    title_key = normalize(title).lower()
    body = normalize(" ".join(r for r in rest if r)).lower()
    chars = (title_key + body).replace(" ", "")
    full, initials = pinyin.name_keys(title_key)
    return Doc(doc_id, title_key, body, chars,
               " " + " ".join(pinyin.fuzzy_syllables(chars)) + " ",
               tuple(full.split()), tuple(initials.split()))


def score(query: ParsedQuery, doc: Doc) -> float:
    total = 0.0
    for group in query.groups:
        best = 0.0
        for i, word in enumerate(group.alternatives):
            factor = 1.0 if i == 0 else SYNONYM_FACTOR
            if word in doc.title:
                best = max(best, TITLE * factor)
            elif word in doc.body:
                best = max(best, BODY * factor)
        if not best and _typo(group.typed, doc):
            best = TYPO
        total += best
    for term in query.latin:
        total += TITLE if _pinyin_hit(term, doc) else 0.0
    return total


def _typo(word: str, doc: Doc) -> bool:
    n = len(word)
    if n < 2 or not has_han(word):
        return False
    sound = " " + " ".join(pinyin.fuzzy_syllables(word)) + " "
    at = doc.sound.find(sound)
    while at >= 0:
        start = doc.sound.count(" ", 0, at)
        literal = sum(a == b for a, b in zip(word, doc.chars[start:start + n]))
        if n <= 2 * literal < 2 * n:
            return True
        at = doc.sound.find(sound, at + 1)
    if n >= 3:
        pattern = "|".join(re.escape(word[:i]) + "." + re.escape(word[i + 1:]) for i in range(n))
        return re.search(pattern, doc.chars) is not None
    return False


def _pinyin_hit(term: str, doc: Doc) -> bool:
    if len(term) < 2:
        return False
    if any(term in initials for initials in doc.title_initials):
        return True
    for full in doc.title_pinyin:
        plain, offset, starts = full.replace("'", ""), 0, [0]
        for syllable in full.split("'"):
            offset += len(syllable)
            starts.append(offset)
        if any(plain.startswith(term, s) for s in starts):
            return True
    return False
