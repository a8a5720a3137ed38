"""The process's one jieba tokenizer, private (jieba's global `jieba.dt` is never loaded).

Loading jieba's dictionary costs about a second and 85 MB, so every user of segmentation in the
process shares this one: facility and course search and the FAQ bot add their domain words to
it. Words registered before the dictionary is loaded are added when it loads; `warm()` loads it
in the gunicorn master before the fork (see gunicorn.conf.py), so workers share its pages.
"""
import logging
import threading

import jieba

jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_pending: dict[str, tuple[int | None, str | None]] = {}


def tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                fresh = jieba.Tokenizer()
                fresh.initialize()
                for word, (freq, tag) in _pending.items():
                    fresh.add_word(word, freq, tag)
                _pending.clear()
                _tokenizer = fresh
    return _tokenizer


def warm() -> None:
    tokenizer()


def add_words(words, freq: int | None = None, tag: str | None = None) -> None:
    """Keep these words whole; before the dictionary is loaded this only queues them."""
    with _lock:
        if _tokenizer is None:
            for word in words:
                _pending[word] = (freq, tag)
            return
    for word in words:
        _tokenizer.add_word(word, freq, tag)


def add_entries(entries) -> jieba.Tokenizer:
    """(word, freq, tag) triples of a user dictionary (the FAQ's userdict.txt); the tokenizer."""
    tok = tokenizer()
    for word, freq, tag in entries:
        tok.add_word(word, freq or 2000, tag)
    return tok


def cut(text: str) -> list[str]:
    return [w for w in tokenizer().cut(text) if w.strip()]


def cut_for_search(text: str) -> list[str]:
    return [w for w in tokenizer().cut_for_search(text) if w.strip()]


def peel(term: str, known) -> list[tuple[str, bool]]:
    """Split a term typed without spaces into the known words it contains (longest first, left
    to right) and the runs between them: peel('虎丘普惠', {'普惠'}) -> [('虎丘', False),
    ('普惠', True)]."""
    longest = max((len(k) for k in known), default=0)
    pieces, rest, i = [], "", 0
    while i < len(term):
        for size in range(min(longest, len(term) - i), 0, -1):
            if term[i:i + size] in known:
                if rest:
                    pieces.append((rest, False))
                    rest = ""
                pieces.append((term[i:i + size], True))
                i += size
                break
        else:
            rest += term[i]
            i += 1
    if rest:
        pieces.append((rest, False))
    return pieces
