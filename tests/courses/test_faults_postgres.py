"""A worker killed mid-booking leaves no key stuck: the idempotency record commits with the
booking or not at all, so the retry with the same Idempotency-Key gets the booking or makes it,
exactly once. gunicorn on PostgreSQL, workers killed with SIGKILL."""
import os
import random
import signal
import threading
import time

import httpx
from sqlalchemy import func, select, text

from app.common.auth import issue_token
from app.common.models import IdempotencyRecord
from app.courses.models import Booking
from app.extensions import db
from tests.support.builders import open_sessions, parents_with_children
from tests.support.servers import gunicorn, require_postgresql, worker_pids

BLOCKED_KILLS = 3
RANDOM_KILLS = int(os.environ.get("FAULT_RANDOM_KILLS", "5"))


def _kill_worker(server) -> None:
    for pid in worker_pids(server):
        os.kill(pid, signal.SIGKILL)


def _wait_for_worker(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("no worker came back")


def _book(base, token, session_id, child_id, key, timeout=30.0):
    return httpx.post(f"{base}/api/v1/sessions/{session_id}/bookings", timeout=timeout,
                      headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                      json={"child_id": child_id})


def test_a_killed_booking_is_retried_with_its_key_exactly_once(app, tmp_path):
    require_postgresql(app)
    with app.app_context():
        session, = open_sessions(1, 100)
        parents = parents_with_children(BLOCKED_KILLS + RANDOM_KILLS, "fault")
        db.session.commit()
        families = [(u.id, issue_token(u)[0], u.children[0].id) for u in parents]
        session_id = session.id
    with gunicorn(app, tmp_path, workers=1) as (base, server):
        for n, (parent_id, token, child_id) in enumerate(families):
            key = f"kill-{n}"
            if n < BLOCKED_KILLS:
                _kill_while_blocked(app, base, server, parent_id, token, session_id, child_id,
                                    key)
            else:
                _kill_at_a_random_moment(base, server, token, session_id, child_id, key)
            _wait_for_worker(base)
            retried = _book(base, token, session_id, child_id, key)
            assert retried.status_code == 201, retried.text
            again = _book(base, token, session_id, child_id, key)
            assert again.json() == retried.json()
    with app.app_context():
        per_child = db.session.execute(select(Booking.child_id, func.count()).group_by(
            Booking.child_id)).all()
        assert sorted(count for _, count in per_child) == [1] * len(families)
        stuck = db.session.scalar(select(func.count()).select_from(IdempotencyRecord).where(
            IdempotencyRecord.status_code.is_(None)))
        assert stuck == 0


def _kill_while_blocked(app, base, server, parent_id, token, session_id, child_id, key):
    """Hold the parent's row so the booking waits inside its transaction (its idempotency record
    already written), then kill the worker."""
    with app.app_context():
        with db.engine.connect() as holder:
            holder.execute(text("SELECT id FROM user_account WHERE id = :id FOR UPDATE"),
                           {"id": parent_id})
            request = threading.Thread(target=_swallow, args=(base, token, session_id, child_id,
                                                              key), daemon=True)
            request.start()
            _wait_until_waiting_for_lock(holder)
            _kill_worker(server)
            holder.rollback()
        request.join(timeout=30)


def _wait_until_waiting_for_lock(conn) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        waiting = conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")).scalar()
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("the booking never waited for the parent's lock")


def _kill_at_a_random_moment(base, server, token, session_id, child_id, key):
    request = threading.Thread(target=_swallow, args=(base, token, session_id, child_id, key),
                               daemon=True)
    request.start()
    time.sleep(random.uniform(0.0, 0.03))
    _kill_worker(server)
    request.join(timeout=30)


def _swallow(*args):
    try:
        _book(*args)
    except httpx.HTTPError:
        pass  # the worker died under the request: that is the point
