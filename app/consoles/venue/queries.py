"""What the session page reads besides the roster: vouchers on the bookings, undoable
redemptions. Reads only; every write goes through the courses and vouchers services."""
from datetime import datetime

from sqlalchemy import select

from app.courses.models import Booking
from app.vouchers import codes
from app.vouchers.models import Redemption, RedemptionReversal, Voucher, VoucherBatch
from app.vouchers.redemption import REVERSAL_WINDOW
from app.extensions import db

VOUCHER_STATUS = {"reserved": "已预约使用", "redeemed": "已核销", "issued": "未使用",
                  "expired": "已过期", "revoked": "已作废"}


def vouchers_by_booking(session_id: int, booking_ids: list[int]) -> dict[int, str]:
    """booking id -> "batch name（status）" for the vouchers reserved on or redeemed for it."""
    held: dict[int, str] = {}
    if not booking_ids:
        return held
    reserved = db.session.execute(
        select(Voucher.booking_id, Voucher.status, VoucherBatch.name)
        .join(VoucherBatch, VoucherBatch.id == Voucher.batch_id)
        .join(Booking, Booking.id == Voucher.booking_id)
        .where(Booking.session_id == session_id)).all()
    for booking_id, status, name in reserved:
        held[booking_id] = f"{name}（{VOUCHER_STATUS.get(status, status)}）"
    redeemed = db.session.execute(
        select(Redemption.booking_id, VoucherBatch.name)
        .join(Voucher, Voucher.id == Redemption.voucher_id)
        .join(VoucherBatch, VoucherBatch.id == Voucher.batch_id)
        .outerjoin(RedemptionReversal, RedemptionReversal.redemption_id == Redemption.id)
        .where(Redemption.session_id == session_id, Redemption.booking_id.is_not(None),
               RedemptionReversal.id.is_(None))).all()
    for booking_id, name in redeemed:
        held[booking_id] = f"{name}（已核销）"
    return held


def undoable_redemptions(session_id: int, now: datetime) -> list[dict]:
    """This session's redemptions still inside the undo window, newest first."""
    rows = db.session.execute(
        select(Redemption, Voucher.code, VoucherBatch.name)
        .join(Voucher, Voucher.id == Redemption.voucher_id)
        .join(VoucherBatch, VoucherBatch.id == Voucher.batch_id)
        .outerjoin(RedemptionReversal, RedemptionReversal.redemption_id == Redemption.id)
        .where(Redemption.session_id == session_id, RedemptionReversal.id.is_(None),
               Redemption.redeemed_at > now - REVERSAL_WINDOW)
        .order_by(Redemption.redeemed_at.desc(), Redemption.id.desc())).all()
    return [{"id": r.id, "code": codes.masked(code), "batch": name, "booking_id": r.booking_id,
             "marked_attended": r.marked_attended, "redeemed_at": r.redeemed_at, "until": r.redeemed_at + REVERSAL_WINDOW}
            for r, code, name in rows]


def redemption_of_session(session_id: int, redemption_id: int) -> Redemption | None:
    return db.session.scalars(select(Redemption).where(
        Redemption.id == redemption_id, Redemption.session_id == session_id)).first()
