"""A parent's vouchers, the short-lived QR token they show, and finding a voucher from what the
clerk typed or scanned."""
from datetime import timedelta

import jwt
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.common.errors import DomainError, NotFound
from app.common.timeutil import utcnow
from app.extensions import db
from app.vouchers import codes
from app.vouchers.models import Voucher
from app.vouchers.refusals import status_error
from app.vouchers.rules import LIVE, effective_status

QR_TTL_SECONDS = 300


def my_vouchers(parent: User, status: str | None = None) -> list[Voucher]:
    vouchers = db.session.scalars(select(Voucher).where(Voucher.parent_id == parent.id)
                                  .order_by(Voucher.id)).all()
    if status:
        vouchers = [v for v in vouchers if effective_status(v) == status]
    return vouchers


def get_my_voucher(parent: User, voucher_id: int) -> Voucher:
    voucher = db.session.get(Voucher, voucher_id)
    if voucher is None or voucher.parent_id != parent.id:
        raise NotFound("voucher_not_found", "没有找到这张服务券")
    return voucher


def qr_token(parent: User, voucher_id: int) -> dict:
    voucher = get_my_voucher(parent, voucher_id)
    status = effective_status(voucher)
    if status not in LIVE:
        raise status_error(voucher, status)
    now = utcnow()
    token = jwt.encode({"typ": "voucher", "vid": voucher.id, "iat": now,
                        "exp": now + timedelta(seconds=QR_TTL_SECONDS)},
                       current_app.config["SECRET_KEY"], algorithm="HS256")
    return {"qr_token": token, "expires_in": QR_TTL_SECONDS, "code": codes.display(voucher.code)}


def find_by_code_or_token(code: str | None, qr: str | None) -> Voucher:
    if qr:
        try:
            claims = jwt.decode(qr, current_app.config["SECRET_KEY"], algorithms=["HS256"],
                                options={"require": ["exp", "vid"]})
        except jwt.ExpiredSignatureError:
            raise DomainError("qr_expired", "二维码已过期，请家长刷新后重新出示", status=400)
        except jwt.PyJWTError:
            raise DomainError("qr_invalid", "无法识别该二维码，请改为输入券码", status=400)
        if claims.get("typ") != "voucher":
            raise DomainError("qr_invalid", "这不是服务券二维码", status=400)
        voucher = db.session.get(Voucher, claims["vid"], options=[joinedload(Voucher.batch)])
    else:
        normalised = codes.normalise(code or "")
        if not codes.is_well_formed(normalised):
            raise DomainError("code_mistyped", "券码有误，请核对后重新输入（券码不含数字0、1和字母O、I）",
                              status=400, errors={"code": ["券码校验未通过"]})
        voucher = db.session.scalars(select(Voucher).options(joinedload(Voucher.batch))
                                     .where(Voucher.code == normalised)).first()
    if voucher is None:
        raise NotFound("voucher_not_found", "没有找到这张服务券")
    return voucher
