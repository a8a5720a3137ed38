"""The database going away under load: a PostgreSQL restart, then a 5-second stop, while a mixed
load (catalogue reads, a parent's children read and added, the bot) runs through gunicorn with
the shipped settings. Prints, per phase, the requests, the answers by status and code (so every
5xx is named), the 503s, connection failures, whether any acknowledged write was lost, and how
long the service took to answer again once the database was back (no restart of ours).

  .venv/bin/python bench/db_outage.py [--seconds 40] [--concurrency 16]

Runs on a throwaway PostgreSQL with fsync on (PG_DURABLE=1 scripts/with-postgres.sh), so a
write PostgreSQL acknowledged is really on disk. Not run in CI: figures in docs/reliability.md.
"""
import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, gunicorn, machine, migrate  # noqa: E402

GUNICORN_CONF = str(ROOT / "gunicorn.conf.py")


def ensure_durable_postgres() -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("YUER_PG_CTL"):
        return
    os.environ["PG_DURABLE"] = "1"
    script = str(ROOT / "scripts" / "with-postgres.sh")
    os.execvp(script, [script, sys.executable, *sys.argv])


def pg_ctl(action: str) -> None:
    subprocess.run([os.environ["YUER_PG_CTL"], action], check=True, capture_output=True,
                   timeout=120)


class Load:
    """Round-robin mixed requests from many parents; every answer is tallied by phase."""

    def __init__(self, base: str, tokens: list[str]):
        self.base, self.tokens = base, tokens
        self.phase = "before"
        self.answers: dict[str, Counter] = {}
        self.acknowledged: list[int] = []  # child ids the service answered 201 for
        self.last_failure = 0.0
        self.first_ok_after: dict[str, float] = {}
        self.n = 0

    def requests(self, i: int):
        token = self.tokens[i % len(self.tokens)]
        auth = {"Authorization": f"Bearer {token}"}
        kind = i % 5
        if kind == 0:
            return "GET", "/api/v1/courses", {}
        if kind == 1:
            return "GET", "/api/v1/sessions", {}
        if kind == 2:
            return "GET", "/api/v1/me/children", {"headers": auth}
        if kind == 3:
            return "POST", "/api/v1/me/children", {"headers": auth, "json": {
                "nickname": f"宝宝{i}", "birth_date": "2025-06-01"}}
        return "POST", "/api/v1/bot/ask", {"json": {"question": "产假有多少天"}}

    async def worker(self, client: httpx.AsyncClient, stop: asyncio.Event):
        while not stop.is_set():
            self.n += 1
            method, path, kwargs = self.requests(self.n)
            try:
                response = await client.request(method, self.base + path, **kwargs)
                status = response.status_code
                code = ""
                if status >= 400:
                    try:
                        code = response.json().get("code", "")
                    except ValueError:
                        code = "not-json"
                elif method == "POST" and path == "/api/v1/me/children" and status == 201:
                    self.acknowledged.append(response.json()["id"])
            except httpx.HTTPError as exc:
                status, code = 599, type(exc).__name__
            phase = self.phase  # counted when answered: what a client saw at that moment
            self.answers.setdefault(phase, Counter())[(status, code)] += 1
            if status < 400 and phase not in self.first_ok_after and phase.startswith("after"):
                self.first_ok_after[phase] = time.monotonic()


async def run(base: str, tokens: list[str], seconds: float, concurrency: int, stop_for: float):
    load = Load(base, tokens)
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    marks = {}
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        workers = [asyncio.create_task(load.worker(client, stop)) for _ in range(concurrency)]
        step = seconds / 4
        await asyncio.sleep(step)
        load.phase = "restart"
        await asyncio.to_thread(pg_ctl, "restart")
        marks["after restart"] = time.monotonic()
        load.phase = "after restart"
        await asyncio.sleep(step)
        load.phase = f"stopped {stop_for:.0f} s"
        await asyncio.to_thread(pg_ctl, "stop")
        await asyncio.sleep(stop_for)
        await asyncio.to_thread(pg_ctl, "start")
        marks["after start"] = time.monotonic()
        load.phase = "after start"
        await asyncio.sleep(step)
        stop.set()
        await asyncio.gather(*workers)
    return load, marks


def main() -> int:
    ensure_durable_postgres()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--stop-seconds", type=float, default=5)
    parser.add_argument("--parents", type=int, default=20)
    args = parser.parse_args()
    migrate()
    log: list[str] = []
    with gunicorn(2, threads=4, config=GUNICORN_CONF, log_lines=log,
                  extra_env={"RATELIMIT_ENABLED": "0", "PUBLIC_CACHE_SECONDS": "0"}) as base:
        tokens = []
        for n in range(args.parents):
            token = httpx.post(f"{base}/api/v1/auth/dev-login",
                               json={"openid": f"outage-parent-{n}", "role": "parent"}).json()["token"]
            httpx.patch(f"{base}/api/v1/me", json={"consent": True},
                        headers={"Authorization": f"Bearer {token}"}).raise_for_status()
            tokens.append(token)
        load, marks = asyncio.run(run(base, tokens, args.seconds, args.concurrency,
                                      args.stop_seconds))
    engine = create_engine(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        stored = {row[0] for row in conn.execute(text("SELECT id FROM child"))}
    engine.dispose()
    lost = [i for i in load.acknowledged if i not in stored]
    print(f"PostgreSQL fsync on; gunicorn 2 workers x 4 threads (gunicorn.conf.py); "
          f"{args.concurrency} concurrent clients, mixed load; {machine()}")
    print(f"{'phase':16} {'requests':>8} {'2xx':>6} {'4xx':>5} {'503':>5} {'other 5xx':>9} "
          f"{'conn err':>8}  answers that were not 2xx (status code: count)")
    for phase, answers in load.answers.items():
        total = sum(answers.values())
        ok = sum(n for (s, _), n in answers.items() if s < 300)
        client = sum(n for (s, _), n in answers.items() if 400 <= s < 500)
        s503 = sum(n for (s, _), n in answers.items() if s == 503)
        other = sum(n for (s, _), n in answers.items() if 500 <= s < 599 and s != 503)
        conn = sum(n for (s, _), n in answers.items() if s == 599)
        detail = ", ".join(f"{s} {c}: {n}" for (s, c), n in sorted(answers.items()) if s >= 300)
        print(f"{phase:16} {total:8d} {ok:6d} {client:5d} {s503:5d} {other:9d} {conn:8d}  {detail}")
    for phase, mark in marks.items():
        back = load.first_ok_after.get(phase)
        print(f"first success {phase}: "
              + (f"{(back - mark) * 1000:.0f} ms" if back else "never"))
    print(f"acknowledged child writes: {len(load.acknowledged)}, lost after the outage: {len(lost)}")
    tracebacks = sum("Traceback" in line for line in log)
    unavailable_lines = sum("answered 503" in line for line in log)
    print(f"server log: {len(log)} lines, {unavailable_lines} 'answered 503' lines, "
          f"{tracebacks} tracebacks")
    return 1 if lost or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
