"""The admin's writes: venues, courses and sessions, and the cancellations they cascade to.

Session rules shared with venue staff scheduling their own classes: a session is never born
closed for booking, and the same course at the same venue and start is a duplicate.
"""
from datetime import datetime, timedelta

from sqlalchemy import select

from app.common import scope
from app.common.errors import InvalidInput, NotFound
from app.common.locking import lock_rows
from app.common.timeutil import utcnow
from app.courses import course_city
from app.courses.lookup import (conflict, get_course, get_session, get_venue, session_not_found,
                                when)
from app.courses.models import ACTIVE_STATUSES, Booking, Course, CourseSession, Venue
from app.courses.waitlist import fill_to_capacity, release
from app.extensions import db

DEFAULT_CLOSES_BEFORE = timedelta(hours=2)
DEFAULT_OPENS_BEFORE = timedelta(days=7)


# --- 属地管理: a district admin manages their district's venues and sessions only -------------

def venue_in_scope(admin, venue_id: int) -> Venue:
    """The venue, or the same 404 as a missing one when it lies outside the admin's scope."""
    venue = get_venue(venue_id)
    scope.ensure_found(admin, venue.district, NotFound("venue_not_found", "没有找到该场地"))
    return venue


def session_in_scope(admin, session_id: int) -> CourseSession:
    session = get_session(session_id)
    scope.ensure_found(admin, get_venue(session.venue_id).district, session_not_found())
    return session


def check_scope(admin, data: dict) -> None:
    """What a write names: a venue's district, or the venue a session is (moved) at."""
    if "district" in data:
        scope.ensure_district(admin, data["district"])
    if data.get("venue_id") is not None:
        venue_in_scope(admin, data["venue_id"])


# --- venues -----------------------------------------------------------------------------------

def create_venue(data: dict) -> Venue:
    venue = Venue(**data)
    db.session.add(venue)
    db.session.flush()
    return venue


def update_venue(venue_id: int, changes: dict) -> Venue:
    venue = get_venue(venue_id)
    for name, value in changes.items():
        setattr(venue, name, value)
    db.session.flush()
    return venue


def close_venue(venue_id: int, reason: str | None) -> Venue:
    """Deactivate a venue and cancel its sessions that have not started."""
    venue = get_venue(venue_id)
    venue.is_active = False
    _cancel_upcoming(CourseSession.venue_id == venue.id, reason or "场地停止开放", "venue_closed")
    return venue


# --- courses ----------------------------------------------------------------------------------

def course_in_scope(admin, course_id: int) -> Course:
    return course_city.course_in_scope(admin, get_course(course_id))


def create_course(data: dict, admin=None) -> Course:
    course = Course(**course_city.check_city(admin, data, new=True))
    db.session.add(course)
    db.session.flush()
    return course


def update_course(course_id: int, changes: dict, admin=None) -> Course:
    course = course_in_scope(admin, course_id)
    changes = course_city.check_city(admin, changes, new=False)
    if changes.get("city", course.city) != course.city:
        course_city.check_sessions_follow(course, changes["city"])
    lo = changes.get("age_min_months", course.age_min_months)
    hi = changes.get("age_max_months", course.age_max_months)
    if lo > hi:
        raise InvalidInput("age_min_months", "最小月龄不能大于最大月龄")
    for name, value in changes.items():
        setattr(course, name, value)
    db.session.flush()
    return course


def cancel_course(course_id: int, reason: str | None, admin=None) -> Course:
    """Withdraw a course and cancel its sessions that have not started."""
    course = course_in_scope(admin, course_id)
    course.status = "cancelled"
    _cancel_upcoming(CourseSession.course_id == course.id, reason or "课程已下线",
                     "course_cancelled")
    return course


# --- sessions ---------------------------------------------------------------------------------

def create_session(data: dict) -> CourseSession:
    """A new session. Without an explicit closing time booking closes 2 hours before the start,
    clamped to the start itself when that moment has already passed, so a session is never born
    closed; an explicit closing time in the past is refused."""
    course, venue = get_course(data["course_id"]), get_venue(data["venue_id"])
    if course.status != "published":
        raise conflict("course_cancelled", "该课程已下线，不能新增场次")
    if not venue.is_active:
        raise conflict("venue_inactive", "该场地已停用，不能新增场次")
    course_city.check_session_place(course, venue.district)
    now = utcnow()
    starts = data["starts_at"]
    data.setdefault("ends_at", starts + timedelta(minutes=course.duration_minutes))
    if "booking_closes_at" not in data:
        closes = starts - DEFAULT_CLOSES_BEFORE
        data["booking_closes_at"] = closes if closes > now else starts
    data.setdefault("booking_opens_at", min(starts - DEFAULT_OPENS_BEFORE,
                                            data["booking_closes_at"]))
    _check_times(data, now)
    _check_not_duplicate(data["course_id"], data["venue_id"], starts)
    session = CourseSession(**data, seats_taken=0, waitlist_issued=0, status="scheduled")
    db.session.add(session)
    db.session.flush()
    return session


