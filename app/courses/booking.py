"""A parent books a seat in a session, or a place in its waiting list when it is full.

The rules are read in one statement that also takes the parent's lock (booking_sql); the seat or
the ticket is one conditional write that also holds the active-booking limit and the one-seat-
per-person rule. Nothing here commits: the route's unit of work does.
"""
from datetime import datetime
from functools import partial

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from app.accounts import service as accounts
from app.accounts.models import User
from app.common import locking
from app.common.errors import RETRY_AFTER_SECONDS, DomainError, InvalidInput
from app.common.timeutil import to_local, utcnow
from app.courses import home_visits, hooks, qr
from app.courses.booking_sql import (ACTIVE_BOOKINGS, BOOK_SEAT, BOOK_TICKET, BOOKING_FACTS,
                                     DRAW_TICKET, TAKE_SEAT)
from app.courses.lookup import conflict, own_booking, session_not_found, waitlist_position, when
from app.courses.models import Booking, CourseSession, allows_no_child
from app.courses.stage import fits, range_label, stage_label, stage_months
from app.extensions import db


def book(parent: User, session_id: int, child_id: int | None,
         options: dict | None = None) -> Booking:
    """Take a seat, or a place in the waiting list when the session is full. A home visit's
    booking carries the family's address (`options["address"]`)."""
    locking.require_unit_of_work()
    now = utcnow()
    options = options or {}
    facts = _booking_facts(parent, session_id, child_id)
    home_visits.check_address(facts.format, options.get("address"))
    check_bookable(facts, now)
    check_stage(facts, child_id)
    booking = _take_seat_or_queue(facts, parent, child_id, now)
    home_visits.keep_address(booking, options.get("address"))
    # From here the session's row is held until the commit: what the notifications say was
    # read with the rules, so the hooks only write.
    notice = {"course": facts.course_title, "starts_at": facts.starts_at,
              "venue": facts.venue_name, "child": facts.child_nickname or "您"}
    hooks.reserve(booking, {**options, "notice": notice})
    db.session.flush()
    return booking


def _booking_facts(parent: User, session_id: int, child_id: int | None):
    """What the booking rules read, in one statement and without ORM objects (the hot path of a
    rush): the session's times and seats, its course's stage range, the parent's child's dates.
    The same 404s as get_session and accounts.get_child."""
    facts = db.session.execute(BOOKING_FACTS, {"session_id": session_id, "child_id": child_id,
                                               "parent_id": parent.id}).first()
    if facts is None:
        raise session_not_found()
    if child_id is not None and facts.child_id is None:
        raise accounts.child_not_found()
    return facts


def check_bookable(session, now: datetime) -> None:
    """`session` is a CourseSession or a row with its status and times."""
    if session.status == "cancelled":
        raise conflict("session_cancelled", "该场次已取消，请选择其他场次")
    if session.status == "finished" or session.starts_at <= now:
        raise conflict("session_started", "该场次已开始，无法预约，请选择其他场次")
    if now < session.booking_opens_at:
        raise conflict("booking_not_open",
                       f"该场次将于 {when(session.booking_opens_at)} 开放预约，请届时再来")
    if now >= session.booking_closes_at:
        raise conflict("booking_closed",
                       f"该场次已于 {when(session.booking_closes_at)} 截止预约，请选择其他场次")


def check_stage(facts, child_id: int | None) -> None:
    """The child's stage on the session date must fit the course (see BOOKING_FACTS)."""
    wanted = range_label(facts.age_min_months, facts.age_max_months)
    if child_id is None:
        if not allows_no_child(facts.age_min_months):
            raise InvalidInput("child_id", f"该课程面向{wanted}的宝宝，请选择参加课程的孩子",
                               code="child_required")
        return
    on = to_local(facts.starts_at).date()
    months = stage_months(facts.birth_date, facts.due_date, on)
    if not fits(facts.age_min_months, facts.age_max_months, months):
        raise conflict("age_out_of_range",
                       f"该课程适合{wanted}，孩子在上课当天为{stage_label(months)}，"
                       "请选择适合孩子年龄的课程")


