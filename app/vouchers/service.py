"""Voucher rules: issuing within a batch's total, a child's allowance, reserving on a booking,
redeeming once at the right venue, reversing within a window, and accounting.

Every write that a voucher's value depends on is one conditional UPDATE whose row count is
checked, with unique constraints behind it, so the rules hold with many workers at once.
"""
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import jwt
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.accounts.models import Child, User
from app.common.errors import DomainError, Forbidden, InvalidInput, NotFound
from app.common.timeutil import months_between, to_local, today_local, utcnow
from app.extensions import db
from app.vouchers import codes
from app.vouchers.models import Redemption, RedemptionReversal, Voucher, VoucherBatch

log = logging.getLogger("app.vouchers")

REVERSAL_WINDOW = timedelta(minutes=15)
QR_TTL_SECONDS = 300
LIVE = ("issued", "reserved")


# --- batches (admin) ----------------------------------------------------------------------

def create_batch(data: dict, admin: User) -> VoucherBatch:
    _check_batch_rules(data)
    batch = VoucherBatch(**data, status="draft", issued_count=0, created_by=admin.id)
    db.session.add(batch)
    db.session.commit()
    return batch


def _check_batch_rules(data: dict) -> None:
    if data["valid_until"] <= data["valid_from"]:
        raise InvalidInput("valid_until", "截止时间必须晚于开始时间")
    lo, hi = data.get("min_age_months"), data.get("max_age_months")
    if lo is not None and hi is not None and lo > hi:
        raise InvalidInput("max_age_months", "最大月龄不能小于最小月龄")
    if lo is None and hi is None and not data.get("includes_pregnancy"):
        raise InvalidInput("min_age_months", "请设置适用月龄，或勾选适用于孕期")
    if data["total"] < data["per_child"]:
        raise InvalidInput("total", "发放总量不能少于每名儿童的张数")


def get_batch(batch_id: int) -> VoucherBatch:
    batch = db.session.get(VoucherBatch, batch_id)
    if batch is None:
        raise NotFound("batch_not_found", "没有找到该发放批次")
    return batch


def set_batch_status(batch_id: int, status: str) -> VoucherBatch:
    batch = get_batch(batch_id)
    allowed = {"active": ("draft",), "closed": ("draft", "active")}[status]
    if batch.status not in allowed:
        raise DomainError("batch_status_invalid",
                          f"批次当前状态为「{_STATUS_NAMES[batch.status]}」，不能改为「{_STATUS_NAMES[status]}」")
    batch.status = status
    db.session.commit()
    return batch


_STATUS_NAMES = {"draft": "草稿", "active": "发放中", "closed": "已结束"}


def batches_query():
    return select(VoucherBatch).order_by(VoucherBatch.id.desc())


# --- eligibility --------------------------------------------------------------------------

@dataclass(frozen=True)
class Eligibility:
    ok: bool
    code: str = ""
    reason: str = ""


def eligibility(batch: VoucherBatch, child: Child, parent: User, on: date) -> Eligibility:
    if batch.districts:
        if not parent.district:
            return Eligibility(False, "district_missing", "请先在个人信息中填写所在区县")
        if parent.district not in batch.districts:
            return Eligibility(False, "district_not_eligible",
                               f"该批次仅面向{'、'.join(batch.districts)}的家庭，"
                               f"您填写的区县是{parent.district}")
    if child.birth_date is None:
        if batch.includes_pregnancy:
            return Eligibility(True)
        return Eligibility(False, "pregnancy_not_eligible", "该批次面向已出生的宝宝，孕期暂不能领取")
    months = months_between(child.birth_date, on)
    lo, hi = batch.min_age_months, batch.max_age_months
    if (lo is not None and months < lo) or (hi is not None and months > hi) or (
            lo is None and hi is None):
        return Eligibility(False, "age_not_eligible",
                           f"该批次面向{_age_range(batch)}的宝宝，{child.nickname}现在{months}月龄")
    return Eligibility(True)


