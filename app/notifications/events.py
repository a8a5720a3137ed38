"""Booking and voucher events become notifications in the change's own transaction.

Joined through the courses booking hooks (a new booking, a released one) and, for the changes
the courses code makes without a hook (a waitlisted booking promoted to a seat, a session moved
to another time or venue), through the ORM session's before_flush: the same transaction, so a
rolled-back change leaves no notification.

Reminders (24 h and 2 h before) are written with the confirmation, due at their time and
expiring at the start; their object is the booking at that start time, so however many app
instances or retries see the event, each is written once, and a moved session gets new ones.
Vouchers (through after_flush, when their rows have ids): one "issued" and one "expiring in 7
days" per batch and child (not one per voucher), one per redemption and per reversal.
"""
from datetime import timedelta

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.accounts.models import Child
from app.common.timeutil import to_local, utcnow
from app.notifications import service
from app.vouchers.models import VoucherBatch

REMINDERS = (("reminder_24h", timedelta(hours=24)), ("reminder_2h", timedelta(hours=2)))
VENUE_CANCELLED = ("session_cancelled", "course_cancelled", "venue_closed")


def _facts(booking) -> dict:
    session = booking.session
    return {"course": session.course.title, "starts_at": session.starts_at,
            "venue": session.venue.name, "booking_id": booking.id}


def _who(session, booking) -> str:
    if booking.child_id is None:
        return "您"
    child = session.get(Child, booking.child_id)
    return child.nickname if child is not None else "您"


def confirmed(session, booking, facts: dict | None = None, who: str | None = None) -> None:
    if facts is None:
        facts, who = _facts(booking), _who(session, booking)
    service.notify_many([service.staged(booking.parent_id, "booking_confirmed",
                                        f"booking:{booking.id}", {**facts, "child": who}),
                         *_reminders(booking, facts)])


def _reminders(booking, facts: dict) -> list[dict]:
    now = utcnow()
    starts = facts["starts_at"]
    ref = f"booking:{booking.id}@{starts:%Y%m%d%H%M}"
    return [service.staged(booking.parent_id, kind, ref, facts, not_before=starts - before,
                           expires_at=starts, now=now)
            for kind, before in REMINDERS if starts - before > now]


def schedule_reminders(booking, facts: dict) -> None:
    service.notify_many(_reminders(booking, facts))


def withdraw_reminders(booking) -> None:
    for kind, _ in REMINDERS:
        service.cancel_like(kind, booking.parent_id, f"booking:{booking.id}@")


class BookingNotifications:
    """A courses booking hook (app.courses.hooks)."""

    def reserve(self, booking, options: dict) -> None:
        session = inspect(booking).session
        if booking.status not in ("confirmed", "waitlisted"):
            return
        # What the notifications say was read with the booking's rules, before the booking took
        # the session's row (courses.booking): under that lock this hook only writes.
        notice = options["notice"]
        facts = {"course": notice["course"], "starts_at": notice["starts_at"],
                 "venue": notice["venue"], "booking_id": booking.id}
        who = notice["child"]
        if booking.status == "confirmed":
            confirmed(session, booking, facts, who)
        else:
            service.notify(booking.parent_id, "waitlisted", f"booking:{booking.id}",
                           {**facts, "child": who})

    def release(self, booking, reason: str) -> None:
        withdraw_reminders(booking)
        if reason in VENUE_CANCELLED:
            course_session = booking.session
            detail = course_session.cancel_reason or "场次取消"
            service.notify(booking.parent_id, "session_cancelled",
                           f"session:{course_session.id}",
                           {"course": course_session.course.title,
                            "starts_at": course_session.starts_at, "detail": detail})


    def no_show(self, booking) -> None:
        pass


HOOK = BookingNotifications()


def _changed(obj, name: str):
    history = inspect(obj).attrs[name].history
    return (history.deleted[0] if history.deleted else None,
            history.added[0] if history.added else None) if history.has_changes() else None


