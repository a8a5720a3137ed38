"""The whole service under a realistic mix, next to a trivial baseline, on PostgreSQL.

  .venv/bin/python bench/load.py [--requests 4000] [--concurrency 32] [--workers 4]

Loads the demo content, serves it with gunicorn (workers = 2 x cores by default), prepares
parents with children, vouchers and bookings over the API, then sends a shuffled mix of catalogue
and session lists, facility searches (words, pinyin, near me), bot questions, bookings,
cancellations and voucher redemptions. GET /api/v1/health runs alone first as the baseline.
Rate limits are switched off in the served app: one load generator on one address would
otherwise measure the limiter.
"""
import argparse
import asyncio
import os
import random
import subprocess
from collections import defaultdict
from datetime import date, timedelta

import httpx

import harness

SUZHOU_CENTRE = (31.2990, 120.5853)
BOT_QUESTIONS = ["产假多少天", "老婆生孩子我能请几天假", "宝宝几个月加辅食", "维生素D每天吃多少",
                 "麻腮风疫苗几个月打", "育儿假一年几天", "托育机构一个班多少孩子", "浙江二孩产假",
                 "宝宝夜里总醒怎么办", "服务券怎么用"]
FACILITY_QUERIES = ["托育", "红星", "hxty", "xiaohuangya", "普惠托育", "园区"]


def load_content() -> None:
    subprocess.run([str(harness.VENV_BIN / "flask"), "--app", "wsgi.py", "content", "load"],
                   cwd=harness.ROOT, env=harness.server_env(), check=True, capture_output=True)