def _age_range(batch: VoucherBatch) -> str:
    lo, hi = batch.min_age_months, batch.max_age_months
    if lo is None and hi is None:
        return "孕期"
    return f"{lo or 0}–{hi}月龄" if hi is not None else f"{lo}月龄以上"


def claimable_batches(parent: User) -> list[dict]:
    """Active batches in their validity window, with each of the parent's children's standing."""
    now = utcnow()
    batches = db.session.scalars(select(VoucherBatch).where(
        VoucherBatch.status == "active", VoucherBatch.valid_until > now)
        .order_by(VoucherBatch.valid_until)).all()
    children = db.session.scalars(select(Child).where(Child.parent_id == parent.id)
                                  .order_by(Child.id)).all()
    held = _held_batches(parent)
    today = today_local()
    offers = []
    for batch in batches:
        standing = []
        for child in children:
            result = eligibility(batch, child, parent, today)
            claimed = (batch.id, child.id) in held
            standing.append({"child_id": child.id, "nickname": child.nickname,
                             "eligible": result.ok, "claimed": claimed,
                             "reason": result.reason or None})
        if any(s["eligible"] for s in standing):
            offers.append({"batch": batch, "children": standing,
                           "remaining": batch.total - batch.issued_count})
    return offers


def _held_batches(parent: User) -> set[tuple[int, int]]:
    rows = db.session.execute(select(Voucher.batch_id, Voucher.child_id).where(
        Voucher.parent_id == parent.id).distinct())
    return {(b, c) for b, c in rows}


# --- issuing ------------------------------------------------------------------------------

def claim(parent: User, batch_id: int, child_id: int) -> list[Voucher]:
    from app.accounts.service import get_child

    batch = get_batch(batch_id)
    child = get_child(parent, child_id)
    _check_batch_open(batch)
    result = eligibility(batch, child, parent, today_local())
    if not result.ok:
        raise DomainError("child_not_eligible", result.reason, errors={"child_id": [result.reason]})
    if _holds(batch.id, child.id):
        raise DomainError("already_claimed", f"{child.nickname}已领取过该批次的服务券，请在“我的服务券”中查看")
    vouchers = _issue(batch, child, parent)
    if vouchers is None:
        raise DomainError("already_claimed", f"{child.nickname}已领取过该批次的服务券，请在“我的服务券”中查看")
    db.session.commit()
    return vouchers


def _check_batch_open(batch: VoucherBatch) -> None:
    now = utcnow()
    if batch.status != "active":
        raise DomainError("batch_not_active", "该批次服务券当前未在发放")
    if now >= batch.valid_until:
        raise DomainError("batch_not_active", "该批次服务券已过有效期，停止发放")


def _holds(batch_id: int, child_id: int) -> bool:
    return db.session.scalar(select(func.count()).select_from(Voucher).where(
        Voucher.batch_id == batch_id, Voucher.child_id == child_id)) > 0


