"""What the outbox adds to one booking: the booking request with and without its notifications,
one request at a time in process (no lock waits, no other process on the core), beside the
health endpoint in the same run.

    scripts/with-postgres.sh .venv/bin/python bench/booking_cost.py [--bookings 400] [--rounds 4]

Creates parents (each with a 1-year-old) and two sessions on the PostgreSQL database named by
DATABASE_URL: one with seats for everyone (each booking is confirmed: a confirmation and its
24 h / 2 h reminders), one already full (each booking joins the waiting list: one notice). Then,
in alternating rounds, books through the real app (Flask test client: auth, rate limit, schema,
unit of work, commit) with the notification hook registered and with it taken out, and prints
per booking: milliseconds (median of the rounds), SQL statements sent, and the outbox's share.
The concurrent picture, where the hot session row is held, is bench/booking_rush.py.
Adds rows; never drops anything.
"""
import argparse
import logging
import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta

import harness

sys.path.insert(0, str(harness.ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=400, help="per round and variant")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    harness.ensure_postgres()
    os.environ["SECRET_KEY"] = harness.SECRET
    logging.disable(logging.INFO)  # the request log line is the same for both variants
    app = _app()
    per_variant = args.bookings * args.rounds
    open_id, full_id, parents = _seed(app, 4 * per_variant)
    client = app.test_client()
    statements = _statement_counter(app)
    health = _time(lambda: client.get("/api/v1/health"), 2000)
    queue = iter(parents)
    figures = {}
    for round_ in range(args.rounds):
        for label, session_id in (("confirmed", open_id), ("waitlisted", full_id)):
            for outbox in (True, False) if round_ % 2 == 0 else (False, True):
                with _notifications(outbox):
                    batch = [next(queue) for _ in range(args.bookings)]
                    statements.clear()
                    ms = _book_all(client, session_id, batch, label)
                    figures.setdefault((label, outbox), []).append(
                        (ms, statements.count / len(batch)))
    _report(args, health, figures)


def _app():
    from app import create_app

    app = create_app({"RATELIMIT_ENABLED": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app


def _seed(app, parents: int):
    from app.accounts.models import Child, User
    from app.common.auth import issue_token
    from app.common.timeutil import utcnow
    from app.courses.models import Course, CourseSession, Venue
    from app.extensions import db

    run = uuid.uuid4().hex[:8]
    now = utcnow()
    with app.app_context():
        venue = Venue(name="工业园区湖东社区优育课堂（压测）", kind="社区优育课堂",
                      district="320576", lat=31.317, lng=120.7125)
        course = Course(title="婴幼儿急救实操（压测）", summary="海姆立克与心肺复苏", domain="安全防护",
                        format="父母培训", age_min_months=0, age_max_months=36,
                        duration_minutes=120, tags=[])
        starts = now + timedelta(days=3)
        sessions = [CourseSession(course=course, venue=venue, capacity=capacity,
                                  starts_at=starts + timedelta(minutes=i),
                                  ends_at=starts + timedelta(minutes=i, hours=2),
                                  booking_opens_at=now - timedelta(minutes=1),
                                  booking_closes_at=now + timedelta(days=2))
                    for i, capacity in enumerate((parents, 1))]
        db.session.add_all(sessions)
        birth = date.today() - timedelta(days=365)
        users = [User(role="parent", openid=f"cost-{run}-{i}", consent_at=now,
                      children=[Child(nickname="宝宝", birth_date=birth)])
                 for i in range(parents + 1)]
        db.session.add_all(users)
        db.session.commit()
        open_id, full_id = (s.id for s in sessions)
        tokens = [(issue_token(u)[0], u.children[0].id) for u in users]
    client = app.test_client()
    token, child_id = tokens.pop()
    _post(client, full_id, token, child_id, "confirmed")  # the full session's one seat
    return open_id, full_id, tokens


def _post(client, session_id: int, token: str, child_id: int, expected: str) -> None:
    response = client.post(f"/api/v1/sessions/{session_id}/bookings", json={"child_id": child_id},
                           headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 201 or response.get_json()["status"] != expected:
        sys.exit(f"booking_cost: expected a {expected} booking, got {response.status_code} "
                 f"{response.get_json()}")


def _book_all(client, session_id: int, batch, expected: str) -> float:
    started = time.perf_counter()
    for token, child_id in batch:
        _post(client, session_id, token, child_id, expected)
    return (time.perf_counter() - started) * 1000 / len(batch)


def _time(call, times: int) -> float:
    for _ in range(200):
        call()
    started = time.perf_counter()
    for _ in range(times):
        call()
    return (time.perf_counter() - started) * 1000 / times


class _Counter:
    count = 0

    def clear(self) -> None:
        self.count = 0


def _statement_counter(app) -> _Counter:
    """Counts what the app sends to PostgreSQL, COMMIT included (statements, not round trips
    saved by the driver)."""
    from sqlalchemy import event

    from app.extensions import db

    counter = _Counter()
    with app.app_context():
        engine = db.engine

    def one(*_):
        counter.count += 1

    event.listen(engine, "before_cursor_execute", one)
    event.listen(engine, "commit", one)
    return counter


class _notifications:
    """With the notification hook registered as in production, or taken out (no row written)."""

    def __init__(self, on: bool):
        self.on = on

    def __enter__(self):
        from app.courses import hooks
        from app.notifications import events

        self.saved = list(hooks._HOOKS)
        if not self.on:
            hooks._HOOKS[:] = [hook for hook in self.saved if hook is not events.HOOK]

    def __exit__(self, *_):
        from app.courses import hooks

        hooks._HOOKS[:] = self.saved


def _report(args, health: float, figures: dict) -> None:
    print(f"booking cost: {args.bookings} bookings x {args.rounds} rounds per variant, one at a "
          f"time in process, PostgreSQL, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"GET /api/v1/health: {health:.2f} ms")
    print(f"{'booking':<12}{'outbox':<8}{'ms (rounds)':<30}{'median':>8}{'statements':>12}"
          f"{'health/booking':>16}")
    for label in ("confirmed", "waitlisted"):
        medians = {}
        for outbox in (True, False):
            runs = figures[(label, outbox)]
            ms = [m for m, _ in runs]
            medians[outbox] = statistics.median(ms)
            print(f"{label:<12}{'on' if outbox else 'off':<8}"
                  f"{' '.join(f'{m:.2f}' for m in ms):<30}{medians[outbox]:>8.2f}"
                  f"{runs[0][1]:>12.1f}{health / medians[outbox]:>16.2f}")
        added = medians[True] - medians[False]
        print(f"{'':<12}the outbox adds {added:.2f} ms ({added / medians[False]:.0%}); bookings "
              f"with it run at {medians[False] / medians[True]:.2f} of bookings without")


if __name__ == "__main__":
    main()
