"""The eligibility preview (发放预览): whom issuing a batch to every eligible child would reach,
counted before activation from the same candidates issue_to_all_eligible walks, so the figure an
admin reads is the figure issuing then gives (as long as no family changes in between)."""
from collections import Counter

from app.common.timeutil import today_local
from app.places.service import district_name
from app.vouchers.batches import get_batch
from app.vouchers.issuing import candidates, missing_id_number


def issue_preview(batch_id: int) -> dict:
    """Children and vouchers issuing would reach now, by the parents' districts; issuing takes
    children in the same order and stops when the batch's remaining total runs out, so only the
    first `children` eligible ones are counted per district."""
    batch = get_batch(batch_id)
    room = (batch.total - batch.issued_count) // batch.per_child
    eligible = not_eligible = 0
    by_district: Counter = Counter()
    for _child, parent, ok in candidates(batch, today_local()):
        if not ok:
            not_eligible += 1
            continue
        eligible += 1
        if eligible <= room:
            by_district[parent.district] += 1
    reached = min(eligible, room)
    return {"children": reached, "vouchers": reached * batch.per_child, "eligible": eligible,
            "limited_by_total": eligible > room, "not_eligible": not_eligible,
            "missing_id_number": missing_id_number(),
            "by_district": [{"district": district_name(code) or "未填写", "children": n}
                            for code, n in sorted(by_district.items(),
                                                  key=lambda item: (-item[1], item[0] or ""))]}
