"""Search keys computed once when a record is written: jieba words, full pinyin and initials
(with local place-name overrides and a few heteronym variants), and the fuzzy syllables the
typo fallback compares. Pure Python, no Flask."""
import itertools
import logging
import re
from pathlib import Path

import jieba
import yaml
from pypinyin import Style, load_phrases_dict, pinyin

from app.facilities.records import normalize

jieba.setLogLevel(logging.WARNING)

# Characters whose other readings parents plausibly type (长 chang/zhang, 乐 le/yue ...).
# Full heteronym expansion explodes (32 variants for 吴江区盛泽镇托育园), so only these vary.
HETERONYM_WHITELIST = set("长乐重行朝调曾单蔚藏")
MAX_VARIANTS = 8

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_TERM = re.compile(r"^[a-z']+$")


def load_place_phrases(path: Path) -> int:
    """Teach pypinyin local readings ({'长桥': 'chang qiao'}); returns how many were loaded."""
    if not path.is_file():
        return 0
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    phrases = {}
    for phrase, reading in entries.items():
        syllables = str(reading).split()
        if len(syllables) != len(phrase):
            raise ValueError(f"{path}: '{phrase}' needs one syllable per character")
        phrases[phrase] = [[s] for s in syllables]
    load_phrases_dict(phrases)
    for phrase in phrases:
        jieba.add_word(phrase)
    return len(phrases)


def add_words(words) -> None:
    for word in words:
        jieba.add_word(word)


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def is_latin_term(term: str) -> bool:
    return bool(_LATIN_TERM.match(term))


def syllables(text: str) -> list[list[str]]:
    """Per character, its readings: the contextual one first, then whitelisted heteronyms."""
    primary = pinyin(text, style=Style.NORMAL, errors=lambda chunk: list(chunk))
    result = []
    for char, (reading, *_) in zip(text, primary):
        readings = [reading.lower()]
        if char in HETERONYM_WHITELIST:
            others = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
            readings += [r for r in others if r not in readings]
        result.append(readings)
    return result


def pinyin_variants(text: str) -> list[list[str]]:
    """Up to MAX_VARIANTS syllable lists for a name, the contextual reading first."""
    per_char = syllables(normalize(text).lower().replace(" ", ""))
    return [list(v) for v in itertools.islice(itertools.product(*per_char), MAX_VARIANTS)]


def name_keys(name: str) -> tuple[str, str]:
    """("hong'xing'tuo'yu hong'xing'...", "hxty ...") stored with the record."""
    variants = pinyin_variants(name)
    full = " ".join(dict.fromkeys("'".join(v) for v in variants))
    initials = " ".join(dict.fromkeys("".join(s[0] for s in v) for v in variants))
    return full, initials


def words(*texts: str) -> list[str]:
    """jieba search-mode words of two or more characters, lower-cased, in first-seen order."""
    seen = {}
    for text in texts:
        for word in jieba.cut_for_search(normalize(text).lower()):
            word = word.strip()
            if len(word) >= 2:
                seen[word] = True
    return list(seen)


def query_words(term: str) -> list[str]:
    """Split a Chinese term the user typed without spaces ('摇篮托育' -> ['摇篮', '托育'])."""
    return [w for w in jieba.cut(term) if w.strip()]


_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))


def fuzzy_syllable(syllable: str) -> str:
    """Fold the confusions common in Jiangsu speech (xing/xin, zh/z, l/n) into one key."""
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long):]
            break
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    if syllable.startswith("n"):
        syllable = "l" + syllable[1:]
    return syllable


def fuzzy_syllables(text: str) -> list[str]:
    return [fuzzy_syllable(s[0]) for s in syllables(text)]