def update_session(session_id: int, changes: dict) -> CourseSession:
    session = get_session(session_id)
    if session.status != "scheduled":
        raise conflict("session_not_editable", "已取消或已结束的场次不能修改")
    now = utcnow()
    times = {name: changes.get(name, getattr(session, name)) for name in
             ("starts_at", "ends_at", "booking_opens_at", "booking_closes_at")}
    if any(name in changes for name in times):
        _check_times(times, now, closing_may_have_passed="booking_closes_at" not in changes)
    if "venue_id" in changes:
        course_city.check_session_place(get_course(session.course_id),
                                        get_venue(changes["venue_id"]).district)
    if "starts_at" in changes or "venue_id" in changes:
        _check_not_duplicate(session.course_id, changes.get("venue_id", session.venue_id),
                             times["starts_at"], besides=session.id)
    lock_rows(session=session.id)
    db.session.refresh(session)
    if changes.get("capacity", session.capacity) < session.seats_taken:
        raise conflict("capacity_below_taken",
                       f"已有 {session.seats_taken} 人预约成功，容量不能小于该人数")
    for name, value in changes.items():
        setattr(session, name, value)
    db.session.flush()
    fill_to_capacity(session, now)
    return session


def cancel_session(session_id: int, reason: str | None) -> CourseSession:
    session = get_session(session_id)
    if session.status == "cancelled":
        return session
    now = utcnow()
    if session.status == "finished" or session.starts_at <= now:
        raise conflict("session_started", "已开始或已结束的场次不能取消")
    _cancel_session(session, reason or "场次取消", "session_cancelled", now)
    db.session.flush()
    return session


def _cancel_session(session: CourseSession, reason: str, release_reason: str,
                    now: datetime) -> None:
    """Cancel the session and every active booking on it (releasing what hooks reserved)."""
    lock_rows(session=session.id)
    session.status, session.cancelled_at, session.cancel_reason = "cancelled", now, reason
    active = db.session.scalars(select(Booking).where(
        Booking.session_id == session.id, Booking.status.in_(ACTIVE_STATUSES))
        .order_by(Booking.id)).all()
    for booking in active:
        release(booking, release_reason, now, refill=False)
    session.seats_taken = 0
    db.session.flush()


def _cancel_upcoming(condition, reason: str, release_reason: str) -> None:
    """Cancel every session matching `condition` that has not started (a venue closed, a course
    withdrawn), with its bookings."""
    now = utcnow()
    upcoming = db.session.scalars(select(CourseSession).where(
        condition, CourseSession.status == "scheduled", CourseSession.starts_at > now)
        .order_by(CourseSession.id)).all()
    for session in upcoming:
        _cancel_session(session, reason, release_reason, now)
    db.session.flush()


def _check_not_duplicate(course_id: int, venue_id: int, starts: datetime,
                         besides: int | None = None) -> None:
    stmt = select(CourseSession.id).where(
        CourseSession.course_id == course_id, CourseSession.venue_id == venue_id,
        CourseSession.starts_at == starts, CourseSession.status != "cancelled")
    if besides is not None:
        stmt = stmt.where(CourseSession.id != besides)
    existing = db.session.scalar(stmt)
    if existing is not None:
        raise conflict("session_duplicate",
                       f"该场地在 {when(starts)} 已有同一课程的场次（场次 {existing}），请勿重复创建")


def _check_times(data: dict, now: datetime, closing_may_have_passed: bool = False) -> None:
    if data["starts_at"] <= now:
        raise InvalidInput("starts_at", "开始时间应晚于现在")
    if data["ends_at"] <= data["starts_at"]:
        raise InvalidInput("ends_at", "结束时间应晚于开始时间")
    if data["booking_closes_at"] > data["starts_at"]:
        raise InvalidInput("booking_closes_at", "预约截止时间不能晚于开始时间")
    if data["booking_closes_at"] <= now and not closing_may_have_passed:
        raise InvalidInput("booking_closes_at", "预约截止时间已过，场次一创建就无法预约；请设置晚于现在的截止时间")
    if data["booking_opens_at"] > data["booking_closes_at"]:
        raise InvalidInput("booking_opens_at", "开放预约时间不能晚于预约截止时间")
