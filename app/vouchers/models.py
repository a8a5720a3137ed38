"""Voucher batches (发放批次), vouchers (科学育儿公共指导服务券) and the redemption ledger (核销)."""
from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text,
                        UniqueConstraint, event, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.common.timeutil import UTCDateTime, utcnow
from app.common.vocabulary import one_of
from app.extensions import db

BATCH_STATUSES = ("draft", "active", "closed")
# forfeited: reserved on a booking that ended as no_show, in a batch whose rule says so.
VOUCHER_STATUSES = ("issued", "reserved", "redeemed", "expired", "revoked", "forfeited")


class VoucherBatch(db.Model):
    """What admins issue: who is eligible, how many, what it covers, valid when.

    `issued_count` only grows through a conditional UPDATE bounded by `total`, so concurrent
    claims can never issue more than the batch holds.
    """

    __tablename__ = "voucher_batch"
    __table_args__ = (
        CheckConstraint(one_of("status", BATCH_STATUSES), name="status_known"),
        CheckConstraint("per_child >= 1", name="per_child_positive"),
        CheckConstraint("issued_count >= 0 AND issued_count <= total", name="issued_within_total"),
        CheckConstraint("valid_until > valid_from", name="validity_window"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), unique=True)  # content/ key
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(100))
    # Coverage: a list of courses, else the course formats and/or domains (empty = any).
    covers_course_ids: Mapped[list] = mapped_column(JSON, default=list)
    covers_formats: Mapped[list] = mapped_column(JSON, default=list)
    covers_domains: Mapped[list] = mapped_column(JSON, default=list)
    # Eligibility: age in months at claim time, and/or pregnancy; the parent's district.
    min_age_months: Mapped[int | None] = mapped_column(Integer)
    max_age_months: Mapped[int | None] = mapped_column(Integer)
    includes_pregnancy: Mapped[bool] = mapped_column(Boolean, default=False)
    districts: Mapped[list] = mapped_column(JSON, default=list)
    per_child: Mapped[int] = mapped_column(Integer, default=1)
    # A voucher reserved on a booking that ends as a no-show is forfeited instead of returned.
    no_show_forfeits: Mapped[bool] = mapped_column(Boolean, default=False,
                                                   server_default=text("false"))
    total: Mapped[int] = mapped_column(Integer)
    issued_count: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(Integer)


class Voucher(db.Model):
    """One voucher, one child, one use. The allowance belongs to the child, not to a child row:
    `child_key` is the keyed hash of the child's identity number, and (batch, child_key, seq)
    is unique, so re-adding the child or a second guardian adding them yields nothing new."""

    __tablename__ = "voucher"
    __table_args__ = (
        CheckConstraint(one_of("status", VOUCHER_STATUSES), name="status_known"),
        CheckConstraint("status <> 'reserved' OR booking_id IS NOT NULL", name="reserved_booking"),
        UniqueConstraint("batch_id", "child_key", "seq"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("voucher_batch.id"), index=True)
    # Children and parents may delete their accounts; the voucher row stays for accounting.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="SET NULL"),
                                                 index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    child_key: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="issued")
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="SET NULL"),
                                                   index=True)
    # Parent's district at issue time, kept for the city's statistics.
    district: Mapped[str | None] = mapped_column(String(32))
    # Grows with every redemption so the ledger can hold one row per (voucher, redemption_no).
    redemption_no: Mapped[int] = mapped_column(Integer, default=0)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    batch: Mapped[VoucherBatch] = relationship()


class Redemption(db.Model):
    """Append-only ledger row: a voucher used at a venue. Never updated, never deleted."""

    __tablename__ = "redemption"
    __table_args__ = (UniqueConstraint("voucher_id", "redemption_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"), index=True)
    redemption_no: Mapped[int] = mapped_column(Integer)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"), index=True)
    booking_id: Mapped[int | None] = mapped_column(Integer)
    # Whether this redemption marked the booking attended (so a reversal can undo exactly that).
    marked_attended: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    redeemed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    voucher: Mapped[Voucher] = relationship()
    reversal: Mapped["RedemptionReversal | None"] = relationship(back_populates="redemption")


class RedemptionReversal(db.Model):
    """Append-only: staff undid a redemption (within the window). One per redemption."""

    __tablename__ = "redemption_reversal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    redemption_id: Mapped[int] = mapped_column(ForeignKey("redemption.id"), unique=True)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(200))
    reversed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    redemption: Mapped[Redemption] = relationship(back_populates="reversal")


def _refuse_change(mapper, connection, target):
    raise RuntimeError(f"{type(target).__name__} is an append-only ledger row")


for _ledger in (Redemption, RedemptionReversal):
    event.listen(_ledger, "before_update", _refuse_change)
    event.listen(_ledger, "before_delete", _refuse_change)
