"""Writing notifications in the caller's transaction, the parent's inbox, subscriptions, and the
figures admins watch. Nothing here commits: the route or command that called owns the transaction.
"""
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.common.errors import InvalidInput, NotFound
from app.common.timeutil import SHANGHAI, today_local, utcnow
from app.extensions import db
from app.notifications import templates
from app.notifications.models import Notification, Subscription

# wx.requestSubscribeMessage takes at most 5 templates a call (older clients 3).
MAX_TEMPLATES_PER_CALL = 5


def catalogue() -> templates.Catalogue:
    return _load(Path(current_app.config["CONTENT_DIR"]) / "notifications" / "templates.yaml")


@lru_cache(maxsize=4)
def _load(path: Path) -> templates.Catalogue:
    return templates.load(path)


def _insert(table):
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


# --- writing -------------------------------------------------------------------------------

def notify(user_id: int, kind: str, object_ref: str, payload: dict, *,
           not_before: datetime | None = None, expires_at: datetime | None = None) -> int | None:
    """Stage one notification in the caller's transaction (it commits or rolls back with the
    change that caused it). The same kind, recipient and object are written once: a repeat
    returns None. `payload` holds exactly the kind's `needs` (a child's nickname at most)."""
    ids = notify_many([staged(user_id, kind, object_ref, payload, not_before=not_before,
                              expires_at=expires_at)])
    return ids[0] if ids else None


def staged(user_id: int, kind: str, object_ref: str, payload: dict, *,
           not_before: datetime | None = None, expires_at: datetime | None = None,
           now: datetime | None = None) -> dict:
    """One notification's row, checked and rendered, for notify_many."""
    spec = catalogue().kind(kind)
    if set(payload) != set(spec.needs):
        raise ValueError(f"notification {kind} needs {sorted(spec.needs)}, got {sorted(payload)}")
    values = {name: _json_value(value) for name, value in payload.items()}
    title, body = templates.inbox_text(spec, values)
    now = now or utcnow()
    return {"user_id": user_id, "kind": kind, "object_ref": object_ref[:64],
            "template": spec.template, "title": title, "body": body, "payload": values,
            "status": "pending", "not_before": not_before or now, "expires_at": expires_at,
            "attempts": 0, "created_at": now}


def notify_many(rows: list[dict]) -> list[int]:
    """Several staged notifications in one INSERT (a confirmation and its two reminders are
    one round trip inside the booking's transaction); the ids of those not written before."""
    if not rows:
        return []
    return list(db.session.scalars(_staging_insert(db.session.get_bind().dialect.name), rows))


@cache
def _staging_insert(dialect_name: str):
    """One statement for every batch (its values are parameters, not part of its text), so it is
    compiled once per process and PostgreSQL prepares it; a booking writes it under the session's
    lock, where building a new multi-row VALUES each time cost more than the write."""
    table = Notification.__table__
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(
        index_elements=["kind", "user_id", "object_ref"]).returning(table.c.id)


def cancel_like(kind: str, user_id: int, ref_prefix: str) -> int:
    """Withdraw one parent's unsent notifications of a kind about objects starting so
    ("booking:12@": the reminders of booking 12, whatever start time they were for)."""
    result = db.session.execute(update(Notification).where(
        Notification.kind == kind, Notification.user_id == user_id,
        Notification.object_ref.startswith(ref_prefix, autoescape=True),
        Notification.status == "pending").values(status="cancelled")
        .execution_options(synchronize_session=False))
    return result.rowcount


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is not None and not isinstance(value, (str, int, float)):
        raise ValueError(f"notification values are text, numbers or times, not {type(value)}")
    return value


# --- the inbox -----------------------------------------------------------------------------

def _visible(user_id: int):
    return (Notification.user_id == user_id, Notification.not_before <= utcnow(),
            Notification.status != "cancelled")


def inbox(user, page: int, per_page: int, unread_only: bool = False) -> dict:
    conditions = list(_visible(user.id))
    if unread_only:
        conditions.append(Notification.read_at.is_(None))
    unread_first = case((Notification.read_at.is_(None), 0), else_=1)
    stmt = (select(Notification).where(*conditions)
            .order_by(unread_first, Notification.created_at.desc(), Notification.id.desc()))
    total = db.session.scalar(select(func.count()).where(*conditions))
    unread = db.session.scalar(select(func.count()).where(*_visible(user.id),
                                                          Notification.read_at.is_(None)))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": rows, "page": page, "per_page": per_page, "total": total, "unread": unread}


