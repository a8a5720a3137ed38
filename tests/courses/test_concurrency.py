"""Seat taking under a real rush: gunicorn with several worker processes on PostgreSQL, hundreds
of booking requests from many threads over HTTP, mixed with cancellations and repeated taps."""
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.common.auth import issue_token
from app.courses.models import Booking, CourseSession
from app.extensions import db
from tests.support.builders import open_sessions, parents_with_children
from tests.support.servers import gunicorn

CAPACITY = 25
PARENTS = 220
CANCELLERS = 40      # book, then cancel at once
DOUBLE_TAPS = 20     # send the same booking twice at the same moment, no key
KEYED_REPEATS = 20   # send it twice with the same Idempotency-Key


@pytest.fixture
def served(app, tmp_path):
    """The app under gunicorn (4 workers) on the test database; yields its base URL."""
    with gunicorn(app, tmp_path) as (base, _):
        yield base


def _seed(app) -> tuple[int, list[tuple[str, int]]]:
    """A 25-seat session that is open for booking, and parents each with a 1-year-old."""
    with app.app_context():
        session, = open_sessions(1, CAPACITY)
        users = parents_with_children(PARENTS, "rush")
        db.session.commit()
        return session.id, [(issue_token(u)[0], u.children[0].id) for u in users]


def test_rush_never_overbooks(app, served):
    session_id, parents = _seed(app)
    url = f"{served}/api/v1/sessions/{session_id}/bookings"
    start = threading.Event()
    outcomes: list[tuple[int, int, str | None]] = []   # (parent index, status, code)
    lock = threading.Lock()

    def record(index, response):
        body = response.json()
        with lock:
            outcomes.append((index, response.status_code, body.get("code") or body.get("status")))
        return body

    def patiently(send):
        """As the mini-program does: a 409 busy_try_again (a row lock waited past
        DB_LOCK_TIMEOUT on a loaded machine) is retried after its Retry-After."""
        for _ in range(5):
            response = send()
            if response.status_code != 409 or response.json().get("code") != "busy_try_again":
                return response
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    def one_parent(index: int):
        token, child_id = parents[index]
        headers = {"Authorization": f"Bearer {token}"}
        if index < KEYED_REPEATS:
            headers["Idempotency-Key"] = f"rush-{index}"
        start.wait()
        with httpx.Client(timeout=30) as http:
            body = record(index, patiently(
                lambda: http.post(url, json={"child_id": child_id}, headers=headers)))
            if CAPACITY <= index < CAPACITY + CANCELLERS and "id" in body:
                gone = patiently(lambda: http.delete(f"{served}/api/v1/bookings/{body['id']}",
                                                     headers=headers))
                record(index, gone)

    # Double taps and keyed repeats send a second, identical request at the same moment.
    tasks = list(range(PARENTS)) + list(range(KEYED_REPEATS)) + \
        list(range(PARENTS - DOUBLE_TAPS, PARENTS))
    with ThreadPoolExecutor(max_workers=64) as pool:
        futures = [pool.submit(one_parent, i) for i in tasks]
        time.sleep(0.3)
        start.set()
        for future in futures:
            future.result()

    statuses = Counter(status for _, status, _ in outcomes)
    assert set(statuses) <= {200, 201, 409}, statuses
    refused = Counter(code for _, status, code in outcomes if status == 409)
    assert set(refused) <= {"already_booked", "already_waitlisted", "request_in_progress"}, refused

    with app.app_context():
        session = db.session.get(CourseSession, session_id)
        live = db.session.scalars(select(Booking).where(
            Booking.session_id == session_id, Booking.status != "cancelled")).all()
        all_rows = db.session.scalars(select(Booking).where(
            Booking.session_id == session_id)).all()
        confirmed = [b for b in live if b.status == "confirmed"]
        waitlisted = sorted((b for b in live if b.status == "waitlisted"),
                            key=lambda b: b.waitlist_ticket)
        offered = [b for b in waitlisted if b.offer_expires_at is not None]
        # a seat a canceller freed is held as an offer to the first in line
        assert len(confirmed) + len(offered) == CAPACITY == session.seats_taken
        assert len(waitlisted) == len(live) - len(confirmed) > len(offered)
        tickets = [b.waitlist_ticket for b in all_rows if b.waitlist_ticket is not None]
        assert len(tickets) == len(set(tickets)), "a waiting-list ticket was handed out twice"
        assert max(tickets) == session.waitlist_issued
        assert session.waitlist_length == len(waitlisted)
        per_parent = Counter(b.parent_id for b in live)
        assert max(per_parent.values()) == 1, "a parent holds two live bookings"
        assert len(per_parent) == PARENTS - CANCELLERS
        # Offers went to the earliest tickets among those still waiting, none skipped.
        assert offered == waitlisted[:len(offered)]

    staff = _staff_headers(app, session_id)
    positions = _roster_positions(app, session_id, staff)
    assert positions == list(range(1, len(waitlisted) + 1))


