"""A child's identity number: an 18-digit 居民身份证号 (check character per GB 11643) or a
出生医学证明编号 (one letter and nine digits). Stored only as a keyed hash (HMAC-SHA256 with a
server secret), which lets the platform recognise the same child under another nickname or
another guardian, and a masked form to show; the number itself is never stored or logged."""
import hashlib
import hmac
import re

from flask import current_app

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_RESIDENT = re.compile(r"^\d{17}[\dX]$")
_BIRTH_CERTIFICATE = re.compile(r"^[A-Z]\d{9}$")


def normalise(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def problem(value: str) -> str | None:
    """Why `value` is not a valid identity number, in Chinese; None when it is."""
    number = normalise(value)
    if _BIRTH_CERTIFICATE.match(number):
        return None
    if not _RESIDENT.match(number):
        return "应为 18 位居民身份证号，或出生医学证明编号（1 个字母加 9 位数字）"
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    if _CHECK[total % 11] != number[17]:
        return "身份证号校验位不正确，请核对后重新输入"
    return None


def keyed_hash(value: str) -> str:
    key = current_app.config["ID_NUMBER_HASH_KEY"].encode()
    return hmac.new(key, normalise(value).encode(), hashlib.sha256).hexdigest()


def masked(value: str) -> str:
    number = normalise(value)
    if len(number) == 18:
        return f"{number[:4]}{'*' * 10}{number[-4:]}"
    return f"{number[0]}{'*' * 6}{number[-3:]}"
