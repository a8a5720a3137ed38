"""The database going away, in every form, is a 503 `service_unavailable` with Retry-After in the
error shape, one log line and no traceback; the service recovers by itself. PostgreSQL only: the
faults are real (a refused connection, a terminated backend, a restarted and a stopped server,
statement and idle-in-transaction timeouts), made on the throwaway cluster of
scripts/with-postgres.sh. The long run under load through gunicorn is bench/db_outage.py."""
import logging
import os
import subprocess
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app import create_app
from app.extensions import db
from tests.common.test_api_contract import assert_error_shape


# No FAQ warm-up thread and no catalogue copy: every request below goes to the database.
QUIET = {"FAQ_WARM_START": False, "PUBLIC_CACHE_SECONDS": 0}


@pytest.fixture(scope="module")
def faulty(app):
    """A second app on the test database with short timeouts and routes that misbehave."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (scripts/with-postgres.sh)")
    fresh = create_app({**QUIET, "SQLALCHEMY_DATABASE_URI": url,
                        "INSTANCE_PATH": app.instance_path, "DB_STATEMENT_TIMEOUT": "300ms",
                        "DB_IDLE_IN_TRANSACTION_TIMEOUT": "300ms", "DB_LOCK_TIMEOUT": "2s"})
    outside = create_engine(url, poolclass=NullPool)

    @fresh.get("/api/v1/_slow")
    def _slow():
        db.session.execute(text("SELECT pg_sleep(2)"))
        return {"slept": True}

    @fresh.get("/api/v1/_frozen")
    def _frozen():
        """A worker that locks a row, then stops answering (a GC pause, a stuck call)."""
        db.session.execute(text("SELECT value FROM app_state WHERE key = 'fault' FOR UPDATE"))
        time.sleep(1.0)
        db.session.execute(text("SELECT 1"))
        db.session.commit()
        return {"finished": True}

    @fresh.get("/api/v1/_lost")
    def _lost():
        """The backend dies mid-request: the query fails, and so does the rollback after it."""
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        with outside.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        db.session.execute(text("SELECT 1"))
        return {"survived": True}

    @fresh.get("/api/v1/_answered")
    def _answered():
        """The answer is decided, then the backend dies before the session is closed."""
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        with outside.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return {"answered": True}

    yield fresh
    outside.dispose()
    with fresh.app_context():
        db.engine.dispose()


def outage_lines(caplog) -> list:
    return [r for r in caplog.records if r.name == "app.errors"]


def assert_one_line_per_503_and_no_traceback(caplog, expected: int):
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    unavailable = [r for r in outage_lines(caplog) if "answered 503" in r.getMessage()]
    assert len(unavailable) == expected, [r.getMessage() for r in outage_lines(caplog)]


def test_every_connection_carries_the_configured_timeouts(faulty):
    with faulty.app_context():
        shown = {name: db.session.execute(text(f"SHOW {name}")).scalar()
                 for name in ("lock_timeout", "statement_timeout",
                              "idle_in_transaction_session_timeout")}
        db.session.rollback()
    assert shown == {"lock_timeout": "2s", "statement_timeout": "300ms",
                     "idle_in_transaction_session_timeout": "300ms"}


def test_a_statement_past_the_timeout_is_cancelled_with_503(faulty, caplog):
    started = time.monotonic()
    response = faulty.test_client().get("/api/v1/_slow")
    assert time.monotonic() - started < 1.5, "the statement ran past its timeout"
    assert_error_shape(response, 503, "service_unavailable")
    assert response.headers["Retry-After"] == "1"
    assert_one_line_per_503_and_no_traceback(caplog, 1)


def test_a_frozen_worker_does_not_hold_its_row_past_the_idle_timeout(app, faulty, caplog):
    from app.common.state import set_state

    with app.app_context():
        set_state("fault", "x")
        db.session.commit()
    answers = {}
    worker = threading.Thread(
        target=lambda: answers.setdefault("frozen", faulty.test_client().get("/api/v1/_frozen")))
    worker.start()
    time.sleep(0.1)  # the worker now holds the row, then freezes
    outside = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    started = time.monotonic()
    with outside.begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '5s'"))
        conn.execute(text("SELECT value FROM app_state WHERE key = 'fault' FOR UPDATE"))
    waited = time.monotonic() - started
    outside.dispose()
    worker.join(10)
    # The server ended the frozen session after 300 ms idle, releasing the row well before the
    # worker woke up (1 s); the worker's late query then gets a clean 503.
    assert waited < 0.9, f"the row was held {waited:.2f}s"
    assert_error_shape(answers["frozen"], 503, "service_unavailable")
    assert_one_line_per_503_and_no_traceback(caplog, 1)


def test_a_backend_killed_mid_request_and_the_failed_rollback_answer_503(faulty, caplog):
    client = faulty.test_client()
    assert_error_shape(client.get("/api/v1/_lost"), 503, "service_unavailable")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert client.get("/api/v1/courses").status_code == 200


def test_a_backend_dying_after_the_answer_keeps_the_answer(faulty, caplog):
    """Closing the session fails then; that must not become gunicorn's HTML 500."""
    client = faulty.test_client()
    response = client.get("/api/v1/_answered")
    assert response.status_code == 200 and response.get_json() == {"answered": True}
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert client.get("/api/v1/courses").status_code == 200


def test_a_refused_connection_is_503_and_health_says_degraded(app, faulty, caplog):
    closed_port = app.config["SQLALCHEMY_DATABASE_URI"].rsplit(":", 1)[0] + ":1/yuer_test"
    nowhere = create_app({**QUIET, "SQLALCHEMY_DATABASE_URI": closed_port, "DEV_LOGIN": True,
                          "INSTANCE_PATH": app.instance_path})
    client = nowhere.test_client()
    assert_error_shape(client.get("/api/v1/courses"), 503, "service_unavailable")
    token = client.post("/api/v1/auth/dev-login", json={"openid": "p", "role": "parent"})
    assert_error_shape(token, 503, "service_unavailable")
    health = client.get("/api/v1/health")
    assert health.status_code == 503 and health.get_json()["database"] is False
    assert_one_line_per_503_and_no_traceback(caplog, 2)


def pg_ctl(action: str) -> None:
    subprocess.run([os.environ["YUER_PG_CTL"], action], check=True, capture_output=True,
                   timeout=60)


@pytest.fixture
def cluster(app, faulty):
    if not os.environ.get("YUER_PG_CTL"):
        pytest.skip("needs the cluster control of scripts/with-postgres.sh")
    yield pg_ctl
    pg_ctl("start") if subprocess.run([os.environ["YUER_PG_CTL"], "start"],
                                      capture_output=True).returncode == 0 else None
    with app.app_context():  # the suite's own pooled connections died with the server
        db.engine.dispose()


def test_a_restart_and_a_stop_answer_503_and_the_service_recovers_by_itself(faulty, cluster,
                                                                           caplog):
    client = faulty.test_client()
    assert client.get("/api/v1/courses").status_code == 200  # a pooled connection exists
    cluster("restart")
    after_restart = client.get("/api/v1/courses")
    assert_error_shape(after_restart, 503, "service_unavailable")  # its pooled connection died
    assert client.get("/api/v1/courses").status_code == 200
    cluster("stop")
    down = [client.get("/api/v1/courses") for _ in range(3)]
    for response in down:
        assert_error_shape(response, 503, "service_unavailable")
        assert response.headers["Retry-After"] == "1"
    cluster("start")
    assert client.get("/api/v1/courses").status_code == 200  # no restart of ours needed
    assert_one_line_per_503_and_no_traceback(caplog, 4)
