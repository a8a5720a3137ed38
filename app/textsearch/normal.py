"""Text normal form and character classes."""
import re
import unicodedata

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_TERM = re.compile(r"^[a-z']+$")


def normalize(value: str) -> str:
    """NFKC (full-width digits, letters and spaces become ASCII), trimmed, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def is_latin_term(term: str) -> bool:
    """A lower-case term of letters (and syllable apostrophes): pinyin or initials."""
    return bool(_LATIN_TERM.match(term))
