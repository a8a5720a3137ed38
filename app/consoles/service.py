"""Staff sign-in for the consoles: password check with a lock-out, sign-out, password change.

Services flush; the console route commits (the unit of work is the request).
"""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import User
from app.common.errors import DomainError, InvalidInput, Unauthorized
from app.common.timeutil import utcnow
from app.consoles.models import ConsoleLogin, ConsoleLoginFailure
from app.extensions import db

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOGIN_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 8
# Checked when the username is unknown, so that answering takes as long as for a known one.
_DUMMY_HASH = generate_password_hash("not-a-password")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(username: str, password: str, roles: tuple[str, ...]) -> tuple[User, str]:
    """The user and a fresh console token; refused while the account is locked."""
    user = db.session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        raise Unauthorized("login_failed", "用户名或密码错误")
    now = utcnow()
    failures = db.session.scalars(
        select(ConsoleLoginFailure.failed_at).where(
            ConsoleLoginFailure.user_id == user.id,
            ConsoleLoginFailure.failed_at > now - FAILURE_WINDOW)
        .order_by(ConsoleLoginFailure.failed_at)).all()
    if len(failures) >= MAX_FAILURES:
        unlocks = failures[-1] + FAILURE_WINDOW
        minutes = max(1, int((unlocks - now).total_seconds() + 59) // 60)
        raise DomainError("login_locked",
                          f"密码连续输错 {MAX_FAILURES} 次，账号已锁定，请 {minutes} 分钟后再试",
                          status=429)
    if not check_password_hash(user.password_hash, password):
        db.session.add(ConsoleLoginFailure(user_id=user.id, failed_at=now))
        db.session.flush()
        left = MAX_FAILURES - len(failures) - 1
        hint = f"，再错 {left} 次将锁定 15 分钟" if left else "，账号已锁定 15 分钟"
        raise Unauthorized("login_failed", "用户名或密码错误" + hint)
    if not user.is_active:
        raise DomainError("account_disabled", "该账号已停用", status=403)
    if user.role not in roles:
        raise DomainError("wrong_console", "该账号不能登录此管理台", status=403)
    db.session.execute(delete(ConsoleLoginFailure).where(ConsoleLoginFailure.user_id == user.id))
    token = secrets.token_urlsafe(32)
    db.session.add(ConsoleLogin(user_id=user.id, token_hash=_hash(token), created_at=now,
                                expires_at=now + LOGIN_LIFETIME))
    user.last_login_at = now
    db.session.flush()
    return user, token


def signed_in_user(token: str) -> User | None:
    """The user a console token belongs to, while that sign-in lasts."""
    return db.session.scalars(
        select(User).join(ConsoleLogin, ConsoleLogin.user_id == User.id).where(
            ConsoleLogin.token_hash == _hash(token), ConsoleLogin.ended_at.is_(None),
            ConsoleLogin.expires_at > utcnow(), User.is_active.is_(True))).first()


def sign_out(token: str) -> None:
    db.session.execute(update(ConsoleLogin).where(
        ConsoleLogin.token_hash == _hash(token), ConsoleLogin.ended_at.is_(None))
        .values(ended_at=utcnow()))


def change_password(user: User, token: str, current: str, new: str, repeated: str) -> None:
    """Set a new password; every other console sign-in and every API token of the user ends."""
    if not check_password_hash(user.password_hash or _DUMMY_HASH, current):
        raise InvalidInput("current_password", "当前密码不正确")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("new_password", f"新密码至少 {MIN_PASSWORD_LENGTH} 位")
    if new == current:
        raise InvalidInput("new_password", "新密码不能与当前密码相同")
    if new != repeated:
        raise InvalidInput("repeat_password", "两次输入的新密码不一致")
    user.password_hash = generate_password_hash(new)
    user.token_version += 1
    db.session.execute(update(ConsoleLogin).where(
        ConsoleLogin.user_id == user.id, ConsoleLogin.ended_at.is_(None),
        ConsoleLogin.token_hash != _hash(token)).values(ended_at=utcnow()))
    db.session.flush()

