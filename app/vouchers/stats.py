"""Accounting for a batch: vouchers by state, by district and by venue, and the same as a CSV
that opens in Excel with its Chinese intact."""

from sqlalchemy import func, select

from app.common.spreadsheet import ExcelCsv
from app.common.timeutil import utcnow
from app.courses.models import Venue
from app.extensions import db
from app.places.service import district_name
from app.vouchers.batches import get_batch
from app.vouchers.models import (VOUCHER_STATUSES, Redemption, RedemptionReversal, Voucher)
from app.vouchers.rules import effective_status


def batch_stats(batch_id: int) -> dict:
    batch = get_batch(batch_id)
    now = utcnow()
    counts = {s: 0 for s in VOUCHER_STATUSES}
    by_district: dict[str, dict] = {}
    for voucher in db.session.scalars(select(Voucher).where(Voucher.batch_id == batch.id)):
        status = effective_status(voucher, now)
        counts[status] += 1
        row = by_district.setdefault(district_name(voucher.district) or "未填写",
                                     {s: 0 for s in counts})
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
        "by_venue": [{"venue_id": v, "venue": name, "district": district_name(district),
                      "redeemed": n}
                     for v, name, district, n in venue_rows],
    }


_CSV_COLUMNS = [("scope", "范围"), ("name", "名称"), ("issued_total", "发放总数"),
                ("issued", "未使用"), ("reserved", "已预约"), ("redeemed", "已核销"),
                ("expired", "已过期"), ("revoked", "已作废"), ("forfeited", "缺席作废"),
                ("redemption_rate", "核销率")]


def stats_csv(stats: dict) -> str:
    """The stats as CSV with a BOM, so Excel on Chinese Windows opens the Chinese correctly."""
    rows = ExcelCsv()
    writer = rows.writer
    writer.writerow([label for _, label in _CSV_COLUMNS] + ["核销场地", "核销数"])
    writer.writerow(["批次", stats["name"], *(stats[k] for k, _ in _CSV_COLUMNS[2:]), "", ""])
    for row in stats["by_district"]:
        total = sum(row[s] for s in VOUCHER_STATUSES)
        writer.writerow(["区县", row["district"], total,
                         *(row[k] for k, _ in _CSV_COLUMNS[3:]), "", ""])
    for row in stats["by_venue"]:
        writer.writerow(["场地", row["district"], *[""] * (len(_CSV_COLUMNS) - 2), row["venue"],
                         row["redeemed"]])
    return rows.text()
