#!/usr/bin/env python3
"""Private memory (USS) of each gunicorn worker, read from /proc/PID/smaps_rollup.

    .venv/bin/python bench/memory.py                     # demo content, then 100,000 facilities
    .venv/bin/python bench/memory.py --sizes 0           # demo content only
    .venv/bin/python bench/memory.py --workers 4

For each database (the demo content from content/, then the same plus N synthetic facilities from
bench/search_bench.py) it serves wsgi:app twice with the committed gunicorn.conf.py: once as
committed (preload_app, gc.freeze before the fork) and, as the baseline measured in the same run,
with GUNICORN_PRELOAD=0 (every worker imports and builds everything itself, as before). Each
worker is first made to do what a parent does (a facility search by word, pinyin and typo, the
course catalogue with q, sessions near me, three FAQ questions), so lazily built state is counted.
Printed per worker: USS (Private_Clean + Private_Dirty), PSS and RSS in MB and its threads (the
FAQ version poller must run in every worker, and not in a preloading master), and the master's.
SQLite in a temporary folder.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "scripts")]

from harness import free_port, server_env  # noqa: E402

VENV_BIN = Path(sys.executable).parent
REQUESTS = [
    ("GET", "/api/v1/facilities", {"q": "摇篮"}), ("GET", "/api/v1/facilities", {"q": "jsyl"}),
    ("GET", "/api/v1/facilities", {"q": "金色摇兰"}),
    ("GET", "/api/v1/facilities", {"q": "托育", "district": "园区"}),
    ("GET", "/api/v1/courses", {"q": "宝宝不爱睡觉"}),
    ("GET", "/api/v1/sessions", {"lat": 31.30, "lng": 120.62, "radius_km": 5}),
    ("POST", "/api/v1/bot/ask", {"question": "老婆生孩子我能请几天假"}),
    ("POST", "/api/v1/bot/ask", {"question": "宝宝几个月加辅食"}),
    ("POST", "/api/v1/bot/ask", {"question": "产假多少天"}),
]


def rollup(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024   # kB -> MB
    return {"uss": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
            "pss": fields.get("Pss", 0), "rss": fields.get("Rss", 0),
            "threads": len(list(Path(f"/proc/{pid}/task").iterdir()))}


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return sorted(int(p) for p in found)


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi.py", *args], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def prepare_database(folder: Path, size: int) -> str:
    """A migrated SQLite file with the demo content and `size` synthetic facilities."""
    url = f"sqlite:///{folder}/memory-{size}.db"
    env = {**server_env(), "DATABASE_URL": url, "FLASK_RUN_FROM_CLI": "1"}
    flask(env, "db", "upgrade")
    flask(env, "content", "load")
    if size:
        os.environ["DATABASE_URL"] = url
        from sqlalchemy import delete

        from app import create_app
        from app.extensions import db
        from app.facilities.models import Facility
        from search_bench import load, prepared_rows

        app = create_app({"RATELIMIT_ENABLED": False, "FAQ_WARM_START": False})
        with app.app_context():   # the synthetic set includes the demo registry's facilities
            db.session.execute(delete(Facility))
            db.session.commit()
            rows = prepared_rows(size)   # districts resolved through the places registry
        load(app, rows)
    return url


def measure(url: str, workers: int, preload: bool) -> tuple[dict, list[dict]]:
    port = free_port()
    env = {**server_env(), "DATABASE_URL": url, "GUNICORN_PRELOAD": "1" if preload else "0",
           "RATELIMIT_ENABLED": "0", "FAQ_ASK_RATE_LIMIT": "100000/minute"}
    log = tempfile.NamedTemporaryFile(prefix="bench-memory-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", "1", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while len(children(server.pid)) < workers or not _up(base):
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start: " + Path(log.name).read_text()[-2000:])
            time.sleep(0.5)
        # Enough rounds that every worker (requests go to whichever accepts) did everything.
        with httpx.Client(base_url=base, timeout=120) as client:
            for _ in range(6 * workers):
                for method, path, params in REQUESTS:
                    if method == "GET":
                        response = client.get(path, params=params)
                    else:
                        response = client.post(path, json=params)
                    assert response.status_code == 200, (path, response.text[:300])
        time.sleep(1)
        return rollup(server.pid), [rollup(pid) for pid in children(server.pid)]
    finally:
        server.terminate()
        server.wait(timeout=60)


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 100000],
                        help="synthetic facilities on top of the demo content (0: demo only)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    import platform

    print(f"# gunicorn worker memory, sqlite, {args.workers} workers, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; MB from /proc/PID/smaps_rollup")
    try:
        for size in args.sizes:
            url = prepare_database(folder, size)
            label = "demo content" if not size else \
                f"demo content, its registry replaced by {size:,} synthetic facilities"
            print(f"\n## {label}")
            print(f"{'server':34} {'worker USS':>10} {'PSS':>7} {'RSS':>7} {'threads':>7} "
                  f"{'master USS':>11} {'threads':>7}")
            for preload in (False, True):
                master, workers = measure(url, args.workers, preload)
                name = "preload + gc.freeze (committed)" if preload else "baseline: build per worker"
                for i, worker in enumerate(workers):
                    first = i == 0
                    print(f"{name if first else '':34} {worker['uss']:10.0f} {worker['pss']:7.0f} "
                          f"{worker['rss']:7.0f} {worker['threads']:7d} " +
                          (f"{master['uss']:11.0f} {master['threads']:7d}" if first else ""))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
