"""Booking, waiting list, cancellation, check-in and the admin's writes.

Every public write validates first, then changes rows in one transaction and commits once at its
end; the `_` helpers never commit, so callers (and hooks, see hooks.py) compose them inside one
transaction. Seats change only through conditional UPDATEs on the session row.

Rows are locked in one order everywhere, so two writes never wait on each other in a circle: the
parent's user row (booking, account erasure), then the session row, then booking rows, then
whatever a hook locks (a voucher).
"""
from datetime import datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import Integer, and_, bindparam, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, make_transient_to_detached

from app.accounts import service as accounts
from app.accounts.models import Child, User
from app.common.errors import DomainError, Forbidden, InvalidInput, NotFound
from app.common.timeutil import UTCDateTime, to_local, utcnow
from app.courses import hooks, qr
from app.courses.models import (ACTIVE_STATUSES, Booking, Course, CourseSession, Venue,
                                allows_no_child)
from app.courses.stage import fits, range_label, stage_label, stage_months
from app.extensions import db

CHECKIN_OPENS_BEFORE = timedelta(minutes=60)
CHECKIN_CLOSES_AFTER = timedelta(minutes=60)

# The booking hot path runs these few statements thousands of times a second in a rush; built
# once as Core statements they skip the ORM's per-call statement building.
_S, _B, _U = CourseSession.__table__, Booking.__table__, User.__table__
_AHEAD_IN_QUEUE = select(func.count()).select_from(_B).where(
    _B.c.session_id == bindparam("session_id"), _B.c.status == "waitlisted",
    _B.c.waitlist_ticket < bindparam("ticket"))
_OTHER = _S.alias("other_session")  # the parent's other sessions, inside writes to one session
_ACTIVE_BOOKINGS = select(func.count()).select_from(_B.join(_OTHER)).where(
    _B.c.parent_id == bindparam("parent_id"), _B.c.status.in_(ACTIVE_STATUSES),
    _OTHER.c.starts_at > bindparam("now"))
# The parent holds fewer live bookings than the limit. Checked inside the writes below, after
# the parent's row was locked by an earlier statement, so every earlier booking is counted.
_UNDER_LIMIT = _ACTIVE_BOOKINGS.scalar_subquery() < bindparam("limit")
_OPEN_SESSION = (_S.c.id == bindparam("session_id"), _S.c.status == "scheduled",
                 _S.c.starts_at > bindparam("now"), _UNDER_LIMIT)
# The one write that gives a seat: it matches only while a seat is left.
_TAKE_SEAT = update(_S).where(*_OPEN_SESSION, _S.c.seats_taken < _S.c.capacity).values(
    seats_taken=_S.c.seats_taken + 1)
# A waiting-list ticket, only while the session is full. It locks the session row until commit,
# so no cancellation can free a seat before this booking is visible to it. The new queue length
# is this booking's place: everyone queued before it has committed (they held this lock).
_DRAW_TICKET = update(_S).where(*_OPEN_SESSION, _S.c.seats_taken >= _S.c.capacity).values(
    waitlist_issued=_S.c.waitlist_issued + 1, waitlist_length=_S.c.waitlist_length + 1,
).returning(_S.c.waitlist_issued, _S.c.waitlist_length)
_LEAVE_QUEUE = update(_S).where(_S.c.id == bindparam("session_id")).values(
    waitlist_length=_S.c.waitlist_length - 1)
# PostgreSQL only (a data-modifying WITH): the seat or the ticket, and the booking row, in one
# statement; no row comes back when the condition did not match.
_NOW = bindparam("now", type_=UTCDateTime())
_NEW_BOOKING = (bindparam("parent_id", type_=Integer), bindparam("child_id", type_=Integer))
_SEAT = _TAKE_SEAT.returning(_S.c.id).cte("seat")
_BOOK_SEAT = insert(_B).from_select(
    ["session_id", "parent_id", "child_id", "status", "created_at", "confirmed_at"],
    select(_SEAT.c.id, *_NEW_BOOKING, literal("confirmed"), _NOW, _NOW),
).returning(_B.c.id, _B.c.waitlist_ticket, literal(None, Integer).label("position")).add_cte(
    _SEAT, nest_here=True)