def _before_flush(session, flush_context, instances) -> None:
    from app.courses.models import Booking, CourseSession

    for obj in list(session.dirty):
        if isinstance(obj, Booking):
            change = _changed(obj, "status")
            if change == ("waitlisted", "confirmed"):
                confirmed(session, obj)
            elif change == ("waitlisted", "cancelled") and obj.cancel_reason == "offer_expired":
                service.notify(obj.parent_id, "offer_expired", f"booking:{obj.id}",
                               _facts(obj))
            elif obj.status == "waitlisted" and obj.offer_expires_at is not None \
                    and _changed(obj, "offer_expires_at"):
                facts = _facts(obj)
                del facts["venue"]
                service.notify(obj.parent_id, "offer_made", f"booking:{obj.id}",
                               {**facts, "offer_expires_at": obj.offer_expires_at})
        elif isinstance(obj, CourseSession) and obj.status == "scheduled":
            moved = _changed(obj, "starts_at")
            if moved or _changed(obj, "venue_id"):
                _session_moved(session, obj)


def _session_moved(session, course_session) -> None:
    from app.courses.models import Booking, Venue

    venue = session.get(Venue, course_session.venue_id)
    live = session.scalars(select(Booking).where(
        Booking.session_id == course_session.id,
        Booking.status.in_(("confirmed", "waitlisted")))).all()
    when = f"{course_session.starts_at:%Y%m%d%H%M}"
    for booking in live:
        withdraw_reminders(booking)
        service.notify(booking.parent_id, "session_changed",
                       f"session:{course_session.id}@{when}:{course_session.venue_id}",
                       {"course": course_session.course.title,
                        "starts_at": course_session.starts_at,
                        "detail": f"现在{venue.name if venue else ''}上课"})
        if booking.status == "confirmed":
            schedule_reminders(booking, {**_facts(booking), "venue": venue.name})


EXPIRY_NOTICE = timedelta(days=7)


def _after_flush(session, flush_context) -> None:
    from app.vouchers.models import Redemption, RedemptionReversal, Voucher

    for obj in list(session.new):
        if isinstance(obj, Voucher) and obj.parent_id is not None:
            _voucher_issued(obj)
        elif isinstance(obj, Redemption):
            _voucher_used(session, "voucher_redeemed", obj, f"redemption:{obj.id}")
        elif isinstance(obj, RedemptionReversal):
            _voucher_used(session, "voucher_reversed", session.get(Redemption, obj.redemption_id),
                          f"reversal:{obj.id}")


def _voucher_values(voucher) -> dict:
    # new rows carry ids, not yet their relationships
    batch = inspect(voucher).session.get(VoucherBatch, voucher.batch_id)
    return {"voucher": batch.name, "valid_until_on": to_local(batch.valid_until).date(),
            "voucher_id": voucher.id}


def _voucher_issued(voucher) -> None:
    values = _voucher_values(voucher)
    ref = f"batch:{voucher.batch_id}:child:{voucher.child_id}"
    service.notify(voucher.parent_id, "voucher_issued", ref, values)
    until = inspect(voucher).session.get(VoucherBatch, voucher.batch_id).valid_until
    if until - EXPIRY_NOTICE > utcnow():
        service.notify(voucher.parent_id, "voucher_expiring", ref, values,
                       not_before=until - EXPIRY_NOTICE, expires_at=until)


def _voucher_used(session, kind: str, redemption, ref: str) -> None:
    from app.courses.models import Venue
    from app.vouchers.models import Voucher

    voucher = session.get(Voucher, redemption.voucher_id)
    if voucher.parent_id is None:
        return
    values = _voucher_values(voucher)
    if kind == "voucher_redeemed":
        venue = session.get(Venue, redemption.venue_id)
        values["venue"] = venue.name if venue else "服务场地"
    service.notify(voucher.parent_id, kind, ref, values)


def register() -> None:
    from app.courses import hooks

    hooks.register(HOOK)
    for name, listener in (("before_flush", _before_flush), ("after_flush", _after_flush)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
