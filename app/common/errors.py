"""One error shape everywhere: {"code": "...", "message": "中文", "errors": {...}}.

Services raise DomainError (or a subclass); routes never build error bodies by hand.
"""
import calendar
import logging
import re

import marshmallow as ma
from flask import Flask, g, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger("app.errors")


class DomainError(Exception):
    """A rule a user ran into. `code` is stable English, `message` Chinese for the parent."""

    status = 409

    def __init__(self, code: str, message: str, *, status: int | None = None,
                 errors: dict | None = None, headers: dict | None = None):
        super().__init__(code)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status
        self.errors = errors or {}
        self.headers = headers or {}


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Unauthorized(DomainError):
    status = 401


class InvalidInput(DomainError):
    """Input that passed the schema but breaks a rule about one field."""

    status = 422

    def __init__(self, field: str, message: str, code: str = "invalid_input"):
        super().__init__(code, message, errors={field: [message]})


class ErrorSchema(ma.Schema):
    """The documented shape of every error response."""

    code = ma.fields.String(required=True, metadata={"description": "稳定的英文错误码，供客户端判断"})
    message = ma.fields.String(required=True, metadata={"description": "给家长看的中文说明"})
    errors = ma.fields.Dict(required=True, metadata={"description": "按字段列出的输入错误"})


def error_body(code: str, message: str, errors: dict | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or {}}


# HTTP status -> (code, message) for errors raised by Flask/werkzeug itself.
_HTTP_DEFAULTS = {
    400: ("bad_request", "请求格式有误"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "请求与当前状态冲突"),
    413: ("payload_too_large", "请求内容过大"),
    414: ("uri_too_long", "网址过长"),
    415: ("unsupported_media_type", "请使用 application/json 格式提交"),
    422: ("validation_error", "提交的内容有误，请检查标出的字段"),
    429: ("rate_limited", "操作太频繁，请稍后再试"),
    431: ("headers_too_large", "请求头过大"),
    500: ("internal_error", "服务器开小差了，请稍后再试"),
    503: ("service_unavailable", "服务暂时不可用，请稍后再试"),
}

# marshmallow's English messages shown to parents in Chinese. Every message marshmallow can give
# for the fields and validators we use has a form here (tests/common/test_messages.py checks
# them all); an unknown one passes through rather than being hidden.
_FIELD_MESSAGES = {
    "Missing data for required field.": "必填",
    "Unknown field.": "不支持的字段",
    "Not a valid integer.": "应为整数",
    "Not a valid number.": "应为数字",
    "Number too large.": "数值过大",
    "Special numeric values (nan or infinity) are not permitted.": "应为有限的数字，不能是 NaN 或无穷大",
    "Not a valid string.": "应为文本",
    "Not a valid utf-8 string.": "文本编码无效，应为 UTF-8",
    "Not a valid boolean.": "应为 true 或 false",
    "Not a valid date.": "日期格式应为 YYYY-MM-DD",
    "Not a valid datetime.": "时间格式应为 ISO 8601，例如 2026-01-01T10:00:00+08:00",
    "Not a valid time.": "时刻格式应为 HH:MM，例如 09:30",
    "Not a valid aware datetime.": "时间应带时区，例如 2026-01-01T10:00:00+08:00",
    "Not a valid naive datetime.": "时间不应带时区，例如 2026-01-01T10:00:00",
    "Not a valid period of time.": "时长格式不正确",
    "Not a valid list.": "应为列表",
    "Not a valid tuple.": "应为列表",
    "Not a valid mapping type.": "应为对象",
    "Not a valid email address.": "邮箱地址格式不正确",
    "Not a valid URL.": "网址格式不正确",
    "Not a valid UUID.": "格式不正确",
    "Not a valid IP address.": "IP 地址格式不正确",
    "Not a valid IPv4 address.": "IP 地址格式不正确",
    "Not a valid IPv6 address.": "IP 地址格式不正确",
    "Not a valid IP interface.": "IP 地址格式不正确",
    "Not a valid IPv4 interface.": "IP 地址格式不正确",
    "Not a valid IPv6 interface.": "IP 地址格式不正确",
    "String does not match expected pattern.": "格式不正确",
    "Field may not be null.": "不能为空",
    "Invalid input type.": "类型不正确",
    "Invalid type.": "类型不正确",
    "Invalid input.": "取值无效",
    "Invalid value.": "取值无效",
    "Invalid JSON body.": "JSON 格式有误",
}

