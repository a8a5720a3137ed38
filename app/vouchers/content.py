"""Load voucher batches from content/vouchers/*.yaml (the demo batches live there). A batch for
districts or cities the deployment does not serve (CITIES) is skipped."""
from datetime import date, datetime, time
from pathlib import Path

import marshmallow as ma
from sqlalchemy import select

from app.common.content import ContentError, content_loader, read_yaml
from app.common.timeutil import SHANGHAI
from app.extensions import db
from app.places.service import unserved_city
from app.vouchers.models import VoucherBatch
from app.vouchers.schemas import BatchCreateSchema


class _BatchContentSchema(BatchCreateSchema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    status = ma.fields.String(load_default="active",
                              validate=ma.validate.OneOf(["draft", "active", "closed"]))
    valid_from = ma.fields.Raw(required=True)
    valid_until = ma.fields.Raw(required=True)


def _as_datetime(value, end_of_day: bool) -> datetime:
    """YAML gives dates or datetimes; a bare date means the start (or end) of that day in Shanghai."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, date):
        return datetime.combine(value, time.max if end_of_day else time.min, SHANGHAI)
    raise ValueError("应为日期，如 2026-01-01")


@content_loader("vouchers", order=30)
def load_batches(root: Path) -> dict:
    created = updated = skipped = 0
    for path in sorted((root / "vouchers").glob("*.yaml")):
        entries = read_yaml(path) or []
        if not isinstance(entries, list):
            raise ContentError(path, "应为批次列表")
        for index, entry in enumerate(entries):
            if _for_unserved_cities(entry):
                skipped += 1
                continue
            data = _validate(path, index, entry)
            batch = db.session.scalars(select(VoucherBatch).where(
                VoucherBatch.key == data["key"])).first()
            if batch is None:
                db.session.add(VoucherBatch(**data, issued_count=0))
                created += 1
            else:
                for field, value in data.items():
                    setattr(batch, field, value)
                updated += 1
    counts = {"batches_created": created, "batches_updated": updated}
    if skipped:
        counts["batches_skipped"] = skipped
    return counts


def _for_unserved_cities(entry) -> bool:
    districts = entry.get("districts") if isinstance(entry, dict) else None
    return isinstance(districts, list) and bool(districts) and all(
        unserved_city(d) is not None for d in districts)


def _validate(path: Path, index: int, entry) -> dict:
    name = entry.get("key", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
    try:
        data = _BatchContentSchema().load(entry)
    except ma.ValidationError as exc:
        field, messages = next(iter(exc.messages.items()))
        raise ContentError(path, "; ".join(map(str, messages)), entry=name, field=field)
    for field, end in (("valid_from", False), ("valid_until", True)):
        try:
            data[field] = _as_datetime(data[field], end)
        except ValueError as exc:
            raise ContentError(path, str(exc), entry=name, field=field)
    if data["valid_until"] <= data["valid_from"]:
        raise ContentError(path, "截止日期必须晚于开始日期", entry=name, field="valid_until")
    if data["total"] < data["per_child"]:
        raise ContentError(path, "发放总量不能少于每名儿童的张数", entry=name, field="total")
    return data
