"""All settings come from the environment, with safe local defaults."""
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _pairs(name: str) -> dict:
    value = os.environ.get(name, "")
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {key.strip(): val.strip() for key, val in pairs}


class ConfigError(RuntimeError):
    pass


DEV_SECRET_KEY = "dev-only-secret-change-me-before-production-0000"
MIN_SECRET_KEY_BYTES = 32
# Only these spellings mean a laptop or CI; anything else set in APP_ENV is production, so a
# typo ("Prodution", "live") cannot open the door that development leaves open.
_NON_PRODUCTION = {"development": "development", "dev": "development",
                   "test": "test", "testing": "test"}
# A PostgreSQL duration: 500ms, 3s, 1min, or 0 (no limit).
_DURATION = re.compile(r"\d+\s*(us|ms|s|min|h|d)?")


def app_env(value: str | None) -> str:
    """The environment named by APP_ENV, matched without regard to case or spaces: unset means
    development, anything not explicitly development or test means production."""
    if value is None:
        return "development"
    return _NON_PRODUCTION.get(value.strip().lower(), "production")


def _duration(name: str, default: str) -> str:
    value = os.environ.get(name, default).strip()
    if not _DURATION.fullmatch(value):
        raise ConfigError(f"{name}={value!r} is not a PostgreSQL duration such as 500ms, 3s or 0")
    return value.replace(" ", "")


def load_config() -> dict:
    app_env_name = app_env(os.environ.get("APP_ENV"))
    instance = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))
    config = {
        "APP_ENV": app_env_name,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance),
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        # Keys the hash of children's identity numbers; keep it when rotating SECRET_KEY.
        "ID_NUMBER_HASH_KEY": os.environ.get("ID_NUMBER_HASH_KEY")
        or os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "TOKEN_TTL_SECONDS": _int("TOKEN_TTL_SECONDS", 7 * 24 * 3600),
        "WECHAT_APPID": os.environ.get("WECHAT_APPID", ""),
        "WECHAT_SECRET": os.environ.get("WECHAT_SECRET", ""),
        "WECHAT_API_BASE": os.environ.get("WECHAT_API_BASE", "https://api.weixin.qq.com"),
        "WECHAT_TIMEOUT_SECONDS": float(os.environ.get("WECHAT_TIMEOUT_SECONDS", "5")),
        # Subscribe messages: "booking_result=<template id>,class_reminder=<id>" (ids per
        # mini-program and environment); which version a card opens: developer, trial, formal.
        "WECHAT_TEMPLATE_IDS": _pairs("WECHAT_TEMPLATE_IDS"),
        "WECHAT_MINIPROGRAM_STATE": os.environ.get(
            "WECHAT_MINIPROGRAM_STATE", "formal" if app_env == "production" else "developer"),
        # A freed seat is offered to the first in line for this long, shorter close to booking
        # close but not under the minimum (with less than that left: confirmed at once).
        "WAITLIST_OFFER_MINUTES": _int("WAITLIST_OFFER_MINUTES", 30),
        "WAITLIST_OFFER_MIN_MINUTES": _int("WAITLIST_OFFER_MIN_MINUTES", 5),
        "NOTIFY_BATCH_SIZE": _int("NOTIFY_BATCH_SIZE", 50),
        "NOTIFY_SEND_THREADS": _int("NOTIFY_SEND_THREADS", 4),
        "NOTIFY_LEASE_SECONDS": _int("NOTIFY_LEASE_SECONDS", 120),
        "NOTIFY_MAX_ATTEMPTS": _int("NOTIFY_MAX_ATTEMPTS", 6),
        "NOTIFY_RETRY_SECONDS": float(os.environ.get("NOTIFY_RETRY_SECONDS", "30")),
        # How often the sender looks for vaccine doses and check-ups coming due (health reminders).
        "HEALTH_REMINDER_CHECK_SECONDS": float(os.environ.get("HEALTH_REMINDER_CHECK_SECONDS",
                                                              "3600")),
        # The local hours (from, to) a health reminder may go out; one found at night waits.
        "HEALTH_REMINDER_HOURS": tuple(int(h) for h in os.environ.get(
            "HEALTH_REMINDER_HOURS", "9-21").split("-", 1)),
        "DEV_LOGIN": _bool("DEV_LOGIN"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # The cities this deployment serves (names, aliases or codes); the first is the default.
        "CITIES": tuple(c.strip() for c in os.environ.get("CITIES", "苏州市").split(",")
                        if c.strip()),
        "PLACES_RELOAD_CHECK_SECONDS": float(os.environ.get("PLACES_RELOAD_CHECK_SECONDS", "5")),
        "FAQ_DEFAULT_PROVINCE": os.environ.get("FAQ_DEFAULT_PROVINCE", "江苏"),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(ROOT / "content")),
        "MAX_CONTENT_LENGTH": _int("MAX_BODY_BYTES", 1024 * 1024),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "MAX_ACTIVE_BOOKINGS": _int("MAX_ACTIVE_BOOKINGS", 5),
        # PostgreSQL, on every connection: the longest wait for a row lock (then 409
        # busy_try_again), the longest statement (then 503), the longest a transaction may sit
        # idle (the server ends the session, so a frozen worker cannot hold a row).
        "DB_LOCK_TIMEOUT": _duration("DB_LOCK_TIMEOUT", "3s"),
        "DB_STATEMENT_TIMEOUT": _duration("DB_STATEMENT_TIMEOUT", "15s"),
        "DB_IDLE_IN_TRANSACTION_TIMEOUT": _duration("DB_IDLE_IN_TRANSACTION_TIMEOUT", "10s"),
        "PUBLIC_CACHE_SECONDS": float(os.environ.get("PUBLIC_CACHE_SECONDS", "2")),
        # flask-smorest / OpenAPI
        "API_TITLE": "育儿指导 API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/v1/docs/assets/",
        # Pinging on every checkout costs a round trip per request; without it a connection the
        # database dropped fails one request (503, try again) and the pool is refreshed.
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": _bool("DB_POOL_PRE_PING", False),
            "pool_recycle": _int("DB_POOL_RECYCLE_SECONDS", 1800),
        },
        "JSON_AS_ASCII": False,
    }
    starts, ends = (config["HEALTH_REMINDER_HOURS"] + (None,))[:2]
    if ends is None or not 0 <= starts < ends <= 24:
        raise ConfigError("HEALTH_REMINDER_HOURS must be two local hours such as 9-21")
    if not 1 <= config["WAITLIST_OFFER_MIN_MINUTES"] <= config["WAITLIST_OFFER_MINUTES"]:
        raise ConfigError("WAITLIST_OFFER_MIN_MINUTES must be at least 1 and at most "
                          "WAITLIST_OFFER_MINUTES: a freed seat is always offered for a while")
    return config


def _database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance / 'yuer.db'}"
    # psycopg 3 is the driver; accept the common spellings of a PostgreSQL URL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def check_production(config: dict) -> None:
    """Refuse to start a production server that development settings would leave open."""
    if app_env(config["APP_ENV"]) != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if not key or key == DEV_SECRET_KEY:
        raise ConfigError("SECRET_KEY must be set to a secret of your own in production "
                          f"(APP_ENV={config['APP_ENV']!r})")
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes in production")
    if config["DEV_LOGIN"]:
        raise ConfigError("DEV_LOGIN must be off in production (it lets anyone log in as anyone)")
