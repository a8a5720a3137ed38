"""The committed gunicorn.conf.py, really served: the app is built in the master before the fork,
the FAQ version poller runs in every worker and not in the master, each worker talks to the
database on its own connections, and an admin's edit is searchable from every worker."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


@pytest.fixture
def served(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path}/served.db", "DEV_LOGIN": "1",
            "SECRET_KEY": "preload-test-secret-key-long-enough-0123456789",
            "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": "0"}
    subprocess.run([str(BIN / "flask"), "--app", "wsgi.py", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    # District fields need the division registry (reference data from content/places).
    subprocess.run([str(BIN / "flask"), "--app", "wsgi.py", "content", "load", "--only", "places"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = _port()
    log = open(tmp_path / "gunicorn.log", "w")
    # Sync workers and no control socket: the only thread besides a process's main one is
    # the FAQ poller.
    server = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
                               "2", "--worker-class", "sync", "--threads", "1", "--no-control-socket",
                               "wsgi:app"],
                              cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
                if len(workers) == 2 and httpx.get(f"{base}/api/v1/health").status_code == 200:
                    break
            except (httpx.HTTPError, FileNotFoundError):
                pass
            assert time.time() < deadline and server.poll() is None, \
                (tmp_path / "gunicorn.log").read_text()[-3000:]
            time.sleep(0.3)
        yield base, server.pid, [int(w) for w in workers]
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def test_preloaded_workers_poll_search_and_answer(served):
    base, master, workers = served
    # Main thread + its own FAQ poller (a one-off index rebuild thread may still be finishing).
    deadline = time.time() + 30
    while (counts := [_threads(pid) for pid in workers]) != [2, 2] and time.time() < deadline:
        time.sleep(0.5)
    assert counts == [2, 2], counts
    with httpx.Client(base_url=base, timeout=30) as client:
        token = client.post("/api/v1/auth/dev-login",
                            json={"openid": "preload-admin", "role": "admin"}).json()["token"]
        created = client.post("/api/v1/admin/facilities", headers={
            "Authorization": f"Bearer {token}"}, json={
            "name": "向日葵托育中心", "district": "姑苏区", "filing_no": "SZ-PRELOAD-1"})
        assert created.status_code == 201, created.text
        # Many requests over keep-alive and fresh connections reach both workers.
        for _ in range(12):
            found = httpx.get(f"{base}/api/v1/facilities", params={"q": "向日葵"}).json()
            assert [item["name"] for item in found["items"]] == ["向日葵托育中心"]
        answer = client.post("/api/v1/bot/ask", json={"question": "产假多少天"})
        assert answer.status_code == 200, answer.text


def test_a_preloading_master_starts_no_poller(app, monkeypatch):
    """A thread started in gunicorn's master would not survive the fork; workers start theirs."""
    import threading

    from app.faqbot.runtime import BotRuntime

    monkeypatch.setenv("APP_PRELOAD", "1")
    runtime = BotRuntime(app)
    before = threading.active_count()
    runtime.start_polling()
    assert threading.active_count() == before
