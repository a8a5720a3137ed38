"""Readings of Chinese text: full pinyin and initials (with local place-name overrides and a few
heteronym variants), and fuzzy syllables that fold the confusions of Jiangsu speech so a typed
homophone (红心 for 红星, 睡棉 for 睡眠) still matches."""
import itertools
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pypinyin import Style, load_phrases_dict, pinyin

from app.textsearch import segment
from app.textsearch.normal import normalize

# Characters whose other readings parents plausibly type (长 chang/zhang, 乐 le/yue ...).
# Full heteronym expansion explodes (32 variants for 吴江区盛泽镇托育园), so only these vary.
HETERONYM_WHITELIST = set("长乐重行朝调曾单蔚藏")
MAX_VARIANTS = 8


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
    segment.add_words(phrases)
    _heteronyms.cache_clear()
    return len(phrases)


@lru_cache(maxsize=4096)
def _heteronyms(char: str) -> tuple:
    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def syllables(text: str) -> list[list[str]]:
    """Per character, its readings: the contextual one first, then whitelisted heteronyms."""
    primary = pinyin(text, style=Style.NORMAL, errors=lambda chunk: list(chunk))
    result = []
    for char, (reading, *_) in zip(text, primary):
        readings = [reading.lower()]
        if char in HETERONYM_WHITELIST:
            readings += [r for r in _heteronyms(char) if r not in readings]
        result.append(readings)
    return result


def variants(text: str) -> list[list[str]]:
    """Up to MAX_VARIANTS syllable lists for a name, the contextual reading first."""
    per_char = syllables(normalize(text).lower().replace(" ", ""))
    return [list(v) for v in itertools.islice(itertools.product(*per_char), MAX_VARIANTS)]


def name_keys(name: str) -> tuple[str, str]:
    """("hong'xing'tuo'yu hong'xing'...", "hxty ...") stored with a record."""
    found = variants(name)
    full = " ".join(dict.fromkeys("'".join(v) for v in found))
    initials = " ".join(dict.fromkeys("".join(s[0] for s in v) for v in found))
    return full, initials


_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))
_LATIN = re.compile(r"[a-z]")


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
