"""The voucher rules that need no database: who is eligible for a batch, what a batch covers,
and a voucher's state as a parent sees it (past valid_until a live voucher counts as expired
even before the expiry job runs)."""
from dataclasses import dataclass
from datetime import date, datetime

from app.common.timeutil import months_between, to_local, utcnow
from app.places.service import district_name, registry
from app.vouchers.models import Voucher, VoucherBatch

LIVE = ("issued", "reserved")
BATCH_STATUS_NAMES = {"draft": "草稿", "active": "发放中", "closed": "已结束"}


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    code: str = ""
    reason: str = ""


def eligibility(batch: VoucherBatch, child, parent, on: date) -> Eligibility:
    if batch.districts:
        # A batch names districts or whole cities; a parent who chose only a city qualifies
        # for a city's batch.
        place = parent.district or (parent.city if _names_a_city(batch) else None)
        if not place:
            return Eligibility(False, "district_missing", "请先在个人信息中填写所在区县")
        if not registry().within(place, tuple(batch.districts)):
            return Eligibility(False, "district_not_eligible",
                               f"该批次仅面向{'、'.join(map(district_name, batch.districts))}"
                               f"的家庭，您所在的是{district_name(place)}")
    if child.birth_date is None:
        if batch.includes_pregnancy:
            return Eligibility(True)
        return Eligibility(False, "pregnancy_not_eligible", "该批次面向已出生的宝宝，孕期暂不能领取")
    months = months_between(child.birth_date, on)
    lo, hi = batch.min_age_months, batch.max_age_months
    if (lo is not None and months < lo) or (hi is not None and months > hi) or (
            lo is None and hi is None):
        return Eligibility(False, "age_not_eligible",
                           f"该批次面向{age_range(batch)}的宝宝，{child.nickname}现在{months}月龄")
    return Eligibility(True)


def _names_a_city(batch: VoucherBatch) -> bool:
    places = registry()
    return any(getattr(places.get(code), "level", None) == "city" for code in batch.districts)


def age_range(batch: VoucherBatch) -> str:
    lo, hi = batch.min_age_months, batch.max_age_months
    if lo is None and hi is None:
        return "孕期"
    return f"{lo or 0}–{hi}月龄" if hi is not None else f"{lo}月龄以上"


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


def effective_status(voucher: Voucher, now: datetime | None = None) -> str:
    if voucher.status in LIVE and (now or utcnow()) >= voucher.batch.valid_until:
        return "expired"
    return voucher.status


def usability(voucher: Voucher, now: datetime | None = None) -> str:
    """What the parent should know about using this voucher now, in one sentence."""
    status = effective_status(voucher, now)
    now = now or utcnow()
    if status == "issued":
        if now < voucher.batch.valid_from:
            return f"自 {to_local(voucher.batch.valid_from):%Y-%m-%d} 起可用"
        return f"可用于{coverage_text(voucher.batch)}：预约课程时选择这张券，到场签到时由工作人员核销"
    if status == "reserved":
        return "已用于一个预约；取消该预约后服务券自动退回"
    if status == "redeemed":
        return "已在课程现场核销使用"
    if status == "expired":
        return "已过有效期，不能再使用"
    if status == "forfeited":
        return "预约后未到场且本批次规定缺席作废，该券已失效；如有疑问请联系发放单位"
    return "已作废（如孩子信息被删除）；如有疑问请联系发放单位"
