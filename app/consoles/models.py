"""Console sign-ins: one row per signed-in browser, and the failed attempts behind the lock-out.

The cookie carries only a random token; the row holds its hash. Logging out ends the row, so a
copy of the old cookie no longer signs anyone in (a signed cookie alone cannot be revoked).
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db


class ConsoleLogin(db.Model):
    __tablename__ = "console_login"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleLoginFailure(db.Model):
    """A wrong password for an existing account; counted over a window for the lock-out."""

    __tablename__ = "console_login_failure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
