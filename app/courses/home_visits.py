"""Home visits (入户指导): the family's address, taken at booking time and kept only while the
visit needs it.

A booking of a home-visit course must give the address the staff come to; a booking of any
other course must not give one. The address is shown only to the visiting venue's staff (their
session list and the console's session page), never in the parent-facing lists, the roster, the
attendance CSV or a log. It is cleared when the booking is cancelled or marked a no-show (the
booking hook below), when the session is finished (`flask courses finish-sessions`), and with the
child's personal data (courses.personal_data).
"""
from sqlalchemy import select, update

from app.accounts.models import Child
from app.common.errors import InvalidInput
from app.courses import hooks
from app.courses.models import Booking, Course, CourseSession
from app.extensions import db

HOME_VISIT = "入户指导"
LIVE = ("confirmed", "waitlisted", "attended")


def check_address(course_format: str, address: str | None) -> None:
    """422 on `address`: required for a home visit, refused for anything else."""
    if course_format == HOME_VISIT and not address:
        raise InvalidInput("address", "入户指导需要填写上门地址（家庭住址），工作人员将按此地址上门",
                           code="address_required")
    if course_format != HOME_VISIT and address:
        raise InvalidInput("address", "该课程不是入户指导，预约时无需填写地址",
                           code="address_not_needed")


def keep_address(booking: Booking, address: str | None) -> None:
    if address:
        booking.visit_address = address


def visits_by_session(session_ids: list[int]) -> dict[int, list[dict]]:
    """session id -> the live bookings of its home visit with their addresses (staff only)."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(Booking.session_id, Booking.id, Booking.status, Booking.visit_address,
               Child.nickname)
        .join(CourseSession, CourseSession.id == Booking.session_id)
        .join(Course, Course.id == CourseSession.course_id)
        .outerjoin(Child, Child.id == Booking.child_id)
        .where(Booking.session_id.in_(session_ids), Course.format == HOME_VISIT,
               Booking.status.in_(LIVE))
        .order_by(Booking.session_id, Booking.status == "waitlisted", Booking.waitlist_ticket,
                  Booking.id)).all()
    visits: dict[int, list[dict]] = {}
    for session_id, booking_id, status, address, nickname in rows:
        visits.setdefault(session_id, []).append({
            "booking_id": booking_id, "status": status, "child_nickname": nickname,
            "address": address})
    return visits


def is_home_visit(session: CourseSession) -> bool:
    return session.course.format == HOME_VISIT


def forget(*where) -> int:
    """Clear the addresses of the bookings matching `where`; the number cleared."""
    return db.session.execute(
        update(Booking).where(Booking.visit_address.is_not(None), *where)
        .values(visit_address=None).execution_options(synchronize_session="fetch")).rowcount


def forget_finished() -> int:
    """Addresses of visits that are over: the session finished or cancelled, or the booking
    no longer live (for a cancellation that happened without the hook, e.g. before it existed)."""
    over = select(CourseSession.id).where(CourseSession.status.in_(("finished", "cancelled")))
    return forget((Booking.session_id.in_(over)) | (Booking.status.in_(("cancelled", "no_show"))))


class _ForgetOnRelease:
    """A booking hook: the address goes with the seat."""

    def reserve(self, booking, options: dict) -> None:
        pass

    def release(self, booking, reason: str) -> None:
        booking.visit_address = None

    def no_show(self, booking) -> None:
        booking.visit_address = None


HOOK = _ForgetOnRelease()


def init_app(app) -> None:
    hooks.register(HOOK)
