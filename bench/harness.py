"""What the HTTP benchmarks share: a throwaway PostgreSQL, a migrated database, gunicorn on
loopback, a bounded asyncio load generator, and percentile tables.

Every run measures a trivial baseline (GET /api/v1/health) in the same run, so figures can be
compared across machines as ratios.
"""
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SECRET = "bench-secret-key-long-enough-for-hs256-0123456789"


def ensure_postgres() -> None:
    """Re-run this script under scripts/with-postgres.sh unless DATABASE_URL names PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    os.execvp(str(ROOT / "scripts" / "with-postgres.sh"),
              [str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, *sys.argv])


def server_env() -> dict:
    env = dict(os.environ, SECRET_KEY=SECRET, DEV_LOGIN="1", APP_ENV="development")
    env.pop("REDIS_URL", None)
    return env


def migrate() -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi.py", "db", "upgrade"],
                   cwd=ROOT, env=server_env(), check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int, extra_env: dict | None = None, threads: int = 1,
             config: str | None = None, log_lines: list | None = None):
    """Serve wsgi:app with `workers` processes (of `threads` threads: gthread above 1), with a
    gunicorn config file (gunicorn.conf.py) when given; yields the base URL. The server's
    log lines are appended to `log_lines` when it is given."""
    port = free_port()
    env = {**server_env(), **(extra_env or {})}
    # The server's log goes to a file: an unread pipe fills up and blocks the workers.
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), *(["-c", config] if config else []),
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--backlog", "2048", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start: " + Path(log.name).read_text()[-2000:])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        lines = Path(log.name).read_text(errors="replace").splitlines()
        if log_lines is not None:
            log_lines.extend(lines)
        errors = [line for line in lines if " ERROR " in line or "Traceback" in line]
        if errors:
            print(f"server logged {len(errors)} error lines; see {log.name}", file=sys.stderr)
        else:
            os.unlink(log.name)


@dataclass
class Result:
    name: str
    statuses: dict = field(default_factory=dict)
    latencies_ms: list = field(default_factory=list)
    seconds: float = 0.0
    # (status, the body's "status" or "code"), where the load generator reads bodies
    outcomes: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


async def run_load(name: str, requests: list, concurrency: int) -> Result:
    """Send each request (method, url, kwargs) once, `concurrency` at a time."""
    result = Result(name)
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def worker():
            while True:
                try:
                    method, url, kwargs = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    response = await client.request(method, url, **kwargs)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 599
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.statuses[status] = result.statuses.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def print_table(results: list[Result], baseline: Result) -> None:
    print(f"{'operation':32} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'vs base':>8}  statuses")
    for r in [baseline, *results]:
        ratio = r.rps / baseline.rps if baseline.rps else 0.0
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(r.statuses.items()))
        print(f"{r.name:32} {r.count:8d} {r.rps:8.0f} {r.pct(0.5):8.1f} {r.pct(0.95):8.1f} "
              f"{r.pct(0.99):8.1f} {ratio:8.2f}  {statuses}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def machine() -> str:
    cpus = os.cpu_count()
    return f"{cpus} cores, Python {sys.version.split()[0]}, {sys.platform}"
