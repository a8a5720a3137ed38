"""Venues (场地), courses, course sessions (场次), bookings (预约 / 候补 / 签到)."""
from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.common.timeutil import UTCDateTime, utcnow
from app.common.vocabulary import one_of
from app.extensions import db

VENUE_KINDS = ("社区优育课堂", "科学育儿项目点", "儿童早期发展基地", "托育机构", "妇幼保健院",
               "社区卫生服务中心", "线上")
DOMAINS = ("身体发育", "动作", "语言", "认知", "情感与社会性", "营养喂养", "健康保健", "安全防护",
           "孕期保健", "家庭养育")
FORMATS = ("专题讲座", "父母培训", "亲子游戏", "入户指导", "家长课堂", "孕妇学校", "线上课程")

# A course's target stage is a range on one axis of months: PREPREGNANCY (备孕) is -12, the months
# of pregnancy are -10 .. -1 (months before the due date), and 0 .. MAX_AGE_MONTHS are ages.
PREPREGNANCY = -12
PREGNANCY_FIRST = -10
MAX_AGE_MONTHS = 72

COURSE_STATUSES = ("published", "cancelled")
SESSION_STATUSES = ("scheduled", "cancelled", "finished")
BOOKING_STATUSES = ("confirmed", "waitlisted", "cancelled", "attended", "no_show")
# A booking that holds a seat or a place in the queue.
ACTIVE_STATUSES = ("confirmed", "waitlisted")


class Venue(db.Model):
    __tablename__ = "venue"
    __table_args__ = (CheckConstraint("lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180",
                                      name="coordinates_range"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stable key from content/ so that loading twice updates rather than duplicates.
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32), index=True)
    street: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)  # GCJ-02
    lng: Mapped[float | None] = mapped_column(Float)
    contact: Mapped[str | None] = mapped_column(String(64))
    accessibility: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sessions: Mapped[list["CourseSession"]] = relationship(back_populates="venue")


def allows_no_child(age_min_months: int) -> bool:
    """Pregnancy and pre-pregnancy courses may be booked by a parent without a child."""
    return age_min_months < 0


class Course(db.Model):
    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint(f"age_min_months >= {PREPREGNANCY} AND age_min_months <= age_max_months "
                        f"AND age_max_months <= {MAX_AGE_MONTHS}", name="age_range"),
        CheckConstraint(one_of("status", COURSE_STATUSES), name="status_known"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(String(16), index=True)
    format: Mapped[str] = mapped_column(String(16), index=True)
    age_min_months: Mapped[int] = mapped_column(Integer)
    age_max_months: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str | None] = mapped_column(String(100))
    speaker: Mapped[str | None] = mapped_column(String(100))
    # The city whose parents the course is for (a local provider, a local programme); empty: every
    # city the deployment serves.
    city: Mapped[str | None] = mapped_column(String(6), index=True)
    accepts_vouchers: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="published")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    sessions: Mapped[list["CourseSession"]] = relationship(back_populates="course")

    @property
    def allows_no_child(self) -> bool:
        return allows_no_child(self.age_min_months)


class CourseSession(db.Model):
    """One dated occurrence of a course at a venue.

    `seats_taken` counts confirmed (and attended) bookings; it only changes through conditional
    UPDATEs in the service. `waitlist_issued` hands out waiting-list tickets, never twice;
    `waitlist_length` counts who is waiting now, so a new booking learns its place in the queue
    from the same UPDATE that queues it (every change happens under this row's lock).
    """

    __tablename__ = "course_session"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity",
                        name="seats_within_capacity"),
        CheckConstraint("waitlist_issued >= 0", name="waitlist_issued_positive"),
        CheckConstraint("waitlist_length >= 0 AND waitlist_length <= waitlist_issued",
                        name="waitlist_length_within_issued"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("booking_opens_at <= booking_closes_at AND booking_closes_at <= starts_at",
                        name="booking_window"),
        CheckConstraint(one_of("status", SESSION_STATUSES), name="status_known"),
        # The last line of defence behind admin.create_session's duplicate check.
        Index("ux_course_session_live_slot", "course_id", "venue_id", "starts_at", unique=True,
              sqlite_where=text("status <> 'cancelled'"),
              postgresql_where=text("status <> 'cancelled'")),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(96), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_issued: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_length: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    booking_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    booking_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Join link of an online session; shown only in a confirmed booking, never in lists.
    online_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="sessions")
    venue: Mapped[Venue] = relationship(back_populates="sessions")

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)


class Booking(db.Model):
    """A parent's seat (or place in the waiting list) in a session, for a child or for the
    pregnancy itself (child_id empty). Cancelled rows stay as history; the partial unique indexes
    allow one live booking per child (or per parent without a child) per session; the booking
    write also keeps a parent's own seat and their child's apart (booking_sql)."""

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint(one_of("status", BOOKING_STATUSES), name="status_known"),
        CheckConstraint("status <> 'waitlisted' OR waitlist_ticket IS NOT NULL",
                        name="waitlisted_has_ticket"),
        UniqueConstraint("session_id", "waitlist_ticket"),
        Index("ux_booking_live_child", "session_id", "child_id", unique=True,
              sqlite_where=text("status <> 'cancelled' AND child_id IS NOT NULL"),
              postgresql_where=text("status <> 'cancelled' AND child_id IS NOT NULL")),
        Index("ux_booking_live_parent_without_child", "session_id", "parent_id", unique=True,
              sqlite_where=text("status <> 'cancelled' AND child_id IS NULL AND NOT child_erased"),
              postgresql_where=text(
                  "status <> 'cancelled' AND child_id IS NULL AND NOT child_erased")),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                           index=True)
    # A deleted child's past bookings stay as history, anonymised: child_id NULL, child_erased.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="SET NULL"),
                                                 index=True)
    child_erased: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    status: Mapped[str] = mapped_column(String(16))
    # The ticket drawn from CourseSession.waitlist_issued when queued; kept after promotion.
    waitlist_ticket: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A waitlisted booking offered a held seat until then (courses.offers); null otherwise.
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(32))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by: Mapped[int | None] = mapped_column(Integer)
    # A home visit's (入户指导) address, for the visiting venue's staff only; cleared when the
    # booking is cancelled or the session is over, and with the child (courses.home_visits).
    visit_address: Mapped[str | None] = mapped_column(String(200))

    session: Mapped[CourseSession] = relationship()

    # Not a column: the place in the queue learnt from the write that queued this booking, so
    # the booking response needs no count (see lookup.waitlist_position).
    queued_at_position = None
