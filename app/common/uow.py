"""The unit of work: where a write's transaction begins and ends.

Routes (the `@unit_of_work` decorator), CLI commands (`with transaction():`) and the
Idempotency-Key wrapper own the transaction; services only flush. Everything one request
changes — the booking, the voucher, the idempotency record, an outbox row — commits together at
the end, or not at all: an exception anywhere rolls the whole request back, and a worker killed
before the commit leaves nothing behind (the database aborts the transaction).
"""
import functools
from contextlib import contextmanager

from app.extensions import db

_DEPTH = "unit_of_work_depth"


@contextmanager
def transaction():
    """Commit what the block changed, or roll it all back. Nested uses join the outer one."""
    info = db.session.info
    depth = info.get(_DEPTH, 0)
    info[_DEPTH] = depth + 1
    try:
        yield db.session
        if depth == 0:
            db.session.commit()
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    finally:
        info[_DEPTH] = depth


def in_unit_of_work() -> bool:
    return db.session.info.get(_DEPTH, 0) > 0


def unit_of_work(view):
    """Route decorator, under @auth_required and above @blp.arguments/@blp.response: the
    response body is built inside the transaction, so an answer is only sent for committed work
    and the dump needs no reload of expired rows."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with transaction():
            return view(*args, **kwargs)

    return wrapper