def _staff_headers(app, session_id: int) -> dict:
    with app.app_context():
        session = db.session.get(CourseSession, session_id)
        staff = User(role="venue_staff", username="rush-clerk", venue_id=session.venue_id)
        db.session.add(staff)
        db.session.commit()
        return {"Authorization": f"Bearer {issue_token(staff)[0]}"}


def _roster_positions(app, session_id: int, headers: dict) -> list[int]:
    client, positions, page = app.test_client(), [], 1
    while True:
        body = client.get(f"/api/v1/sessions/{session_id}/roster?page={page}",
                          headers=headers).get_json()
        positions += [e["waitlist_position"] for e in body["items"]
                      if e["status"] == "waitlisted"]
        if page * body["per_page"] >= body["total"]:
            return positions
        page += 1


def test_a_long_held_session_lock_answers_409_try_again(app, cat):
    """Another transaction holds the session row: the booking gives up after the lock timeout
    with a retryable 409 instead of tying up a worker (PostgreSQL's lock_timeout)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL: lock_timeout and row locks")
    session = cat.session(capacity=2)
    headers, child = cat.parent_with_child(12)
    with app.app_context():
        with db.engine.connect() as blocker:
            blocker.execute(select(CourseSession.id).where(CourseSession.id == session["id"])
                            .with_for_update())
            started = time.monotonic()
            response = cat.book(session["id"], headers, child)
            waited = time.monotonic() - started
            blocker.rollback()
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["code"] == "busy_try_again"
    # The mini-program waits what Retry-After says: a second, not the rate limit's minute.
    assert response.headers["Retry-After"] == "1"
    assert 2.5 < waited < 10
    booked = cat.book(session["id"], headers, child)
    assert booked.get_json()["status"] == "confirmed"
    assert "Retry-After" not in booked.headers and "X-RateLimit-Remaining" in booked.headers


def test_one_parent_tapping_many_sessions_at_once_stays_within_the_limit(app, served):
    """The anti-hoarding limit holds when one parent books twelve sessions in the same instant
    from several workers: exactly MAX_ACTIVE_BOOKINGS succeed, the rest are told why."""
    limit = app.config["MAX_ACTIVE_BOOKINGS"]
    with app.app_context():
        sessions = open_sessions(limit + 7, capacity=10)
        parent, = parents_with_children(1, "hoarder")
        db.session.commit()
        headers = {"Authorization": f"Bearer {issue_token(parent)[0]}"}
        child_id, ids = parent.children[0].id, [s.id for s in sessions]
    start = threading.Event()

    def one(session_id: int):
        start.wait()
        with httpx.Client(timeout=30) as http:
            response = http.post(f"{served}/api/v1/sessions/{session_id}/bookings",
                                 json={"child_id": child_id}, headers=headers)
            return response.status_code, response.json().get("code")

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        futures = [pool.submit(one, session_id) for session_id in ids]
        time.sleep(0.3)
        start.set()
        outcomes = Counter(future.result() for future in futures)
    assert outcomes == {(201, None): limit, (409, "too_many_bookings"): len(ids) - limit}
