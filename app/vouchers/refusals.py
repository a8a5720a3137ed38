"""Why a voucher cannot be used, in words a parent or a clerk can act on."""
from sqlalchemy import select

from app.common.errors import DomainError
from app.common.timeutil import to_local
from app.extensions import db
from app.vouchers.models import Redemption, Voucher


def status_error(voucher: Voucher, status: str) -> DomainError:
    if status == "redeemed":
        last = db.session.scalars(select(Redemption).where(Redemption.voucher_id == voucher.id)
                                  .order_by(Redemption.redemption_no.desc())).first()
        if last is not None:
            from app.courses.models import Venue

            venue = db.session.get(Venue, last.venue_id)
            when = to_local(last.redeemed_at).strftime("%Y-%m-%d %H:%M")
            return DomainError("voucher_already_redeemed",
                               f"该服务券已于 {when} 在{venue.name if venue else '其他场地'}核销")
        return DomainError("voucher_already_redeemed", "该服务券已核销")
    if status == "expired":
        until = to_local(voucher.batch.valid_until).strftime("%Y-%m-%d")
        return DomainError("voucher_expired", f"该服务券已于 {until} 过期，不能再使用")
    if status == "revoked":
        return DomainError("voucher_revoked", "该服务券已作废；如有疑问请联系发放单位")
    if status == "forfeited":
        return DomainError("voucher_forfeited",
                           "该服务券因预约后未到场已按批次规定作废；如有疑问请联系发放单位")
    if status == "reserved":
        return DomainError("voucher_reserved", "这张服务券已用于另一个预约；取消那个预约后才能再用")
    return DomainError("voucher_unavailable", "这张服务券当前不可用")


def not_yet_valid(voucher: Voucher) -> DomainError:
    start = to_local(voucher.batch.valid_from).strftime("%Y-%m-%d")
    return DomainError("voucher_not_yet_valid", f"该服务券自 {start} 起可用，请到时再来")
