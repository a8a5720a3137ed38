"""Rate limits: a 429 in the shared error shape with Retry-After; with REDIS_URL the counts are
shared by every worker (two app instances stand in for two gunicorn workers)."""
import os

import pytest

from app import create_app
from tests.common.test_api_contract import assert_error_shape


def _bad_login(client):
    return client.post("/api/v1/auth/staff-login", json={"username": "nobody", "password": "x"})


def test_too_many_logins_get_429_with_retry_after(client):
    statuses = [_bad_login(client).status_code for _ in range(10)]
    assert statuses == [401] * 10
    limited = _bad_login(client)
    body = assert_error_shape(limited, 429, "rate_limited")
    assert "稍后" in body["message"]
    assert int(limited.headers["Retry-After"]) > 0


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_limits_are_shared_between_workers_through_redis(app):
    worker_a = app
    worker_b = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                           "INSTANCE_PATH": app.instance_path})
    assert worker_b.config["RATELIMIT_STORAGE_URI"] == os.environ["REDIS_URL"]
    client_a, client_b = worker_a.test_client(), worker_b.test_client()
    for _ in range(5):
        assert _bad_login(client_a).status_code == 401
        assert _bad_login(client_b).status_code == 401
    # Ten attempts spread over two workers: the eleventh is refused wherever it lands.
    assert_error_shape(_bad_login(client_a), 429, "rate_limited")
    assert_error_shape(_bad_login(client_b), 429, "rate_limited")
