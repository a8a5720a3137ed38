"""Through real gunicorn with the shipped settings (gunicorn.conf.py): an over-long URL or
header is answered by the app in the JSON error shape, never by gunicorn's HTML page."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "INSTANCE_PATH": str(folder),
           "APP_ENV": "test"}
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail("gunicorn exited:\n" + (folder / "gunicorn.log").read_text()[-2000:])
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def assert_json_error(response, status, code):
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json"), response.text[:300]
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == code
    assert not body["message"].isascii()


def test_an_over_long_url_is_a_json_414(served):
    response = httpx.get(f"{served}/api/v1/facilities?q=" + "托" * 5000, timeout=10)
    assert_json_error(response, 414, "uri_too_long")


def test_an_over_long_header_is_a_json_431(served):
    response = httpx.get(f"{served}/api/v1/health", headers={"X-Filler": "x" * 20_000},
                         timeout=10)
    assert_json_error(response, 431, "headers_too_large")


def test_too_many_headers_is_a_json_431(served):
    headers = {f"X-H{n}": "1" for n in range(150)}
    response = httpx.get(f"{served}/api/v1/health", headers=headers, timeout=10)
    assert_json_error(response, 431, "headers_too_large")


def test_ordinary_requests_still_pass(served):
    assert httpx.get(f"{served}/api/v1/facilities?q=托育", timeout=10).status_code == 200
