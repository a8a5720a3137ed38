"""Issuing vouchers: a parent claims for a child, or the admin issues to every eligible child.

A child's allowance is keyed by the hash of its identity number (Voucher.child_key), so it is
taken once per child whatever the child row or the guardian. The batch total only shrinks
through one bounded conditional UPDATE (_take_allowance), inside a savepoint with the vouchers
it pays for, so a lost race on the unique key gives the allowance back.
"""
from collections.abc import Iterator

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Child, User
from app.accounts.service import get_child
from app.common.errors import DomainError
from app.common.timeutil import today_local, utcnow
from app.extensions import db
from app.vouchers import codes
from app.vouchers.batches import get_batch
from app.vouchers.models import Voucher, VoucherBatch
from app.vouchers.rules import eligibility


def claim(parent: User, batch_id: int, child_id: int) -> list[Voucher]:
    batch = get_batch(batch_id)
    child = get_child(parent, child_id)
    check_batch_open(batch)
    result = eligibility(batch, child, parent, today_local())
    if not result.ok:
        raise DomainError("child_not_eligible", result.reason, errors={"child_id": [result.reason]})
    if allowance_key(child) is None:
        raise DomainError("id_number_required",
                          f"领取服务券需要{child.nickname}的身份证号或出生医学证明编号，"
                          "请先在孩子信息中填写（仅保存加密摘要和脱敏号码）",
                          errors={"child_id": ["孩子信息中缺少身份证号或出生医学证明编号"]})
    _refuse_if_held(batch, child, parent)
    vouchers = _take_allowance(batch, child, parent)
    if vouchers is None:  # a concurrent claim for the same child won the unique key
        _refuse_if_held(batch, child, parent)
        raise DomainError("already_claimed", _already_claimed(child))
    return vouchers


def allowance_key(child: Child) -> str | None:
    """Whose allowance a claim takes: the child's identity hash. An expected baby has no
    number yet, so its allowance is keyed by its parent and due date (re-adding the same
    pregnancy yields nothing new; a second guardian's copy of it is not recognised)."""
    if child.id_hash:
        return child.id_hash
    if child.birth_date is None:
        return f"expected:{child.parent_id}:{child.due_date.isoformat()}"
    return None


def _already_claimed(child: Child) -> str:
    return (f"{child.nickname}已领取过该批次的服务券，请在“我的服务券”中查看"
            "（删除后重新添加孩子不会重新发放）")


def _refuse_if_held(batch: VoucherBatch, child: Child, parent: User) -> None:
    holders = set(db.session.scalars(select(Voucher.parent_id).where(
        Voucher.batch_id == batch.id, Voucher.child_key == allowance_key(child))))
    if not holders:
        return
    if holders - {parent.id, None}:
        raise DomainError("held_by_other_guardian",
                          f"{child.nickname}的本批次服务券已由另一位监护人领取，请在其账号的“我的服务券”中"
                          "查看和使用；每个孩子只发放一次")
    raise DomainError("already_claimed", _already_claimed(child))


def check_batch_open(batch: VoucherBatch) -> None:
    if batch.status != "active":
        raise DomainError("batch_not_active", "该批次服务券当前未在发放")
    if utcnow() >= batch.valid_until:
        raise DomainError("batch_not_active", "该批次服务券已过有效期，停止发放")


def _take_allowance(batch: VoucherBatch, child: Child, parent: User) -> list[Voucher] | None:
    """per_child vouchers from the batch's remaining total, or nothing: raises batch_exhausted,
    returns None when the child's allowance was already taken (the unique key)."""
    try:
        with db.session.begin_nested():
            taken = db.session.execute(
                update(VoucherBatch)
                .where(VoucherBatch.id == batch.id, VoucherBatch.status == "active",
                       VoucherBatch.issued_count + batch.per_child <= VoucherBatch.total)
                .values(issued_count=VoucherBatch.issued_count + batch.per_child)
                .execution_options(synchronize_session=False)).rowcount
            if taken != 1:
                raise DomainError("batch_exhausted", "该批次服务券已发完，请关注后续批次")
            vouchers = [Voucher(batch_id=batch.id, child_id=child.id,
                                child_key=allowance_key(child),
                                parent_id=parent.id, seq=seq, code=codes.new_code(),
                                status="issued", district=parent.district)
                        for seq in range(1, batch.per_child + 1)]
            db.session.add_all(vouchers)
            db.session.flush()
    except IntegrityError:
        return None
    return vouchers


