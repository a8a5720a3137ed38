"""The statements of the booking hot path, built once as Core statements: in a rush they run
thousands of times a second, and building them per call through the ORM was a measurable part of
a booking's cost. Every seat and queue change is one of these conditional writes; its row count
(or returned row) says whether it happened.
"""
from sqlalchemy import (Integer, and_, bindparam, exists, false, func, insert, literal, or_, select,
                        update)

from app.accounts.models import Child, User
from app.common.locking import parent_lock_with
from app.common.timeutil import UTCDateTime
from app.courses.models import ACTIVE_STATUSES, Booking, Course, CourseSession, Venue

SESSION, BOOKING, USER = CourseSession.__table__, Booking.__table__, User.__table__
COURSE, CHILD, VENUE = Course.__table__, Child.__table__, Venue.__table__

AHEAD_IN_QUEUE = select(func.count()).select_from(BOOKING).where(
    BOOKING.c.session_id == bindparam("session_id"), BOOKING.c.status == "waitlisted",
    BOOKING.c.waitlist_ticket < bindparam("ticket"))
_OTHER = SESSION.alias("other_session")  # the parent's other sessions, inside writes to one
ACTIVE_BOOKINGS = select(func.count()).select_from(BOOKING.join(_OTHER)).where(
    BOOKING.c.parent_id == bindparam("parent_id"), BOOKING.c.status.in_(ACTIVE_STATUSES),
    _OTHER.c.starts_at > bindparam("now"))
# The parent holds fewer live bookings than the limit. Checked inside the writes below, after
# the parent's row was locked by an earlier statement, so every earlier booking is counted.
_UNDER_LIMIT = ACTIVE_BOOKINGS.scalar_subquery() < bindparam("limit")
_MINE = BOOKING.alias("mine")
_CHILD = bindparam("child_id", type_=Integer)
# One seat per person: the same child twice, or the parent's own booking (no child: a pregnancy
# course) beside any other live booking of theirs in the session. Checked in the write for the
# same reason as the limit; the partial unique indexes stay as the last line of defence.
_NO_PERSON_CONFLICT = ~exists().where(
    _MINE.c.session_id == bindparam("session_id"), _MINE.c.parent_id == bindparam("parent_id"),
    _MINE.c.status != "cancelled",
    or_(_MINE.c.child_id.is_(None), _CHILD.is_(None), _MINE.c.child_id == _CHILD))
_OPEN_SESSION = (SESSION.c.id == bindparam("session_id"), SESSION.c.status == "scheduled",
                 SESSION.c.starts_at > bindparam("now"), _UNDER_LIMIT, _NO_PERSON_CONFLICT)
# The one write that gives a seat: it matches only while a seat is left.
TAKE_SEAT = update(SESSION).where(*_OPEN_SESSION, SESSION.c.seats_taken < SESSION.c.capacity
                                  ).values(seats_taken=SESSION.c.seats_taken + 1)
# A waiting-list ticket, only while the session is full. It locks the session row until commit,
# so no cancellation can free a seat before this booking is visible to it. The new queue length
# is this booking's place: everyone queued before it has committed (they held this lock).
DRAW_TICKET = update(SESSION).where(*_OPEN_SESSION, SESSION.c.seats_taken >= SESSION.c.capacity
                                    ).values(
    waitlist_issued=SESSION.c.waitlist_issued + 1, waitlist_length=SESSION.c.waitlist_length + 1,
).returning(SESSION.c.waitlist_issued, SESSION.c.waitlist_length)
LEAVE_QUEUE = update(SESSION).where(SESSION.c.id == bindparam("session_id")).values(
    waitlist_length=SESSION.c.waitlist_length - 1)
# PostgreSQL only (a data-modifying WITH): the seat or the ticket, and the booking row, in one
# statement; no row comes back when the condition did not match.
_NOW = bindparam("now", type_=UTCDateTime())
_NEW_BOOKING = (bindparam("parent_id", type_=Integer), _CHILD)
_SEAT = TAKE_SEAT.returning(SESSION.c.id).cte("seat")
BOOK_SEAT = insert(BOOKING).from_select(
    ["session_id", "parent_id", "child_id", "status", "created_at", "confirmed_at",
     "child_erased"],
    select(_SEAT.c.id, *_NEW_BOOKING, literal("confirmed"), _NOW, _NOW, false()),
).returning(BOOKING.c.id, BOOKING.c.waitlist_ticket,
            literal(None, Integer).label("position")).add_cte(_SEAT, nest_here=True)
_TICKET = DRAW_TICKET.cte("ticket")
BOOK_TICKET = insert(BOOKING).from_select(
    ["session_id", "parent_id", "child_id", "status", "waitlist_ticket", "created_at",
     "child_erased"],
    select(bindparam("session_id", type_=Integer), *_NEW_BOOKING, literal("waitlisted"),
           _TICKET.c.waitlist_issued, _NOW, false()),
).returning(BOOKING.c.id, BOOKING.c.waitlist_ticket,
            select(_TICKET.c.waitlist_length).scalar_subquery().label("position")).add_cte(
    _TICKET, nest_here=True)
# Everything the booking rules read; the child columns are empty without a child (or when the
# child is not this parent's). It also takes the parent's lock, the first of the lock order,
# which serialises one parent's bookings so the limit and the one-seat rule hold.
BOOKING_FACTS = parent_lock_with(select(
    SESSION.c.id, SESSION.c.status, SESSION.c.starts_at, SESSION.c.booking_opens_at,
    SESSION.c.booking_closes_at, SESSION.c.seats_taken, SESSION.c.capacity,
    COURSE.c.age_min_months, COURSE.c.age_max_months, COURSE.c.format,
    CHILD.c.id.label("child_id"),
    CHILD.c.birth_date, CHILD.c.due_date, USER.c.id.label("parent_id"),
    # what the booking's notifications say, read here rather than under the session's lock
    COURSE.c.title.label("course_title"), VENUE.c.name.label("venue_name"),
    CHILD.c.nickname.label("child_nickname"),
).join(COURSE, COURSE.c.id == SESSION.c.course_id).join(
    VENUE, VENUE.c.id == SESSION.c.venue_id).outerjoin(CHILD, and_(
    CHILD.c.id == _CHILD,
    CHILD.c.parent_id == bindparam("parent_id")),
).join(USER, USER.c.id == bindparam("parent_id")).where(SESSION.c.id == bindparam("session_id")),
    USER)
