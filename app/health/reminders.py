"""Health reminders through the notifications outbox (issue 17): a vaccine dose that becomes due
within 7 days and a check-up that becomes due within 7 days, for the born children of guardians
who gave the health consent; in the inbox and, with a subscription, as a WeChat message.

No request causes them (time passing does), so the sender's loop (`flask notifications work`,
which `make run` starts beside the web server) calls `schedule()` every
HEALTH_REMINDER_CHECK_SECONDS. Exactly once however many senders or app instances run it at the
same moment, as with class reminders: each reminder's object is `child:{id}:dose:{vaccine}:{n}`
or `child:{id}:checkup:{visit}`, and the outbox's unique (kind, parent, object) index keeps the
first write only. Only doses and visits whose date lies ahead (today .. today + 7 days) are
reminded, so a consent given at age three does not bring a flood of past doses.

Consent and deletion: a parent's reminders are written under their row lock after the consent
and the children are read again, and withdrawing the consent, deleting a child or the account
take the same lock before erasing them (`erase_for`, `erase_for_child`, called by
health.consent), so a scan racing a withdrawal either sees it or is erased by it. A dose or a
check-up recorded before its reminder went out withdraws it (`_recorded`, on flush).
The payload carries the child's nickname and internal id (for the page) and the schedule's
item and date, nothing else of the record.
"""
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import delete, event, select, tuple_, update
from sqlalchemy.orm import Session

from app.accounts.models import Child, User
from app.common.errors import DomainError
from app.common.locking import lock_rows
from app.common.timeutil import SHANGHAI, to_local, utcnow
from app.extensions import db
from app.health import content, schedule as plans
from app.health.models import CheckupRecord, DoseRecord
from app.notifications import service
from app.notifications.models import Notification

HORIZON = timedelta(days=7)
KINDS = ("vaccine_due", "checkup_due")
# The oldest child a reminder may concern (the HPV doses come at 13 years).
OLDEST = timedelta(days=15 * 366)


def _ref(child_id: int) -> str:
    return f"child:{child_id}:"


def _day() -> tuple[time, time | None]:
    """The local hours a reminder may go out (HEALTH_REMINDER_HOURS): found at night, it waits
    for the morning."""
    starts, ends = current_app.config["HEALTH_REMINDER_HOURS"]
    return time(starts), time(ends) if ends < 24 else None


def _daytime(moment: datetime) -> datetime:
    starts, ends = _day()
    local = to_local(moment)
    if local.time() < starts:
        local = datetime.combine(local.date(), starts, SHANGHAI)
    elif ends is not None and local.time() >= ends:
        local = datetime.combine(local.date() + timedelta(days=1), starts, SHANGHAI)
    return local


def _when(on: date, now: datetime) -> tuple[datetime, datetime]:
    """(not_before, expires_at) of a reminder about something due on `on`: seven days before,
    in the daytime; stale a week after (the schedule page still shows it)."""
    opens = datetime.combine(on - HORIZON, _day()[0], SHANGHAI)
    return _daytime(max(now, opens)), datetime.combine(on + HORIZON, time(0), SHANGHAI)


def due_for(child, given: dict, done: dict, today: date, immunization, checkups,
            province: str | None) -> list[tuple[str, str, dict, date]]:
    """The reminders this child is due: (kind, object_ref, payload, date due)."""
    horizon = today + HORIZON
    found = []
    for dose in plans.next_doses(child, given, today, immunization, province, HORIZON.days):
        if dose["status"] in ("due", "upcoming") and today <= dose["earliest_on"] <= horizon:
            found.append(("vaccine_due", f"{_ref(child.id)}dose:{dose['vaccine']}:{dose['dose']}",
                          {"child": child.nickname, "child_id": child.id,
                           "vaccine": dose["vaccine_name"], "dose": dose["dose"],
                           "due_on": dose["earliest_on"]}, dose["earliest_on"]))
    for visit in plans.checkups_for(child, done, today, checkups):
        if visit["status"] in ("due", "upcoming") and today <= visit["on_or_after"] <= horizon:
            found.append(("checkup_due", f"{_ref(child.id)}checkup:{visit['visit']}",
                          {"child": child.nickname, "child_id": child.id,
                           "checkup": visit["name"], "due_on": visit["on_or_after"]},
                          visit["on_or_after"]))
    return found


def _records(child_ids: list[int]) -> tuple[dict, dict]:
    given: dict = {cid: {} for cid in child_ids}
    done: dict = {cid: {} for cid in child_ids}
    for row in db.session.execute(select(DoseRecord.child_id, DoseRecord.vaccine,
                                         DoseRecord.dose, DoseRecord.given_on)
                                  .where(DoseRecord.child_id.in_(child_ids))):
        given[row.child_id][(row.vaccine, row.dose)] = row.given_on
    for row in db.session.execute(select(CheckupRecord.child_id, CheckupRecord.visit,
                                         CheckupRecord.done_on)
                                  .where(CheckupRecord.child_id.in_(child_ids))):
        done[row.child_id][row.visit] = row.done_on
    return given, done


