"""Voucher batches, as the health commission keeps them: a draft can be edited and deleted; an
active batch can only be closed."""
from sqlalchemy import select

from app.accounts.models import User
from app.common import scope
from app.common.errors import DomainError, InvalidInput, NotFound
from app.extensions import db
from app.vouchers.models import VoucherBatch
from app.vouchers.rules import BATCH_STATUS_NAMES

_NEXT = {"active": ("draft",), "closed": ("draft", "active")}


def create_batch(data: dict, admin: User) -> VoucherBatch:
    own = scope.district_of_scope(admin)
    if own and not data.get("districts"):
        data["districts"] = [own]   # a district office issues to its own district
    check_districts(admin, data.get("districts") or [])
    check_batch_rules(data)
    batch = VoucherBatch(**data, status="draft", issued_count=0, created_by=admin.id)
    db.session.add(batch)
    db.session.flush()
    return batch


def check_districts(admin: User, districts: list) -> None:
    if not scope.districts_in_scope(admin, districts):
        raise InvalidInput("districts", "只能向本管辖范围内的区县发放", code="out_of_scope")


def check_batch_rules(data: dict) -> None:
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


def update_draft(batch_id: int, changes: dict) -> VoucherBatch:
    batch = _draft(batch_id, "修改")
    merged = {name: changes.get(name, getattr(batch, name)) for name in
              ("valid_from", "valid_until", "min_age_months", "max_age_months",
               "includes_pregnancy", "total", "per_child")}
    check_batch_rules(merged)
    for name, value in changes.items():
        setattr(batch, name, value)
    db.session.flush()
    return batch


def delete_draft(batch_id: int) -> None:
    db.session.delete(_draft(batch_id, "删除"))
    db.session.flush()


def _draft(batch_id: int, verb: str) -> VoucherBatch:
    batch = get_batch(batch_id)
    if batch.status != "draft":
        raise DomainError("batch_not_draft",
                          f"批次当前状态为「{BATCH_STATUS_NAMES[batch.status]}」，只有草稿可以{verb}；"
                          "发放中的批次只能结束发放")
    return batch


def set_batch_status(batch_id: int, status: str) -> VoucherBatch:
    batch = get_batch(batch_id)
    if batch.status not in _NEXT[status]:
        raise DomainError("batch_status_invalid",
                          f"批次当前状态为「{BATCH_STATUS_NAMES[batch.status]}」，"
                          f"不能改为「{BATCH_STATUS_NAMES[status]}」")
    batch.status = status
    db.session.flush()
    return batch


def batch_in_scope(admin: User, batch_id: int) -> VoucherBatch:
    """The batch, or the same 404 as a missing one when another district's (属地管理)."""
    batch = get_batch(batch_id)
    if not scope.districts_in_scope(admin, batch.districts or []):
        raise NotFound("batch_not_found", "没有找到该发放批次")
    return batch


def batches_query(admin: User | None = None):
    stmt = select(VoucherBatch).order_by(VoucherBatch.id.desc())
    if admin is None or not scope.district_of_scope(admin) and not admin.scope:
        return stmt
    return stmt.where(VoucherBatch.id.in_(
        [b.id for b in db.session.scalars(select(VoucherBatch))
         if scope.districts_in_scope(admin, b.districts or [])]))
