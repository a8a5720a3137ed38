"""Reading one venue, course, session or booking (404 when absent or someone else's), and the
small wording helpers every courses use case shares."""
from datetime import datetime

from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.common.errors import DomainError, NotFound
from app.common.timeutil import to_local
from app.courses.booking_sql import AHEAD_IN_QUEUE
from app.courses.models import Booking, Course, CourseSession, Venue
from app.extensions import db


def when(value: datetime) -> str:
    local = to_local(value)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def conflict(code: str, message: str) -> DomainError:
    return DomainError(code, message, status=409)


def session_not_found() -> NotFound:
    return NotFound("session_not_found", "没有找到该场次，请刷新列表后重试")


def get_session(session_id: int, with_course: bool = False) -> CourseSession:
    options = [joinedload(CourseSession.course)] if with_course else []
    session = db.session.get(CourseSession, session_id, options=options)
    if session is None:
        raise session_not_found()
    return session


def get_course(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        raise NotFound("course_not_found", "没有找到该课程，请刷新列表后重试")
    return course


def get_venue(venue_id: int) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        raise NotFound("venue_not_found", "没有找到该场地")
    return venue


def own_booking(parent: User, booking_id: int) -> Booking:
    """A booking of this parent; someone else's is 'not found' so ids leak nothing."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.parent_id != parent.id:
        raise NotFound("booking_not_found", "没有找到这条预约")
    return booking


def waitlist_position(booking: Booking) -> int | None:
    """1 for the next in line; counted live, so positions stay 1, 2, 3 … as the queue moves."""
    if booking.status != "waitlisted":
        return None
    if booking.queued_at_position is not None:
        return booking.queued_at_position
    ahead = db.session.scalar(AHEAD_IN_QUEUE, {"session_id": booking.session_id,
                                               "ticket": booking.waitlist_ticket})
    return ahead + 1
