"""核销 at the door, and undoing it.

A redemption needs the child's confirmed booking in that session, inside the check-in window,
for a course the voucher covers: the voucher pays for that seat, and the booking becomes
attended through courses' attendance code (the one writer of attendance). A walk-in is booked
into a free seat first, in the same request. Rows are locked in the common order (parent,
session, booking, voucher); the voucher changes through one conditional UPDATE, so of many
racing clerks exactly one wins and the ledger gets exactly one row.
"""
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.common.errors import DomainError, InvalidInput, NotFound
from app.common.locking import lock_rows
from app.common.timeutil import SHANGHAI, to_local, utcnow
from app.courses import attendance, booking as courses_booking
from app.courses.lookup import when
from app.courses.models import Booking
from app.extensions import db
from app.vouchers import codes
from app.vouchers.holding import find_by_code_or_token
from app.vouchers.models import Redemption, RedemptionReversal, Voucher
from app.vouchers.refusals import not_yet_valid, status_error
from app.vouchers.rules import LIVE, coverage_text, covers, effective_status

log = logging.getLogger("app.vouchers")

REVERSAL_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Receipt:
    """What the clerk's screen shows after a redemption, taken before the commit so that
    answering costs no reload of the expired rows."""

    id: int
    voucher_id: int
    venue_id: int
    session_id: int
    booking_id: int | None
    marked_attended: bool
    walk_in: bool
    redeemed_at: datetime
    batch_name: str


def redeem(staff: User, session_id: int, code: str | None, qr: str | None,
           idempotency_key: str | None = None, walk_in: bool = False) -> Receipt:
    """Redeem at check-in; refused attempts are logged with the code masked."""
    try:
        return _redeem(staff, session_id, code, qr, idempotency_key, walk_in)
    except DomainError as refused:
        log.warning("voucher redeem refused reason=%s code=%s staff_id=%s session_id=%s",
                    refused.code, codes.masked(codes.normalise(code or "")) if code else "qr",
                    staff.id, session_id)
        raise


