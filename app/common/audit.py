"""The audit log (操作日志): every write an admin makes to the audited objects, append-only.

One mechanism for every domain: an `after_flush` listener records the inserts, updates and
deletes of the audited tables while the request's user is an admin, as rows of `audit_entry`
written on the flush's own connection, so an entry commits or rolls back with the change it
describes (the same unit of work). Services need no change. What it does not see: Core
`UPDATE … WHERE` statements (the counters such as a batch's issued_count), and CLI commands
(no admin is signed in: content loads and imports are recorded by their own reports).

Append-only three times over: the ORM refuses to update or delete an entry, and so does a
trigger in the database (migration 0016) on PostgreSQL and SQLite.
"""
from datetime import date, datetime
from decimal import Decimal

from flask import g, has_request_context
from sqlalchemy import JSON, Index, Integer, String, event, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.common.spreadsheet import ExcelCsv
from app.common.timeutil import UTCDateTime, to_local, utcnow
from app.extensions import db

ACTIONS = ("create", "update", "delete")

# table -> columns never copied into an entry: secrets, personal contact data of staff, and
# derived columns (search keys) that only repeat what the entry already shows.
_AUDITED: dict[str, frozenset] = {
    "venue": frozenset(),
    "course": frozenset(),
    "course_session": frozenset(),
    "voucher_batch": frozenset(),
    "facility": frozenset({"search_words", "name_pinyin", "name_initials", "search_seq"}),
    "nursing_room": frozenset(),
    "faq_question": frozenset(),
    "user_account": frozenset({"password_hash", "session_key", "openid", "unionid", "phone",
                               "token_version", "last_login_at", "consent_at"}),
}
_STAFF_ROLES = ("venue_staff", "admin")


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(8))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(80))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64))


def _refuse_change(mapper, connection, target):
    raise RuntimeError("audit entries are append-only")


event.listen(AuditEntry, "before_update", _refuse_change)
event.listen(AuditEntry, "before_delete", _refuse_change)


def _admin_id() -> int | None:
    if not has_request_context():
        return None
    user = g.get("current_user")
    return user.id if user is not None and user.role == "admin" else None


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _columns(obj) -> list[str]:
    table = obj.__table__.name
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in _AUDITED[table]]


def _snapshot(obj) -> dict:
    state = inspect(obj)
    return {key: _plain(state.dict[key]) for key in _columns(obj) if key in state.dict}


def _changes(obj) -> tuple[dict, dict]:
    state = inspect(obj)
    before, after = {}, {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        before[key], after[key] = _plain(old), _plain(new)
    return before, after


def _is_audited(obj) -> bool:
    table = getattr(obj, "__table__", None)
    if table is None or table.name not in _AUDITED:
        return False
    return table.name != "user_account" or obj.role in _STAFF_ROLES


def _object_id(obj) -> str:
    # new rows have their key by now (after the INSERT) but no identity yet
    return "/".join(str(v) for v in inspect(obj).mapper.primary_key_from_instance(obj))


def _record(session: Session, flush_context) -> None:
    actor = _admin_id()
    if actor is None:
        return
    now, request_id = utcnow(), g.get("request_id")
    rows = []

    def add(action, obj, before, after):
        rows.append({"at": now, "actor_id": actor, "action": action,
                     "object_type": obj.__table__.name, "object_id": _object_id(obj),
                     "before": before, "after": after, "request_id": request_id})

    for obj in session.new:
        if _is_audited(obj):
            add("create", obj, None, _snapshot(obj))
    for obj in session.dirty:
        if _is_audited(obj) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                add("update", obj, before, after)
    for obj in session.deleted:
        if _is_audited(obj):
            add("delete", obj, _snapshot(obj), None)
    if rows:
        session.connection().execute(AuditEntry.__table__.insert(), rows)


def install() -> None:
    """Record admin writes in every session (after the flush: new rows have their ids, and the
    attribute history still holds the values before the change)."""
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "after_flush", _record)


# --- reading the log ------------------------------------------------------------------------

def entries_query(filters: dict):
    stmt = select(AuditEntry)
    if filters.get("actor_id"):
        stmt = stmt.where(AuditEntry.actor_id == filters["actor_id"])
    if filters.get("actor_ids") is not None:   # a district office sees its own admins' writes
        stmt = stmt.where(AuditEntry.actor_id.in_(filters["actor_ids"]))
    if filters.get("action"):
        stmt = stmt.where(AuditEntry.action == filters["action"])
    if filters.get("object_type"):
        stmt = stmt.where(AuditEntry.object_type == filters["object_type"])
    if filters.get("object_id"):
        stmt = stmt.where(AuditEntry.object_id == filters["object_id"])
    if filters.get("since"):
        stmt = stmt.where(AuditEntry.at >= filters["since"])
    if filters.get("until"):
        stmt = stmt.where(AuditEntry.at < filters["until"])
    return stmt.order_by(AuditEntry.id.desc())


OBJECT_TYPES = tuple(_AUDITED)
_ACTION_NAMES = {"create": "新增", "update": "修改", "delete": "删除"}
_CSV_HEADER = ["编号", "时间", "操作人ID", "操作", "对象类型", "对象ID", "修改前", "修改后", "请求ID"]
CSV_LIMIT = 50000


def entries_csv(filters: dict) -> str:
    """The filtered log as CSV with a BOM, so Excel on Chinese Windows opens it intact."""
    import json

    rows = ExcelCsv()
    writer = rows.writer
    writer.writerow(_CSV_HEADER)
    for entry in db.session.scalars(entries_query(filters).limit(CSV_LIMIT)):
        writer.writerow([
            entry.id, to_local(entry.at).isoformat(timespec="seconds"), entry.actor_id,
            _ACTION_NAMES[entry.action], entry.object_type, entry.object_id,
            "" if entry.before is None else json.dumps(entry.before, ensure_ascii=False),
            "" if entry.after is None else json.dumps(entry.after, ensure_ascii=False),
            entry.request_id or ""])
    return rows.text()
