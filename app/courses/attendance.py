"""Attendance: the only code that sets a booking `attended` or `no_show` (check-in at the door,
a voucher redemption, the end of a session), always inside the check-in window."""
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.accounts.models import Child, User
from app.common.errors import Forbidden, NotFound
from app.common.locking import lock_rows
from app.common.timeutil import to_local, utcnow
from app.courses import hooks, qr
from app.courses.lookup import conflict, get_session, when
from app.courses.models import ACTIVE_STATUSES, Booking, CourseSession
from app.courses.stage import stage_label, stage_months
from app.courses.waitlist import release
from app.extensions import db

CHECKIN_OPENS_BEFORE = timedelta(minutes=60)
CHECKIN_CLOSES_AFTER = timedelta(minutes=60)


def staff_session(staff: User, session_id: int) -> CourseSession:
    """The session, if this staff member works at its venue (admins may act anywhere)."""
    session = get_session(session_id)
    if staff.role != "admin" and staff.venue_id != session.venue_id:
        raise Forbidden("not_your_venue", "只能为本场地的场次签到或查看名单，请核对场次")
    return session


def find_booking(session: CourseSession, booking_id: int | None, qr_token: str | None) -> Booking:
    if qr_token is not None:
        booking_id = qr.read(qr_token)
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("booking_not_found", "没有找到这条预约，请核对预约号")
    if booking.session_id != session.id:
        other = booking.session
        raise conflict("booking_for_other_session",
                       f"该预约属于其他场次（{other.course.title}，{when(other.starts_at)}），"
                       "请核对后再签到")
    return booking


def check_in(staff: User, session_id: int, booking_id: int | None,
             qr_token: str | None) -> tuple[Booking, bool]:
    """Mark a confirmed booking attended; returns (booking, already_checked_in)."""
    session = staff_session(staff, session_id)
    booking = find_booking(session, booking_id, qr_token)
    already = mark_attended(booking, staff)
    return booking, already


def check_checkin_window(session: CourseSession, now: datetime) -> None:
    if session.status == "cancelled":
        raise conflict("session_cancelled", "该场次已取消，无法签到")
    if now < session.starts_at - CHECKIN_OPENS_BEFORE:
        raise conflict("checkin_not_open",
                       f"签到将于开课前 {CHECKIN_OPENS_BEFORE.seconds // 60} 分钟开放"
                       f"（{when(session.starts_at - CHECKIN_OPENS_BEFORE)}），请稍后再试")
    if now > session.ends_at + CHECKIN_CLOSES_AFTER:
        raise conflict("checkin_closed", "该场次已结束超过 1 小时，签到已关闭")


def mark_attended(booking: Booking, staff: User) -> bool:
    """Confirmed (or marked no-show) -> attended, inside the check-in window, in the caller's
    unit of work; True if it already was attended. The desk and voucher redemption both come
    here."""
    if booking.status == "attended":
        return True
    now = utcnow()
    check_checkin_window(booking.session, now)
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
        raise conflict("booking_waitlisted", "该家长仍在候补中，尚未获得座位，不能签到")
    raise conflict("booking_cancelled", "该预约已取消，不能签到；请家长重新预约")


def undo_attended(booking_id: int) -> None:
    """A check-in staff say was wrong: attended -> confirmed (used by a voucher reversal that
    also undoes the check-in)."""
    db.session.execute(update(Booking).where(Booking.id == booking_id,
                                             Booking.status == "attended")
                       .values(status="confirmed", checked_in_at=None, checked_in_by=None)
                       .execution_options(synchronize_session=False))


CHECKIN_UNDO_WINDOW = timedelta(minutes=15)


def undo_check_in(staff: User, session_id: int, booking_id: int) -> Booking:
    """A check-in of the wrong family, taken back by the desk within 15 minutes (a check-in a
    voucher redemption made is undone by reversing that redemption first)."""
    from app.vouchers.models import Redemption, RedemptionReversal

    session = staff_session(staff, session_id)
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.session_id != session.id:
        raise NotFound("booking_not_found", "没有找到这条预约，请核对预约号")
    if booking.status != "attended":
        raise conflict("not_checked_in", "该预约尚未签到，无需撤销")
    if utcnow() - booking.checked_in_at > CHECKIN_UNDO_WINDOW:
        raise conflict("undo_window_passed", "签到超过15分钟，不能撤销；如有问题请联系管理员")
    by_redemption = db.session.scalar(
        select(Redemption.id).outerjoin(RedemptionReversal).where(
            Redemption.booking_id == booking.id, Redemption.marked_attended.is_(True),
            RedemptionReversal.id.is_(None)))
    if by_redemption is not None:
        raise conflict("checked_in_by_redemption", "该签到由核销服务券完成，请先撤销那次核销")
    undo_attended(booking.id)
    db.session.refresh(booking)
    if session.status == "finished":  # after the end, not checked in means not come
        booking.status = "no_show"
        db.session.flush()
        hooks.no_show(booking)
    return booking


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
            "parent_nickname": parent_nickname,
            "child_nickname": child.nickname if child else
            ("（已删除的孩子）" if booking.child_erased else None),
            "child_stage": _stage(child, booking, on),
            "checked_in_at": booking.checked_in_at})
    return session, entries


def _stage(child: Child | None, booking: Booking, on) -> str:
    if child is not None:
        return stage_label(stage_months(child.birth_date, child.due_date, on))
    return "—" if booking.child_erased else "孕期/备孕"


def finish_sessions(now: datetime | None = None, session_id: int | None = None) -> dict:
    """Sessions that have ended (all, or the one a clerk closes): scheduled -> finished,
    confirmed -> no_show (what a booking reserved is given back, see hooks.no_show), and anyone
    still waiting is released."""
    now = now or utcnow()
    counts = {"sessions": 0, "no_show": 0, "waitlist_released": 0}
    ended = db.session.scalars(select(CourseSession).where(
        CourseSession.status == "scheduled", CourseSession.ends_at <= now,
        *([CourseSession.id == session_id] if session_id is not None else []))
        .order_by(CourseSession.id)).all()
    for session in ended:
        lock_rows(session=session.id)
        session.status = "finished"
        counts["sessions"] += 1
        for booking in db.session.scalars(select(Booking).where(
                Booking.session_id == session.id, Booking.status.in_(ACTIVE_STATUSES))
                .order_by(Booking.id)).all():
            if booking.status == "confirmed":
                booking.status = "no_show"
                db.session.flush()
                hooks.no_show(booking)
                counts["no_show"] += 1
            elif release(booking, "session_finished", now, refill=False):
                counts["waitlist_released"] += 1
    db.session.flush()
    return counts
