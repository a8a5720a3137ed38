"""Replay the first result for a repeated Idempotency-Key.

The record is inserted *before* the work, in the same transaction, so a concurrent duplicate
waits on the unique constraint and then replays the winner's stored response instead of doing
the work twice.
"""
from typing import Callable

from flask import jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.common.errors import DomainError, InvalidInput
from app.common.models import IdempotencyRecord
from app.extensions import db

HEADER = "Idempotency-Key"


def _find(user_id: int, scope: str, key: str) -> IdempotencyRecord | None:
    return db.session.scalars(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.scope == scope,
        IdempotencyRecord.key == key)).first()


def _replay(record: IdempotencyRecord):
    if record.status_code is None:
        raise DomainError("request_in_progress", "相同的请求正在处理中，请稍后查看结果")
    return record.response, record.status_code


def idempotent(scope: str, user_id: int, produce: Callable[[], tuple[dict, int]]):
    """Run `produce` (returns a JSON-ready body and status) at most once per key and user."""
    key = request.headers.get(HEADER)
    if not key:
        return produce()
    key = key.strip()
    if not 1 <= len(key) <= 128:
        raise InvalidInput(HEADER, "Idempotency-Key 长度应在 1 到 128 之间")
    existing = _find(user_id, scope, key)
    if existing is not None:
        return _replay(existing)
    record = IdempotencyRecord(user_id=user_id, scope=scope, key=key)
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _replay(_find(user_id, scope, key))
    try:
        body, status = produce()
    except DomainError:
        db.session.rollback()
        raise
    record = db.session.merge(record)
    record.response, record.status_code = body, status
    db.session.commit()
    return body, status


def idempotent_response(scope: str, user_id: int, produce: Callable[[], tuple[dict, int]]):
    """idempotent() as a ready JSON response: the body is already dumped (a replay returns the
    stored one), so flask-smorest's @blp.response passes it through instead of dumping again."""
    body, status = idempotent(scope, user_id, produce)
    response = jsonify(body)
    response.status_code = status
    return response