def check_one_seat_per_person(parent: User, session_id: int, child_id: int | None) -> None:
    """The same child twice, or the parent's own seat beside another booking of theirs."""
    mine = db.session.scalars(select(Booking).where(
        Booking.session_id == session_id, Booking.parent_id == parent.id,
        Booking.status != "cancelled").order_by(Booking.id)).all()
    same = [b for b in mine if b.child_id == child_id]
    if same:
        raise already_booked(same[0])
    if child_id is None and mine:
        raise conflict("already_booked_for_child",
                       "您已为孩子预约了本场次；孕期/家长课程与孩子的预约不能同时占用同一场次的两个座位")
    if child_id is not None and any(b.child_id is None for b in mine):
        raise conflict("already_booked_for_yourself",
                       "您已以本人身份预约了本场次；如需带孩子参加，请先取消本人的预约")


def already_booked(existing: Booking | None) -> DomainError:
    if existing is not None and existing.status == "waitlisted":
        return conflict("already_waitlisted",
                        f"已在本场次候补（第 {waitlist_position(existing)} 位），有空位时会通知您在限定时间内"
                        "确认预约，可在「我的预约」中查看")
    return conflict("already_booked", "已预约本场次，无需重复预约，可在「我的预约」中查看")


def check_active_limit(parent: User, now: datetime) -> None:
    limit = current_app.config["MAX_ACTIVE_BOOKINGS"]
    active = db.session.scalar(ACTIVE_BOOKINGS, {"parent_id": parent.id, "now": now})
    if active >= limit:
        raise conflict("too_many_bookings",
                       f"每位家长最多同时保留 {limit} 个未上课的预约（含候补），"
                       "请先取消不需要的预约再来预约")