_TICKET = _DRAW_TICKET.cte("ticket")
_BOOK_TICKET = insert(_B).from_select(
    ["session_id", "parent_id", "child_id", "status", "waitlist_ticket", "created_at"],
    select(bindparam("session_id", type_=Integer), *_NEW_BOOKING, literal("waitlisted"),
           _TICKET.c.waitlist_issued, _NOW),
).returning(_B.c.id, _B.c.waitlist_ticket,
            select(_TICKET.c.waitlist_length).scalar_subquery().label("position")).add_cte(
    _TICKET, nest_here=True)
_C, _K = Course.__table__, Child.__table__
# Everything the booking rules read; the child columns are empty without a child (or when the
# child is not this parent's). It also locks the parent's row, which serialises one parent's
# bookings so the active-booking limit holds: the write that follows counts every earlier one.
_BOOKING_FACTS = select(
    _S.c.id, _S.c.status, _S.c.starts_at, _S.c.booking_opens_at, _S.c.booking_closes_at,
    _S.c.seats_taken, _S.c.capacity, _C.c.age_min_months, _C.c.age_max_months,
    _K.c.id.label("child_id"), _K.c.birth_date, _K.c.due_date, _U.c.id.label("parent_id"),
).join(_C, _C.c.id == _S.c.course_id).outerjoin(_K, and_(
    _K.c.id == bindparam("child_id", type_=Integer), _K.c.parent_id == bindparam("parent_id"),
)).join(_U, _U.c.id == bindparam("parent_id")).where(_S.c.id == bindparam("session_id")
                                                     ).with_for_update(of=_U)
_LOCK_PARENT = select(_U.c.id).where(_U.c.id == bindparam("parent_id")).with_for_update()


def _when(value: datetime) -> str:
    local = to_local(value)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _conflict(code: str, message: str) -> DomainError:
    return DomainError(code, message, status=409)


# --- reading one thing ----------------------------------------------------------------------

def get_session(session_id: int, with_course: bool = False) -> CourseSession:
    options = [joinedload(CourseSession.course)] if with_course else []
    session = db.session.get(CourseSession, session_id, options=options)
    if session is None:
        raise NotFound("session_not_found", "没有找到该场次，请刷新列表后重试")
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
    ahead = db.session.scalar(_AHEAD_IN_QUEUE, {"session_id": booking.session_id,
                                                "ticket": booking.waitlist_ticket})
    return ahead + 1


# --- booking ----------------------------------------------------------------------------------

def book(parent: User, session_id: int, child_id: int | None,
         options: dict | None = None) -> Booking:
    """Take a seat, or a place in the waiting list when the session is full.

    The same child twice is caught by the partial unique index at the INSERT (then explained by
    `already_booked`), which saves the hot path a query."""
    now = utcnow()
    facts = _booking_facts(parent, session_id, child_id)
    check_bookable(facts, now)
    check_stage(facts, child_id)
    booking = _take_seat_or_queue(facts, parent, child_id, now)
    hooks.reserve(booking, options or {})
    db.session.flush()  # whatever a hook changed on the booking is written before ...
    db.session.expunge(booking)  # ... it leaves the session, so the response needs no reload
    db.session.commit()
    return booking


def _booking_facts(parent: User, session_id: int, child_id: int | None):
    """What the booking rules read, in one statement and without ORM objects (the hot path of a
    rush): the session's times and seats, its course's stage range, the parent's child's dates.
    The same 404s as get_session and accounts.get_child."""
    facts = db.session.execute(_BOOKING_FACTS, {"session_id": session_id, "child_id": child_id,
                                                "parent_id": parent.id}).first()
    if facts is None:
        raise NotFound("session_not_found", "没有找到该场次，请刷新列表后重试")
    if child_id is not None and facts.child_id is None:
        raise accounts.child_not_found()
    return facts


