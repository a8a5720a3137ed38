"""Users (parents, venue staff, admins) and the children parents add."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Boolean
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db


class User(db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('parent', 'venue_staff', 'admin')", name="role_known"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="parent")
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    # WeChat's session key: kept for server-side decryption only, never in a response or a log.
    session_key: Mapped[str | None] = mapped_column(String(64))
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Staff are bound to a venue (courses.Venue); checked in the service, not by a cross-domain FK.
    venue_id: Mapped[int | None] = mapped_column(Integer, index=True)
    nickname: Mapped[str | None] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(32))   # a division code (places)
    # The parent's city (a division code): from their district, or chosen explicitly.
    city: Mapped[str | None] = mapped_column(String(12))
    # An admin's 属地管理 scope: a city or district code (None: every city served).
    scope: Mapped[str | None] = mapped_column(String(12))
    phone: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Separate consent for the child's health record (sensitive personal information, PIPL).
    health_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    children: Mapped[list["Child"]] = relationship(back_populates="parent",
                                                   cascade="all, delete-orphan")


class Child(db.Model):
    """A child (born) or an expected baby: exactly one of birth_date and due_date is set."""

    __tablename__ = "child"
    __table_args__ = (
        CheckConstraint("(birth_date IS NULL) <> (due_date IS NULL)", name="born_or_expected"),
        CheckConstraint("sex IS NULL OR sex IN ('male', 'female')", name="sex_known"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                           index=True)
    nickname: Mapped[str] = mapped_column(String(32))
    birth_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    # The identity number (居民身份证号 or 出生医学证明编号) only as a keyed hash and a masked form
    # (accounts.identity); the hash ties vouchers to the child across re-adds and guardians.
    id_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    id_masked: Mapped[str | None] = mapped_column(String(24))
    sex: Mapped[str | None] = mapped_column(String(8))  # needed for growth standards
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[User] = relationship(back_populates="children")

    @property
    def is_expected(self) -> bool:
        return self.birth_date is None
