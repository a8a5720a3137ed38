"""Every page a clerk sees at the door, with a full roster, through gunicorn on PostgreSQL.

  .venv/bin/python bench/venue_console.py [--roster 200] [--repeat 50] [--workers 2]

Sets up one session with ROSTER confirmed bookings (each a parent with a child) and a clerk with
a password, signs in through the login form, then times, one request at a time as one clerk
sends them: GET /api/v1/health (baseline, same run), today, the session page, the schedule
page, the attendance CSV, and check-ins by typed booking number (POST, answered by a redirect).
Goal: every page p95 < 300 ms.
"""
import argparse
import asyncio
import re
from datetime import datetime, timedelta, timezone

import httpx

import harness

TZ = timezone(timedelta(hours=8))
PASSWORD = "bench-door-tablet"


def setup(base: str, roster: int, tag: str) -> dict:
    with httpx.Client(base_url=base, timeout=60) as client:
        def post(url, token=None, **body):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = client.post(url, json=body, headers=headers)
            response.raise_for_status()
            return response.json()

        def login(openid, role="parent", venue_id=None):
            return post("/api/v1/auth/dev-login", openid=openid, role=role,
                        venue_id=venue_id)["token"]

        admin = login(f"bench-admin-{tag}", "admin")
        venue = post("/api/v1/admin/venues", admin, name=f"压测场地-{tag}", kind="社区优育课堂",
                     district="姑苏区", lat=31.3, lng=120.6)
        course = post("/api/v1/admin/courses", admin, title="亲子游戏压测课", summary="压测",
                      domain="动作", format="亲子游戏", age_min_months=0, age_max_months=36,
                      duration_minutes=60, accepts_vouchers=True)
        start = (datetime.now(TZ) + timedelta(minutes=40)).replace(microsecond=0)
        session = post("/api/v1/admin/sessions", admin, course_id=course["id"],
                       venue_id=venue["id"], starts_at=start.isoformat(), capacity=roster,
                       booking_opens_at=(start - timedelta(days=1)).isoformat(),
                       booking_closes_at=(start - timedelta(minutes=1)).isoformat())
        for day in range(1, 8):  # a week of other sessions on the today page
            post("/api/v1/admin/sessions", admin, course_id=course["id"], venue_id=venue["id"],
                 starts_at=(start + timedelta(days=day)).isoformat(), capacity=30)
        post("/api/v1/admin/staff", admin, username=f"clerk-{tag}", password=PASSWORD,
             venue_id=venue["id"])
        born = (datetime.now(TZ) - timedelta(days=300)).date().isoformat()
        bookings = []
        for i in range(roster):
            parent = login(f"bench-parent-{tag}-{i}")
            client.patch("/api/v1/me", json={"consent": True},
                         headers={"Authorization": f"Bearer {parent}"}).raise_for_status()
            child = post("/api/v1/me/children", parent, nickname=f"宝宝{i}", birth_date=born)
            bookings.append(post(f"/api/v1/sessions/{session['id']}/bookings", parent,
                                 child_id=child["id"])["id"])
    return {"session": session["id"], "bookings": bookings, "username": f"clerk-{tag}"}


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def sign_in(base: str, username: str) -> tuple[str, str]:
    """The console cookie and a CSRF token, through the real login form."""
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/venue/login")
        token = _CSRF.search(page.text).group(1)
        response = client.post("/venue/login", data={"username": username, "password": PASSWORD,
                                                     "csrf_token": token})
        assert response.status_code == 302, response.text[:500]
        token = _CSRF.search(client.get("/venue/").text).group(1)
        cookie = client.cookies["yuer_console"]  # after the page that stored the CSRF secret
    return cookie, token


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roster", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    harness.ensure_postgres()
    harness.migrate()
    tag = datetime.now().strftime("%H%M%S")
    with harness.gunicorn(args.workers) as base:
        world = setup(base, args.roster, tag)
        cookie, csrf = sign_in(base, world["username"])
        headers = {"Cookie": f"yuer_console={cookie}"}
        sid, n = world["session"], args.repeat

        def gets(name, path):
            return asyncio.run(harness.run_load(
                name, [("GET", f"{base}{path}", {"headers": headers})] * n, 1))

        baseline = asyncio.run(harness.run_load(
            "GET /api/v1/health (baseline)", [("GET", f"{base}/api/v1/health", {})] * n, 1))
        results = [
            gets("GET /venue/ (today)", "/venue/"),
            gets(f"GET session page ({args.roster})", f"/venue/sessions/{sid}"),
            gets("GET /venue/schedule", "/venue/schedule"),
            gets(f"GET attendance.csv ({args.roster})", f"/venue/sessions/{sid}/attendance.csv"),
        ]
        checkins = [("POST", f"{base}/venue/sessions/{sid}/checkin",
                     {"headers": headers, "data": {"booking_id": b, "csrf_token": csrf}})
                    for b in world["bookings"][:n]]
        results.append(asyncio.run(harness.run_load("POST check-in (typed number)", checkins, 1)))
    print(f"machine: {harness.machine()}; gunicorn workers: {args.workers}; "
          f"roster {args.roster}; {n} requests each, one at a time")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50/base':>9}  statuses")
    base_p50 = baseline.pct(0.5)
    for r in [baseline, *results]:
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(r.statuses.items()))
        verdict = "" if r is baseline else ("  ok" if r.pct(0.95) < 300 else "  OVER 300 ms")
        print(f"{r.name:34} {r.pct(0.5):8.1f} {r.pct(0.95):8.1f} {max(r.latencies_ms):8.1f} "
              f"{r.pct(0.5) / base_p50:9.1f}  {statuses}{verdict}")


if __name__ == "__main__":
    main()