def _issue(batch: VoucherBatch, child: Child, parent: User) -> list[Voucher] | None:
    """Take per_child from the batch's remaining total and write the vouchers, or nothing.

    Returns None when the child already holds them (a concurrent claim won the unique key).
    """
    taken = db.session.execute(
        update(VoucherBatch)
        .where(VoucherBatch.id == batch.id, VoucherBatch.status == "active",
               VoucherBatch.issued_count + batch.per_child <= VoucherBatch.total)
        .values(issued_count=VoucherBatch.issued_count + batch.per_child)
        .execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        db.session.rollback()
        raise DomainError("batch_exhausted", "该批次服务券已发完，请关注后续批次")
    vouchers = [Voucher(batch_id=batch.id, child_id=child.id, parent_id=parent.id, seq=seq,
                        code=codes.new_code(), status="issued", district=parent.district)
                for seq in range(1, batch.per_child + 1)]
    db.session.add_all(vouchers)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    return vouchers


def issue_to_all_eligible(batch_id: int) -> dict:
    """Issue to every eligible child who holds none from this batch; running it twice issues
    nothing new. Stops when the batch runs out."""
    batch = get_batch(batch_id)
    _check_batch_open(batch)
    today = today_local()
    already = select(Voucher.child_id).where(Voucher.batch_id == batch.id,
                                             Voucher.child_id.is_not(None))
    candidates = db.session.execute(
        select(Child, User).join(User, Child.parent_id == User.id)
        .where(Child.id.not_in(already), User.is_active.is_(True)).order_by(Child.id)).all()
    issued = not_eligible = 0
    exhausted = False
    for child, parent in candidates:
        if not eligibility(batch, child, parent, today).ok:
            not_eligible += 1
            continue
        try:
            with db.session.begin_nested():
                if _issue_nested(batch, child, parent):
                    issued += 1
        except DomainError:
            exhausted = True
            break
    db.session.commit()
    db.session.refresh(batch)
    return {"children_issued": issued, "vouchers_issued": issued * batch.per_child,
            "not_eligible": not_eligible, "exhausted": exhausted,
            "remaining": batch.total - batch.issued_count}


def _issue_nested(batch: VoucherBatch, child: Child, parent: User) -> bool:
    taken = db.session.execute(
        update(VoucherBatch)
        .where(VoucherBatch.id == batch.id,
               VoucherBatch.issued_count + batch.per_child <= VoucherBatch.total)
        .values(issued_count=VoucherBatch.issued_count + batch.per_child)
        .execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        raise DomainError("batch_exhausted", "该批次服务券已发完")
    db.session.add_all(Voucher(batch_id=batch.id, child_id=child.id, parent_id=parent.id, seq=seq,
                               code=codes.new_code(), status="issued", district=parent.district)
                       for seq in range(1, batch.per_child + 1))
    db.session.flush()
    return True


# --- holding ------------------------------------------------------------------------------

def effective_status(voucher: Voucher, now: datetime | None = None) -> str:
    """Past valid_until a live voucher counts as expired even before the expiry job runs."""
    if voucher.status in LIVE and (now or utcnow()) >= voucher.batch.valid_until:
        return "expired"
    return voucher.status


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
        raise _status_error(voucher, status)
    now = utcnow()
    token = jwt.encode({"typ": "voucher", "vid": voucher.id, "iat": now,
                        "exp": now + timedelta(seconds=QR_TTL_SECONDS)},
                       current_app.config["SECRET_KEY"], algorithm="HS256")
    return {"qr_token": token, "expires_in": QR_TTL_SECONDS, "code": codes.display(voucher.code)}


# --- coverage and booking -----------------------------------------------------------------

def covers(batch: VoucherBatch, course) -> bool:
    if not course.accepts_vouchers:
        return False
    if batch.covers_course_ids:
        return course.id in batch.covers_course_ids
    return ((not batch.covers_formats or course.format in batch.covers_formats)
            and (not batch.covers_domains or course.domain in batch.covers_domains))


def coverage_text(batch: VoucherBatch) -> str:
    if batch.covers_course_ids:
        return "指定课程"
    parts = [*batch.covers_formats, *batch.covers_domains]
    return "、".join(parts) if parts else "所有接受服务券的课程"


def reserve_for_booking(parent: User, voucher_id: int, child_id: int | None, booking,
                        course) -> Voucher:
    """Inside the booking's transaction: hold this voucher for `booking` (no commit here)."""
    voucher = db.session.get(Voucher, voucher_id)
    if voucher is None or voucher.parent_id != parent.id:
        raise NotFound("voucher_not_found", "没有找到这张服务券",
                       errors={"voucher_id": ["没有找到这张服务券"]})
    if voucher.child_id != child_id:
        raise DomainError("voucher_wrong_child", "这张服务券属于另一个孩子，请选择该孩子名下的服务券",
                          errors={"voucher_id": ["不属于该孩子"]})
    status = effective_status(voucher)
    if status != "issued":
        raise _status_error(voucher, status)
    if utcnow() < voucher.batch.valid_from:
        raise _not_yet_valid(voucher)
    if not covers(voucher.batch, course):
        raise DomainError("voucher_not_covered",
                          f"这张服务券适用于{coverage_text(voucher.batch)}，不能用于「{course.title}」")
    held = db.session.execute(
        update(Voucher).where(Voucher.id == voucher.id, Voucher.status == "issued")
        .values(status="reserved", booking_id=booking.id, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if held != 1:
        db.session.refresh(voucher)
        raise _status_error(voucher, effective_status(voucher))
    db.session.refresh(voucher)
    return voucher


def release_for_booking(booking_id: int) -> int:
    """Inside a cancellation's transaction: put a voucher held by the booking back to issued."""
    return db.session.execute(
        update(Voucher).where(Voucher.booking_id == booking_id, Voucher.status == "reserved")
        .values(status="issued", booking_id=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount


def voucher_for_booking(booking_id: int) -> Voucher | None:
    return db.session.scalars(select(Voucher).where(Voucher.booking_id == booking_id)).first()


# --- redeeming (venue staff) --------------------------------------------------------------

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


def redeem(staff: User, session_id: int, code: str | None, qr: str | None,
           idempotency_key: str | None = None) -> "Receipt":
    """Redeem at check-in; refused attempts are logged with the code masked."""
    try:
        return _redeem(staff, session_id, code, qr, idempotency_key)
    except DomainError as refused:
        log.warning("voucher redeem refused reason=%s code=%s staff_id=%s session_id=%s",
                    refused.code, codes.masked(codes.normalise(code or "")) if code else "qr",
                    staff.id, session_id)
        raise


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
    redeemed_at: datetime
    batch_name: str


def _redeem(staff: User, session_id: int, code: str | None, qr: str | None,
            idempotency_key: str | None) -> Receipt:
    from app.courses.models import Booking, CourseSession

    session = db.session.get(CourseSession, session_id,
                             options=[joinedload(CourseSession.course)])
    if session is None:
        raise NotFound("session_not_found", "没有找到该场次")
    if staff.venue_id != session.venue_id:
        raise Forbidden("wrong_venue", "只能核销本场地场次的服务券")
    if session.status == "cancelled":
        raise DomainError("session_cancelled", "该场次已取消，不能核销服务券")
    voucher = find_by_code_or_token(code, qr)
    _check_redeemable(voucher, session)
    booking = _booking_to_attend(voucher, session)
    # Rows are locked booking first, then voucher: the order a cancellation uses, so the two
    # can never deadlock.
    marked = False
    if booking is not None:
        marked = db.session.execute(
            update(Booking).where(Booking.id == booking.id, Booking.status == "confirmed")
            .values(status="attended", checked_in_at=utcnow(), checked_in_by=staff.id)
            .execution_options(synchronize_session=False)).rowcount == 1
    seen_no = voucher.redemption_no
    won = db.session.execute(
        update(Voucher).where(Voucher.id == voucher.id, Voucher.status.in_(LIVE),
                              Voucher.redemption_no == seen_no)
        .values(status="redeemed", redemption_no=seen_no + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if won != 1:
        db.session.rollback()
        db.session.refresh(voucher)
        raise _status_error(voucher, effective_status(voucher))
    redemption = Redemption(voucher_id=voucher.id, redemption_no=seen_no + 1,
                            venue_id=session.venue_id, staff_id=staff.id, session_id=session.id,
                            booking_id=booking.id if booking else None, marked_attended=marked,
                            idempotency_key=idempotency_key, redeemed_at=utcnow())
    db.session.add(redemption)
    db.session.flush()
    receipt = Receipt(redemption.id, voucher.id, session.venue_id, session.id,
                      redemption.booking_id, marked, redemption.redeemed_at, voucher.batch.name)
    staff_id = staff.id
    db.session.commit()
    log.info("voucher redeemed voucher_id=%s session_id=%s staff_id=%s", receipt.voucher_id,
             receipt.session_id, staff_id)
    return receipt


def _check_redeemable(voucher: Voucher, session) -> None:
    status = effective_status(voucher)
    if status not in LIVE:
        raise _status_error(voucher, status)
    if utcnow() < voucher.batch.valid_from:
        raise _not_yet_valid(voucher)
    if status == "reserved" and voucher.booking_id is not None:
        from app.courses.models import Booking

        booking = db.session.get(Booking, voucher.booking_id)
        if booking is not None and booking.session_id != session.id:
            when = to_local(booking.session.starts_at).strftime("%m月%d日 %H:%M")
            raise DomainError("voucher_reserved_elsewhere",
                              f"这张服务券已预约 {when} 的场次「{booking.session.course.title}」，"
                              "不能在本场次核销")
    if not covers(voucher.batch, session.course):
        raise DomainError("voucher_not_covered",
                          f"这张服务券适用于{coverage_text(voucher.batch)}，"
                          f"不能用于「{session.course.title}」")


def _booking_to_attend(voucher: Voucher, session):
    """The booking this voucher pays for: the one it is reserved on, else the child's booking."""
    from app.courses.models import Booking

    if voucher.booking_id is not None:
        return db.session.get(Booking, voucher.booking_id)
    if voucher.child_id is None:
        return None
    return db.session.scalars(select(Booking).where(
        Booking.session_id == session.id, Booking.child_id == voucher.child_id,
        Booking.status.in_(("confirmed", "attended")))).first()


def reverse(staff: User, redemption_id: int, reason: str | None = None) -> RedemptionReversal:
    from app.courses.models import Booking

    redemption = db.session.get(Redemption, redemption_id)
    if redemption is None:
        raise NotFound("redemption_not_found", "没有找到该核销记录")
    if staff.venue_id != redemption.venue_id:
        raise Forbidden("wrong_venue", "只能撤销本场地的核销")
    if redemption.reversal is not None:
        raise DomainError("redemption_already_reversed", "该核销已撤销")
    if utcnow() - redemption.redeemed_at > REVERSAL_WINDOW:
        raise DomainError("reversal_window_passed", "核销超过15分钟，不能撤销；如有问题请联系管理员")
    back_to = "reserved" if redemption.voucher.booking_id else "issued"
    undone = db.session.execute(
        update(Voucher).where(Voucher.id == redemption.voucher_id, Voucher.status == "redeemed",
                              Voucher.redemption_no == redemption.redemption_no)
        .values(status=back_to, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if undone != 1:
        db.session.rollback()
        raise DomainError("redemption_already_reversed", "该核销已撤销")
    if redemption.marked_attended and redemption.booking_id:
        db.session.execute(update(Booking).where(Booking.id == redemption.booking_id,
                                                 Booking.status == "attended")
                           .values(status="confirmed", checked_in_at=None, checked_in_by=None)
                           .execution_options(synchronize_session=False))
    reversal = RedemptionReversal(redemption_id=redemption.id, staff_id=staff.id, reason=reason)
    db.session.add(reversal)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError("redemption_already_reversed", "该核销已撤销")
    return reversal


def _status_error(voucher: Voucher, status: str) -> DomainError:
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
    if status == "reserved":
        return DomainError("voucher_reserved", "这张服务券已用于另一个预约；取消那个预约后才能再用")
    return DomainError("voucher_unavailable", "这张服务券当前不可用")


def _not_yet_valid(voucher: Voucher) -> DomainError:
    start = to_local(voucher.batch.valid_from).strftime("%Y-%m-%d")
    return DomainError("voucher_not_yet_valid", f"该服务券自 {start} 起可用，请到时再来")


# --- expiry and accounting ----------------------------------------------------------------

def expire_overdue() -> int:
    now = utcnow()
    overdue = select(VoucherBatch.id).where(VoucherBatch.valid_until <= now)
    count = db.session.execute(
        update(Voucher).where(Voucher.status.in_(LIVE), Voucher.batch_id.in_(overdue))
        .values(status="expired", updated_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return count


def batch_stats(batch_id: int) -> dict:
    from app.courses.models import Venue

    batch = get_batch(batch_id)
    now = utcnow()
    counts = {s: 0 for s in ("issued", "reserved", "redeemed", "expired", "revoked")}
    by_district: dict[str, dict] = {}
    for voucher in db.session.scalars(select(Voucher).where(Voucher.batch_id == batch.id)):
        status = effective_status(voucher, now)
        counts[status] += 1
        row = by_district.setdefault(voucher.district or "未填写", {s: 0 for s in counts})
        row[status] += 1
    venue_rows = db.session.execute(
        select(Venue.id, Venue.name, Venue.district, func.count(Redemption.id))
        .join(Redemption, Redemption.venue_id == Venue.id)
        .join(Voucher, Voucher.id == Redemption.voucher_id)
        .outerjoin(RedemptionReversal, RedemptionReversal.redemption_id == Redemption.id)
        .where(Voucher.batch_id == batch.id, RedemptionReversal.id.is_(None))
        .group_by(Venue.id, Venue.name, Venue.district).order_by(func.count(Redemption.id).desc(),
                                                                 Venue.id)).all()
    total_issued = sum(counts.values())
    return {
        "batch_id": batch.id, "name": batch.name, "total": batch.total,
        "issued_total": total_issued, **counts,
        "redemption_rate": round(counts["redeemed"] / total_issued, 4) if total_issued else 0.0,
        "by_district": [{"district": d, **c, "redemption_rate":
                         round(c["redeemed"] / sum(c.values()), 4)}
                        for d, c in sorted(by_district.items())],
        "by_venue": [{"venue_id": v, "venue": name, "district": district, "redeemed": n}
                     for v, name, district, n in venue_rows],
    }


_CSV_COLUMNS = [("scope", "范围"), ("name", "名称"), ("issued_total", "发放总数"),
                ("issued", "未使用"), ("reserved", "已预约"), ("redeemed", "已核销"),
                ("expired", "已过期"), ("revoked", "已作废"), ("redemption_rate", "核销率")]


def stats_csv(stats: dict) -> str:
    """The stats as CSV with a BOM, so Excel on Chinese Windows opens the Chinese correctly."""
    import csv
    import io

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([label for _, label in _CSV_COLUMNS] + ["核销场地", "核销数"])
    writer.writerow(["批次", stats["name"], *(stats[k] for k, _ in _CSV_COLUMNS[2:]), "", ""])
    for row in stats["by_district"]:
        total = sum(row[s] for s in ("issued", "reserved", "redeemed", "expired", "revoked"))
        writer.writerow(["区县", row["district"], total,
                         *(row[k] for k, _ in _CSV_COLUMNS[3:]), "", ""])
    for row in stats["by_venue"]:
        writer.writerow(["场地", row["district"], "", "", "", "", "", "", "", row["venue"],
                         row["redeemed"]])
    return out.getvalue()


# --- personal data (PIPL) -----------------------------------------------------------------

def export_for(user: User) -> list[dict]:
    rows = []
    for voucher in db.session.scalars(select(Voucher).where(Voucher.parent_id == user.id)
                                      .order_by(Voucher.id)):
        redemptions = db.session.scalars(select(Redemption).where(
            Redemption.voucher_id == voucher.id).order_by(Redemption.id)).all()
        rows.append({"id": voucher.id, "code": codes.display(voucher.code),
                     "batch": voucher.batch.name, "child_id": voucher.child_id,
                     "status": effective_status(voucher), "issued_at": voucher.issued_at.isoformat(),
                     "redemptions": [{"venue_id": r.venue_id, "session_id": r.session_id,
                                      "redeemed_at": r.redeemed_at.isoformat(),
                                      "reversed": r.reversal is not None} for r in redemptions]})
    return rows


def erase_for(user: User) -> None:
    """Live vouchers die with the account (revoked, still counted); the ledger keeps no person:
    voucher rows lose parent and child through ON DELETE SET NULL and keep only the district."""
    _revoke_live(Voucher.parent_id == user.id)


def erase_for_child(child: Child) -> None:
    """A voucher is bound to its child: when the child's record goes, the live ones are revoked."""
    _revoke_live(Voucher.child_id == child.id)


def _revoke_live(whose) -> None:
    db.session.execute(update(Voucher).where(whose, Voucher.status.in_(LIVE))
                       .values(status="revoked", booking_id=None, updated_at=utcnow())
                       .execution_options(synchronize_session=False))
