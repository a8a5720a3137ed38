"""Slow clients cannot freeze the service: 64 clients send a request body one byte a second,
while /api/v1/health is timed — straight to gunicorn, then through the nginx site that ships
in deploy/ (which buffers bodies, so gunicorn never waits on a slow client).

  .venv/bin/python bench/slow_clients.py [--clients 64] [--seconds 20]

Serves gunicorn with gunicorn.conf.py on a throwaway SQLite database; installs nginx with
apt when it is missing. Not run in CI: figures go to docs/reliability.md.
"""
import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, free_port, gunicorn, machine, migrate  # noqa: E402

GUNICORN_CONF = str(ROOT / "gunicorn.conf.py")
SITE = ROOT / "deploy" / "nginx-yuer.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("nginx not found; installing it with apt", file=sys.stderr)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "nginx-light"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("nginx") or "/usr/sbin/nginx"


@contextmanager
def nginx_in_front_of(upstream: str, wait: bool = True):
    """The shipped site, with its ports swapped for ours, in a throwaway prefix."""
    prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    os.chmod(prefix, 0o777)
    port = free_port()
    site = SITE.read_text().replace("server 127.0.0.1:8000;", f"server {upstream};") \
        .replace("listen 8080;", f"listen 127.0.0.1:{port};")
    (prefix / "site.conf").write_text(site)
    temps = "\n".join(f"    {kind}_temp_path {prefix}/{kind};"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
{temps}
    include {prefix}/site.conf;
}}
""")
    process = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                "-g", "daemon off;"], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200 or not wait:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not start: " + process.stderr.read().decode()[-2000:])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)


async def slow_client(host: str, port: int, stop: asyncio.Event, body_bytes: int = 400):
    """A POST whose body arrives one byte a second (a phone on a bad line, or an attacker)."""
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write((f"POST /api/v1/bot/ask HTTP/1.1\r\nHost: {host}\r\n"
                      "Content-Type: application/json\r\n"
                      f"Content-Length: {body_bytes}\r\n\r\n").encode())
        await writer.drain()
        sent = 0
        while not stop.is_set() and sent < body_bytes:
            writer.write(b" ")
            await writer.drain()
            sent += 1
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
        writer.close()
    except OSError:
        pass


async def probe_health(base: str, seconds: float) -> dict:
    """GET /api/v1/health one after another, each on a new connection, for `seconds`."""
    latencies, failures = [], 0
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                ok = (await client.get(f"{base}/api/v1/health")).status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            failures += not ok
            await asyncio.sleep(0.05)
    ordered = sorted(latencies)
    return {"n": len(ordered), "failed": failures, "p50": ordered[len(ordered) // 2],
            "p95": ordered[int(0.95 * (len(ordered) - 1))], "max": ordered[-1]}


async def measure(base: str, clients: int, seconds: float) -> tuple[dict, dict]:
    baseline = await probe_health(base, 3)
    host, port = base.removeprefix("http://").split(":")
    stop = asyncio.Event()
    tasks = [asyncio.create_task(slow_client(host, int(port), stop)) for _ in range(clients)]
    await asyncio.sleep(2)  # every slow client is connected and trickling
    loaded = await probe_health(base, seconds)
    stop.set()
    await asyncio.gather(*tasks)
    return baseline, loaded


def error_pages(base: str) -> list[str]:
    """What nginx answers by itself is in the API's JSON shape too."""
    probes = [("2 MB body", "POST", "/api/v1/bot/ask", {"content": b"x" * 2_000_000,
                                                        "headers": {"Content-Type": "application/json"}}),
              ("20 KB header", "GET", "/api/v1/health", {"headers": {"X-Filler": "x" * 20_000}}),
              ("30 KB URL", "GET", "/api/v1/facilities?q=" + "x" * 30_000, {})]
    lines = []
    for name, method, path, kwargs in probes:
        response = httpx.request(method, base + path, timeout=10, **kwargs)
        kind = response.headers.get("content-type", "")
        code = response.json().get("code") if kind.startswith("application/json") else kind
        lines.append(f"  {name:14} -> {response.status_code} {code}")
    return lines


def upstream_down(upstream: str) -> str:
    """nginx with nothing behind it: the 502 becomes the API's JSON 503."""
    with nginx_in_front_of(upstream, wait=False) as base:
        response = httpx.get(f"{base}/api/v1/health", timeout=10)
        return (f"  {'app down':14} -> {response.status_code} "
                f"{response.json().get('code')} Retry-After: {response.headers.get('retry-after')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-slow-")
    os.environ.update(DATABASE_URL=f"sqlite:///{folder}/bench.db", INSTANCE_PATH=folder)
    migrate()
    print(f"{args.clients} clients sending a body a byte a second; gunicorn {args.workers} "
          f"workers x {args.threads} threads (gunicorn.conf.py); {machine()}")
    print(f"{'path':28} {'phase':14} {'health n':>8} {'failed':>6} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'max ms':>8}")
    with gunicorn(args.workers, threads=args.threads, config=GUNICORN_CONF) as direct:
        upstream = direct.removeprefix("http://")
        with nginx_in_front_of(upstream) as fronted:
            for name, base in (("gunicorn alone", direct), ("nginx -> gunicorn", fronted)):
                baseline, loaded = asyncio.run(measure(base, args.clients, args.seconds))
                for phase, row in (("baseline", baseline), (f"{args.clients} slow bodies", loaded)):
                    print(f"{name:28} {phase:14} {row['n']:8d} {row['failed']:6d} "
                          f"{row['p50']:8.1f} {row['p95']:8.1f} {row['max']:8.1f}")
            print("nginx's own answers:")
            print("\n".join(error_pages(fronted)))
    print(upstream_down(f"127.0.0.1:{free_port()}"))
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
