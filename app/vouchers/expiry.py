"""Vouchers past their batch's validity become expired (`flask vouchers expire`)."""
from sqlalchemy import select, update

from app.common.timeutil import utcnow
from app.extensions import db
from app.vouchers.models import Voucher, VoucherBatch
from app.vouchers.rules import LIVE


def expire_overdue() -> int:
    now = utcnow()
    overdue = select(VoucherBatch.id).where(VoucherBatch.valid_until <= now)
    return db.session.execute(
        update(Voucher).where(Voucher.status.in_(LIVE), Voucher.batch_id.in_(overdue))
        .values(status="expired", booking_id=None, updated_at=now)
        .execution_options(synchronize_session=False)).rowcount
