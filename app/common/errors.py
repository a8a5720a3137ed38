"""One error shape everywhere: {"code": "...", "message": "中文", "errors": {...}}.

Services raise DomainError (or a subclass); routes never build error bodies by hand.
"""
import logging

import marshmallow as ma
from flask import Flask, jsonify
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
    415: ("unsupported_media_type", "请使用 application/json 格式提交"),
    422: ("validation_error", "提交的内容有误，请检查标出的字段"),
    429: ("rate_limited", "操作太频繁，请稍后再试"),
    500: ("internal_error", "服务器开小差了，请稍后再试"),
    503: ("service_unavailable", "服务暂时不可用，请稍后再试"),
}

# marshmallow's English messages shown to parents in Chinese; unknown ones pass through.
_FIELD_MESSAGES = {
    "Missing data for required field.": "必填",
    "Unknown field.": "不支持的字段",
    "Not a valid integer.": "应为整数",
    "Not a valid number.": "应为数字",
    "Not a valid string.": "应为文本",
    "Not a valid boolean.": "应为 true 或 false",
    "Not a valid date.": "日期格式应为 YYYY-MM-DD",
    "Not a valid datetime.": "时间格式应为 ISO 8601，例如 2026-01-01T10:00:00+08:00",
    "Not a valid list.": "应为列表",
    "Not a valid mapping type.": "应为对象",
    "Field may not be null.": "不能为空",
    "Invalid input type.": "类型不正确",
    "Invalid value.": "取值无效",
    "Invalid JSON body.": "JSON 格式有误",
}


def _translate(message: str) -> str:
    if message in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[message]
    if message.startswith("Must be one of:"):
        return "取值应为：" + message.removeprefix("Must be one of:").strip().rstrip(".")
    if message.startswith("Must be greater than or equal to") and "less than or equal to" in message:
        parts = message.replace(".", "").split()
        return f"应在 {parts[7]} 到 {parts[-1]} 之间"
    if message.startswith("Must be greater than or equal to"):
        return "不能小于 " + message.split()[-1].rstrip(".")
    if message.startswith("Must be less than or equal to"):
        return "不能大于 " + message.split()[-1].rstrip(".")
    if message.startswith("Length must be between"):
        parts = message.rstrip(".").split()
        return f"长度应在 {parts[3]} 到 {parts[5]} 之间"
    if message.startswith("Shorter than minimum length"):
        return "长度不能少于 " + message.split()[-1].rstrip(".")
    if message.startswith("Longer than maximum length"):
        return "长度不能超过 " + message.split()[-1].rstrip(".")
    return message


def _translate_tree(value):
    if isinstance(value, dict):
        return {str(k): _translate_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_translate_tree(v) for v in value]
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
    return _translate_tree(flat)


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


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        response = jsonify(error_body(error.code, error.message, error.errors))
        response.status_code = error.status
        response.headers.update(error.headers)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error_response(error)
        from app.extensions import db

        db.session.rollback()
        known = _database_refusal(error)
        if known is not None:
            return _domain(known)
        log.exception("unhandled error: %s", type(error).__name__)
        code, message = _HTTP_DEFAULTS[500]
        response = jsonify(error_body(code, message))
        response.status_code = 500
        return response


# PostgreSQL states that are the caller's to retry or fix, not a server fault.
_RETRYABLE = {"40P01", "55P03", "40001"}  # deadlock, lock timeout, serialization failure


def _database_refusal(error: Exception) -> DomainError | None:
    from sqlalchemy.exc import DataError, DBAPIError, OperationalError

    if isinstance(error, DBAPIError) and error.connection_invalidated:
        # The database dropped the connection (restart, failover); the pool has been refreshed.
        log.warning("database connection lost (%s); answered 503", type(error.orig).__name__)
        return DomainError("service_unavailable", "服务暂时不可用，请稍后再试", status=503,
                           headers={"Retry-After": "1"})
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    if isinstance(error, DataError):
        return DomainError("value_out_of_range", "提交的数值超出允许范围", status=422)
    if isinstance(error, OperationalError) and state in _RETRYABLE:
        return DomainError("busy_try_again", "当前请求较多，请稍后重试", status=409,
                           headers={"Retry-After": "1"})
    return None
