#!/usr/bin/env python3
"""The health commission's overview at city scale, on PostgreSQL.

    .venv/bin/python bench/admin_stats.py            # re-runs itself under scripts/with-postgres.sh
    .venv/bin/python bench/admin_stats.py --repeat 50

Fills a migrated database in SQL (generate_series) with 1,000,000 bookings over 10,000 sessions
of the past year, 200,000 vouchers with 50,000 redemptions, 100,000 facilities and 100,000 bot
questions, then times GET /api/v1/admin/stats/overview in process through the Flask test client
(city and one district, the default 30 days and a whole year) and the dashboard page
(/admin/dashboard, signed in through the console's login form) next to GET /api/v1/health in
the same run, and prints p50/p95 and the ratio to the baseline's p95, then each section's
query time alone.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import SECRET, ensure_postgres, migrate  # noqa: E402

# 姑苏区 虎丘区 吴中区 相城区 吴江区 苏州工业园区 常熟市 张家港市 昆山市 太仓市: districts are stored as
# their GB/T 2260 codes, as every district field is
DISTRICTS = ["320508", "320505", "320506", "320507", "320509", "320576", "320581", "320582",
             "320583", "320585"]
_D = "(ARRAY[" + ",".join(f"'{d}'" for d in DISTRICTS) + "])"

FILL = [
    ("parents", f"""INSERT INTO user_account (role, openid, token_version, is_active, created_at)
        SELECT 'parent', 'bench-' || g, 1, true, now() FROM generate_series(1, 100000) g"""),
    ("venues", f"""INSERT INTO venue (name, kind, district, is_active, created_at)
        SELECT '场地' || g, '社区优育课堂', {_D}[1 + g % 10], true, now()
        FROM generate_series(1, 200) g"""),
    ("courses", """INSERT INTO course (title, summary, domain, format, age_min_months,
        age_max_months, duration_minutes, accepts_vouchers, tags, status, created_at, updated_at)
        SELECT '课程' || g, '简介', '语言', '亲子游戏', 0, 36, 60, true, '[]', 'published', now(), now()
        FROM generate_series(1, 50) g"""),
    # 10,000 sessions spread over the past year (one in twenty cancelled), 100 bookings each
    ("sessions", """INSERT INTO course_session (course_id, venue_id, starts_at, ends_at, capacity,
        seats_taken, waitlist_issued, waitlist_length, booking_opens_at, booking_closes_at,
        status, created_at)
        SELECT 1 + g % 50, 1 + g % 200, now() - (g * interval '52 minutes'),
               now() - (g * interval '52 minutes') + interval '1 hour', 90, 85, 10, 5,
               now() - (g * interval '52 minutes') - interval '7 days',
               now() - (g * interval '52 minutes') - interval '2 hours',
               CASE WHEN g % 20 = 0 THEN 'cancelled' ELSE 'finished' END, now()
        FROM generate_series(1, 10000) g"""),
    ("bookings", """INSERT INTO booking (session_id, parent_id, child_erased, status,
        waitlist_ticket, created_at)
        SELECT s, 1 + (s * 100 + k) % 100000, false,
               CASE WHEN k < 70 THEN 'attended' WHEN k < 85 THEN 'no_show'
                    WHEN k < 90 THEN 'cancelled' WHEN k < 95 THEN 'waitlisted' ELSE 'cancelled' END,
               CASE WHEN k >= 85 THEN k END, now()
        FROM generate_series(1, 10000) s, generate_series(0, 99) k"""),
    ("batches", f"""INSERT INTO voucher_batch (name, issuer, covers_course_ids, covers_formats,
        covers_domains, includes_pregnancy, districts, per_child, total, issued_count,
        valid_from, valid_until, status, created_at, no_show_forfeits)
        SELECT '批次' || g, '苏州市卫生健康委员会', '[]', '[]', '[]', false, '[]', 4, 100000, 40000,
               now() - interval '300 days', now() + (g - 3) * interval '60 days', 'active', now(),
               false FROM generate_series(1, 5) g"""),
    ("vouchers", f"""INSERT INTO voucher (batch_id, child_key, seq, code, status, district,
        redemption_no, issued_at, updated_at, booking_id)
        SELECT 1 + g % 5, md5(g::text), 1, 'B' || g,
               CASE WHEN g % 4 = 0 THEN 'redeemed' WHEN g % 7 = 0 THEN 'reserved' ELSE 'issued' END,
               {_D}[1 + g % 10], CASE WHEN g % 4 = 0 THEN 1 ELSE 0 END,
               now() - (g % 360) * interval '1 day', now(),
               CASE WHEN g % 4 <> 0 AND g % 7 = 0 THEN g END
        FROM generate_series(1, 200000) g"""),
    ("redemptions", """INSERT INTO redemption (voucher_id, redemption_no, venue_id, session_id,
        marked_attended, redeemed_at)
        SELECT id, 1, 1 + id % 200, 1 + id % 10000, true, issued_at + interval '3 days'
        FROM voucher WHERE status = 'redeemed'"""),
    ("facilities", f"""INSERT INTO facility (name, aliases, district, care_types, class_types,
        places, inclusive, inclusive_places, demonstration_level, fee_items, status, source,
        created_at, updated_at, search_words, name_pinyin, name_initials, search_seq)
        SELECT '托育机构' || g, '[]', {_D}[1 + g % 10], '[]', '[]', 20 + g % 100, g % 3 = 0,
               CASE WHEN g % 3 = 0 THEN 10 + g % 50 END,
               CASE WHEN g % 50 = 0 THEN 'city' END, '[]',
               CASE WHEN g % 30 = 0 THEN 'suspended' ELSE 'active' END, 'bench', now(), now(),
               '', '', '', 0
        FROM generate_series(1, 100000) g"""),
    ("bot questions", """INSERT INTO faq_log (answer_id, asked_at, question, normalized, decision,
        candidates, latency_ms, kb_version)
        SELECT 'b' || g, now() - (g % 365) * interval '1 day' - (g % 24) * interval '1 hour',
               '问题' || (g % 500), '问题' || (g % 500),
               (ARRAY['answer','answer','answer','clarify','decline','smalltalk'])[1 + g % 6],
               '[]', 12.0, 'bench'
        FROM generate_series(1, 100000) g"""),
]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary_fill() -> str:
    """The statement migration 0017 builds session_outcome with from the bookings."""
    import importlib.util

    path = ROOT / "migrations" / "versions" / "0017_stats_summary.py"
    spec = importlib.util.spec_from_file_location("stats_summary_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._FILL


def signed_in_console(app):
    """A test client signed in to the admin console through its login form (CSRF and all)."""
    import re

    from app.accounts.service import create_staff_account
    from app.extensions import db

    with app.app_context():
        create_staff_account("bench-city", "bench-console-2026", "admin", None, nickname="压测")
        db.session.commit()
    console = app.test_client()
    page = console.get("/admin/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed = console.post("/admin/login", data={"username": "bench-city", "csrf_token": csrf,
                                                "password": "bench-console-2026"})
    assert signed.status_code == 302, signed.get_data(as_text=True)[:300]
    return console


WRITES = {
    "booking insert (confirmed)": "INSERT INTO booking (session_id, parent_id, child_erased, "
                                  "status, created_at) VALUES (:n % 10000 + 1, :n % 100000 + 1, "
                                  "false, 'confirmed', now())",
    "booking status change": "UPDATE booking SET status = CASE status WHEN 'attended' THEN "
                             "'no_show' ELSE 'attended' END WHERE id = :n * 97 % 1000000 + 1",
    "bot question logged": "INSERT INTO faq_log (answer_id, asked_at, question, normalized, "
                           "decision, candidates, latency_ms, kb_version) VALUES ('w' || :n, "
                           "now(), '问题', '问题', 'answer', '[]', 1.0, 'bench')",
}
SUMMARY_TRIGGERS = {"booking": ("booking_outcome_insert_delete", "booking_outcome_update"),
                    "faq_log": ("faq_day_insert_delete", "faq_day_update")}


def write_cost(rounds: int) -> None:
    """What the summary triggers cost a write: one-row transactions (commit included) with the
    triggers on and off, alternating, on the filled tables."""
    from sqlalchemy import text

    from app.extensions import db

    def toggle(on: bool) -> None:
        for table, names in SUMMARY_TRIGGERS.items():
            for name in names:
                db.session.execute(text(f"ALTER TABLE {table} "
                                        f"{'ENABLE' if on else 'DISABLE'} TRIGGER {name}"))
        db.session.commit()

    times = {(what, on): [] for what in WRITES for on in (True, False)}
    n = 0
    for _ in range(rounds):
        for on in (True, False):
            toggle(on)
            for what, sql in WRITES.items():
                for _ in range(10):
                    n += 1
                    started = time.perf_counter()
                    db.session.execute(text(sql), {"n": n})
                    db.session.commit()
                    times[(what, on)].append((time.perf_counter() - started) * 1000)
    toggle(True)
    print(f"\n{'one-row write, own transaction':32} {'on p50':>8} {'off p50':>8} {'cost':>8}"
          f"   (ms, n={rounds * 10} each)")
    for what in WRITES:
        on, off = (statistics.median(times[(what, s)]) for s in (True, False))
        print(f"{what:32} {on:8.2f} {off:8.2f} {on - off:8.2f}")


def sections(repeat: int, year: dict) -> None:
    """Where an overview's time goes: each section's query alone, the city over a year."""
    from datetime import date

    from app.common.timeutil import utcnow
    from app.stats import service

    scope = service.scope_of({"from": date.fromisoformat(year["from"]),
                              "to": date.fromisoformat(year["to"])})
    parts = {"classes": lambda: service.classes(scope, utcnow()),
             "vouchers": lambda: service.vouchers(scope, utcnow()),
             "supply": lambda: service.supply(scope), "bot": lambda: service.bot(scope)}
    if hasattr(service, "notifications"):
        parts["notifications"] = lambda: service.notifications(scope)
    print(f"\n{'section (city, 1 year)':32} {'p50 ms':>8} {'p95 ms':>8}")
    for name, run in parts.items():
        times = []
        for _ in range(max(5, repeat // 3)):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:32} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--fill-with-triggers", action="store_true",
                        help="insert the million bookings with the summary triggers on (slower)")
    args = parser.parse_args()
    ensure_postgres()
    migrate()

    from sqlalchemy import text

    from app import create_app
    from app.common.content import load_all
    from app.extensions import db

    import logging

    app = create_app({"SECRET_KEY": SECRET, "DEV_LOGIN": True,
                      "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"]})
    with app.app_context():
        load_all(Path(app.config["CONTENT_DIR"]), ["places", "stats"])
        db.session.commit()
        for what, sql in FILL:
            started = time.perf_counter()
            db.session.execute(text("SET LOCAL statement_timeout = 0"))  # a fill, not a request
            if what == "bookings" and not args.fill_with_triggers:
                # a bulk load: the summary triggers off, then the summary built in one statement
                db.session.execute(text("ALTER TABLE booking DISABLE TRIGGER USER"))
                db.session.execute(text(sql))
                db.session.execute(text("ALTER TABLE booking ENABLE TRIGGER USER"))
                db.session.execute(text(summary_fill()))
            else:
                db.session.execute(text(sql))
            db.session.commit()
            print(f"filled {what:14} in {time.perf_counter() - started:6.1f} s", flush=True)
        db.session.commit()
        # as autovacuum leaves a table after a bulk load: statistics and the visibility map
        # (index-only scans read it)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        counts = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in
                  ("booking", "course_session", "voucher", "facility", "faq_log")}
        print("rows:", counts)

    logging.getLogger("app.request").setLevel(logging.WARNING)  # a line per request otherwise
    client = app.test_client()
    token = client.post("/api/v1/auth/dev-login",
                        json={"openid": "bench-admin", "role": "admin"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    console = signed_in_console(app)
    from datetime import date, timedelta
    today = date.today()
    year = {"from": (today - timedelta(days=365)).isoformat(), "to": today.isoformat()}
    cases = [
        ("GET /health (baseline)", "/api/v1/health", {}),
        ("overview, city, 30 days", "/api/v1/admin/stats/overview", {}),
        ("overview, city, 1 year", "/api/v1/admin/stats/overview", year),
        ("overview, 吴中区, 1 year", "/api/v1/admin/stats/overview", {**year, "district": "吴中区"}),
        ("CSV vouchers, city, 1 year", "/api/v1/admin/stats/overview",
         {**year, "format": "csv", "section": "vouchers"}),
        ("dashboard page, city, 30 days", "/admin/dashboard", {}),
        ("dashboard page, city, 1 year", "/admin/dashboard", year),
        ("dashboard page, 吴中区, 1 year", "/admin/dashboard", {**year, "district": "吴中区"}),
    ]
    # round-robin: every case once per round, so the shared machine's load drifts over all alike
    times: dict[str, list] = {name: [] for name, _, _ in cases}
    for i in range(args.repeat + 3):
        for name, url, query in cases:
            started = time.perf_counter()
            if url.startswith("/admin/"):
                response = console.get(url, query_string=query)
            else:
                response = client.get(url, headers=headers, query_string=query)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            if i >= 3:  # warm-up
                times[name].append(elapsed)
    results = {name: (statistics.median(t), percentile(t, 0.95)) for name, t in times.items()}
    with app.test_request_context():
        sections(args.repeat, year)
    base = results["GET /health (baseline)"][1]
    print(f"\n{'request':32} {'p50 ms':>8} {'p95 ms':>8} {'p95/health':>11}   (n={args.repeat})")
    for name, (p50, p95) in results.items():
        print(f"{name:32} {p50:8.1f} {p95:8.1f} {p95 / base:11.1f}")

    with app.test_request_context():
        write_cost(max(5, args.repeat // 3))


if __name__ == "__main__":
    main()
