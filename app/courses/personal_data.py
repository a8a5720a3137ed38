"""A parent's bookings under PIPL: export, and what account or child erasure does to them
(registered with app.common.personal_data). Inside the deletion's unit of work; no commit."""
from sqlalchemy import select, update

from app.accounts.models import Child, User
from app.common.locking import lock_rows
from app.common.timeutil import to_local
from app.courses.models import Booking, Course, CourseSession, Venue
from app.courses.waitlist import release_live_bookings
from app.extensions import db


def export_for(user: User) -> list[dict]:
    """Every booking of this parent, as they would want to read it."""
    rows = db.session.execute(
        select(Booking, CourseSession, Course.title, Venue.name)
        .join(CourseSession, CourseSession.id == Booking.session_id)
        .join(Course, Course.id == CourseSession.course_id)
        .join(Venue, Venue.id == CourseSession.venue_id)
        .where(Booking.parent_id == user.id).order_by(Booking.id)).all()
    return [{"id": b.id, "course": title, "venue": venue, "session_id": s.id,
             "starts_at": to_local(s.starts_at).isoformat(), "child_id": b.child_id,
             "status": b.status, "created_at": to_local(b.created_at).isoformat(),
             "cancelled_at": to_local(b.cancelled_at).isoformat() if b.cancelled_at else None,
             "checked_in_at": to_local(b.checked_in_at).isoformat() if b.checked_in_at else None,
             "visit_address": b.visit_address}
            for b, s, title, venue in rows]


def erase_for(user: User) -> dict:
    """Before the account goes: give back every seat and queue place in sessions that have not
    started (the waiting list moves up, hooks release vouchers); the rows then go with the
    account (ON DELETE CASCADE)."""
    lock_rows(parent=user.id)
    released = release_live_bookings(Booking.parent_id == user.id, "account_deleted")
    return {"released_bookings": [b.id for b in released]}


def erase_for_child(child: Child) -> dict:
    """Before one child's record goes: live bookings are cancelled (with promotion); past ones
    stay in the parent's history and the venue's roster, the child anonymised (the foreign key
    sets child_id NULL; child_erased tells them apart from a parent's own booking) and a home
    visit's address gone."""
    lock_rows(parent=child.parent_id)
    released = release_live_bookings(Booking.child_id == child.id, "child_deleted")
    db.session.execute(update(Booking).where(Booking.child_id == child.id)
                       .values(child_erased=True, visit_address=None)
                       .execution_options(synchronize_session=False))
    return {"released_bookings": [b.id for b in released]}
