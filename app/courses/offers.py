"""Time-boxed waiting-list offers (候补递补名额), after pretix's waiting list.

A freed seat is not given to the first in line silently: it is held for them (still counted in
seats_taken) as an offer, notified at once, that they accept (POST /bookings/{id}/accept-offer)
or that passes to the next in line when it lapses or they cancel. After booking closes a lapsed
offer's seat is given back. A held seat belongs to one offer: offers are made, accepted and
expired under the session's lock, so seats_taken always equals confirmed bookings plus open
offers.

How long an offer lasts (validity):
  - WAITLIST_OFFER_MINUTES (30 by default) while booking closes far enough away;
  - closer to the close, half the time left (so the next in line still gets a turn), never
    less than WAITLIST_OFFER_MIN_MINUTES (5) and never past booking close;
  - with less than WAITLIST_OFFER_MIN_MINUTES left before booking closes, an offer could not be
    answered in time: then, and only then, the first in line is confirmed at once (and told so,
    with a booking_confirmed notification).
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.accounts.models import User
from app.common.locking import lock_rows, require_unit_of_work
from app.common.timeutil import utcnow
from app.courses import hooks
from app.courses.booking_sql import LEAVE_QUEUE
from app.courses.lookup import conflict, own_booking
from app.courses.models import Booking, CourseSession
from app.extensions import db


def validity(now: datetime, closes: datetime) -> timedelta | None:
    """How long an offer made now lasts, or None where it could not be answered in time."""
    longest = timedelta(minutes=current_app.config["WAITLIST_OFFER_MINUTES"])
    shortest = timedelta(minutes=current_app.config["WAITLIST_OFFER_MIN_MINUTES"])
    left = closes - now
    if left < shortest:
        return None
    return max(shortest, min(longest, left / 2))


def make_offer(booking: Booking, now: datetime) -> bool:
    """Hold the seat for `booking` (the session row is locked by the caller). False when there
    is no time left to answer an offer: the caller confirms the booking at once instead."""
    closes = db.session.scalar(select(CourseSession.booking_closes_at)
                               .where(CourseSession.id == booking.session_id))
    lasts = validity(now, closes)
    if lasts is None:
        return False
    booking.offer_expires_at = now + lasts
    db.session.flush()
    return True


def accept_offer(parent: User, booking_id: int) -> Booking:
    booking = own_booking(parent, booking_id)
    lock_rows(parent=parent.id, session=booking.session_id, bookings=[booking.id])
    db.session.refresh(booking)
    if booking.status != "waitlisted" or booking.offer_expires_at is None:
        if booking.status == "confirmed":
            return booking
        raise conflict("no_offer", "这条预约目前没有待确认的候补名额")
    now = utcnow()
    if booking.offer_expires_at <= now:
        raise conflict("offer_expired", "候补名额的确认时间已过，名额已顺延给下一位")
    booking.status, booking.confirmed_at, booking.offer_expires_at = "confirmed", now, None
    db.session.flush()
    db.session.execute(LEAVE_QUEUE, {"session_id": booking.session_id})
    return booking


def due(now: datetime) -> list[int]:
    """The offers past their time (to lapse one per unit of work: see lapse)."""
    return list(db.session.scalars(select(Booking.id).where(
        Booking.status == "waitlisted", Booking.offer_expires_at <= now)
        .order_by(Booking.session_id, Booking.id)))


def lapse(booking_id: int, now: datetime) -> bool:
    """Lapse one offer past its time and pass its seat on. Safe to run in several processes at
    once: the offer is re-read under its locks, taken in the whole order (parent first), since
    what the lapse releases (a voucher) locks after them."""
    from app.courses import waitlist

    require_unit_of_work()
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        return False
    lock_rows(parent=booking.parent_id, session=booking.session_id, bookings=[booking_id])
    db.session.refresh(booking)
    if booking.status != "waitlisted" or booking.offer_expires_at is None \
            or booking.offer_expires_at > now:
        return False  # accepted or lapsed meanwhile
    booking.status, booking.cancelled_at, booking.cancel_reason = \
        "cancelled", now, "offer_expired"
    db.session.flush()
    db.session.execute(LEAVE_QUEUE, {"session_id": booking.session_id})
    hooks.release(booking, "offer_expired")
    waitlist.refill_seat(booking.session_id, now)
    return True