def _redeem(staff: User, session_id: int, code: str | None, qr: str | None,
            idempotency_key: str | None, walk_in: bool) -> Receipt:
    session = attendance.staff_session(staff, session_id)
    attendance.check_checkin_window(session, utcnow())
    voucher = find_by_code_or_token(code, qr)
    _check_redeemable(voucher, session)
    seat, walked_in = _seat_for(voucher, session, staff, walk_in)
    marked = not attendance.mark_attended(seat, staff)
    lock_rows(vouchers=[voucher.id])
    seen_no = voucher.redemption_no
    won = db.session.execute(
        update(Voucher).where(Voucher.id == voucher.id, Voucher.status.in_(LIVE),
                              Voucher.redemption_no == seen_no)
        .values(status="redeemed", redemption_no=seen_no + 1, booking_id=seat.id,
                updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if won != 1:
        db.session.refresh(voucher)
        raise status_error(voucher, effective_status(voucher))
    redemption = Redemption(voucher_id=voucher.id, redemption_no=seen_no + 1,
                            venue_id=session.venue_id, staff_id=staff.id, session_id=session.id,
                            booking_id=seat.id, marked_attended=marked,
                            idempotency_key=idempotency_key, redeemed_at=utcnow())
    db.session.add(redemption)
    db.session.flush()
    log.info("voucher redeemed voucher_id=%s session_id=%s staff_id=%s", voucher.id,
             session.id, staff.id)
    return Receipt(redemption.id, voucher.id, session.venue_id, session.id, seat.id, marked,
                   walked_in, redemption.redeemed_at, voucher.batch.name)


def _check_redeemable(voucher: Voucher, session) -> None:
    status = effective_status(voucher)
    if status not in LIVE:
        raise status_error(voucher, status)
    if utcnow() < voucher.batch.valid_from:
        raise not_yet_valid(voucher)
    if not covers(voucher.batch, session.course):
        raise DomainError("voucher_not_covered",
                          f"这张服务券适用于{coverage_text(voucher.batch)}，"
                          f"不能用于「{session.course.title}」")


def _seat_for(voucher: Voucher, session, staff: User, walk_in: bool) -> tuple[Booking, bool]:
    """The child's confirmed (or attended) booking in this session, which this voucher pays for;
    for a walk-in, a free seat booked now. Anything else is refused, naming where the voucher
    belongs."""
    if voucher.status == "reserved" and voucher.booking_id is not None:
        held = db.session.get(Booking, voucher.booking_id)
        if held is not None and held.session_id != session.id:
            raise DomainError("voucher_reserved_elsewhere",
                              f"这张服务券已预约 {when(held.session.starts_at)} 的场次"
                              f"「{held.session.course.title}」（场次 {held.session_id}），"
                              "不能在本场次核销", status=409)
    if voucher.child_id is None:
        raise DomainError("voucher_without_child", "这张服务券的孩子信息已删除，不能核销")
    seat = db.session.scalars(select(Booking).where(
        Booking.session_id == session.id, Booking.child_id == voucher.child_id,
        Booking.status != "cancelled").order_by(Booking.id)).first()
    if seat is not None:
        if seat.status == "waitlisted":
            raise DomainError("booking_waitlisted",
                              "该孩子在本场次仍在候补中，尚未获得座位；有空位时可为其现场登记后再核销")
        _refuse_second_voucher(seat, voucher)
        return seat, False
    if not walk_in:
        raise DomainError("no_booking_in_session",
                          "该孩子没有预约本场次：请核对场次；如是现场参加，请勾选“现场登记”为其占一个空位后再核销",
                          status=409)
    parent = db.session.get(User, voucher.parent_id)
    return courses_booking.book_at_door(parent, session, voucher.child_id), True


def _refuse_second_voucher(seat: Booking, voucher: Voucher) -> None:
    """One seat is paid by one voucher: the one reserved on it, or the one already redeemed."""
    other = db.session.scalars(select(Voucher).where(
        Voucher.booking_id == seat.id, Voucher.id != voucher.id,
        Voucher.status.in_(("reserved", "redeemed")))).first()
    if other is not None:
        raise DomainError("booking_has_other_voucher",
                          f"该预约已使用另一张服务券（{codes.masked(other.code)}，"
                          f"{'已核销' if other.status == 'redeemed' else '预约时选用'}），"
                          "请核销那一张；同一座位只能使用一张服务券")


def reverse(actor: User, redemption_id: int, reason: str | None = None,
            undo_checkin: bool = False) -> RedemptionReversal:
    """Undo a redemption: the voucher goes back to its booking (or to the parent); the check-in
    stays unless staff say it was wrong too. Venue staff within 15 minutes at their venue; an
    admin at any time, with a written reason (the reversal row is the audit)."""
    redemption = db.session.get(Redemption, redemption_id,
                                options=[joinedload(Redemption.voucher)])
    if redemption is None:
        raise NotFound("redemption_not_found", "没有找到该核销记录")
    if actor.role == "admin":
        if not (reason or "").strip():
            raise InvalidInput("reason", "管理员撤销核销需填写原因（将记入审计）",
                               code="reason_required")
    else:
        if actor.venue_id != redemption.venue_id:
            raise NotFound("redemption_not_found", "没有找到该核销记录")
        if utcnow() - redemption.redeemed_at > REVERSAL_WINDOW:
            raise DomainError("reversal_window_passed",
                              "核销超过15分钟，不能撤销；如确需撤销，请联系管理员并说明原因")
    if redemption.reversal is not None:
        raise DomainError("redemption_already_reversed", "该核销已撤销")
    seat = db.session.get(Booking, redemption.booking_id) if redemption.booking_id else None
    back_on_seat = seat is not None and seat.status in ("confirmed", "attended")
    lock_rows(bookings=[seat.id] if seat else [], vouchers=[redemption.voucher_id])
    undone = db.session.execute(
        update(Voucher).where(Voucher.id == redemption.voucher_id, Voucher.status == "redeemed",
                              Voucher.redemption_no == redemption.redemption_no)
        .values(status="reserved" if back_on_seat else "issued",
                booking_id=seat.id if back_on_seat else None, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if undone != 1:
        raise DomainError("redemption_already_reversed", "该核销已撤销")
    if undo_checkin and seat is not None:
        attendance.undo_attended(seat.id)
    reversal = RedemptionReversal(redemption_id=redemption.id, staff_id=actor.id, reason=reason)
    db.session.add(reversal)
    db.session.flush()
    return reversal


def redemptions_query(staff: User, session_id: int | None, on: date | None):
    """A venue's redemptions, newest first (admins see every venue)."""
    stmt = (select(Redemption).options(joinedload(Redemption.voucher).joinedload(Voucher.batch),
                                       joinedload(Redemption.reversal))
            .order_by(Redemption.redeemed_at.desc(), Redemption.id.desc()))
    if staff.role != "admin":
        stmt = stmt.where(Redemption.venue_id == staff.venue_id)
    if session_id is not None:
        stmt = stmt.where(Redemption.session_id == session_id)
    if on is not None:
        start = datetime.combine(on, time.min, SHANGHAI)
        stmt = stmt.where(Redemption.redeemed_at >= start,
                          Redemption.redeemed_at < start + timedelta(days=1))
    return stmt


def can_undo_until(redemption: Redemption) -> datetime:
    return to_local(redemption.redeemed_at + REVERSAL_WINDOW)
