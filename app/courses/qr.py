"""Short-lived signed booking tokens that the parent shows as a QR code and staff scan."""
from datetime import timedelta

import jwt
from flask import current_app

from app.common.errors import DomainError
from app.common.timeutil import utcnow

AUDIENCE = "booking-checkin"
TTL_SECONDS = 600
_ALGORITHM = "HS256"


def issue(booking_id: int, session_id: int) -> tuple[str, int]:
    claims = {"bid": booking_id, "sid": session_id, "aud": AUDIENCE,
              "exp": utcnow() + timedelta(seconds=TTL_SECONDS)}
    return jwt.encode(claims, current_app.config["SECRET_KEY"], algorithm=_ALGORITHM), TTL_SECONDS


def read(token: str) -> int:
    """The booking id a valid token names; a clear 400 for an expired or forged one."""
    try:
        claims = jwt.decode(token, current_app.config["SECRET_KEY"], algorithms=[_ALGORITHM],
                            audience=AUDIENCE, options={"require": ["bid", "exp", "aud"]})
    except jwt.ExpiredSignatureError:
        raise DomainError("qr_token_expired", "二维码已过期，请家长在「我的预约」中刷新二维码后重新出示",
                          status=400)
    except jwt.PyJWTError:
        raise DomainError("qr_token_invalid", "无法识别该二维码，请扫描「我的预约」中的签到二维码",
                          status=400)
    return int(claims["bid"])