_N = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|-?inf)"
_PATTERNS = [(re.compile(pattern + r"\.?$"), chinese) for pattern, chinese in [
    (rf"Length must be between {_N} and {_N}", "长度应在 {0} 到 {1} 之间"),
    (rf"Length must be {_N}", "长度应为 {0}"),
    (rf"Shorter than minimum length {_N}", "长度不能少于 {0}"),
    (rf"Longer than maximum length {_N}", "长度不能超过 {0}"),
    (rf"Must be greater than or equal to {_N} and less than or equal to {_N}", "应在 {0} 到 {1} 之间"),
    (rf"Must be greater than or equal to {_N} and less than {_N}", "应不小于 {0} 且小于 {1}"),
    (rf"Must be greater than {_N} and less than or equal to {_N}", "应大于 {0} 且不大于 {1}"),
    (rf"Must be greater than {_N} and less than {_N}", "应大于 {0} 且小于 {1}"),
    (rf"Must be greater than or equal to {_N}", "不能小于 {0}"),
    (rf"Must be greater than {_N}", "应大于 {0}"),
    (rf"Must be less than or equal to {_N}", "不能大于 {0}"),
    (rf"Must be less than {_N}", "应小于 {0}"),
    (r"Must be equal to (.+?)", "应为 {0}"),
    (r'"(.*)" cannot be formatted as a (\w+)', "无法按格式显示"),
]]

# Chinese labels of English-coded vocabularies, so an enum error shows what the values mean.
_CHOICE_LABELS: list[dict[str, str]] = []


def register_choice_labels(labels: dict[str, str]) -> None:
    """Let enum errors name these codes with their Chinese labels: 「取值应为：city（市级）、…」."""
    if labels not in _CHOICE_LABELS:
        _CHOICE_LABELS.append(dict(labels))


def _choices_message(listed: str) -> str:
    choices = [c.strip() for c in listed.rstrip(".").split(", ") if c.strip()]
    # The vocabulary that labels most of the listed codes (two may share a code like "active").
    best = max(_CHOICE_LABELS, key=lambda labels: sum(c in labels for c in choices), default={})
    shown = [f"{c}（{best[c]}）" if c in best else c for c in choices]
    return "取值应为：" + "、".join(shown)


def _translate(message: str) -> str:
    if message in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[message]
    if message.startswith("Must be one of:"):
        return _choices_message(message.removeprefix("Must be one of:"))
    for pattern, chinese in _PATTERNS:
        match = pattern.match(message)
        if match:
            return chinese.format(*match.groups())
    return message


