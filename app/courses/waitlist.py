"""Leaving a session, and the waiting list moving up.

A confirmed booking that is cancelled hands its seat to the first in line as a time-boxed offer
(offers.py) — but only while booking is open: after `booking_closes_at` nobody is promoted (a
freed seat is simply given back), so no family is turned into a no-show by a late confirmation.
Every function here runs with the session row locked (common.locking) and only flushes.
"""
from datetime import datetime

from sqlalchemy import select, update

from app.accounts.models import User
from app.common.locking import lock_rows
from app.common.timeutil import utcnow
from app.courses import hooks, offers
from app.courses.booking_sql import LEAVE_QUEUE
from app.courses.lookup import conflict, own_booking
from app.courses.models import ACTIVE_STATUSES, Booking, CourseSession
from app.extensions import db


def cancel_booking(parent: User, booking_id: int) -> Booking:
    """The parent cancels before the start; a freed seat is offered to the next in line."""
    booking = own_booking(parent, booking_id)
    if booking.status == "cancelled":
        return booking
    if booking.status in ("attended", "no_show"):
        raise conflict("booking_finished", "该预约已签到或已结束，无法取消")
    now = utcnow()
    if booking.session.starts_at <= now:
        raise conflict("cancel_after_start",
                       "场次已开始，无法在线取消预约；如不能到场，请联系场地工作人员")
    lock_rows(parent=parent.id, session=booking.session_id)
    release(booking, "parent", now)
    return booking


def release(booking: Booking, reason: str, now: datetime, refill: bool = True) -> bool:
    """Cancel an active booking (the session row must be locked). A confirmed one hands its seat
    to the first waitlisted booking (as an offer), or gives it back. False if it was no longer active."""
    lock_rows(bookings=[booking.id])
    status, offered = db.session.execute(select(Booking.status, Booking.offer_expires_at)
                                         .where(Booking.id == booking.id)).one()
    if status not in ACTIVE_STATUSES:
        db.session.refresh(booking)
        return False
    booking.status, booking.cancelled_at, booking.cancel_reason = "cancelled", now, reason
    db.session.flush()
    if status == "waitlisted":
        db.session.execute(LEAVE_QUEUE, {"session_id": booking.session_id})
    if (status == "confirmed" or offered is not None) and refill:  # an offer holds a seat
        refill_seat(booking.session_id, now)
    hooks.release(booking, reason)
    return True


def promotion_open(session_id: int, now: datetime) -> bool:
    closes = db.session.scalar(select(CourseSession.booking_closes_at)
                               .where(CourseSession.id == session_id))
    return closes is not None and now < closes


def refill_seat(session_id: int, now: datetime) -> None:
    if not (promotion_open(session_id, now) and _promote_next(session_id, now)):
        db.session.execute(
            update(CourseSession)
            .where(CourseSession.id == session_id, CourseSession.seats_taken > 0)
            .values(seats_taken=CourseSession.seats_taken - 1)
            .execution_options(synchronize_session=False))


def _promote_next(session_id: int, now: datetime) -> Booking | None:
    """The first waitlisted booking is offered a seat that is already counted as taken; only
    when too little time is left before booking closes to answer an offer is it confirmed at
    once (see offers.py)."""
    first = db.session.scalars(
        select(Booking).where(Booking.session_id == session_id, Booking.status == "waitlisted",
                              Booking.offer_expires_at.is_(None))
        .order_by(Booking.waitlist_ticket).limit(1).with_for_update()).first()
    if first is not None and not offers.make_offer(first, now):
        first.status, first.confirmed_at = "confirmed", now
        db.session.flush()
        db.session.execute(LEAVE_QUEUE, {"session_id": session_id})
    return first


def fill_to_capacity(session: CourseSession, now: datetime) -> None:
    """After capacity grew: promote waitlisted bookings while seats are left (and booking is
    still open)."""
    if now >= session.booking_closes_at:
        return
    while True:
        db.session.refresh(session)
        if session.seats_taken >= session.capacity or _promote_next(session.id, now) is None:
            return
        session.seats_taken += 1
        db.session.flush()


def release_live_bookings(whose, reason: str) -> list[Booking]:
    """Give back every seat and queue place (in sessions not yet started) matching `whose`; the
    caller holds the parent's lock. Returns the bookings released."""
    now = utcnow()
    live = db.session.scalars(
        select(Booking).join(CourseSession, CourseSession.id == Booking.session_id)
        .where(whose, Booking.status.in_(ACTIVE_STATUSES),
               CourseSession.starts_at > now).order_by(Booking.session_id, Booking.id)).all()
    released = []
    for booking in live:
        lock_rows(session=booking.session_id)
        if release(booking, reason, now):
            released.append(booking)
    return released
