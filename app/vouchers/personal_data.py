"""A parent's vouchers under PIPL: export, and what account or child erasure does to them
(registered with app.common.personal_data). Inside the deletion's unit of work; no commit."""
from sqlalchemy import select, update

from app.accounts.models import Child, User
from app.common.timeutil import to_local, utcnow
from app.extensions import db
from app.vouchers import codes
from app.vouchers.models import Redemption, Voucher
from app.vouchers.rules import LIVE, effective_status


def export_for(user: User) -> list[dict]:
    rows = []
    for voucher in db.session.scalars(select(Voucher).where(Voucher.parent_id == user.id)
                                      .order_by(Voucher.id)):
        redemptions = db.session.scalars(select(Redemption).where(
            Redemption.voucher_id == voucher.id).order_by(Redemption.id)).all()
        rows.append({"id": voucher.id, "code": codes.display(voucher.code),
                     "batch": voucher.batch.name, "child_id": voucher.child_id,
                     "status": effective_status(voucher),
                     "issued_at": to_local(voucher.issued_at).isoformat(),
                     "redemptions": [{"venue_id": r.venue_id, "session_id": r.session_id,
                                      "redeemed_at": to_local(r.redeemed_at).isoformat(),
                                      "reversed": r.reversal is not None} for r in redemptions]})
    return rows


def erase_for(user: User) -> dict:
    """Live vouchers die with the account (revoked, still counted); the ledger keeps no person:
    voucher rows lose parent and child through ON DELETE SET NULL and keep only the district."""
    return {"revoked_vouchers": _revoke_live(Voucher.parent_id == user.id)}


def erase_for_child(child: Child) -> dict:
    """A voucher is bound to its child: when the child's record goes, the live ones are revoked
    (the allowance stays taken: re-adding the child issues nothing new)."""
    return {"revoked_vouchers": _revoke_live(Voucher.child_id == child.id)}


def _revoke_live(whose) -> list[int]:
    ids = list(db.session.scalars(select(Voucher.id).where(whose, Voucher.status.in_(LIVE))
                                  .order_by(Voucher.id)))
    if ids:
        db.session.execute(update(Voucher).where(Voucher.id.in_(ids))
                           .values(status="revoked", booking_id=None, updated_at=utcnow())
                           .execution_options(synchronize_session=False))
    return ids
