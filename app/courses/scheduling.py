"""Venue staff schedule the catalogue's courses at their own venue: list, create, edit, cancel.

The rules are the admin's (admin.create_session / update_session / cancel_session); this
module only binds them to the staff member's venue. Another venue's session is not found (404).
"""
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.accounts.models import User
from app.common.errors import NotFound
from app.common.timeutil import SHANGHAI, as_utc
from app.courses import admin
from app.courses.models import Booking, Course, CourseSession
from app.extensions import db

# Only these may be written by staff; the venue is always their own.
STAFF_FIELDS = ("course_id", "starts_at", "ends_at", "capacity", "booking_opens_at",
                "booking_closes_at", "online_url")


def local_day_start(day: date) -> datetime:
    return as_utc(datetime.combine(day, time.min, tzinfo=SHANGHAI))


def venue_sessions(venue_id: int, first_day: date, days: int) -> list[dict]:
    """The venue's sessions starting on `days` local days from `first_day`, with their counts:
    booked (seats taken, attended included), waiting, checked in."""
    start, end = local_day_start(first_day), local_day_start(first_day + timedelta(days=days))
    return _with_counts(CourseSession.venue_id == venue_id, CourseSession.starts_at >= start,
                        CourseSession.starts_at < end)


def with_counts(session: CourseSession) -> dict:
    return _with_counts(CourseSession.id == session.id)[0]


def _with_counts(*conditions) -> list[dict]:
    checked_in = (select(func.count()).where(Booking.session_id == CourseSession.id,
                                             Booking.status == "attended")
                  .correlate(CourseSession).scalar_subquery())
    rows = db.session.execute(
        select(CourseSession, Course.title, checked_in)
        .join(Course, Course.id == CourseSession.course_id)
        .where(*conditions).order_by(CourseSession.starts_at, CourseSession.id)).all()
    return [{"session": s, "title": title, "booked": s.seats_taken,
             "waiting": s.waitlist_length, "checked_in": n} for s, title, n in rows]


def own_session(staff: User, session_id: int) -> CourseSession:
    session = db.session.get(CourseSession, session_id)
    if session is None or session.venue_id != staff.venue_id:
        raise NotFound("session_not_found", "没有找到该场次，请刷新列表后重试")
    return session


def _writable(data: dict) -> dict:
    # online_url arrives with the parent-view migration; until then the field is not offered.
    columns = CourseSession.__table__.c
    return {k: v for k, v in data.items() if k in STAFF_FIELDS and k in columns}


def schedule(staff: User, data: dict) -> CourseSession:
    return admin.create_session({**_writable(data), "venue_id": staff.venue_id})


def reschedule(staff: User, session_id: int, changes: dict) -> CourseSession:
    own_session(staff, session_id)
    changes = _writable(changes)
    changes.pop("course_id", None)
    return admin.update_session(session_id, changes)


def cancel(staff: User, session_id: int, reason: str | None) -> CourseSession:
    own_session(staff, session_id)
    return admin.cancel_session(session_id, reason)