def mark_read(user, notification_id: int) -> Notification:
    row = db.session.scalars(select(Notification).where(
        Notification.id == notification_id, *_visible(user.id))).first()
    if row is None:
        raise NotFound("notification_not_found", "该通知不存在")
    if row.read_at is None:
        row.read_at = utcnow()
        db.session.flush()
    return row


# --- subscriptions -------------------------------------------------------------------------

def record_subscriptions(user, accepted: list[str], rejected: list[str]) -> list[dict]:
    """What wx.requestSubscribeMessage answered: each one-time accept allows one more message;
    a reject leaves earlier accepts standing (WeChat keeps them too)."""
    known = catalogue().templates
    for field, keys in (("accepted", accepted), ("rejected", rejected)):
        for key in keys:
            if key not in known:
                raise InvalidInput(field, f"未知的订阅消息模板：{key}（可选：{'、'.join(known)}）")
        if len(set(keys)) != len(keys):
            raise InvalidInput(field, "模板重复")
    if set(accepted) & set(rejected):
        raise InvalidInput("rejected", "同一模板不能既接受又拒绝")
    if len(accepted) + len(rejected) > MAX_TEMPLATES_PER_CALL:
        raise InvalidInput("accepted", f"一次最多 {MAX_TEMPLATES_PER_CALL} 个模板")
    table = Subscription.__table__
    now = utcnow()
    for key, choice in [(k, "accept") for k in accepted] + [(k, "reject") for k in rejected]:
        step = 1 if choice == "accept" else 0
        statement = _insert(table).values(user_id=user.id, template=key, remaining=step,
                                          last_choice=choice, updated_at=now)
        db.session.execute(statement.on_conflict_do_update(
            index_elements=["user_id", "template"],
            set_={"remaining": table.c.remaining + step, "last_choice": choice,
                  "updated_at": now}))
    db.session.flush()
    return subscriptions(user)


def subscriptions(user) -> list[dict]:
    held = {row.template: row for row in db.session.scalars(
        select(Subscription).where(Subscription.user_id == user.id))}
    return [{"template": key, "title": spec.title,
             "remaining": held[key].remaining if key in held else 0,
             "last_choice": held[key].last_choice if key in held else None}
            for key, spec in catalogue().templates.items()]


# --- personal data (PIPL) ------------------------------------------------------------------

def export_for(user) -> dict:
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()
    return {"notifications": [{"kind": n.kind, "title": n.title, "body": n.body,
                               "status": n.status, "created_at": n.created_at.isoformat(),
                               "read_at": n.read_at.isoformat() if n.read_at else None}
                              for n in rows],
            "subscriptions": [s for s in subscriptions(user) if s["last_choice"]]}


def erase_for(user) -> None:
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(Subscription).where(Subscription.user_id == user.id))


# --- operations ----------------------------------------------------------------------------

def stats(days: int, *, last: date | None = None, recipients=None) -> dict:
    """Counts by local day of creation, kind and status over the `days` days ending `last`
    (today by default); `recipients`, a SELECT of user ids, keeps theirs only (the statistics'
    属地管理 scope)."""
    first = (last or today_local()) - timedelta(days=days - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=SHANGHAI)
    period = [Notification.created_at >= since]
    if last is not None:
        period.append(Notification.created_at < since + timedelta(days=days))
    if recipients is not None:
        period.append(Notification.user_id.in_(recipients))
    if db.session.get_bind().dialect.name == "postgresql":
        day = func.to_char(func.timezone("Asia/Shanghai", Notification.created_at), "YYYY-MM-DD")
    else:
        day = func.strftime("%Y-%m-%d", Notification.created_at, "+8 hours")
    rows = db.session.execute(
        select(day.label("day"), Notification.kind, Notification.status, func.count())
        .where(*period)
        .group_by(day, Notification.kind, Notification.status)
        .order_by(day, Notification.kind, Notification.status)).all()
    by_status: dict = {}
    by_kind: dict = {}
    for _, kind, status, count in rows:
        by_status[status] = by_status.get(status, 0) + count
        by_kind[kind] = by_kind.get(kind, 0) + count
    return {"since": first, "days": [{"day": d, "kind": k, "status": s, "count": c}
                                     for d, k, s, c in rows],
            "by_status": by_status, "by_kind": by_kind}


def recipients_in_scope(admin):
    """A SELECT of the parents living in a scoped admin's city or district (属地管理), or None
    for an admin of every city served."""
    from app.accounts.models import User
    from app.common.scope import where_in_scope

    clause = where_in_scope(admin, User.district)
    return None if clause is None else select(User.id).where(clause)


def failed_query(recipients=None):
    query = select(Notification).where(Notification.status == "failed")
    if recipients is not None:
        query = query.where(Notification.user_id.in_(recipients))
    return query.order_by(Notification.id.desc())
