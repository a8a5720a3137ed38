"""Voucher codes a clerk can type: no 0/O/1/I, 50 random bits, and a check character.

The check character is Luhn mod 32 over the alphabet, so every single mistyped character and
every swap of two neighbouring characters is caught before any database lookup.
"""
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, 1, I, O
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
RANDOM_LENGTH = 10  # 10 x 5 bits = 50 bits of randomness
GROUP = 4


def _check_character(payload: str) -> str:
    n = len(ALPHABET)
    factor, total = 2, 0
    for ch in reversed(payload):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + _check_character(payload)


def normalise(typed: str) -> str:
    """Upper-case and drop the separators people type (spaces, hyphens, full-width forms)."""
    text = typed.strip().upper()
    text = text.translate({0x3000: None, 0xFF0D: None})  # full-width space and hyphen
    text = "".join(chr(ord(c) - 0xFEE0) if "Ａ" <= c <= "Ｚ" or "０" <= c <= "９" else c
                   for c in text)
    return "".join(c for c in text if c not in " -_")


def is_well_formed(code: str) -> bool:
    """True when `code` (normalised) has the right length, alphabet and check character."""
    if len(code) != RANDOM_LENGTH + 1 or any(c not in _INDEX for c in code):
        return False
    return _check_character(code[:-1]) == code[-1]


def display(code: str) -> str:
    """ABCD-EFGH-JKL, easier to read aloud and to type."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def masked(code: str) -> str:
    """For logs: enough to find the voucher in a dispute, not enough to use it."""
    return code[:3] + "…" if code else "-"