# ---- dates a database and a calendar can hold ------------------------------------------------
MIN_YEAR, MAX_YEAR = 1900, 2199
_ISO_DATE = re.compile(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")


def _impossible_date(value) -> str | None:
    """Why a well-formed YYYY-MM-DD is still not a date (2025-02-30), or None."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = map(int, match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"年份应在 {MIN_YEAR} 到 {MAX_YEAR} 之间"
    if not 1 <= month <= 12:
        return f"月份应在 1 到 12 之间（收到 {month} 月）"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year}年{month}月{day}日不存在"
    return None


def _bounded_temporal(original):
    def _deserialize(self, value, attr, data, **kwargs):
        try:
            parsed = original(self, value, attr, data, **kwargs)
        except ma.ValidationError:
            reason = _impossible_date(value)
            if reason:
                raise ma.ValidationError(reason) from None
            raise
        year = getattr(parsed, "year", None)
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            # Year 1 or 9999 overflows when moved between time zones; no parent means either.
            raise ma.ValidationError(f"年份应在 {MIN_YEAR} 到 {MAX_YEAR} 之间")
        return parsed
    _deserialize.bounded = True
    return _deserialize


def install_field_rules() -> None:
    """Every date and time field refuses years outside MIN_YEAR..MAX_YEAR and says why an
    impossible date is impossible. Installed once on marshmallow's temporal base class, so no
    schema can forget it."""
    base = ma.fields.DateTime.__mro__[1]  # marshmallow's _TemporalField (Date, DateTime, Time)
    if not getattr(base._deserialize, "bounded", False):
        base._deserialize = _bounded_temporal(base._deserialize)


def chinese_messages(value):
    """marshmallow's messages (a tree of dicts and lists) with each English message in Chinese:
    what the JSON errors say, for the consoles to show beside their fields."""
    if isinstance(value, dict):
        return {str(k): chinese_messages(v) for k, v in value.items()}
    if isinstance(value, list):
        return [chinese_messages(v) for v in value]
    if isinstance(value, str):
        return _translate(value)
    return value


def _flatten_locations(messages: dict) -> dict:
    """webargs nests errors by location ({"json": {...}, "query": {...}}); clients want fields."""
    flat: dict = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            for name, msgs in fields.items():
                key = "body" if name == "_schema" else name
                flat[key] = msgs
        else:
            flat["body" if location == "json" else location] = fields
    return chinese_messages(flat)


def http_error_response(error: HTTPException):
    status = error.code or 500
    code, message = _HTTP_DEFAULTS.get(status, ("http_error", error.name or "请求失败"))
    data = getattr(error, "data", None) or {}
    errors = {}
    headers = dict(data.get("headers") or {})
    if "messages" in data:
        errors = _flatten_locations(data["messages"])
        if status == 400 and "body" in errors:
            code, message = "invalid_json", "请求体不是有效的 JSON"
    if status == 429:
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            headers.setdefault("Retry-After", str(int(retry_after)))
    response = jsonify(error_body(code, message, errors))
    response.status_code = status
    for name, value in (getattr(error, "get_headers", lambda: [])() or []):
        if name.lower() not in {"content-type", "content-length"}:
            response.headers[name] = value
    response.headers.update(headers)
    return response


install_field_rules()


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        response = jsonify(error_body(error.code, error.message, error.errors))
        response.status_code = error.status
        response.headers.update(error.headers)
        if "Retry-After" in error.headers:
            g.retry_after = str(error.headers["Retry-After"])   # see http.keep_retry_after_ours
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error_response(error)
        _rollback_quietly()
        known = _database_refusal(error)
        if known is not None:
            return _domain(known)
        # A fault of ours: the one traceback, tied to the request id the client was given.
        log.error("unhandled error %s in request %s", type(error).__name__, _request_id(),
                  exc_info=error)
        code, message = _HTTP_DEFAULTS[500]
        response = jsonify(error_body(code, message))
        response.status_code = 500
        return response


def _request_id() -> str:
    return g.get("request_id", "-")


def _rollback_quietly() -> None:
    """Roll the request's transaction back; when the database is gone the rollback fails too,
    and the session is then discarded so the next request starts on a fresh connection."""
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception as exc:  # noqa: BLE001  (the answer is decided by the original error)
        log.warning("rollback failed (%s) in request %s; session discarded",
                    type(exc).__name__, _request_id())
        try:
            db.session.close()
        except Exception:  # noqa: BLE001
            pass


def unavailable() -> DomainError:
    return DomainError("service_unavailable", "服务暂时不可用，请稍后再试", status=503,
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


RETRY_AFTER_SECONDS = 1
# PostgreSQL states that are the caller's to retry or fix, not a server fault.
_RETRYABLE = {"40P01", "55P03", "40001"}  # deadlock, lock timeout, serialization failure
# The database is not there to answer: restarting, shutting down, out of connections or disk,
# a statement cancelled by statement_timeout, a session ended by the idle-in-transaction timeout.
_UNAVAILABLE = {"57P01", "57P02", "57P03", "53300", "53100", "57014", "25P03", "58030"}
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database file", "disk i/o error",
                       "database or disk is full")


def _database_refusal(error: Exception) -> DomainError | None:
    from sqlalchemy.exc import DataError, OperationalError

    reason = database_unavailable(error)
    if reason:
        # One line, no traceback: an outage must not flood the log with one per request.
        log.warning("database unavailable (%s) in request %s; answered 503", reason,
                    _request_id())
        return unavailable()
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    if isinstance(error, DataError):
        return DomainError("value_out_of_range", "提交的数值超出允许范围", status=422)
    if isinstance(error, OperationalError) and state in _RETRYABLE:
        return DomainError("busy_try_again", "当前请求较多，请稍后重试", status=409,
                           headers={"Retry-After": "1"})
    return None


def database_unavailable(error: Exception) -> str | None:
    """Why the database could not answer, or None when the error is something else."""
    from sqlalchemy.exc import (DBAPIError, InterfaceError, OperationalError,
                                PendingRollbackError, TimeoutError as PoolTimeout)

    if isinstance(error, PoolTimeout):
        return "connection pool exhausted"
    if isinstance(error, PendingRollbackError):
        return "connection lost mid-transaction"
    if not isinstance(error, DBAPIError):
        return None
    orig = error.orig
    name = type(orig).__name__
    if error.connection_invalidated:
        return f"connection lost, {name}"
    state = getattr(orig, "sqlstate", None)
    if state in _UNAVAILABLE or (state or "").startswith("08"):
        return f"{name} {state}"
    module = type(orig).__module__
    if module.startswith("psycopg") and state is None and isinstance(
            error, (OperationalError, InterfaceError)):
        # psycopg gives no SQLSTATE when there is no server to give one: refused, reset, closed.
        return f"no server, {name}"
    if module.startswith("sqlite3") and isinstance(error, OperationalError) and any(
            text in str(orig).lower() for text in _SQLITE_UNAVAILABLE):
        return f"sqlite: {orig}"
    return None
