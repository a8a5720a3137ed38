"""The real app under gunicorn on the test database, for tests that need several worker
processes (races) or a process to kill (faults). PostgreSQL only: SQLite serialises writers."""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def require_postgresql(app) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL: SQLite serialises every writer, so it cannot show "
                        "a race or a fault (run with scripts/with-postgres.sh)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app, tmp_path: Path, workers: int = 4, timeout: int = 60, extra_env=None):
    """Yields (base_url, server process); stops the server afterwards."""
    require_postgresql(app)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "DEV_LOGIN": "1",
           "INSTANCE_PATH": str(tmp_path), "APP_ENV": "test", **(extra_env or {})}
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--timeout", str(timeout), "--no-control-socket", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server, log_path)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_healthy(base: str, server, log_path: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("gunicorn exited:\n" + log_path.read_text()[-2000:])
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("gunicorn did not become healthy:\n" + log_path.read_text()[-2000:])


def worker_pids(server) -> list[int]:
    """The gunicorn master's worker processes (children in /proc)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []
