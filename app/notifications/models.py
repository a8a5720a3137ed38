"""The outbox (one row per event and recipient, also the parent's inbox), one-time subscriptions
counted per template, and the WeChat access token every sender process shares."""
from datetime import datetime

from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Index, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db

# pending: waiting for the sender (or for not_before); sending: claimed by a sender;
# sent: WeChat accepted it; refused: 43101 (declined or no subscription left at WeChat);
# no_subscription: we hold no accepted subscription for its template; failed: a bad field, page,
# openid or template, or retries exhausted; expired: not sent before expires_at; inbox_only: no
# WeChat credentials or no openid; cancelled: what it announced no longer holds.
STATUSES = ("pending", "sending", "sent", "refused", "no_subscription", "failed", "expired",
            "inbox_only", "cancelled")
FINAL = tuple(s for s in STATUSES if s not in ("pending", "sending"))


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("kind", "user_id", "object_ref", name="uq_notification_dedupe"),
        CheckConstraint("status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")",
                        name="status_known"),
        Index("ix_notification_due", "status", "not_before"),
        Index("ix_notification_inbox", "user_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    # The object the event is about ("booking:12", "voucher:7"); with kind and user the dedupe key.
    object_ref: Mapped[str] = mapped_column(String(64))
    template: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(String(255))
    # The template's values: course, venue, times, a child's nickname at most.
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(255))
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(db.Model):
    """What wx.requestSubscribeMessage answered, per parent and template: each one-time accept
    allows one message, so `remaining` counts accepts not yet used."""

    __tablename__ = "notification_subscription"
    __table_args__ = (
        UniqueConstraint("user_id", "template", name="uq_notification_subscription"),
        CheckConstraint("remaining >= 0", name="remaining_not_negative"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    template: Mapped[str] = mapped_column(String(32))
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    last_choice: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class WeChatToken(db.Model):
    """The stable access token, shared by every process (when REDIS_URL is unset)."""

    __tablename__ = "wechat_token"
    appid: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(1024))  # WeChat asks for at least 512
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