def _take_seat_or_queue(facts, parent: User, child_id: int | None, now: datetime) -> Booking:
    ids = {"session_id": facts.id, "parent_id": parent.id, "child_id": child_id}
    params = {**ids, "now": now, "limit": current_app.config["MAX_ACTIVE_BOOKINGS"]}
    seat, ticket = _WRITES_PG if _is_postgresql() else _WRITES_IN_TWO_STEPS
    for _ in range(3):
        # In a rush nearly everyone finds the session full: try the ticket first then, and save
        # the seat attempt that would not match. The conditional writes decide either way.
        for write in (seat, ticket) if facts.seats_taken < facts.capacity else (ticket, seat):
            booking = write(ids, params)
            if booking is not None:
                return booking
        # Neither matched: the person already holds a seat here, the parent is at the limit, a
        # seat was freed between the two statements, or the session changed.
        check_one_seat_per_person(parent, facts.id, child_id)
        check_active_limit(parent, now)
        facts = _booking_facts(parent, facts.id, child_id)
        check_bookable(facts, now)
    raise DomainError("busy_try_again", "当前预约人数较多，请稍后重试", status=409,
                      headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _new_booking(ids: dict, status: str, ticket: int | None, now: datetime, **columns) -> Booking:
    return Booking(**ids, status=status, waitlist_ticket=ticket, created_at=now,
                   confirmed_at=now if status == "confirmed" else None, **columns)


def _seat_then_row(ids: dict, params: dict) -> Booking | None:
    """SQLite: the seat, then the booking row (SQLite serialises writers: nothing interleaves)."""
    if db.session.execute(TAKE_SEAT, params).rowcount != 1:
        return None
    return _insert_booking(ids, "confirmed", None, params["now"])


def _ticket_then_row(ids: dict, params: dict) -> Booking | None:
    drawn = db.session.execute(DRAW_TICKET, params).first()
    if drawn is None:
        return None
    booking = _insert_booking(ids, "waitlisted", drawn.waitlist_issued, params["now"])
    booking.queued_at_position = drawn.waitlist_length
    return booking


def _insert_booking(ids: dict, status: str, ticket: int | None, now: datetime) -> Booking:
    booking = _new_booking(ids, status, ticket, now)
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise _duplicate(error)
    return booking


def _in_one_statement(statement, status: str, ids: dict, params: dict) -> Booking | None:
    """PostgreSQL: the seat (or ticket) and the booking row in one statement, so the session row
    is locked only for that statement and the commit. Same conditions as the two steps."""
    try:
        row = db.session.execute(statement, params).first()
    except IntegrityError as error:
        raise _duplicate(error)
    if row is None:
        return None
    booking = _new_booking(ids, status, row.waitlist_ticket, params["now"], id=row.id,
                           **_LEFT_TO_DEFAULTS)
    make_transient_to_detached(booking)  # the row exists: make it persistent without a read
    db.session.add(booking)
    booking.queued_at_position = row.position
    return booking


# The columns BOOK_SEAT and BOOK_TICKET leave to their defaults, with those defaults: the
# object then has every column, and reading one (the response, a hook) never loads the row
# again, a SELECT that would run while the booking holds the session's row.
_LEFT_TO_DEFAULTS = {
    column.key: column.default.arg if column.default is not None else None
    for column in Booking.__table__.columns
    if column.key not in {"id", "session_id", "parent_id", "child_id", "status",
                          "waitlist_ticket", "created_at", "confirmed_at"}}
assert all(not callable(value) for value in _LEFT_TO_DEFAULTS.values()), _LEFT_TO_DEFAULTS

_WRITES_IN_TWO_STEPS = (_seat_then_row, _ticket_then_row)
_WRITES_PG = (partial(_in_one_statement, BOOK_SEAT, "confirmed"),
              partial(_in_one_statement, BOOK_TICKET, "waitlisted"))


def _duplicate(error: IntegrityError) -> Exception:
    """The partial unique index refused a second live booking of this child (or of this parent
    without a child): the last line of defence behind the write's own condition. The transaction
    is aborted, so the answer cannot look further; the unit of work rolls it back. Any other
    integrity error is a fault, not the parent's: it stays an error."""
    message = str(error.orig)  # PostgreSQL names the index; SQLite names the columns
    if "ux_booking_live" not in message and "UNIQUE constraint failed: booking." not in message:
        return error
    return conflict("already_booked", "已预约本场次，无需重复预约，可在「我的预约」中查看")


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def booking_qr(parent: User, booking_id: int) -> dict:
    booking = own_booking(parent, booking_id)
    if booking.status not in ("confirmed", "attended"):
        raise conflict("booking_not_confirmed", "预约成功后才有签到二维码；候补中或已取消的预约没有")
    token, ttl = qr.issue(booking.id, booking.session_id)
    return {"token": token, "expires_in": ttl}


def book_at_door(parent: User, session, child_id: int | None) -> Booking:
    """Venue staff seat a walk-in at check-in. Booking has closed by then, so the booking window
    and the active-booking limit do not apply; a free seat, the child's age and one seat per
    person do."""
    now = utcnow()
    facts = _booking_facts(parent, session.id, child_id)  # takes the parent's lock first
    check_stage(facts, child_id)
    check_one_seat_per_person(parent, session.id, child_id)
    locking.lock_rows(session=session.id)
    taken = db.session.execute(
        update(CourseSession).where(CourseSession.id == session.id,
                                    CourseSession.status == "scheduled",
                                    CourseSession.seats_taken < CourseSession.capacity)
        .values(seats_taken=CourseSession.seats_taken + 1)
        .execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        raise conflict("session_full", "本场次座位已满，无法现场登记；请引导家长预约其他场次")
    ids = {"session_id": session.id, "parent_id": parent.id, "child_id": child_id}
    return _insert_booking(ids, "confirmed", None, now)
