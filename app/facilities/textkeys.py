"""Search keys computed once when a facility is written: jieba words, full pinyin and initials,
and the fuzzy syllables the typo fallback compares. A thin layer over app.textsearch (the one
text-understanding module) with the facility registry's words. Pure Python, no Flask."""
from app.textsearch import pinyin, segment
from app.textsearch.normal import has_han, is_latin_term, normalize  # noqa: F401  (re-exported)
from app.textsearch.pinyin import fuzzy_syllable, fuzzy_syllables, load_place_phrases  # noqa: F401

name_keys = pinyin.name_keys
add_words = segment.add_words


def words(*texts: str) -> list[str]:
    """jieba search-mode words of two or more characters, lower-cased, in first-seen order."""
    seen = {}
    for text in texts:
        for word in segment.cut_for_search(normalize(text).lower()):
            if len(word) >= 2:
                seen[word] = True
    return list(seen)


def query_words(term: str) -> list[str]:
    """Split a Chinese term the user typed without spaces ('摇篮托育' -> ['摇篮', '托育'])."""
    return segment.cut(term)
