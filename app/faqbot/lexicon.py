"""Words: jieba with the domain user dictionary, synonym canonicalisation, stopwords and homophone
typo repair through pinyin (pure Python, no Flask). Colloquial and dialect words are read as plain
ones first, by colloquial.py (content/faq/colloquial.yaml).

The lexicon is data (content/faq/synonyms.yaml and userdict.txt):
  terms:      canonical -> variants; a variant in the text is rewritten to its canonical form
              before segmentation, longest variant first (护理假, 男方护理假 -> 陪产假).
  rules:      add a canonical term when `match` (and `require`, if given) match and `unless` does
              not (「老婆生孩子我能请几天假」 is about 陪产假).
  rewrites:   regular expressions rewritten before the terms, for what a parent puts between
              the words of a term (「喂奶的时间」 -> 哺乳时间, 「打什么针」 -> 打针, 「发到孩子几岁」 ->
              到几岁) and for words whose sense depends on their neighbour (「肚子7月龄」 is a
              pregnancy, not a child's age).
  typo_terms: domain terms whose homophone misspellings are repaired by pinyin (产价 -> 产假).
  stopwords:  words that carry no meaning for retrieval (的, 吗, 请问 …).
"""
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
from pypinyin import lazy_pinyin

from app.faqbot.colloquial import Colloquial

jieba.setLogLevel(60)

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


_COMMON = 100     # jieba frequency of a word too common to be cut by a typo's span (丈夫 4283)


def _in_words(run: str, start: int, end: int, words: dict) -> bool:
    """A word of the language is not a typo (几回 is not 脊灰, 补铁 is not 补贴), nor a span that
    cuts a common word in two (「丈夫是」 does not hold 辅食)."""
    return bool(words.get(run[start:end])
                or (start and words.get(run[start - 1:start + 1], 0) >= _COMMON)
                or (end < len(run) and words.get(run[end - 1:end + 1], 0) >= _COMMON))


@dataclass(frozen=True)
class Rule:
    match: re.Pattern
    add: str
    require: re.Pattern | None = None
    unless: re.Pattern | None = None

    def applies(self, text: str) -> bool:
        return bool(self.match.search(text)
                    and (self.require is None or self.require.search(text))
                    and (self.unless is None or not self.unless.search(text)))


def parse_userdict(text: str) -> list[tuple[str, int | None, str | None]]:
    """jieba's user dictionary format: `word [freq] [tag]` per line, # for comments."""
    words = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else (parts[1] if len(parts) > 1 and not parts[1].isdigit()
                                                else None)
        words.append((parts[0], freq, tag))
    return words


def new_tokenizer(userdict: list[tuple[str, int | None, str | None]]) -> jieba.Tokenizer:
    """A private jieba tokenizer (never the global one) with the domain words added."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in userdict:
        tokenizer.add_word(word, freq or 2000, tag)
    return tokenizer


class Lexicon:
    def __init__(self, tokenizer: jieba.Tokenizer, synonyms: dict, extra_words: list[str] = (),
                 colloquial: Colloquial | None = None):
        self.tokenizer = tokenizer
        self.colloquial = colloquial or Colloquial()
        self.canonical: dict[str, str] = {}
        for canonical, variants in (synonyms.get("terms") or {}).items():
            self.canonical[canonical] = canonical
            for variant in variants or []:
                self.canonical[str(variant)] = canonical
        # Canonical terms are in the pattern too, so that 陪产假 is not rewritten through 陪产.
        phrases = sorted(self.canonical, key=len, reverse=True)
        self._phrase_re = re.compile("|".join(map(re.escape, phrases))) if phrases else None
        self.rewrites = [(re.compile(r["match"]), r["to"]) for r in synonyms.get("rewrites") or []]
        self.rules = [Rule(re.compile(r["match"]), r["add"],
                           re.compile(r["require"]) if r.get("require") else None,
                           re.compile(r["unless"]) if r.get("unless") else None)
                      for r in synonyms.get("rules") or []]
        self.stopwords = set(synonyms.get("stopwords") or [])
        self._typos: dict[tuple[str, ...], str] = {}
        for term in list(synonyms.get("typo_terms") or []) + list(extra_words):
            if len(term) >= 2 and _HAN_RUN.fullmatch(term):
                self._typos.setdefault(tuple(syllables(term)), term)
        self._typo_lengths = sorted({len(k) for k in self._typos}, reverse=True)

    # -- text level -------------------------------------------------------------------------
    def repair_typos(self, text: str) -> str:
        """Replace a run of Han characters that sounds exactly like a domain term but is written
        differently (产价 -> 产假, 护理家 -> 护理假, 补乳假 -> 哺乳假)."""
        if not self._typos:
            return text
        out = []
        last = 0
        for run in _HAN_RUN.finditer(text):
            out.append(text[last:run.start()])
            out.append(self._repair_run(run.group(0)))
            last = run.end()
        out.append(text[last:])
        return "".join(out)

    def _repair_run(self, run: str) -> str:
        sounds = syllables(run)
        chars = list(run)
        words = self.tokenizer.FREQ
        i = 0
        while i < len(run):
            for n in self._typo_lengths:
                term = self._typos.get(tuple(sounds[i:i + n])) if i + n <= len(run) else None
                if term and (run[i:i + n] == term or not _in_words(run, i, i + n, words)):
                    chars[i:i + n] = list(term)
                    i += n
                    break
            else:
                i += 1
        return "".join(chars)

    def canonicalize(self, text: str) -> str:
        for pattern, replacement in self.rewrites:
            text = pattern.sub(replacement, text)
        if self._phrase_re:
            text = self._phrase_re.sub(lambda m: " " + self.canonical[m.group(0)] + " ", text)
        added = [rule.add for rule in self.rules if rule.applies(text)]
        return " ".join([text, *added]) if added else text

    # -- word level -------------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        """Content words of an already normalised, canonicalised text."""
        out = []
        for token in self.tokenizer.lcut(text, HMM=False):
            token = token.strip()
            if not token or token in self.stopwords:
                continue
            out.append(self.canonical.get(token, token))
        return out

    def analyse(self, text: str) -> list[str]:
        """Words of a normalised text: colloquial words read plainly (colloquial.py), homophone
        typos repaired, synonyms canonicalised, segmented."""
        return self.tokens(self.canonicalize(self.repair_typos(self.colloquial.apply(text))))


@lru_cache(maxsize=20000)
def _char_sound(ch: str) -> str:
    return lazy_pinyin(ch)[0] if ch.strip() else ch


def syllables(text: str) -> list[str]:
    """Toneless pinyin, one syllable per character (cached per character: the index build reads
    every phrasing, and a character-level reading is what homophone typos share)."""
    return [_char_sound(ch) for ch in text]


def pinyin_key(text: str) -> str:
    return " ".join(syllables(text))