def issue_to_all_eligible(batch_id: int) -> dict:
    """Issue to every eligible child (with an identity number) who holds none from this batch;
    running it twice issues nothing new. Stops when the batch runs out."""
    batch = get_batch(batch_id)
    check_batch_open(batch)
    issued = not_eligible = 0
    exhausted = False
    for child, parent, eligible in candidates(batch, today_local()):
        if not eligible:
            not_eligible += 1
            continue
        try:
            if _take_allowance(batch, child, parent) is not None:
                issued += 1
        except DomainError:
            exhausted = True
            break
    db.session.refresh(batch)
    return {"children_issued": issued, "vouchers_issued": issued * batch.per_child,
            "not_eligible": not_eligible, "missing_id_number": missing_id_number(),
            "exhausted": exhausted, "remaining": batch.total - batch.issued_count}


def candidates(batch: VoucherBatch, today) -> Iterator[tuple[Child, User, bool]]:
    """(child, parent, eligible today) for every allowance not yet taken from the batch, in the
    order issuing takes them: one per allowance key, children of active accounts, by child id.
    The eligibility preview (vouchers.preview) counts the same rows."""
    holding = select(Voucher.child_key).where(Voucher.batch_id == batch.id,
                                              Voucher.child_key.is_not(None))
    rows = db.session.execute(
        select(Child, User).join(User, Child.parent_id == User.id)
        .where(Child.id_hash.is_(None) | Child.id_hash.not_in(holding),
               User.is_active.is_(True)).order_by(Child.id)).all()
    # An expected baby's key is not its id_hash, so the query lets it through: skip it here.
    seen: set[str] = set(db.session.scalars(holding.where(Voucher.child_key.like("expected:%"))))
    for child, parent in rows:
        key = allowance_key(child)
        if key is None or key in seen:
            continue
        seen.add(key)
        yield child, parent, eligibility(batch, child, parent, today).ok


def missing_id_number() -> int:
    """Born children of active accounts without an identity number: never issued to."""
    return db.session.scalar(select(func.count()).select_from(Child).join(
        User, Child.parent_id == User.id).where(Child.id_hash.is_(None),
                                                Child.birth_date.is_not(None),
                                                User.is_active.is_(True))) or 0


def claimable_batches(parent: User) -> list[dict]:
    """Active batches in their validity window, with each of the parent's children's standing."""
    now = utcnow()
    batches = db.session.scalars(select(VoucherBatch).where(
        VoucherBatch.status == "active", VoucherBatch.valid_until > now)
        .order_by(VoucherBatch.valid_until)).all()
    children = db.session.scalars(select(Child).where(Child.parent_id == parent.id)
                                  .order_by(Child.id)).all()
    keys = [k for k in map(allowance_key, children) if k]
    held = set(db.session.execute(select(Voucher.batch_id, Voucher.child_key).where(
        Voucher.child_key.in_(keys)).distinct()).all()) if keys else set()
    today = today_local()
    offers = []
    for batch in batches:
        standing = []
        for child in children:
            result = eligibility(batch, child, parent, today)
            reason = result.reason or None
            if result.ok and allowance_key(child) is None:
                reason = "领取前请在孩子信息中填写身份证号或出生医学证明编号"
            standing.append({"child_id": child.id, "nickname": child.nickname,
                             "eligible": result.ok,
                             "claimed": (batch.id, allowance_key(child)) in held,
                             "reason": reason})
        if any(s["eligible"] for s in standing):
            offers.append({"batch": batch, "children": standing,
                           "remaining": batch.total - batch.issued_count})
    return offers