def check_bookable(session, now: datetime) -> None:
    """`session` is a CourseSession or a row with its status and times."""
    if session.status == "cancelled":
        raise _conflict("session_cancelled", "该场次已取消，请选择其他场次")
    if session.status == "finished" or session.starts_at <= now:
        raise _conflict("session_started", "该场次已开始，无法预约，请选择其他场次")
    if now < session.booking_opens_at:
        raise _conflict("booking_not_open",
                        f"该场次将于 {_when(session.booking_opens_at)} 开放预约，请届时再来")
    if now >= session.booking_closes_at:
        raise _conflict("booking_closed",
                        f"该场次已于 {_when(session.booking_closes_at)} 截止预约，请选择其他场次")


def check_stage(facts, child_id: int | None) -> None:
    """The child's stage on the session date must fit the course (see _BOOKING_FACTS)."""
    wanted = range_label(facts.age_min_months, facts.age_max_months)
    if child_id is None:
        if not allows_no_child(facts.age_min_months):
            raise InvalidInput("child_id", f"该课程面向{wanted}的宝宝，请选择参加课程的孩子",
                               code="child_required")
        return
    on = to_local(facts.starts_at).date()
    months = stage_months(facts.birth_date, facts.due_date, on)
    if not fits(facts.age_min_months, facts.age_max_months, months):
        raise _conflict("age_out_of_range",
                        f"该课程适合{wanted}，孩子在上课当天为{stage_label(months)}，"
                        "请选择适合孩子年龄的课程")


def live_booking(session_id: int, parent_id: int, child_id: int | None) -> Booking | None:
    stmt = select(Booking).where(Booking.session_id == session_id,
                                 Booking.status != "cancelled")
    if child_id is None:
        stmt = stmt.where(Booking.parent_id == parent_id, Booking.child_id.is_(None))
    else:
        stmt = stmt.where(Booking.child_id == child_id)
    return db.session.scalars(stmt).first()


def already_booked(existing: Booking | None) -> DomainError:
    if existing is not None and existing.status == "waitlisted":
        return _conflict("already_waitlisted",
                         f"已在本场次候补（第 {waitlist_position(existing)} 位），有空位时会自动转为"
                         "预约成功，可在「我的预约」中查看")
    return _conflict("already_booked", "已预约本场次，无需重复预约，可在「我的预约」中查看")


