"""Booking rush (抢课): 2,000 parents book one 25-seat session as fast as the machine allows.

    scripts/with-postgres.sh .venv/bin/python bench/booking_rush.py [--parents 2000]
        [--connections 32] [--new-connections] [--worker-threads 4] [--spread 200]

Starts gunicorn (4 workers of 4 threads; --worker-threads 1 for sync workers) on the PostgreSQL
database named by DATABASE_URL, creates a 25-seat session and distinct parents (each with a
1-year-old) in that database, then fires GET /api/v1/health and the booking POSTs from one
asyncio client (bench/rawhttp.py) over 32 keep-alive connections (--new-connections: a new
connection per request, one per parent's phone), and prints, for both, requests per second and
p50/p95 latency; for the bookings also confirmed / waitlisted / errors / 5xx and overbooked,
counted in the database afterwards. The server's error lines, if any, are kept in a log file
(bench/harness.py).
--spread N books the same parents again over N other sessions (no hot row), for comparison.
Adds rows; never drops anything.
"""
import argparse
import os
import sys
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

import harness
import rawhttp

sys.path.insert(0, str(harness.ROOT))

CAPACITY = 25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parents", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=32,
                        help="keep-alive connections the client keeps busy")
    parser.add_argument("--new-connections", action="store_true",
                        help="a new connection for every request, like 2,000 separate phones")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-threads", type=int, default=4,
                        help="gunicorn --threads (above 1 uses the gthread worker)")
    parser.add_argument("--spread", type=int, default=0, metavar="N",
                        help="also run the same bookings spread over N sessions (no hot row)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgresql", "postgres")):
        sys.exit("booking_rush: set DATABASE_URL to PostgreSQL "
                 "(e.g. scripts/with-postgres.sh .venv/bin/python bench/booking_rush.py)")
    os.environ["SECRET_KEY"] = harness.SECRET  # tokens are minted here for the server
    app = _app()
    session_id, spread_ids, parents = _seed(app, args.parents, args.spread)
    with harness.gunicorn(args.workers, threads=args.worker_threads) as base:
        port = urlsplit(base).port
        health_calls = [rawhttp.encode("GET", "/api/v1/health")] * args.parents
        reuse = not args.new_connections
        rawhttp.fire(port, health_calls[:400], args.connections, reuse)  # warm every worker
        health = rawhttp.fire(port, health_calls, args.connections, reuse)
        rush = rawhttp.fire(port, _bookings(parents, [session_id]), args.connections, reuse)
        spread = rawhttp.fire(port, _bookings(parents, spread_ids), args.connections,
                              reuse) if spread_ids else None
    confirmed, waitlisted, seats_taken = _count(app, session_id)
    _report(args, health, rush, spread, confirmed, waitlisted, seats_taken)


def _app():
    from app import create_app

    app = create_app({"RATELIMIT_ENABLED": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app


def _seed(app, parents: int, spread: int) -> tuple[int, list[int], list[tuple[str, int]]]:
    from app.accounts.models import Child, User
    from app.common.auth import issue_token
    from app.common.timeutil import utcnow
    from app.courses.models import Course, CourseSession, Venue
    from app.extensions import db

    run = uuid.uuid4().hex[:8]
    now = utcnow()
    with app.app_context():
        venue = Venue(name="工业园区湖东社区优育课堂（压测）", kind="社区优育课堂",
                      district="320576", lat=31.317, lng=120.7125)  # 苏州工业园区
        course = Course(title="婴幼儿急救实操（压测）", summary="海姆立克与心肺复苏", domain="安全防护",
                        format="父母培训", age_min_months=0, age_max_months=36,
                        duration_minutes=120, tags=[])
        session = CourseSession(course=course, venue=venue, capacity=CAPACITY,
                                starts_at=now + timedelta(days=3),
                                ends_at=now + timedelta(days=3, hours=2),
                                booking_opens_at=now - timedelta(minutes=1),
                                booking_closes_at=now + timedelta(days=2))
        db.session.add(session)
        # One course, venue and start is one session (ux_course_session_live_slot): the others
        # start a minute apart.
        others = [CourseSession(course=course, venue=venue, capacity=CAPACITY,
                                starts_at=session.starts_at + timedelta(minutes=i + 1),
                                ends_at=session.ends_at + timedelta(minutes=i + 1),
                                booking_opens_at=session.booking_opens_at,
                                booking_closes_at=session.booking_closes_at)
                  for i in range(spread)]
        db.session.add_all(others)
        birth = date.today() - timedelta(days=365)
        users = [User(role="parent", openid=f"rush-{run}-{i}", consent_at=now,
                      children=[Child(nickname="宝宝", birth_date=birth)])
                 for i in range(parents)]
        db.session.add_all(users)
        db.session.commit()
        return (session.id, [other.id for other in others],
                [(issue_token(u)[0], u.children[0].id) for u in users])


def _bookings(parents: list[tuple[str, int]], session_ids: list[int]) -> list[bytes]:
    """One booking request per parent, over the sessions in turn."""
    return [rawhttp.encode("POST", f"/api/v1/sessions/{session_ids[i % len(session_ids)]}/bookings",
                           {"Authorization": f"Bearer {token}"}, {"child_id": child_id})
            for i, (token, child_id) in enumerate(parents)]


def _count(app, session_id: int) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    from app.courses.models import Booking, CourseSession
    from app.extensions import db

    with app.app_context():
        counts = dict(db.session.execute(
            select(Booking.status, func.count()).where(Booking.session_id == session_id)
            .group_by(Booking.status)).all())
        seats = db.session.get(CourseSession, session_id).seats_taken
        return counts.get("confirmed", 0), counts.get("waitlisted", 0), seats


def _report(args, health, rush, spread, confirmed, waitlisted, seats_taken) -> None:
    outcomes = rush.outcomes
    created = sum(n for (status, _), n in outcomes.items() if status == 201)
    errors = rush.count - created
    server_errors = sum(n for (status, _), n in outcomes.items() if status >= 500 or status == 0)
    print(f"booking rush: {args.parents} parents, 1 session of {CAPACITY} seats, "
          f"gunicorn {args.workers} workers x {args.worker_threads} threads, "
          f"{args.connections} client connections "
          f"({'a new one per request' if args.new_connections else 'keep-alive'}), "
          f"PostgreSQL, {os.cpu_count()} CPUs (load generator on the same machine)")
    print(f"{'endpoint':<38}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    rows = [("GET /api/v1/health", health), ("POST /api/v1/sessions/{id}/bookings", rush)]
    if spread:
        rows.append((f"  same, over {args.spread} sessions", spread))
    for name, run in rows:
        print(f"{name:<38}{run.count:>9}{run.rps:>9.0f}{run.pct(0.5):>9.1f}{run.pct(0.95):>9.1f}")
    print(f"bookings: confirmed={confirmed} waitlisted={waitlisted} errors={errors} "
          f"5xx={server_errors} overbooked={max(0, confirmed - CAPACITY)} "
          f"(seats_taken={seats_taken})")
    print("responses:", ", ".join(f"{status} {what}: {n}"
                                  for (status, what), n in sorted(outcomes.items())))


if __name__ == "__main__":
    main()
