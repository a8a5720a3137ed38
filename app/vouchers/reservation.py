"""A voucher held by a booking: reserved when the parent books with it, given back when the
booking is cancelled or ends as a no-show (or forfeited, when the batch says so), so no voucher
is ever stuck. Called through courses' booking hooks, inside the booking's unit of work."""
from sqlalchemy import case, select, update

from app.accounts.models import User
from app.common.errors import DomainError, NotFound
from app.common.locking import lock_rows
from app.common.timeutil import utcnow
from app.extensions import db
from app.vouchers.models import Voucher, VoucherBatch
from app.vouchers.refusals import not_yet_valid, status_error
from app.vouchers.rules import coverage_text, covers, effective_status


def reserve_for_booking(parent: User, voucher_id: int, child_id: int | None, booking,
                        course) -> Voucher:
    voucher = db.session.get(Voucher, voucher_id)
    if voucher is None or voucher.parent_id != parent.id:
        raise NotFound("voucher_not_found", "没有找到这张服务券",
                       errors={"voucher_id": ["没有找到这张服务券"]})
    if voucher.child_id != child_id:
        raise DomainError("voucher_wrong_child", "这张服务券属于另一个孩子，请选择该孩子名下的服务券",
                          errors={"voucher_id": ["不属于该孩子"]})
    status = effective_status(voucher)
    if status != "issued":
        raise status_error(voucher, status)
    if utcnow() < voucher.batch.valid_from:
        raise not_yet_valid(voucher)
    if not covers(voucher.batch, course):
        raise DomainError("voucher_not_covered",
                          f"这张服务券适用于{coverage_text(voucher.batch)}，不能用于「{course.title}」")
    lock_rows(vouchers=[voucher.id])
    held = db.session.execute(
        update(Voucher).where(Voucher.id == voucher.id, Voucher.status == "issued")
        .values(status="reserved", booking_id=booking.id, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if held != 1:
        db.session.refresh(voucher)
        raise status_error(voucher, effective_status(voucher))
    db.session.refresh(voucher)
    return voucher


def release_for_booking(booking_id: int) -> int:
    """The booking was cancelled: its voucher goes back to issued."""
    return db.session.execute(
        update(Voucher).where(Voucher.booking_id == booking_id, Voucher.status == "reserved")
        .values(status="issued", booking_id=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount


def after_no_show(booking_id: int) -> int:
    """The booking ended as a no-show: its voucher goes back to issued, or is forfeited where
    the batch's rule says a no-show forfeits it."""
    forfeits = select(VoucherBatch.no_show_forfeits).where(
        VoucherBatch.id == Voucher.batch_id).scalar_subquery()
    voucher_ids = list(db.session.scalars(select(Voucher.id).where(
        Voucher.booking_id == booking_id, Voucher.status == "reserved")))
    if not voucher_ids:
        return 0
    lock_rows(vouchers=voucher_ids)
    return db.session.execute(
        update(Voucher).where(Voucher.id.in_(voucher_ids), Voucher.status == "reserved")
        .values(status=case((forfeits, "forfeited"), else_="issued"),
                booking_id=case((forfeits, Voucher.booking_id), else_=None),
                updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