async def prepare(base: str, parents: int) -> dict:
    """Parents with consent, a 10-month-old and the demo vouchers; staff; open sessions."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        sessions = []
        for page in range(1, 8):
            body = (await client.get("/api/v1/sessions", params={"page": page, "per_page": 50,
                                                                 "available": "true"})).json()
            sessions += [s for s in body["items"] if s["booking_state"] == "open"]
            if page * 50 >= body["total"]:
                break
        covered = [s for s in sessions if s["course"]["accepts_vouchers"]
                   and s["course"]["format"] in ("亲子游戏", "父母培训")]
        semaphore = asyncio.Semaphore(16)
        born = (date.today() - timedelta(days=310)).isoformat()

        async def parent(i):
            async with semaphore:
                login = await client.post("/api/v1/auth/dev-login",
                                          json={"openid": f"load-parent-{i}"})
                headers = {"Authorization": f"Bearer {login.json()['token']}"}
                await client.patch("/api/v1/me", headers=headers,
                                   json={"consent": True, "district": "姑苏区"})
                child = (await client.post("/api/v1/me/children", headers=headers,
                                           json={"nickname": "宝宝", "birth_date": born})).json()
                offers = (await client.get("/api/v1/voucher-batches", headers=headers)).json()
                codes = []
                if offers:
                    claimed = await client.post(
                        f"/api/v1/voucher-batches/{offers[0]['batch']['id']}/claim",
                        headers=headers, json={"child_id": child["id"]})
                    codes = [v["code"] for v in claimed.json()] if claimed.status_code == 201 else []
                return {"headers": headers, "child_id": child["id"], "codes": codes}

        family = await asyncio.gather(*(parent(i) for i in range(parents)))
        staff = {}
        for s in covered[:1]:
            login = await client.post("/api/v1/auth/dev-login", json={
                "openid": f"load-staff-{s['venue']['id']}", "role": "venue_staff",
                "venue_id": s["venue"]["id"]})
            staff[s["id"]] = {"Authorization": f"Bearer {login.json()['token']}"}
        # Bookings made now, to be cancelled during the run.
        to_cancel = []
        for i, fam in enumerate(family[: parents // 4]):
            s = sessions[(i * 7) % len(sessions)]
            made = await client.post(f"/api/v1/sessions/{s['id']}/bookings", headers=fam["headers"],
                                     json={"child_id": fam["child_id"]})
            if made.status_code == 201:
                to_cancel.append((fam["headers"], made.json()["id"]))
    return {"sessions": sessions, "covered": covered, "family": family, "staff": staff,
            "to_cancel": to_cancel}


def build_mix(base: str, world: dict, total: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    family, sessions = world["family"], world["sessions"]
    ops: list = []

    def add(name, method, path, **kwargs):
        ops.append((name, method, base + path, kwargs))

    shares = {"catalogue": 0.15, "catalogue_q": 0.05, "sessions": 0.10, "sessions_near": 0.05,
              "facility_word": 0.10, "facility_pinyin": 0.05, "facility_near": 0.10, "bot": 0.15,
              "booking": 0.10, "cancel": 0.05, "redeem": 0.05}
    counts = {name: int(total * share) for name, share in shares.items()}
    counts["cancel"] = min(counts["cancel"], len(world["to_cancel"]))
    lat, lng = SUZHOU_CENTRE
    for _ in range(counts["catalogue"]):
        add("GET /courses", "GET", f"/api/v1/courses?page={rng.randint(1, 2)}")
    for _ in range(counts["catalogue_q"]):
        add("GET /courses?q", "GET", "/api/v1/courses?q=" + rng.choice(["辅食", "睡眠", "语言", "亲子"]))
    for _ in range(counts["sessions"]):
        add("GET /sessions", "GET", "/api/v1/sessions?available=true")
    for _ in range(counts["sessions_near"]):
        add("GET /sessions near me", "GET", f"/api/v1/sessions?lat={lat}&lng={lng}")
    for _ in range(counts["facility_word"]):
        add("GET /facilities?q word", "GET",
            "/api/v1/facilities?q=" + rng.choice(["托育", "红星", "普惠托育", "园区"]))
    for _ in range(counts["facility_pinyin"]):
        add("GET /facilities?q pinyin", "GET",
            "/api/v1/facilities?q=" + rng.choice(["hxty", "xiaohuangya", "tuoyu"]))
    for _ in range(counts["facility_near"]):
        add("GET /facilities near me", "GET",
            f"/api/v1/facilities?lat={lat + rng.uniform(-0.05, 0.05):.5f}"
            f"&lng={lng + rng.uniform(-0.05, 0.05):.5f}&radius_km=5&sort=distance")
    for _ in range(counts["bot"]):
        add("POST /bot/ask", "POST", "/api/v1/bot/ask", json={"question": rng.choice(BOT_QUESTIONS)})
    pairs = [(f, s) for f in family[len(family) // 4:] for s in rng.sample(sessions, 3)]
    for fam, s in pairs[:counts["booking"]]:
        add("POST /bookings", "POST", f"/api/v1/sessions/{s['id']}/bookings",
            headers=fam["headers"], json={"child_id": fam["child_id"]})
    for headers, booking_id in world["to_cancel"][:counts["cancel"]]:
        add("DELETE /bookings", "DELETE", f"/api/v1/bookings/{booking_id}", headers=headers)
    if world["staff"]:
        session_id, staff = next(iter(world["staff"].items()))
        codes = [c for fam in family for c in fam["codes"]]
        for code in codes[:counts["redeem"]]:
            add("POST /vouchers/redeem", "POST", "/api/v1/vouchers/redeem", headers=staff,
                json={"code": code, "session_id": session_id})
    rng.shuffle(ops)
    return ops


async def run_mix(ops: list, concurrency: int) -> dict:
    by_name: dict = defaultdict(list)
    for name, method, url, kwargs in ops:
        by_name[name].append((method, url, kwargs))
    # One client pool for the whole mix, so operations compete as they would in production.
    results = {name: harness.Result(name) for name in by_name}
    queue: asyncio.Queue = asyncio.Queue()
    for op in ops:
        queue.put_nowait(op)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def worker():
            while not queue.empty():
                name, method, url, kwargs = queue.get_nowait()
                started = loop.time()
                try:
                    status = (await client.request(method, url, **kwargs)).status_code
                except httpx.HTTPError:
                    status = 599
                result = results[name]
                result.latencies_ms.append((loop.time() - started) * 1000)
                result.statuses[status] = result.statuses.get(status, 0) + 1

        started = loop.time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = loop.time() - started
    for result in results.values():
        # Each operation's share of the mixed run: its rate is count / wall time of the mix.
        result.seconds = elapsed
    return results


READS = ("GET /courses", "GET /courses?q", "GET /sessions", "GET /sessions near me",
         "GET /facilities?q word", "GET /facilities?q pinyin", "GET /facilities near me",
         "POST /bot/ask")


def alone_runs(ops: list, per_op: int, concurrency: int) -> list:
    """Each read operation by itself, as many requests as the baseline gets: comparable req/s."""
    results = []
    for name in READS:
        mine = [(m, u, k) for n, m, u, k in ops if n == name]
        if mine:
            batch = [mine[i % len(mine)] for i in range(per_op)]
            # Warm every worker (indexes, caches) before measuring.
            asyncio.run(harness.run_load(name, batch[:concurrency * 2], concurrency))
            results.append(asyncio.run(harness.run_load(name, batch, concurrency)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000, help="size of the mixed run")
    parser.add_argument("--per-op", type=int, default=600, help="requests per operation alone")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--parents", type=int, default=400)
    parser.add_argument("--cache-seconds", type=float, default=2.0,
                        help="PUBLIC_CACHE_SECONDS of the served app (0 turns the cache off)")
    args = parser.parse_args()
    harness.ensure_postgres()
    harness.migrate()
    load_content()
    server_env = {"RATELIMIT_ENABLED": "0", "PUBLIC_CACHE_SECONDS": str(args.cache_seconds)}
    with harness.gunicorn(args.workers, server_env) as base:
        world = asyncio.run(prepare(base, args.parents))
        ops = build_mix(base, world, args.requests)
        health = [("GET", f"{base}/api/v1/health", {})] * args.per_op
        asyncio.run(harness.run_load("warm-up", health, args.concurrency))
        baseline = asyncio.run(harness.run_load("GET /health (baseline)", health,
                                                args.concurrency))
        alone = alone_runs(ops, args.per_op, args.concurrency)
        mixed = asyncio.run(run_mix(ops, args.concurrency))
    print(f"machine: {harness.machine()}; gunicorn workers: {args.workers}; "
          f"client concurrency: {args.concurrency}; PostgreSQL; demo content; "
          f"catalogue cache {args.cache_seconds:g} s")
    print("\n-- each operation alone, next to the baseline --")
    harness.print_table(alone, baseline)
    total = sum(r.count for r in mixed.values())
    seconds = next(iter(mixed.values())).seconds
    print(f"\n-- the mix: {total} requests in {seconds:.1f} s = {total / seconds:.0f} req/s --")
    print(f"{'operation':32} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    errors = baseline.server_errors + sum(r.server_errors for r in alone)
    for r in sorted(mixed.values(), key=lambda r: r.name):
        errors += r.server_errors
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(r.statuses.items()))
        print(f"{r.name:32} {r.count:8d} {r.pct(0.5):8.1f} {r.pct(0.95):8.1f} {r.pct(0.99):8.1f}"
              f"  {statuses}")
    print(f"\n5xx in the whole run: {errors}")


if __name__ == "__main__":
    main()
