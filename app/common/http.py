"""Per-request plumbing: request id, one access-log line, JSON-only bodies, security headers,
and hostile input refused in the error shape before any view sees it.

The access log carries the path without its query string, so names, phone numbers, tokens and
WeChat codes that ride in a query or body never reach the log.
"""
import json
import logging
import re
import time
import uuid

from flask import Flask, g, request
from werkzeug.exceptions import (RequestHeaderFieldsTooLarge, RequestURITooLarge,
                                 UnsupportedMediaType)

from app.common.errors import DomainError

access_log = logging.getLogger("app.request")

_BODY_METHODS = {"POST", "PUT", "PATCH"}


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def _start():
        g.request_started = time.perf_counter()
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        _refuse_oversized_head()
        # The JSON API takes JSON only; the consoles' pages post forms.
        if request.method in _BODY_METHODS and request.path.startswith("/api/") \
                and _has_body() and not request.is_json:
            raise UnsupportedMediaType()
        _refuse_hostile_input()

    app.teardown_appcontext(_release_session)

    @app.after_request
    def _finish(response):
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs"):
            response.headers.setdefault("Cache-Control", "no-store")
        started = g.get("request_started")
        duration_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        access_log.info("%s %s %s %s %.1fms", g.get("request_id", "-"), request.method,
                        request.path, response.status_code, duration_ms)
        return response


def _release_session(error) -> None:
    """Runs before Flask-SQLAlchemy's own teardown (teardowns run last-registered first): when
    the database died after the answer was decided, closing the session fails too, and that
    must not turn a finished request into gunicorn's HTML 500 with a traceback."""
    from app.common.errors import database_unavailable
    from app.extensions import db

    try:
        db.session.remove()
    except Exception as exc:  # noqa: BLE001
        db.session.registry.clear()
        reason = database_unavailable(exc) or type(exc).__name__
        access_log.warning("%s session not closed cleanly (%s); discarded",
                           g.get("request_id", "-"), reason)


def _has_body() -> bool:
    if request.content_length:
        return True
    return request.headers.get("Transfer-Encoding", "").lower() == "chunked"


# Gunicorn is told to pass any request line and header through (gunicorn.conf.py), so that
# these limits answer in the JSON shape instead of gunicorn's own HTML page; nginx in front
# bounds what reaches gunicorn at all.
MAX_URL_BYTES = 8192
MAX_HEADER_BYTES = 8190
MAX_HEADERS_TOTAL_BYTES = 32 * 1024
MAX_HEADER_COUNT = 100


def _refuse_oversized_head() -> None:
    uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    if len(uri.encode("latin-1", "replace")) > MAX_URL_BYTES:
        raise RequestURITooLarge()
    sizes = [len(name) + len(value) + 2 for name, value in request.headers.items()]
    if len(sizes) > MAX_HEADER_COUNT or any(size > MAX_HEADER_BYTES for size in sizes) \
            or sum(sizes) > MAX_HEADERS_TOTAL_BYTES:
        raise RequestHeaderFieldsTooLarge()


# ---- hostile input -----------------------------------------------------------------------------
# No request of ours nests deeper than a few levels or needs an integer beyond 64 bits; Python's
# json recurses per level and converts digits in quadratic time, and PostgreSQL cannot store NUL.
MAX_JSON_DEPTH = 32
MAX_INTEGER_DIGITS = 19
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused:
    """Stands in, while parsing, for a value no field can accept; `reason` says why."""

    def __init__(self, reason: str):
        self.reason = reason


def _refuse_hostile_input() -> None:
    problems: dict = {}
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            problems.setdefault(name.replace("\x00", "") or "query", []).append("不能包含空字符")
    if request.is_json and _has_body():
        _check_json_body(request.get_data(cache=True), problems)
    if problems:
        raise DomainError("validation_error", "提交的内容有误，请检查标出的字段", status=422,
                          errors=problems)


def _check_json_body(data: bytes, problems: dict) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # the body parser answers 400 invalid_json
    if _too_deep(text):
        raise DomainError("invalid_json", f"请求体嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）",
                          status=400, errors={"body": [f"嵌套不能超过 {MAX_JSON_DEPTH} 层"]})
    try:
        value = json.loads(text, parse_int=_integer, parse_constant=_constant)
    except ValueError:
        return  # malformed: the body parser answers 400 invalid_json
    _collect(value, "body", problems, top=True)


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def _integer(digits: str):
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        return _Refused("数值过大")
    return int(digits)


def _constant(name: str):
    return _Refused(f"应为有限的数字，不能是 {name}")


def _collect(value, path: str, problems: dict, top: bool = False) -> None:
    """Name each unacceptable value by its field (the top-level key, then .key / .index)."""
    if isinstance(value, dict):
        for key, item in value.items():
            bad_key = _text_problem(key)
            name = "body" if bad_key else (key if top else f"{path}.{key}")
            if bad_key:
                problems.setdefault(name, []).append("字段名" + bad_key)
            _collect(item, name, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect(item, path if top else f"{path}.{index}", problems)
    elif isinstance(value, _Refused):
        problems.setdefault(path, []).append(value.reason)
    elif isinstance(value, str):
        reason = _text_problem(value)
        if reason:
            problems.setdefault(path, []).append(reason)


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "不能包含空字符"
    if _LONE_SURROGATE.search(text):
        return "含有无效的字符（不成对的 UTF-16 代理项）"
    return None


def configure_logging(app: Flask) -> None:
    # httpx logs every URL it calls at INFO, and WeChat's URLs carry our secret and the
    # parent's login code: keep it to warnings, whoever configured logging.
    for noisy in ("httpx", "httpcore", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s %(message)s")


def keep_retry_after_ours(app) -> None:
    """Flask-Limiter (headers on) writes its window's reset into Retry-After on every response
    of a limited route, and raises ours to it: a 409 busy_try_again or a 503 that says "1" would
    tell the mini-program to wait up to a minute, and a 201 would say to retry. Only a 429 is
    about the limit; any other response keeps the Retry-After the app gave it (g.retry_after)
    or none. Registered before the limiter, so it runs after it (Flask runs after_request hooks
    last-registered first)."""
    @app.after_request
    def _retry_after(response):
        if response.status_code == 429 or "X-RateLimit-Limit" not in response.headers:
            return response
        ours = g.get("retry_after")
        if ours is None:
            response.headers.pop("Retry-After", None)
        else:
            response.headers["Retry-After"] = ours
        return response