def _candidates(children: list[Child], today: date, plans_now) -> list[tuple]:
    """(parent_id, kind, ref, payload, on) for the children given, computed in bulk."""
    given, done = _records([c.id for c in children])
    return [(child.parent_id, *due)
            for child in children
            for due in due_for(child, given[child.id], done[child.id], today, *plans_now)]


def _plans():
    return (content.current("immunization"), content.current("checkups"),
            current_app.config.get("HEALTH_PROVINCE"))


def schedule(now: datetime | None = None, batch: int = 500) -> int:
    """Write the health reminders now due into the outbox; returns how many were written.
    Safe to run in several processes at once (see the module's docstring). Owns its
    transactions: one read pass, then one short transaction per parent with something new."""
    from app.common.uow import transaction

    now = now or utcnow()
    today = to_local(now).date()
    try:
        plans_now = _plans()
    except DomainError:  # the health content is not loaded (a fresh demo database)
        db.session.rollback()
        return 0
    born_after = today - OLDEST
    pending: set[int] = set()
    last_id = 0
    while True:  # the read pass, in pages of children, without locks
        children = db.session.scalars(
            select(Child).join(User, User.id == Child.parent_id)
            .where(User.health_consent_at.is_not(None), Child.birth_date.is_not(None),
                   Child.birth_date > born_after, Child.id > last_id)
            .order_by(Child.id).limit(batch)).all()
        if not children:
            break
        last_id = children[-1].id
        found = _candidates(children, today, plans_now)
        written = _existing(found)
        pending |= {parent_id for parent_id, kind, ref, _, _ in found
                    if (parent_id, kind, ref) not in written}
    db.session.rollback()
    created = 0
    for parent_id in sorted(pending):
        with transaction():
            created += _write_for(parent_id, today, now, plans_now)
    db.session.remove()
    return created


def _existing(found: list[tuple]) -> set:
    keys = {(parent_id, kind, ref) for parent_id, kind, ref, _, _ in found}
    if not keys:
        return set()
    rows = db.session.execute(select(Notification.user_id, Notification.kind,
                                     Notification.object_ref)
                              .where(tuple_(Notification.user_id, Notification.kind,
                                            Notification.object_ref).in_(list(keys))))
    return {tuple(row) for row in rows}


def _write_for(parent_id: int, today: date, now: datetime, plans_now) -> int:
    """Under the parent's lock: their consent and children read again, then written once."""
    lock_rows(parent=parent_id)
    consent = db.session.scalar(select(User.health_consent_at).where(User.id == parent_id)
                                .execution_options(populate_existing=True))
    if consent is None:
        return 0
    children = db.session.scalars(select(Child).where(
        Child.parent_id == parent_id, Child.birth_date.is_not(None))
        .execution_options(populate_existing=True)).all()
    written = 0
    for _, kind, ref, payload, on in _candidates(children, today, plans_now):
        not_before, expires_at = _when(on, now)
        written += service.notify(parent_id, kind, ref, payload, not_before=not_before,
                                  expires_at=expires_at) is not None
    return written


# --- withdrawing them -----------------------------------------------------------------------

def _erase(user_id: int, ref_prefix: str) -> None:
    lock_rows(parent=user_id)  # waits for a scan writing this parent's reminders
    db.session.execute(delete(Notification).where(
        Notification.user_id == user_id, Notification.kind.in_(KINDS),
        Notification.object_ref.startswith(ref_prefix, autoescape=True))
        .execution_options(synchronize_session=False))


def erase_for(user: User) -> None:
    """The consent withdrawn or the account deleted: every health reminder goes, sent or not
    (they speak of the record)."""
    _erase(user.id, "child:")


def erase_for_child(child: Child) -> None:
    _erase(child.parent_id, _ref(child.id))


def _recorded(session, flush_context, instances) -> None:
    """A dose or a check-up recorded: its reminder, if not yet sent, is no longer needed."""
    for obj in session.new:
        if isinstance(obj, DoseRecord):
            ref = f"{_ref(obj.child_id)}dose:{obj.vaccine}:{obj.dose}"
            kind = "vaccine_due"
        elif isinstance(obj, CheckupRecord):
            ref, kind = f"{_ref(obj.child_id)}checkup:{obj.visit}", "checkup_due"
        else:
            continue
        parent = session.scalar(select(Child.parent_id).where(Child.id == obj.child_id))
        session.execute(update(Notification).where(
            Notification.user_id == parent, Notification.kind == kind,
            Notification.object_ref == ref, Notification.status == "pending")
            .values(status="cancelled").execution_options(synchronize_session=False))


def register() -> None:
    if not event.contains(Session, "before_flush", _recorded):
        event.listen(Session, "before_flush", _recorded)
