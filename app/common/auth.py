"""Bearer tokens and the one decorator that enforces roles.

A token is a signed JWT naming the user, the role and the user's token version; logging out bumps
the version, which revokes every token issued before. Verifying costs one primary-key read and
never writes.
"""
import functools
import uuid
from copy import deepcopy
from datetime import timedelta

import jwt
from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from app.common.errors import Forbidden, Unauthorized
from app.common.timeutil import utcnow

ROLES = ("parent", "venue_staff", "admin")
_ALGORITHM = "HS256"


def issue_token(user) -> tuple[str, int]:
    ttl = current_app.config["TOKEN_TTL_SECONDS"]
    now = utcnow()
    claims = {
        "sub": str(user.id),
        "role": user.role,
        "ver": user.token_version,
        "iat": now,
        "exp": now + timedelta(seconds=ttl),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, current_app.config["SECRET_KEY"], algorithm=_ALGORITHM), ttl


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _decode(token: str) -> dict | None:
    try:
        return jwt.decode(token, current_app.config["SECRET_KEY"], algorithms=[_ALGORITHM],
                          options={"require": ["sub", "exp", "ver"]})
    except jwt.PyJWTError:
        return None


def _request_claims() -> dict | None:
    """The claims of this request's token, decoded once (the rate limiter asks first)."""
    if "token_claims" not in g:
        token = _bearer_token()
        g.token_claims = _decode(token) if token else None
        g.token_presented = token is not None
    return g.token_claims


def optional_user_id() -> int | None:
    """The user id a valid-looking token names, without a database read (for rate-limit keys)."""
    claims = _request_claims()
    return int(claims["sub"]) if claims else None


_user_loader = None


def register_user_loader(load) -> None:
    """Accounts tells auth how to read a user by id (auth never imports accounts)."""
    global _user_loader
    _user_loader = load


def rate_limit_key() -> str:
    """Logged-in users are limited per account, everyone else per client address."""
    user_id = optional_user_id()
    return f"user:{user_id}" if user_id else f"ip:{get_remote_address()}"


def _load_user():
    if "current_user" in g:
        return g.current_user
    user = None
    claims = _request_claims()
    if claims:
        candidate = _user_loader(int(claims["sub"]))
        if candidate and candidate.is_active and candidate.token_version == claims["ver"]:
            user = candidate
    g.current_user = user
    return user


def current_user():
    """The authenticated user; only valid inside a route decorated with auth_required."""
    return g.current_user


def optional_user():
    """The user if a valid token came with the request, else None (for public endpoints)."""
    return _load_user()


def auth_required(*roles: str):
    """Require a valid token, and one of `roles` when given (401 without, 403 for a wrong role)."""
    for role in roles:
        assert role in ROLES, role

    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            user = _load_user()
            if user is None:
                if g.token_presented:
                    raise Unauthorized("token_invalid", "登录已过期，请重新登录")
                raise Unauthorized("unauthorized", "请先登录")
            if roles and user.role not in roles:
                raise Forbidden("forbidden_role", "当前账号没有权限执行此操作")
            return fn(*args, **kwargs)

        wrapper._apidoc = deepcopy(getattr(fn, "_apidoc", {}))
        wrapper._apidoc.setdefault("manual_doc", {})["security"] = [{"bearerAuth": []}]
        return wrapper

    return decorator


def register_security_scheme(api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
