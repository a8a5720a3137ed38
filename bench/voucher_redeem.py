"""Voucher redemptions through gunicorn on PostgreSQL.

  .venv/bin/python bench/voucher_redeem.py [--vouchers 2000] [--racers 100] [--workers 4]

Prints, in one run: GET /api/v1/health (baseline), redemptions of distinct vouchers, and the
contended case (one voucher, RACERS clerks of two venues at once: exactly one may win).
"""
import argparse
import asyncio
from datetime import datetime, timedelta, timezone

import httpx

import harness

TZ = timezone(timedelta(hours=8))


async def _post(client, url, token=None, **body):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(url, json=body, headers=headers)
    response.raise_for_status()
    return response.json()


async def _login(client, base, openid, role="parent", venue_id=None):
    body = await _post(client, f"{base}/api/v1/auth/dev-login", openid=openid, role=role,
                       venue_id=venue_id)
    return body["token"]


async def setup(base: str, vouchers_wanted: int, tag: str) -> dict:
    async with httpx.AsyncClient(timeout=60) as client:
        admin = await _login(client, base, f"bench-admin-{tag}", "admin")
        venues = [await _post(client, f"{base}/api/v1/admin/venues", admin, name=f"压测场地{i}-{tag}",
                              kind="社区优育课堂", district="320508", lat=31.3, lng=120.6)  # 姑苏区
                  for i in range(2)]
        course = await _post(client, f"{base}/api/v1/admin/courses", admin, title="亲子游戏压测课",
                             summary="压测", domain="动作", format="亲子游戏", age_min_months=0,
                             age_max_months=36, duration_minutes=60, accepts_vouchers=True)
        start = (datetime.now(TZ) + timedelta(days=1)).replace(microsecond=0)
        session = await _post(client, f"{base}/api/v1/admin/sessions", admin, course_id=course["id"],
                              venue_id=venues[0]["id"], starts_at=start.isoformat(), capacity=1000)
        now = datetime.now(TZ)
        batch = await _post(client, f"{base}/api/v1/admin/voucher-batches", admin,
                            name=f"压测批次{tag}", issuer="苏州市卫生健康委员会",
                            covers_formats=["亲子游戏"], min_age_months=0, max_age_months=36,
                            per_child=4, total=vouchers_wanted + 400,
                            valid_from=(now - timedelta(days=1)).isoformat(),
                            valid_until=(now + timedelta(days=30)).isoformat())
        await _post(client, f"{base}/api/v1/admin/voucher-batches/{batch['id']}/activate", admin)
        staff = {v["id"]: [await _login(client, base, f"bench-staff-{tag}-{v['id']}-{i}",
                                        "venue_staff", v["id"]) for i in range(10)]
                 for v in venues}
        families = (vouchers_wanted + 4 + 3) // 4
        semaphore = asyncio.Semaphore(32)
        born = (now - timedelta(days=300)).date().isoformat()

        async def family(i):
            async with semaphore:
                token = await _login(client, base, f"bench-parent-{tag}-{i}")
                headers = {"Authorization": f"Bearer {token}"}
                await client.patch(f"{base}/api/v1/me", json={"consent": True,
                                                               "district": "姑苏区"},
                                   headers=headers)
                child = await _post(client, f"{base}/api/v1/me/children", token, nickname="宝宝",
                                    birth_date=born)
                claimed = await _post(client, f"{base}/api/v1/voucher-batches/{batch['id']}/claim",
                                      token, child_id=child["id"])
                return [v["code"] for v in claimed]

        codes = [c for chunk in await asyncio.gather(*(family(i) for i in range(families)))
                 for c in chunk]
    return {"session_id": session["id"], "venue_ids": [v["id"] for v in venues],
            "staff": staff, "codes": codes}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vouchers", type=int, default=2000)
    parser.add_argument("--racers", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    harness.ensure_postgres()
    harness.migrate()
    with harness.gunicorn(args.workers) as base:
        tag = datetime.now().strftime("%H%M%S")
        data = asyncio.run(setup(base, args.vouchers, tag))
        here, there = data["venue_ids"]
        clerks = data["staff"][here]
        redeem_url = f"{base}/api/v1/vouchers/redeem"
        distinct = [("POST", redeem_url, {
            "json": {"code": code, "session_id": data["session_id"]},
            "headers": {"Authorization": f"Bearer {clerks[i % len(clerks)]}"}})
            for i, code in enumerate(data["codes"][:args.vouchers])]
        contended_code = data["codes"][-1]
        all_clerks = clerks + data["staff"][there]
        contended = [("POST", redeem_url, {
            "json": {"code": contended_code, "session_id": data["session_id"]},
            "headers": {"Authorization": f"Bearer {all_clerks[i % len(all_clerks)]}"}})
            for i in range(args.racers)]
        health = [("GET", f"{base}/api/v1/health", {})] * args.vouchers
        baseline = asyncio.run(harness.run_load("GET /health (baseline)", health,
                                                args.concurrency))
        spread = asyncio.run(harness.run_load("redeem, distinct vouchers", distinct,
                                              args.concurrency))
        race = asyncio.run(harness.run_load(f"redeem, 1 voucher x {args.racers} racers",
                                            contended, args.racers))
    print(f"machine: {harness.machine()}; gunicorn workers: {args.workers}; "
          f"client concurrency: {args.concurrency}")
    harness.print_table([spread, race], baseline)
    print(f"distinct: {spread.statuses.get(201, 0)} redeemed of {len(distinct)}; "
          f"contended: {race.statuses.get(201, 0)} winner(s), "
          f"{race.statuses.get(409, 0)} x 409, {race.statuses.get(403, 0)} x 403; "
          f"5xx: {spread.server_errors + race.server_errors + baseline.server_errors}")


if __name__ == "__main__":
    main()