def check_active_limit(parent: User, now: datetime) -> None:
    limit = current_app.config["MAX_ACTIVE_BOOKINGS"]
    active = db.session.scalar(_ACTIVE_BOOKINGS, {"parent_id": parent.id, "now": now})
    if active >= limit:
        raise _conflict("too_many_bookings",
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
        # Neither matched: the parent is at the limit, a seat was freed between the two
        # statements, or the session changed.
        check_active_limit(parent, now)
        facts = _booking_facts(parent, facts.id, child_id)
        check_bookable(facts, now)
    raise _conflict("busy_try_again", "当前预约人数较多，请稍后重试")


def _new_booking(ids: dict, status: str, ticket: int | None, now: datetime, **columns) -> Booking:
    return Booking(**ids, status=status, waitlist_ticket=ticket, created_at=now,
                   confirmed_at=now if status == "confirmed" else None, **columns)


def _seat_then_row(ids: dict, params: dict) -> Booking | None:
    """SQLite: the seat, then the booking row (SQLite serialises writers: nothing interleaves)."""
    if db.session.execute(_TAKE_SEAT, params).rowcount != 1:
        return None
    return _insert_booking(ids, "confirmed", None, params["now"])


def _ticket_then_row(ids: dict, params: dict) -> Booking | None:
    drawn = db.session.execute(_DRAW_TICKET, params).first()
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
    except IntegrityError:
        raise _duplicate(ids)
    return booking


def _in_one_statement(statement, status: str, ids: dict, params: dict) -> Booking | None:
    """PostgreSQL: the seat (or ticket) and the booking row in one statement, so the session row
    is locked only for that statement and the commit. Same conditions as the two steps."""
    try:
        row = db.session.execute(statement, params).first()
    except IntegrityError:
        raise _duplicate(ids)
    if row is None:
        return None
    booking = _new_booking(ids, status, row.waitlist_ticket, params["now"], id=row.id,
                           cancelled_at=None, cancel_reason=None, checked_in_at=None,
                           checked_in_by=None)
    make_transient_to_detached(booking)  # the row exists: make it persistent without a read
    db.session.add(booking)
    booking.queued_at_position = row.position
    return booking


_WRITES_IN_TWO_STEPS = (_seat_then_row, _ticket_then_row)
_WRITES_PG = (partial(_in_one_statement, _BOOK_SEAT, "confirmed"),
              partial(_in_one_statement, _BOOK_TICKET, "waitlisted"))


def _duplicate(ids: dict) -> DomainError:
    """The partial unique index refused a second live booking of this child (or this parent
    without a child) in this session."""
    db.session.rollback()
    return already_booked(live_booking(**ids))


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _lock_parent(parent: User) -> None:
    """The lock a booking takes with its facts (see _BOOKING_FACTS), for other writes."""
    db.session.execute(_LOCK_PARENT, {"parent_id": parent.id})


def _lock_session(session_id: int) -> None:
    db.session.execute(select(CourseSession.id).where(CourseSession.id == session_id)
                       .with_for_update())


# --- cancelling and the waiting list ---------------------------------------------------------

def cancel_booking(parent: User, booking_id: int) -> Booking:
    """The parent cancels before the start; a freed seat goes to the next in line at once."""
    booking = own_booking(parent, booking_id)
    if booking.status == "cancelled":
        return booking
    if booking.status in ("attended", "no_show"):
        raise _conflict("booking_finished", "该预约已签到或已结束，无法取消")
    now = utcnow()
    if booking.session.starts_at <= now:
        raise _conflict("cancel_after_start",
                        "场次已开始，无法在线取消预约；如不能到场，请联系场地工作人员")
    _lock_session(booking.session_id)
    _release(booking, "parent", now)
    db.session.commit()
    return booking


def _release(booking: Booking, reason: str, now: datetime, refill: bool = True) -> bool:
    """Cancel an active booking (the session row must be locked). A confirmed one hands its seat
    to the first waitlisted booking, or gives it back. False if it was no longer active."""
    status = db.session.scalar(select(Booking.status).where(Booking.id == booking.id)
                               .with_for_update())
    if status not in ACTIVE_STATUSES:
        db.session.refresh(booking)
        return False
    booking.status, booking.cancelled_at, booking.cancel_reason = "cancelled", now, reason
    db.session.flush()
    if status == "waitlisted":
        db.session.execute(_LEAVE_QUEUE, {"session_id": booking.session_id})
    if status == "confirmed" and refill:
        _refill_seat(booking.session_id, now)
    hooks.release(booking, reason)
    return True


def _refill_seat(session_id: int, now: datetime) -> None:
    if not _promote_next(session_id, now):
        db.session.execute(
            update(CourseSession)
            .where(CourseSession.id == session_id, CourseSession.seats_taken > 0)
            .values(seats_taken=CourseSession.seats_taken - 1)
            .execution_options(synchronize_session=False))


def _promote_next(session_id: int, now: datetime) -> Booking | None:
    """The first waitlisted booking takes a seat that is already counted as taken."""
    first = db.session.scalars(
        select(Booking).where(Booking.session_id == session_id, Booking.status == "waitlisted")
        .order_by(Booking.waitlist_ticket).limit(1).with_for_update()).first()
    if first is not None:
        first.status, first.confirmed_at = "confirmed", now
        db.session.flush()
        db.session.execute(_LEAVE_QUEUE, {"session_id": session_id})
    return first


def _fill_to_capacity(session: CourseSession, now: datetime) -> None:
    """After capacity grew: promote waitlisted bookings while seats are left."""
    while True:
        db.session.refresh(session)
        if session.seats_taken >= session.capacity or _promote_next(session.id, now) is None:
            return
        session.seats_taken += 1
        db.session.flush()


# --- check-in and roster ----------------------------------------------------------------------

def staff_session(staff: User, session_id: int) -> CourseSession:
    """The session, if this staff member works at its venue (admins may act anywhere)."""
    session = get_session(session_id)
    if staff.role != "admin" and staff.venue_id != session.venue_id:
        raise Forbidden("not_your_venue", "只能为本场地的场次签到或查看名单，请核对场次")
    return session


def check_in(staff: User, session_id: int, booking_id: int | None,
             qr_token: str | None) -> tuple[Booking, bool]:
    """Mark a confirmed booking attended; returns (booking, already_checked_in)."""
    session = staff_session(staff, session_id)
    if qr_token is not None:
        booking_id = qr.read(qr_token)
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("booking_not_found", "没有找到这条预约，请核对预约号")
    if booking.session_id != session.id:
        other = booking.session
        raise _conflict("booking_for_other_session",
                        f"该预约属于其他场次（{other.course.title}，{_when(other.starts_at)}），"
                        "请核对后再签到")
    if booking.status == "attended":
        return booking, True
    check_checkin_window(session, utcnow())
    already = mark_attended(booking, staff)
    db.session.commit()
    return booking, already


def check_checkin_window(session: CourseSession, now: datetime) -> None:
    if session.status == "cancelled":
        raise _conflict("session_cancelled", "该场次已取消，无法签到")
    if now < session.starts_at - CHECKIN_OPENS_BEFORE:
        raise _conflict("checkin_not_open",
                        f"签到将于开课前 {CHECKIN_OPENS_BEFORE.seconds // 60} 分钟开放"
                        f"（{_when(session.starts_at - CHECKIN_OPENS_BEFORE)}），请稍后再试")
    if now > session.ends_at + CHECKIN_CLOSES_AFTER:
        raise _conflict("checkin_closed", "该场次已结束超过 1 小时，签到已关闭")


def mark_attended(booking: Booking, staff: User) -> bool:
    """Confirmed (or marked no-show) -> attended, in the caller's transaction; True if it
    already was attended. Vouchers call this when a redemption comes with a booking."""
    now = utcnow()
    result = db.session.execute(
        update(Booking).where(Booking.id == booking.id,
                              Booking.status.in_(("confirmed", "no_show")))
        .values(status="attended", checked_in_at=now, checked_in_by=staff.id)
        .execution_options(synchronize_session=False))
    db.session.refresh(booking)
    if result.rowcount == 1:
        return False
    if booking.status == "attended":
        return True
    if booking.status == "waitlisted":
        raise _conflict("booking_waitlisted", "该家长仍在候补中，尚未获得座位，不能签到")
    raise _conflict("booking_cancelled", "该预约已取消，不能签到；请家长重新预约")


def roster(staff: User, session_id: int) -> tuple[CourseSession, list[dict]]:
    session = staff_session(staff, session_id)
    rows = db.session.execute(
        select(Booking, User.nickname, Child)
        .join(User, User.id == Booking.parent_id)
        .outerjoin(Child, Child.id == Booking.child_id)
        .where(Booking.session_id == session.id, Booking.status != "cancelled")
        .order_by(Booking.status == "waitlisted", Booking.waitlist_ticket, Booking.id)).all()
    on = to_local(session.starts_at).date()
    entries, position = [], 0
    for booking, parent_nickname, child in rows:
        if booking.status == "waitlisted":
            position += 1
        entries.append({
            "booking_id": booking.id, "status": booking.status,
            "waitlist_position": position if booking.status == "waitlisted" else None,
            "parent_nickname": parent_nickname, "child_nickname": child.nickname if child else None,
            "child_stage": stage_label(stage_months(child.birth_date, child.due_date, on))
            if child else "孕期/备孕",
            "checked_in_at": booking.checked_in_at})
    return session, entries


def booking_qr(parent: User, booking_id: int) -> dict:
    booking = own_booking(parent, booking_id)
    if booking.status not in ("confirmed", "attended"):
        raise _conflict("booking_not_confirmed", "预约成功后才有签到二维码；候补中或已取消的预约没有")
    token, ttl = qr.issue(booking.id, booking.session_id)
    return {"token": token, "expires_in": ttl}


# --- the admin's writes -----------------------------------------------------------------------

def create_venue(data: dict) -> Venue:
    venue = Venue(**data)
    db.session.add(venue)
    db.session.commit()
    return venue


def update_venue(venue_id: int, changes: dict) -> Venue:
    venue = get_venue(venue_id)
    for name, value in changes.items():
        setattr(venue, name, value)
    db.session.commit()
    return venue


def close_venue(venue_id: int, reason: str | None) -> Venue:
    """Deactivate a venue and cancel its sessions that have not started."""
    venue = get_venue(venue_id)
    venue.is_active = False
    now = utcnow()
    for session in _upcoming_sessions(CourseSession.venue_id == venue.id, now):
        _cancel_session(session, reason or "场地停止开放", "venue_closed", now)
    db.session.commit()
    return venue


def create_course(data: dict) -> Course:
    course = Course(**data)
    db.session.add(course)
    db.session.commit()
    return course


def update_course(course_id: int, changes: dict) -> Course:
    course = get_course(course_id)
    lo = changes.get("age_min_months", course.age_min_months)
    hi = changes.get("age_max_months", course.age_max_months)
    if lo > hi:
        raise InvalidInput("age_min_months", "最小月龄不能大于最大月龄")
    for name, value in changes.items():
        setattr(course, name, value)
    db.session.commit()
    return course


def cancel_course(course_id: int, reason: str | None) -> Course:
    """Withdraw a course and cancel its sessions that have not started."""
    course = get_course(course_id)
    course.status = "cancelled"
    now = utcnow()
    for session in _upcoming_sessions(CourseSession.course_id == course.id, now):
        _cancel_session(session, reason or "课程已下线", "course_cancelled", now)
    db.session.commit()
    return course


def create_session(data: dict) -> CourseSession:
    course, venue = get_course(data["course_id"]), get_venue(data["venue_id"])
    if course.status != "published":
        raise _conflict("course_cancelled", "该课程已下线，不能新增场次")
    if not venue.is_active:
        raise _conflict("venue_inactive", "该场地已停用，不能新增场次")
    starts = data["starts_at"]
    data.setdefault("ends_at", starts + timedelta(minutes=course.duration_minutes))
    data.setdefault("booking_closes_at", starts - timedelta(hours=2))
    data.setdefault("booking_opens_at", min(starts - timedelta(days=7), data["booking_closes_at"]))
    _check_times(data, utcnow())
    session = CourseSession(**data, seats_taken=0, waitlist_issued=0, status="scheduled")
    db.session.add(session)
    db.session.commit()
    return session


def update_session(session_id: int, changes: dict) -> CourseSession:
    session = get_session(session_id)
    if session.status != "scheduled":
        raise _conflict("session_not_editable", "已取消或已结束的场次不能修改")
    now = utcnow()
    times = {name: changes.get(name, getattr(session, name)) for name in
             ("starts_at", "ends_at", "booking_opens_at", "booking_closes_at")}
    if any(name in changes for name in times):
        _check_times(times, now)
    if "venue_id" in changes:
        get_venue(changes["venue_id"])
    _lock_session(session.id)
    db.session.refresh(session)
    if changes.get("capacity", session.capacity) < session.seats_taken:
        raise _conflict("capacity_below_taken",
                        f"已有 {session.seats_taken} 人预约成功，容量不能小于该人数")
    for name, value in changes.items():
        setattr(session, name, value)
    db.session.flush()
    _fill_to_capacity(session, now)
    db.session.commit()
    return session


def cancel_session(session_id: int, reason: str | None) -> CourseSession:
    session = get_session(session_id)
    if session.status == "cancelled":
        return session
    now = utcnow()
    if session.status == "finished" or session.starts_at <= now:
        raise _conflict("session_started", "已开始或已结束的场次不能取消")
    _cancel_session(session, reason or "场次取消", "session_cancelled", now)
    db.session.commit()
    return session


def _cancel_session(session: CourseSession, reason: str, release_reason: str,
                    now: datetime) -> None:
    """Cancel the session and every active booking on it (releasing what hooks reserved)."""
    _lock_session(session.id)
    session.status, session.cancelled_at, session.cancel_reason = "cancelled", now, reason
    active = db.session.scalars(select(Booking).where(
        Booking.session_id == session.id, Booking.status.in_(ACTIVE_STATUSES))).all()
    for booking in active:
        _release(booking, release_reason, now, refill=False)
    session.seats_taken = 0
    db.session.flush()


def _upcoming_sessions(condition, now: datetime) -> list[CourseSession]:
    return list(db.session.scalars(select(CourseSession).where(
        condition, CourseSession.status == "scheduled", CourseSession.starts_at > now)
        .order_by(CourseSession.id)))


def _check_times(data: dict, now: datetime) -> None:
    if data["starts_at"] <= now:
        raise InvalidInput("starts_at", "开始时间应晚于现在")
    if data["ends_at"] <= data["starts_at"]:
        raise InvalidInput("ends_at", "结束时间应晚于开始时间")
    if data["booking_closes_at"] > data["starts_at"]:
        raise InvalidInput("booking_closes_at", "预约截止时间不能晚于开始时间")
    if data["booking_opens_at"] > data["booking_closes_at"]:
        raise InvalidInput("booking_opens_at", "开放预约时间不能晚于预约截止时间")


def finish_sessions(now: datetime | None = None) -> dict:
    """Sessions that have ended: scheduled -> finished, confirmed -> no_show, and anyone still
    waiting is released (cancelled with reason session_finished)."""
    now = now or utcnow()
    counts = {"sessions": 0, "no_show": 0, "waitlist_released": 0}
    ended = db.session.scalars(select(CourseSession).where(
        CourseSession.status == "scheduled", CourseSession.ends_at <= now)).all()
    for session in ended:
        _lock_session(session.id)
        session.status = "finished"
        counts["sessions"] += 1
        for booking in db.session.scalars(select(Booking).where(
                Booking.session_id == session.id, Booking.status.in_(ACTIVE_STATUSES))).all():
            if booking.status == "confirmed":
                booking.status = "no_show"
                counts["no_show"] += 1
            elif _release(booking, "session_finished", now, refill=False):
                counts["waitlist_released"] += 1
    db.session.commit()
    return counts


# --- personal data (PIPL access and erasure, see app.common.personal_data) ------------------

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
             "checked_in_at": to_local(b.checked_in_at).isoformat() if b.checked_in_at else None}
            for b, s, title, venue in rows]


def erase_for(user: User) -> None:
    """Before the account goes: give back every seat and queue place in sessions that have not
    started (the waiting list moves up, hooks release vouchers); the rows then go with the account
    (ON DELETE CASCADE). Inside the deletion's transaction; no commit."""
    _lock_parent(user)
    _release_live_bookings(Booking.parent_id == user.id)


def erase_for_child(child: Child) -> None:
    """The same before one child's record is deleted."""
    _lock_parent(child.parent)
    _release_live_bookings(Booking.child_id == child.id)


def _release_live_bookings(whose) -> None:
    now = utcnow()
    live = db.session.scalars(
        select(Booking).join(CourseSession, CourseSession.id == Booking.session_id)
        .where(whose, Booking.status.in_(ACTIVE_STATUSES),
               CourseSession.starts_at > now).order_by(Booking.session_id, Booking.id)).all()
    for booking in live:
        _lock_session(booking.session_id)
        _release(booking, "account_deleted", now)
