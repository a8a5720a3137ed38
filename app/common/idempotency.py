"""Replay the first result for a repeated Idempotency-Key.

The record is written inside the request's unit of work, with the work it guards and the body
it answered: they commit together or not at all. So a key never sticks. A retry after a worker
died mid-request finds no record (the database aborted that transaction) and runs the work
afresh; a concurrent duplicate waits on the unique constraint until the first commits, then
replays its stored answer. A key is bound to its request: the same key with another method,
path or body is refused instead of being answered with the first request's success.
"""
import hashlib
import json
from datetime import timedelta
from typing import Callable

from flask import jsonify, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.common.errors import DomainError, InvalidInput
from app.common.models import IdempotencyRecord
from app.common.timeutil import utcnow
from app.extensions import db

HEADER = "Idempotency-Key"
RETENTION = timedelta(days=7)


def _find(user_id: int, scope: str, key: str) -> IdempotencyRecord | None:
    return db.session.scalars(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.scope == scope,
        IdempotencyRecord.key == key)).first()


def fingerprint() -> str:
    """Method, path and the body's JSON (key order and spacing do not matter)."""
    body = request.get_json(silent=True)
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode())
    return digest.hexdigest()


def _replay(record: IdempotencyRecord, print_: str):
    if record.fingerprint != print_:
        raise InvalidInput(HEADER, "该 Idempotency-Key 已用于另一个请求（路径或内容不同）；"
                                   "新的请求请使用新的 Idempotency-Key",
                           code="idempotency_key_reused")
    if record.status_code is None:  # only visible if written outside a unit of work
        raise DomainError("request_in_progress", "相同的请求正在处理中，请稍后查看结果")
    return record.response, record.status_code


def idempotent(scope: str, user_id: int, produce: Callable[[], tuple[dict, int]]):
    """Run `produce` (returns a JSON-ready body and status) at most once per key and user;
    called inside the route's unit of work, which commits the record with the work."""
    key = request.headers.get(HEADER)
    if not key:
        return produce()
    key = key.strip()
    if not 1 <= len(key) <= 128:
        raise InvalidInput(HEADER, "Idempotency-Key 长度应在 1 到 128 之间")
    print_ = fingerprint()
    existing = _find(user_id, scope, key)
    if existing is not None:
        return _replay(existing, print_)
    record = IdempotencyRecord(user_id=user_id, scope=scope, key=key, fingerprint=print_)
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        # A concurrent request with this key committed first (we waited for it): replay it.
        # Nothing else was written yet in this transaction, so rolling it back loses nothing.
        db.session.rollback()
        return _replay(_find(user_id, scope, key), print_)
    body, status = produce()
    record.response, record.status_code = body, status
    db.session.flush()
    return body, status


def idempotent_response(scope: str, user_id: int, produce: Callable[[], tuple[dict, int]]):
    """idempotent() as a ready JSON response: the body is already dumped (a replay returns the
    stored one), so flask-smorest's @blp.response passes it through instead of dumping again."""
    body, status = idempotent(scope, user_id, produce)
    response = jsonify(body)
    response.status_code = status
    return response


def purge_older_than(age: timedelta = RETENTION) -> int:
    """Forget keys older than the retention period (`flask idempotency purge`)."""
    return db.session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.created_at < utcnow() - age)).rowcount
