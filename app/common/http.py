"""Per-request plumbing: request id, one access-log line, JSON-only bodies, security headers.

The access log carries the path without its query string, so names, phone numbers, tokens and
WeChat codes that ride in a query or body never reach the log.
"""
import logging
import time
import uuid

from flask import Flask, g, request
from werkzeug.exceptions import UnsupportedMediaType

access_log = logging.getLogger("app.request")

_BODY_METHODS = {"POST", "PUT", "PATCH"}


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def _start():
        g.request_started = time.perf_counter()
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        # The JSON API takes JSON only; the consoles' pages post forms.
        if request.method in _BODY_METHODS and request.path.startswith("/api/") \
                and _has_body() and not request.is_json:
            raise UnsupportedMediaType()

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


def _has_body() -> bool:
    if request.content_length:
        return True
    return request.headers.get("Transfer-Encoding", "").lower() == "chunked"


def configure_logging(app: Flask) -> None:
    # httpx logs every URL it calls at INFO, and WeChat's URLs carry our secret and the
    # parent's login code: keep it to warnings, whoever configured logging.
    for noisy in ("httpx", "httpcore", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s %(message)s")
